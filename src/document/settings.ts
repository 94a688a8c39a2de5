/**
 * Report settings: the optional JSON config of a report (who publishes it, which meeting it belongs
 * to, its date and language). Every key is optional; `resolveSettings` fills in the defaults so a
 * report can be made without any config.
 *
 * Defaults, and why:
 * - `lang`: `fi`. The reports are Finnish municipal documents.
 * - `dataLang`: `fi`. The language the table itself is written in (its themes, goals, actions,
 *   status texts and risks): a Swedish or English report of a Finnish table marks those texts as
 *   Finnish, so a screen reader reads them with a Finnish voice.
 * - `organisation.name`, `organisation.unit`: empty. A made-up organisation would be worse than none;
 *   the page header shows only what is given.
 * - `meeting`: nothing. Without a meeting there is no meeting reference and the document type is the
 *   template's own (e.g. `RAPORTTI`); with `meeting.attachment` it is `LIITE 3`. The organ, when a
 *   date or section is given but no organ, is the template's neutral `Valtuusto` (sv `Fullmäktige`).
 * - `title`: the template's title.
 * - `reportDate`: the meeting date when there is one, else none (no clock: the document then has no
 *   date; the CLI may pass one).
 * - `stageLabels`: `DEFAULT_STAGE_LABELS[lang]`, each given label replacing its default. Only the
 *   given ones are stored; `stageLabelsFor` adds the defaults of the language at build time, so a
 *   caller may still change `lang` after resolving (e.g. a --lang flag) without mixing languages.
 */
import { z } from 'zod';
import type { Lang } from '../diagnostics.js';
import type { Logo } from './types.js';
import type { StageNumber } from '../model/types.js';
import { parseIsoDate } from './format.js';

export const LANGS = ['fi', 'sv', 'en'] as const satisfies readonly Lang[];

/** Stage labels used when the config gives none, for the distribution table, chart and key figures. */
export const DEFAULT_STAGE_LABELS: Record<Lang, Record<StageNumber, string>> = {
  fi: { 1: 'Ei aloitettu', 2: 'Suunnitteluvaiheessa', 3: 'Toteutus on aloitettu', 4: 'Lähellä valmistumista', 5: 'Valmis' },
  sv: { 1: 'Inte påbörjad', 2: 'I planeringsskedet', 3: 'Genomförandet har inletts', 4: 'Nära slutförande', 5: 'Klar' },
  en: { 1: 'Not started', 2: 'Being planned', 3: 'Implementation started', 4: 'Close to completion', 5: 'Completed' },
};

/**
 * A date as a user writes it: `2023-09-30`, or the Finnish `30.9.2023`; stored as ISO. Anything
 * else is left as it is, so the check below names it.
 */
export function normaliseDate(value: string): string {
  const t = value.trim();
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return t;
}

/** The ISO date of a user's date, or null when it is none (`31.2.2023`, `syyskuu`). */
export function parseDateInput(value: string): string | null {
  const iso = normaliseDate(value);
  return parseIsoDate(iso) === null ? null : iso;
}

const isoDate = z.preprocess((v) => (typeof v === 'string' ? normaliseDate(v) : v), z.string().refine((s) => parseIsoDate(s) !== null, { message: 'isoDate' }));
/** A whole number, also written as a string (`"section": "87"`), as spreadsheets and forms give it. */
const count = z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), z.number().int().positive());
const label = z.string().trim().min(1);

/** A name given once, or per report language (`{"fi": "Tuusulan kunta", "sv": "Tusby kommun"}`). */
const localized = z.union([z.string(), z.strictObject({ fi: z.string(), sv: z.string(), en: z.string() }).partial()]);
export type Localized = z.infer<typeof localized>;

const organisationSchema = z
  .strictObject({
    name: localized,
    unit: localized,
    /** Path of an SVG or PNG file, relative to the config file; the CLI reads it. */
    logo: z.string().min(1),
  })
  .partial();

const meetingSchema = z
  .strictObject({
    organ: localized,
    date: isoDate,
    section: count,
    attachment: count,
  })
  .partial();

