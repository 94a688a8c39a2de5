/**
 * Report templates are data: a folder with `report.json` (which sections in which order) and
 * `texts.<lang>.json` (Handlebars texts), merged over the shared `_shared/labels.<lang>.json`.
 *
 * Safety: only the template's own strings are ever compiled. Values from the table or the settings
 * reach a text only as data passed to an already compiled template, and Handlebars never
 * re-evaluates what a value contains, so `{{…}}` in a status text stays literal. Most table values
 * (titles, status texts) do not pass through a template at all: the builder puts them in the tree.
 *
 * Handlebars runs strict (an unknown variable is an error, checked at load time against sample
 * data), with only our helpers (`knownHelpersOnly`), without prototype access, and without HTML
 * escaping because the output is plain text for the document tree, not HTML.
 */
import Handlebars from 'handlebars';
import { z } from 'zod';
import type { Lang } from '../diagnostics.js';
import { formatCount, formatDate, formatNumber, formatPercent, pluralForm } from './format.js';
import { LANGS, describeIssues } from './settings.js';
import { DEFAULT_PDFA, PDFA_LEVELS } from './pdfa.js';

// ---- report.json ---------------------------------------------------------------------------------

const SectionSchema = z.discriminatedUnion('type', [
  /** Title, meeting reference and report date on page 1 (SFS 2487: not only in the header). */
  z.strictObject({ type: z.literal('title') }),
  z.strictObject({ type: z.literal('intro') }),
  z.strictObject({ type: z.literal('keyFigures') }),
  z.strictObject({ type: z.literal('distributionTable') }),
  z.strictObject({ type: z.literal('distributionChart') }),
  /** Changes since the previous report; skipped when the builder is given no comparison. */
  z.strictObject({ type: z.literal('comparison') }),
  /** `full`: every goal and action with its texts; `compact`: per theme a table of code, title, stage. */
  z.strictObject({ type: z.literal('themes'), detail: z.enum(['full', 'compact']) }),
  z.strictObject({ type: z.literal('diagnostics') }),
  z.strictObject({ type: z.literal('source') }),
  z.strictObject({ type: z.literal('pageBreak') }),
]);

export const StructureSchema = z.strictObject({
  /** For people reading the folder; not shown in the report. */
  description: z.string().optional(),
  sections: z.array(SectionSchema).min(1),
  /** Embed the source table in the document (PDF/A-3), when the caller gives its bytes. */
  attachSource: z.boolean().default(false),
  /**
   * The report kind is by nature a meeting's attachment (the council attachment): the common
   * `meeting.attachment` setting makes it `LIITE n`. Other kinds need their own settings section.
   */
  attachment: z.boolean().default(false),
  /**
   * The PDF/A level of the template's PDF unless the caller asks for another: level A (tagged,
   * accessible) by default; a template that carries its source needs part 3.
   */
  pdfa: z.enum(PDFA_LEVELS).default(DEFAULT_PDFA),
});

export type Section = z.infer<typeof SectionSchema>;
export type SectionType = Section['type'];
export type ReportStructure = z.infer<typeof StructureSchema>;

// ---- texts ---------------------------------------------------------------------------------------

/**
 * Every text key, whether it is a list (one output string per item), and sample data with every
 * variable the builder passes to it. The samples check at load time that a template uses only
 * variables that exist (strict mode), and document what each text may use.
 */
