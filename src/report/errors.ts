/**
 * Errors the library throws carry a code and parameters, like diagnostics; the wording lives here
 * once, in every language, so the command and the browser page say the same thing.
 */
import type { Diagnostic, Lang } from '../diagnostics.js';

type Params = Record<string, string | number>;

export const REPORT_ERRORS = {
  REPORT_DATE_MISSING: {
    fi: 'raportin päivä puuttuu: anna --report-date VVVV-KK-PP tai --meeting-date, tai reportDate asetustiedostossa',
    sv: 'rapportens datum saknas: ange --report-date ÅÅÅÅ-MM-DD eller --meeting-date, eller reportDate i inställningsfilen',
    en: 'the report date is missing: give --report-date YYYY-MM-DD or --meeting-date, or reportDate in the settings file',
  },
  TABLE_HAS_ERRORS: {
    fi: 'raporttia ei tehty, koska taulukossa on virheitä',
    sv: 'ingen rapport gjordes eftersom tabellen har fel',
    en: 'no report was made because the table has errors',
  },
  FORMAT_UNKNOWN: {
    fi: 'tuntematon muoto "{format}"; muodot: {formats}',
    sv: 'okänt format "{format}"; format: {formats}',
    en: 'unknown format "{format}"; formats: {formats}',
  },
  FORMAT_REPEATED: {
    fi: 'muoto "{format}" pyydettiin kahdesti',
    sv: 'formatet "{format}" begärdes två gånger',
    en: 'format "{format}" was requested twice',
  },
  PDFA_INVALID: {
    fi: 'tuntematon PDF/A-taso "{pdfa}"; tasot: {levels}',
    sv: 'okänd PDF/A-nivå "{pdfa}"; nivåer: {levels}',
    en: 'unknown PDF/A level "{pdfa}"; levels: {levels}',
  },
  FONTS_MISSING: {
    fi: 'PDF tarvitsee fontit (fonts), mutta niitä ei annettu',
    sv: 'PDF kräver typsnitt (fonts), men inga gavs',
    en: 'a PDF needs fonts, but none were given',
  },
  TEMPLATE_INVALID: {
    fi: 'raporttipohja {template} ei kelpaa: {detail}',
    sv: 'rapportmallen {template} är ogiltig: {detail}',
    en: 'report template {template} is invalid: {detail}',
  },
  PDFMAKE_PATCH_MISMATCH: {
    fi: 'PDF:ää ei voitu tehdä: asennettu pdfmake-versio ei ole se, jolle kuntaraportti on tehty (menetelmä {method}); asenna riippuvuudet uudelleen (npm ci)',
    sv: 'PDF kunde inte skapas: den installerade pdfmake-versionen är inte den som kuntaraportti är gjord för (metoden {method}); installera beroendena på nytt (npm ci)',
    en: 'the PDF could not be made: the installed pdfmake is not the version kuntaraportti was written for (method {method}); reinstall the dependencies (npm ci)',
  },
  /** `reason` is one of LETTERHEAD_REASONS; the message is that reason's. */
  LETTERHEAD_INVALID: {
    fi: 'Word-pohja ei kelpaa ({reason})',
    sv: 'Word-mallen är ogiltig ({reason})',
    en: 'the Word template is invalid ({reason})',
  },
} as const satisfies Record<string, Record<Lang, string>>;

/** Why a Word template (--docx-template) cannot take the report; codes of DocxTemplateError. */
export const LETTERHEAD_REASONS = {
  NOT_DOCX: {
    fi: 'asiakirjapohja ei ole Word-asiakirja (.docx): {why}',
    sv: 'dokumentmallen är inte ett Word-dokument (.docx): {why}',
    en: 'the template is not a Word document (.docx): {why}',
  },
  MANY_PLACEHOLDERS: {
    fi: 'asiakirjapohjassa on {count} paikkamerkkiä {{raportti}}; jätä niistä yksi',
    sv: 'dokumentmallen har {count} platshållare {{raportti}}; lämna en av dem',
    en: 'the template has {count} placeholders {{raportti}}; leave one of them',
  },
  PLACEHOLDER_NOT_ALONE: {
    fi: 'paikkamerkin {{raportti}} pitää olla asiakirjapohjassa omana kappaleenaan, ilman muuta tekstiä',
    sv: 'platshållaren {{raportti}} ska stå i ett eget stycke i dokumentmallen, utan annan text',
    en: 'the placeholder {{raportti}} must be a paragraph of its own in the template, with no other text',
  },
  NO_PLACEHOLDER: {
    fi: 'asiakirjapohjasta puuttuu paikkamerkki {{raportti}}: kirjoita se omaksi kappaleekseen kohtaan, johon raportti tulee',
    sv: 'platshållaren {{raportti}} saknas i dokumentmallen: skriv den som ett eget stycke där rapporten ska stå',
    en: 'the placeholder {{raportti}} is missing from the template: write it as a paragraph of its own where the report goes',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type ReportErrorCode = keyof typeof REPORT_ERRORS;

export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    readonly params: Params = {},
    /** For TABLE_HAS_ERRORS: every problem found, so a caller can show them. */
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(formatReportError({ code, params }, 'en'));
    this.name = 'ReportError';
  }
}

/** The message of a report error in `lang`, one line. */
export function formatReportError(error: { code: ReportErrorCode; params: Params }, lang: Lang = 'fi'): string {
  const { code, params } = error;
  const reason = code === 'LETTERHEAD_INVALID' ? LETTERHEAD_REASONS[params.reason as keyof typeof LETTERHEAD_REASONS] : undefined;
  // Only single-brace names are parameters: `{{raportti}}` is the placeholder's literal name.
  const fill = (pattern: string) => pattern.replace(/(?<!\{)\{(\w+)\}(?!\})/g, (_, key: string) => String(params[key] ?? `{${key}}`));
  return reason ? fill(reason[lang]) : fill(REPORT_ERRORS[code][lang]);
}