/** What a report kind's own section may override (`reports.osavuosikatsaus`). */
const kindSchema = z.strictObject({
  organisation: organisationSchema.optional(),
  meeting: meetingSchema.optional(),
  title: z.string().optional(),
  reportDate: isoDate.optional(),
  caseNumber: z.string().optional(),
});

export const SettingsSchema = z.strictObject({
  organisation: organisationSchema.optional(),
  meeting: meetingSchema.optional(),
  title: z.string().optional(),
  reportDate: isoDate.optional(),
  /** The case number (asianumero), shown in the header block. */
  caseNumber: z.string().optional(),
  lang: z.enum(LANGS).optional(),
  dataLang: z.enum(LANGS).optional(),
  stageLabels: z.strictObject({ 1: label, 2: label, 3: label, 4: label, 5: label }).partial().optional(),
  /** Per report kind (template name): values that override the common ones for that kind only. */
  reports: z.record(z.string(), kindSchema).optional(),
});

export type KindSettings = z.infer<typeof kindSchema>;

/** The config as written: every key optional. */
export type ReportSettings = z.infer<typeof SettingsSchema>;

export interface ResolvedSettings {
  lang: Lang;
  /** The language of the table's own texts. */
  dataLang: Lang;
  organisation: {
    /** One name, or one per language; `localize` picks the report language's. */
    name: Localized;
    unit: Localized;
    /** The config's logo path, for the CLI to read into `logo`. */
    logoPath?: string;
    logo?: Logo;
  };
  meeting: { organ?: Localized; date?: string; section?: number; attachment?: number };
  /** Replaces the template's title when given; literal text, never a template. */
  title?: string;
  reportDate?: string;
  caseNumber?: string;
  /** Labels the config gives; see `stageLabelsFor` for the full set. */
  stageLabels: Partial<Record<StageNumber, string>>;
  /** Per report kind overrides, applied by `settingsForKind` when the report is built. */
  reports?: Record<string, KindSettings>;
}

/** The settings one report kind sees: see `settingsForKind`. */
export interface KindResolved extends Omit<ResolvedSettings, 'reports'> {
  /** Whether this report is a meeting's attachment (`LIITE n` and the meeting reference shown). */
  isAttachment: boolean;
}

/**
 * The settings of one report kind: its own section (`reports.<template>`) over the common values.
 * The common `meeting.attachment` makes an attachment only of a kind that is one by nature (the
 * template's `attachment: true`, i.e. the council attachment); any other kind becomes an attachment
 * only through its own section. The common meeting date still gives the report date.
 */
export function settingsForKind(settings: ResolvedSettings, kind: string, attachmentKind: boolean): KindResolved {
  const { reports, ...common } = settings;
  const own = reports?.[kind] ?? {};
  const meeting = { ...common.meeting, ...(own.meeting ?? {}) };
  const attachment = own.meeting?.attachment ?? (attachmentKind ? common.meeting.attachment : undefined);
  if (attachment === undefined) delete meeting.attachment;
  else meeting.attachment = attachment;
  const reportDate = own.reportDate ?? common.reportDate ?? own.meeting?.date;
  const title = own.title ?? common.title;
  const caseNumber = own.caseNumber ?? common.caseNumber;
  const { logo: ownLogo, ...ownOrg } = own.organisation ?? {};
  return {
    ...common,
    organisation: { ...common.organisation, ...ownOrg, ...(ownLogo !== undefined ? { logoPath: ownLogo } : {}) },
    meeting,
    ...(title !== undefined ? { title } : {}),
    ...(reportDate !== undefined ? { reportDate } : {}),
    ...(caseNumber !== undefined ? { caseNumber } : {}),
    isAttachment: attachment !== undefined,
  };
}

/** The name in the report language: its own entry, else the Finnish one, else any given. */
export function localize(value: Localized | undefined, lang: Lang): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return value[lang] ?? value.fi ?? value.sv ?? value.en ?? '';
}

