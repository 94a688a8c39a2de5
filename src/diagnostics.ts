/**
 * Problems in the input are data, not exceptions. Every code lives here, with its severity and its
 * wording in each language; callers pass only the code and the values the message needs.
 */
export type Lang = 'fi' | 'sv' | 'en';
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 0 when the problem concerns a whole row or file. */
  column: number;
  /** The values `message` was made from, so it can be worded again in another language (formatMessage). */
  params?: Record<string, string | number>;
}

type Params = Record<string, string | number>;
interface CodeDef {
  severity: Severity;
  fi: string;
  sv: string;
  en: string;
}

export const CODES = {
  EMPTY_FILE: { severity: 'error', fi: 'tiedosto on tyhjä', sv: 'filen är tom', en: 'the file is empty' },
  NO_ROWS: { severity: 'error', fi: 'taulukossa on otsikkorivi mutta ei yhtään toimenpideriviä', sv: 'tabellen har en rubrikrad men inga åtgärdsrader', en: 'the table has a header row but no action rows' },
  BINARY_FILE: { severity: 'error', fi: 'tiedosto ei ole tekstimuotoinen taulukko (löytyi binääridataa)', sv: 'filen är inte en tabell i textformat (binära data hittades)', en: 'the file is not a text table (binary data found)' },
  FILE_TOO_LARGE: { severity: 'error', fi: 'tiedosto on liian suuri ({size} tavua, raja {limit}); nosta rajaa valitsimella --max-file-size', sv: 'filen är för stor ({size} byte, gräns {limit}); höj gränsen med --max-file-size', en: 'the file is too large ({size} bytes, limit {limit}); raise the limit with --max-file-size' },
  TOO_MANY_ROWS: { severity: 'error', fi: 'taulukossa on liikaa rivejä (yli {limit}); nosta rajaa valitsimella --max-rows', sv: 'tabellen har för många rader (över {limit}); höj gränsen med --max-rows', en: 'the table has too many rows (over {limit}); raise the limit with --max-rows' },
  CELL_TOO_LARGE: { severity: 'error', fi: 'solu on liian pitkä ({length} merkkiä, raja {limit}); nosta rajaa valitsimella --max-cell', sv: 'cellen är för lång ({length} tecken, gräns {limit}); höj gränsen med --max-cell', en: 'the cell is too long ({length} characters, limit {limit}); raise the limit with --max-cell' },
  UNCLOSED_QUOTE: { severity: 'error', fi: 'lainausmerkki jää sulkematta; tarkista solu, joka alkaa tästä', sv: 'ett citattecken stängs aldrig; kontrollera cellen som börjar här', en: 'a quote is never closed; check the cell that starts here' },
  PARSE_ERROR: { severity: 'error', fi: 'taulukkoa ei voi lukea: {detail}', sv: 'tabellen kan inte läsas: {detail}', en: 'the table cannot be read: {detail}' },
  XLSX_INVALID: { severity: 'error', fi: 'XLSX-tiedostoa ei voi lukea: {detail}', sv: 'XLSX-filen kan inte läsas: {detail}', en: 'the XLSX file cannot be read: {detail}' },
  XLSX_TOO_LARGE: { severity: 'error', fi: 'XLSX-tiedosto purkautuisi liian suureksi ({size} tavua, raja {limit}); tiedostoa ei avattu', sv: 'XLSX-filen skulle packas upp till för stor storlek ({size} byte, gräns {limit}); filen öppnades inte', en: 'the XLSX file would unpack too large ({size} bytes, limit {limit}); it was not opened' },
  XLSX_TOO_MANY_ENTRIES: { severity: 'error', fi: 'XLSX-tiedostossa on liikaa osia ({entries}, raja {limit}); tiedostoa ei avattu', sv: 'XLSX-filen har för många delar ({entries}, gräns {limit}); filen öppnades inte', en: 'the XLSX file has too many parts ({entries}, limit {limit}); it was not opened' },
  XLSX_SIZE_MISMATCH: { severity: 'error', fi: 'XLSX-tiedoston osa "{entry}" purkautuu suuremmaksi kuin tiedoston hakemiston ilmoittamat {declared} tavua; tiedostoa ei avattu', sv: 'delen "{entry}" i XLSX-filen packas upp till mer än de {declared} byte som filens katalog anger; filen öppnades inte', en: 'part "{entry}" of the XLSX file unpacks to more than the {declared} bytes its directory declares; it was not opened' },
  SHEET_NOT_FOUND: { severity: 'error', fi: 'välilehteä "{sheet}" ei löydy; välilehdet: {sheets}', sv: 'bladet "{sheet}" finns inte; blad: {sheets}', en: 'sheet "{sheet}" not found; sheets: {sheets}' },
  MISSING_COLUMN: { severity: 'error', fi: 'pakollinen sarake "{column}" puuttuu; löydetyt otsikot: {found}', sv: 'den obligatoriska kolumnen "{column}" saknas; rubriker som hittades: {found}', en: 'required column "{column}" is missing; headers found: {found}' },
  DUPLICATE_COLUMN: { severity: 'warning', fi: 'sarake "{column}" esiintyy kahdesti; käytetään ensimmäistä', sv: 'kolumnen "{column}" förekommer två gånger; den första används', en: 'column "{column}" appears twice; the first one is used' },
  EXTRA_COLUMN: { severity: 'warning', fi: 'tuntematon sarake "{column}" jätetään raportin ulkopuolelle', sv: 'den okända kolumnen "{column}" lämnas utanför rapporten', en: 'unknown column "{column}" is left out of the report' },
  BLANK_LINES: { severity: 'warning', fi: 'tyhjiä rivejä ohitettiin ({count})', sv: 'tomma rader hoppades över ({count})', en: 'blank lines were skipped ({count})' },
  MISSING_ACTION_CODE: { severity: 'error', fi: 'toimenpiteeltä puuttuu koodi (muotoa NN.NN.NN): "{text}"', sv: 'åtgärden saknar kod (av formen NN.NN.NN): "{text}"', en: 'the action has no code (of the form NN.NN.NN): "{text}"' },
  MALFORMED_CODE: { severity: 'error', fi: 'koodi "{code}" on väärää muotoa; odotettiin {expected}', sv: 'koden "{code}" har fel form; väntade {expected}', en: 'code "{code}" is malformed; expected {expected}' },
  CODE_MISMATCH: { severity: 'warning', fi: 'toimenpide {action} ei kuulu tällä rivillä mainittuun kohtaan {parent}; käytetään koodin mukaista {expected}', sv: 'åtgärden {action} hör inte till {parent} som nämns på raden; {expected} enligt koden används', en: 'action {action} does not belong to {parent} named on this row; using {expected} from its code' },
  GOAL_INFERRED: { severity: 'warning', fi: 'vuositavoite puuttuu; toimenpiteen {action} vuositavoite {goal} päätellään koodista', sv: 'årsmålet saknas; årsmålet {goal} för åtgärden {action} härleds ur koden', en: 'the annual goal is empty; goal {goal} of action {action} is inferred from its code' },
  THEME_INFERRED: { severity: 'warning', fi: 'valtuustokauden tavoite puuttuu; teema {theme} päätellään koodista', sv: 'målet för fullmäktigeperioden saknas; temat {theme} härleds ur koden', en: 'the council-term goal is empty; theme {theme} is inferred from the code' },
  TITLE_VARIANT: { severity: 'warning', fi: '{id} on kirjoitettu usealla tavalla; käytetään yleisintä: "{chosen}" (myös: "{other}")', sv: '{id} är skrivet på flera sätt; det vanligaste används: "{chosen}" (även: "{other}")', en: '{id} is spelled in several ways; the most frequent is used: "{chosen}" (also: "{other}")' },
  TITLE_MISSING: { severity: 'warning', fi: 'kohdalta {id} puuttuu otsikko', sv: '{id} saknar rubrik', en: '{id} has no title' },
  DUPLICATE_ACTION: { severity: 'warning', fi: 'toimenpide {id} on myös rivillä {first}; rivit yhdistetään yhdeksi toimenpiteeksi', sv: 'åtgärden {id} finns också på rad {first}; raderna slås samman till en åtgärd', en: 'action {id} also appears on line {first}; the rows are merged into one action' },
  STAGE_CONFLICT: { severity: 'warning', fi: 'toimenpiteen {id} riveillä on eri etenemisasteet ({stages}); käytetään alinta', sv: 'raderna för åtgärden {id} anger olika framskridande ({stages}); det lägsta används', en: 'the rows of action {id} give different stages ({stages}); the lowest is used' },
  INVALID_STAGE: { severity: 'error', fi: 'etenemisaste "{value}" ei ole muotoa "N Selite", jossa N on 1–5', sv: 'framskridandet "{value}" har inte formen "N Beskrivning" där N är 1–5', en: 'stage "{value}" is not of the form "N Label" with N in 1–5' },
  TITLE_CHANGED: { severity: 'warning', fi: 'toimenpiteen {id} otsikko on muuttunut edellisestä taulukosta ("{before}" → "{after}"); toimenpiteet yhdistetään koodin perusteella', sv: 'rubriken för åtgärden {id} har ändrats sedan föregående tabell ("{before}" → "{after}"); åtgärderna paras ihop enligt koden', en: 'the title of action {id} changed since the previous table ("{before}" → "{after}"); the actions are matched by code' },
  UNREPORTED: { severity: 'warning', fi: 'toimenpiteelle {id} ei ole ilmoitettu etenemisastetta', sv: 'inget framskridande har angetts för åtgärden {id}', en: 'no stage is reported for action {id}' },
} as const satisfies Record<string, CodeDef>;

export type DiagnosticCode = keyof typeof CODES;

export function formatMessage(code: DiagnosticCode, params: Params = {}, lang: Lang = 'fi'): string {
  const def: CodeDef = CODES[code];
  const pattern = def[lang];
  return pattern.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

/** Collects diagnostics for one input, so every stage reports in the same shape and language. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  constructor(
    readonly file: string,
    readonly lang: Lang = 'fi',
  ) {}

  add(code: DiagnosticCode, line: number, column: number, params: Params = {}): void {
    this.items.push({ severity: CODES[code].severity, code, message: formatMessage(code, params, this.lang), file: this.file, line, column, params });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:column: virhe: message`, the shape compilers use so editors can jump to it. */
export function formatDiagnostic(d: Diagnostic, lang: Lang = 'fi'): string {
  const word = d.severity === 'error' ? { fi: 'virhe', sv: 'fel', en: 'error' }[lang] : { fi: 'varoitus', sv: 'varning', en: 'warning' }[lang];
  // Worded again from its parameters, so a diagnostic made in one language prints in another.
  const message = d.params && d.code in CODES ? formatMessage(d.code, d.params, lang) : d.message;
  return `${d.file}:${d.line}:${d.column}: ${word}: ${message}`;
}