const TEXT_SPEC = {
  docType: { list: false, sample: {} },
  attachmentDocType: { list: false, sample: { attachment: 3 } },
  title: { list: false, sample: { reportDate: '2023-09-30', organisation: 'Kunta' } },
  subject: { list: false, sample: { reportDate: '2023-09-30', organisation: 'Kunta' } },
  keywords: { list: true, sample: {} },
  intro: {
    list: true,
    sample: { reportDate: '2023-09-30', organisation: 'Kunta', actions: 3, themes: 2, goals: 2, reported: 2, unreported: 1, meanStage: 2.5, attachment: 3 },
  },
  defaultOrgan: { list: false, sample: {} },
  meetingReference: { list: false, sample: { organ: 'Valtuusto', date: '2023-10-23', section: 87, attachment: 3 } },
  reportDateLine: { list: false, sample: { reportDate: '2023-09-30' } },
  stageIndicator: { list: false, sample: { stage: 3, label: 'Toteutus' } },
  unreported: { list: false, sample: {} },
  stageName: { list: false, sample: { stage: 3, label: 'Toteutus' } },
  risks: { list: false, sample: {} },
  overallStatus: { list: false, sample: {} },
  keyFiguresCaption: { list: false, sample: {} },
  keyFigureColumn: { list: false, sample: {} },
  keyValueColumn: { list: false, sample: {} },
  keyActions: { list: false, sample: {} },
  keyThemes: { list: false, sample: {} },
  keyGoals: { list: false, sample: {} },
  countPercent: { list: false, sample: { count: 3, percent: 25 } },
  shareInParens: { list: false, sample: { percent: 25 } },
  roundingNote: { list: false, sample: {} },
  unreportedInline: { list: false, sample: {} },
  missingThemeTitle: { list: false, sample: {} },
  missingGoalTitle: { list: false, sample: {} },
  distributionCaption: { list: false, sample: {} },
  stageColumn: { list: false, sample: { stage: 3 } },
  unreportedColumn: { list: false, sample: {} },
  stageLegend: { list: false, sample: { stages: '1 = Ei aloitettu' } },
  stageLegendPart: { list: false, sample: { stage: 1, label: 'Ei aloitettu' } },
  colTheme: { list: false, sample: {} },
  colTotal: { list: false, sample: {} },
  totalRow: { list: false, sample: {} },
  chartCaption: { list: false, sample: {} },
  chartAlt: { list: false, sample: { categories: 'A: 1 (100 %)' } },
  chartAltCategory: { list: false, sample: { label: 'Teema', parts: '3 Toteutus 1 (100 %)', actions: 1 } },
  chartAltPart: { list: false, sample: { stage: '3 Toteutus', count: 1, percent: 100 } },
  compactCaption: { list: false, sample: { code: '01.', title: 'Teema' } },
  colCode: { list: false, sample: {} },
  colAction: { list: false, sample: {} },
  colStage: { list: false, sample: {} },
  comparisonHeading: { list: false, sample: {} },
  comparisonIntro: {
    list: true,
    sample: { previous: '30.6.2023', changes: '1 toimenpide on edennyt', unchanged: 40 },
  },
  changePartAdvanced: { list: false, sample: { n: 2 } },
  changePartRegressed: { list: false, sample: { n: 2 } },
  changePartNewlyReported: { list: false, sample: { n: 2 } },
  changePartNoLongerReported: { list: false, sample: { n: 2 } },
  changePartAdded: { list: false, sample: { n: 2 } },
  changePartRemoved: { list: false, sample: { n: 2 } },
  previousReport: { list: false, sample: { date: '2023-06-30', file: 'edellinen.csv' } },
  changedCaption: { list: false, sample: {} },
  changedNone: { list: false, sample: {} },
  colBefore: { list: false, sample: {} },
  colNow: { list: false, sample: {} },
  colChange: { list: false, sample: {} },
  changeAdvanced: { list: false, sample: {} },
  changeRegressed: { list: false, sample: {} },
  changeNewlyReported: { list: false, sample: {} },
  changeNoLongerReported: { list: false, sample: {} },
  changeAdded: { list: false, sample: {} },
  changeMarker: { list: false, sample: { change: '▲ Edennyt', from: '2', to: '3' } },
  addedCaption: { list: false, sample: {} },
  removedCaption: { list: false, sample: {} },
  comparisonTableCaption: { list: false, sample: {} },
  colPeriod: { list: false, sample: {} },
  periodBefore: { list: false, sample: {} },
  periodNow: { list: false, sample: {} },
  comparisonChartCaption: { list: false, sample: {} },
  comparisonChartAlt: { list: false, sample: { categories: 'A: 1 (100 %)' } },
  diagnosticsHeading: { list: false, sample: {} },
  diagnosticsIntro: { list: false, sample: { errors: 1, warnings: 2, file: 'a.tsv' } },
  diagnosticsNone: { list: false, sample: {} },
  diagnosticsCaption: { list: false, sample: {} },
  colLine: { list: false, sample: {} },
  colSeverity: { list: false, sample: {} },
  colMessage: { list: false, sample: {} },
  severityError: { list: false, sample: {} },
  severityWarning: { list: false, sample: {} },
  sourceHeading: { list: false, sample: {} },
  sourceFile: { list: false, sample: {} },
  sourceSha256: { list: false, sample: {} },
  sourceRows: { list: false, sample: {} },
  sourceLines: { list: false, sample: {} },
  sourceAttached: { list: false, sample: { file: 'a.tsv' } },
  sourceAttachmentDescription: { list: false, sample: { file: 'a.tsv' } },
} as const satisfies Record<string, { list: boolean; sample: Record<string, unknown> }>;