/** Every stage label: the configured ones over the defaults of the report language. */
export function stageLabelsFor(settings: Pick<ResolvedSettings, 'lang' | 'stageLabels'>): Record<StageNumber, string> {
  return { ...DEFAULT_STAGE_LABELS[settings.lang], ...settings.stageLabels };
}

/** Applies the defaults documented at the top of this file. */
export function resolveSettings(settings: ReportSettings = {}, extra: { logo?: Logo } = {}): ResolvedSettings {
  const lang = settings.lang ?? 'fi';
  const org = settings.organisation ?? {};
  const meeting = { ...(settings.meeting ?? {}) };
  const reportDate = settings.reportDate ?? meeting.date;
  return {
    lang,
    dataLang: settings.dataLang ?? 'fi',
    organisation: {
      name: org.name ?? '',
      unit: org.unit ?? '',
      ...(org.logo !== undefined ? { logoPath: org.logo } : {}),
      ...(extra.logo !== undefined ? { logo: extra.logo } : {}),
    },
    meeting,
    ...(settings.title !== undefined ? { title: settings.title } : {}),
    ...(reportDate !== undefined ? { reportDate } : {}),
    ...(settings.caseNumber !== undefined ? { caseNumber: settings.caseNumber } : {}),
    stageLabels: { ...(settings.stageLabels ?? {}) },
    ...(settings.reports !== undefined ? { reports: structuredClone(settings.reports) } : {}),
  };
}

/** Validates a parsed JSON config; errors name the field (`meeting.date: …`) in `msgLang`. */
export function parseSettings(json: unknown, msgLang: Lang = 'fi'): { settings: ResolvedSettings } | { errors: string[] } {
  const result = SettingsSchema.safeParse(json);
  if (!result.success) return { errors: describeIssues(result.error.issues, json, msgLang) };
  return { settings: resolveSettings(result.data) };
}

// ---- Issue wording, shared with the template loader ----------------------------------------------

type Issue = z.core.$ZodIssue;

const WORDS = {
  fi: {
    root: '(juuri)',
    type: { string: 'teksti', number: 'luku', int: 'kokonaisluku', boolean: 'totuusarvo', object: 'olio {…}', array: 'lista […]' } as Record<string, string>,
    mustBe: (what: string) => `pitää olla ${what}`,
    oneOf: (values: string) => `pitää olla jokin näistä: ${values}`,
    unknownKey: (key: string) => `tuntematon kenttä "${key}"`,
    didYouMean: (key: string) => `; tarkoititko "${key}"?`,
    min: (n: string, inclusive: boolean) => (inclusive ? `pitää olla vähintään ${n}` : `pitää olla suurempi kuin ${n}`),
    nonEmpty: 'ei saa olla tyhjä',
    isoDate: 'päivämäärän pitää olla muotoa P.K.VVVV tai VVVV-KK-PP ja olemassa oleva päivä',
    got: 'annettu',
    missing: 'puuttuu',
  },
  sv: {
    root: '(roten)',
    type: { string: 'text', number: 'tal', int: 'heltal', boolean: 'sanningsvärde', object: 'objekt {…}', array: 'lista […]' } as Record<string, string>,
    mustBe: (what: string) => `ska vara ${what}`,
    oneOf: (values: string) => `ska vara något av: ${values}`,
    unknownKey: (key: string) => `okänt fält "${key}"`,
    didYouMean: (key: string) => `; menade du "${key}"?`,
    min: (n: string, inclusive: boolean) => (inclusive ? `ska vara minst ${n}` : `ska vara större än ${n}`),
    nonEmpty: 'får inte vara tom',
    isoDate: 'datumet ska ha formen D.M.ÅÅÅÅ eller ÅÅÅÅ-MM-DD och vara ett verkligt datum',
    got: 'givet',
    missing: 'saknas',
  },
  en: {
    root: '(root)',
    type: { string: 'a string', number: 'a number', int: 'an integer', boolean: 'true or false', object: 'an object {…}', array: 'a list […]' } as Record<string, string>,
    mustBe: (what: string) => `must be ${what}`,
    oneOf: (values: string) => `must be one of: ${values}`,
    unknownKey: (key: string) => `unknown field "${key}"`,
    didYouMean: (key: string) => `; did you mean "${key}"?`,
    min: (n: string, inclusive: boolean) => (inclusive ? `must be at least ${n}` : `must be greater than ${n}`),
    nonEmpty: 'must not be empty',
    isoDate: 'the date must be of the form D.M.YYYY or YYYY-MM-DD and exist',
    got: 'given',
    missing: 'missing',
  },
} as const;

/** The keys a settings object may have at `path` (for "did you mean"); empty when not known. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  const p = path.map(String);
  const kind = ['organisation', 'meeting', 'title', 'reportDate', 'caseNumber'];
  const groups: Record<string, string[]> = { organisation: ['name', 'unit', 'logo'], meeting: ['organ', 'date', 'section', 'attachment'], stageLabels: ['1', '2', '3', '4', '5'] };
  if (p.length === 0) return Object.keys(SettingsSchema.shape);
  if (p.length === 1) return groups[p[0]!] ?? [];
  if (p[0] === 'reports' && p.length === 2) return kind;
  if (p[0] === 'reports' && p.length === 3) return groups[p[2]!] ?? [];
  return [];
}

/** The known key nearest to a mistyped one (edit distance at most a third of its length, and 3). */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  // A one- or two-character key (`"6"`) is no misspelt word.
  if (key.length < 3) return undefined;
  const a = key.toLowerCase();
  let best: { key: string; d: number } | undefined;
  for (const k of known) {
    const b = k.toLowerCase();
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    const d = row[b.length]!;
    if (!best || d < best.d) best = { key: k, d };
  }
  return best && best.d <= Math.min(3, Math.max(1, Math.ceil(key.length / 3))) ? best.key : undefined;
}

/**
 * JSON text → value, or where its first syntax error is (1-based line and column). The engine's
 * own message does not always say where (V8: `Unexpected token ','`), so a small scanner finds it.
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; line: number; column: number; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const pos = jsonErrorAt(text);
    const before = text.slice(0, pos).split('\n');
    return { ok: false, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1, message: (error as Error).message };
  }
}

/** Offset of the first character that makes `text` invalid JSON (its length when it ends too soon). */
function jsonErrorAt(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail();
      } else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail();
      i += m![0].length;
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return typeof at === 'number' ? at : text.length;
  }
}

/** `meeting.date`, `sections[2].type`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let cur: unknown = json;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return { found: false };
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

function shortJson(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** One line per issue: `path: what is wrong (given: value)`. */
export function describeIssues(issues: readonly Issue[], json: unknown, lang: Lang = 'fi'): string[] {
  const w = WORDS[lang];
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const near = nearestKey(key, knownKeys(issue.path));
        lines.push(`${formatPath([...issue.path, key]) || w.root}: ${w.unknownKey(key)}${near ? w.didYouMean(near) : ''}`);
      }
      continue;
    }
    let what: string;
    switch (issue.code) {
      case 'invalid_type':
        what = w.mustBe(w.type[issue.expected] ?? issue.expected);
        break;
      case 'invalid_value':
        what = w.oneOf(issue.values.map((v) => JSON.stringify(v)).join(', '));
        break;
      case 'invalid_union':
        what = 'options' in issue && Array.isArray(issue.options) ? w.oneOf(issue.options.map((v) => JSON.stringify(v)).join(', ')) : issue.message;
        break;
      case 'too_small':
        what = issue.origin === 'number' ? w.min(String(issue.minimum), issue.inclusive ?? true) : w.nonEmpty;
        break;
      case 'custom':
        what = issue.message === 'isoDate' ? w.isoDate : issue.message;
        break;
      default:
        what = issue.message;
    }
    const at = valueAt(json, issue.path);
    const given = at.found ? ` (${w.got}: ${shortJson(at.value)})` : issue.code === 'invalid_type' ? ` (${w.missing})` : '';
    lines.push(`${formatPath(issue.path) || w.root}: ${what}${given}`);
  }
  return lines;
}