export type TextKey = keyof typeof TEXT_SPEC;
export type ListTextKey = { [K in TextKey]: (typeof TEXT_SPEC)[K]['list'] extends true ? K : never }[TextKey];
export type StringTextKey = Exclude<TextKey, ListTextKey>;
export type TextData<K extends TextKey> = { [V in keyof (typeof TEXT_SPEC)[K]['sample']]: unknown };

const TEXT_KEYS = Object.keys(TEXT_SPEC) as TextKey[];

/** Variables the builder may pass as `null` (no report date, no reported stage, no meeting section). */
const NULLABLE = new Set(['reportDate', 'meanStage', 'date', 'section', 'attachment']);

/** The sample, and the sample with every nullable variable `null`: a text must render with both. */
function samples(key: TextKey): Record<string, unknown>[] {
  const sample: Record<string, unknown> = TEXT_SPEC[key].sample;
  if (!Object.keys(sample).some((v) => NULLABLE.has(v))) return [sample];
  return [sample, Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, NULLABLE.has(k) ? null : v]))];
}

/** Texts of one language, compiled; rendering errors name the file and key. */
export interface Texts {
  lang: Lang;
  text<K extends StringTextKey>(key: K, data: TextData<K>): string;
  list<K extends ListTextKey>(key: K, data: TextData<K>): string[];
}

export interface TemplateBundle {
  name: string;
  structure: ReportStructure;
  /** Languages with a `texts.<lang>.json`, in fi, sv, en order. */
  langs: Lang[];
  texts: Partial<Record<Lang, Texts>>;
}

/** A problem in a template folder: names the file and, when known, the line and the field. */
export class TemplateError extends Error {
  /** The library's error code for it (src/report/errors.ts). */
  readonly code = 'TEMPLATE_INVALID';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `${file}${p.startsWith(':') ? '' : ': '}${p}`).join('\n'));
    this.name = 'TemplateError';
  }
}

const HELPERS = ['date', 'number', 'percent', 'plural', 'form'] as const;

/** A Handlebars environment with the formatting helpers for one language. */
function environment(lang: Lang): typeof Handlebars {
  const hb = Handlebars.create();
  // Helpers receive Handlebars' options object last; strip it and check arguments so a template
  // mistake is an error, not an `[object Object]` in the report.
  const args = (name: string, raw: unknown[], min: number): unknown[] => {
    const a = raw.slice(0, -1);
    if (a.length < min) throw new Error(`helper "${name}" needs ${min} argument(s)`);
    return a;
  };
  const num = (name: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`helper "${name}" needs a number, got ${JSON.stringify(v)}`);
    return v;
  };
  // `{{date iso}}`: empty for a missing date so `{{#if}}` is not needed around optional dates.
  hb.registerHelper('date', (...raw: unknown[]) => {
    const [v] = args('date', raw, 1);
    return v === null || v === undefined || v === '' ? '' : formatDate(String(v), lang);
  });
  // `{{number n}}`, `{{number n 1}}` (decimals)
  hb.registerHelper('number', (...raw: unknown[]) => {
    const [v, d] = args('number', raw, 1);
    return formatNumber(num('number', v), lang, d === undefined ? undefined : num('number', d));
  });
  hb.registerHelper('percent', (...raw: unknown[]) => {
    const [v, d] = args('percent', raw, 1);
    return formatPercent(num('percent', v), lang, d === undefined ? undefined : num('percent', d));
  });
  // `{{plural n "toimenpide" "toimenpidettä"}}` → `2 toimenpidettä`
  hb.registerHelper('plural', (...raw: unknown[]) => {
    const [n, one, other] = args('plural', raw, 3);
    return formatCount(num('plural', n), String(one), String(other), lang);
  });
  // `{{form n "joka kuuluu" "jotka kuuluvat"}}`: the words for 1 or for many, without the count.
  hb.registerHelper('form', (...raw: unknown[]) => {
    const [n, one, other] = args('form', raw, 3);
    return pluralForm(num('form', n), String(one), String(other));
  });
  return hb;
}

const COMPILE_OPTIONS = {
  strict: true,
  noEscape: true,
  knownHelpers: Object.fromEntries(HELPERS.map((h) => [h, true])),
  knownHelpersOnly: true,
} as const;

/** 1-based line of `"key"` as a property name in a JSON source, for error messages. */
function lineOfKey(source: string, key: string): number | undefined {
  const m = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`).exec(source);
  return m ? source.slice(0, m.index).split('\n').length : undefined;
}

function handlebarsMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s+/g, ' ').trim();
}

const TextFileSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

interface RawText {
  file: string;
  /** `:7: ` (the key's line in its file) or empty; found only for an error message. */
  at: () => string;
  value: string | string[];
}

function atKey(source: string, key: string): string {
  const line = lineOfKey(source, key);
  return line ? `:${line}: ` : '';
}

function parseJson(file: string, source: string): unknown {
  try {
    return JSON.parse(source);
  } catch (e) {
    throw new TemplateError(file, [`JSON ${handlebarsMessage(e)}`]);
  }
}

const TEXT_FILE = /^texts\.([a-z]{2})\.json$/;
const LABEL_FILE = /^_shared\/labels\.([a-z]{2})\.json$/;

/**
 * Parses a template folder given as `{ 'report.json': …, 'texts.fi.json': …,
 * '_shared/labels.fi.json': … }`. Pure: the caller reads the files. Throws `TemplateError` naming
 * the file (`templates/<name>/texts.fi.json:7: "intro": …`) on any problem.
 */
export function parseTemplate(files: Record<string, string>, name: string, options: { root?: string; only?: Lang } = {}): TemplateBundle {
  const root = options.root ?? 'templates';
  const display = (file: string): string => (file.startsWith('_shared/') ? `${root}/${file}` : `${root}/${name}/${file}`);

  const structureSource = files['report.json'];
  if (structureSource === undefined) throw new TemplateError(display('report.json'), ['tiedosto puuttuu (file missing)']);
  const structureJson = parseJson(display('report.json'), structureSource);
  const parsed = StructureSchema.safeParse(structureJson);
  if (!parsed.success) throw new TemplateError(display('report.json'), describeIssues(parsed.error.issues, structureJson, 'fi'));

  const unknown = Object.keys(files).filter((f) => f !== 'report.json' && !TEXT_FILE.test(f) && !LABEL_FILE.test(f) && !/(^|\/)README[^/]*$/i.test(f));
  if (unknown.length > 0) throw new TemplateError(`${root}/${name}`, unknown.map((f) => `tuntematon tiedosto "${f}" (unknown file; expected report.json, texts.<fi|sv|en>.json)`));

  const langs = LANGS.filter((l) => files[`texts.${l}.json`] !== undefined);
  const others = Object.keys(files)
    .map((f) => TEXT_FILE.exec(f)?.[1])
    .filter((l): l is string => l !== undefined && !(LANGS as readonly string[]).includes(l));
  if (others.length > 0) throw new TemplateError(`${root}/${name}`, others.map((l) => `tuntematon kieli "${l}" (unknown language; fi, sv, en)`));
  if (langs.length === 0) throw new TemplateError(`${root}/${name}`, ['yhtään tekstitiedostoa texts.<kieli>.json ei ole (no texts.<lang>.json)']);

  const texts: Partial<Record<Lang, Texts>> = {};
  // `only` compiles (and checks) one language: a report needs one, and compiling every text of
  // every language is a tenth of a short run. The tests check all languages of every template.
  for (const lang of langs) if (options.only === undefined || options.only === lang) texts[lang] = compileTexts(files, lang, display);
  return { name, structure: parsed.data, langs, texts };
}

function readTextFile(files: Record<string, string>, file: string, display: (f: string) => string): Map<TextKey, RawText> {
  const out = new Map<TextKey, RawText>();
  const source = files[file];
  if (source === undefined) return out;
  const json = parseJson(display(file), source);
  const r = TextFileSchema.safeParse(json);
  if (!r.success) throw new TemplateError(display(file), describeIssues(r.error.issues, json, 'fi'));
  const problems: string[] = [];
  for (const [key, value] of Object.entries(r.data)) {
    if (!(key in TEXT_SPEC)) {
      problems.push(`${atKey(source, key)}${key}: tuntematon teksti (unknown text key)`);
      continue;
    }
    const k = key as TextKey;
    if (TEXT_SPEC[k].list !== Array.isArray(value)) {
      problems.push(`${atKey(source, key)}${key}: ${TEXT_SPEC[k].list ? 'pitää olla lista tekstejä [...]' : 'pitää olla teksti'}`);
      continue;
    }
    out.set(k, { file: display(file), at: () => atKey(source, key), value });
  }
  if (problems.length > 0) throw new TemplateError(display(file), problems);
  return out;
}

const MUSTACHE_OR_NUL = /\{\{|\0/;

function compileTexts(files: Record<string, string>, lang: Lang, display: (f: string) => string): Texts {
  const shared = readTextFile(files, `_shared/labels.${lang}.json`, display);
  const own = readTextFile(files, `texts.${lang}.json`, display);
  const merged = new Map([...shared, ...own]);
  const missing = TEXT_KEYS.filter((k) => !merged.has(k));
  if (missing.length > 0) {
    throw new TemplateError(display(`texts.${lang}.json`), missing.map((k) => `${k}: teksti puuttuu (missing; add it here or to _shared/labels.${lang}.json)`));
  }

  const hb = environment(lang);
  const compiled = new Map<TextKey, { raw: RawText; fns: ((data: Record<string, unknown>) => string)[] }>();
  for (const [key, raw] of merged) {
    const sources = Array.isArray(raw.value) ? raw.value : [raw.value];
    const fns = sources.map((src, i) => {
      // Most texts are plain words. Handlebars returns a text without `{{` as it is (a NUL is a
      // lexer error, so such a text still goes through it), and compiling them was most of a load.
      if (!MUSTACHE_OR_NUL.test(src)) return () => src;
      const field = Array.isArray(raw.value) ? `${key}[${i}]` : key;
      try {
        const fn = hb.compile(src, COMPILE_OPTIONS);
        // compile() is lazy: this first run parses and compiles, so syntax errors, unknown helpers
        // and (strict) unknown variables surface at load time.
        for (const data of samples(key)) fn(data);
        return fn;
      } catch (e) {
        throw new TemplateError(raw.file, [`${raw.at()}${field}: ${handlebarsMessage(e)}`]);
      }
    });
    compiled.set(key, { raw, fns });
  }

  const run = (key: TextKey, data: Record<string, unknown>): string[] => {
    const c = compiled.get(key);
    if (!c) throw new Error(`text ${key} not compiled`); // unreachable: checked above
    return c.fns.map((fn, i) => {
      try {
        return fn(data);
      } catch (e) {
        const field = Array.isArray(c.raw.value) ? `${key}[${i}]` : key;
        throw new TemplateError(c.raw.file, [`${c.raw.at()}${field}: ${handlebarsMessage(e)}`]);
      }
    });
  };

  return {
    lang,
    text: (key, data) => run(key, data).join(''),
    list: (key, data) => run(key, data),
  };
}
