import { access, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { formatDiagnostic, type Lang } from '../diagnostics.js';
import { formatDate } from '../document/format.js';
import { localize, parseDateInput, parseJsonText, parseSettings, settingsForKind, type ReportSettings } from '../document/settings.js';
import { TemplateError } from '../document/template.js';
import type { Logo } from '../document/types.js';
import { listTemplates, loadTemplate } from '../node/templates.js';
import { writeOutputs } from '../node/write.js';
import { printable } from '../diagnostics.js';
import { messages } from './messages.js';
import type { Analysis } from '../pipeline.js';
import type { FontSet } from '../render/fonts.js';
import { PDFA_LEVELS, type PdfA } from '../render/pdf/levels.js';
import type { PdfWorker } from '../node/pdf-in-worker.js';
import { ReportError, formatReportError } from '../report/errors.js';
import { FORMATS } from '../report/registry.js';
import type { CreateReportRequest, OutputRequest, ReportInput } from '../report/index.js';
import { ReportInputError, ReportUsageError } from './report-options.js';

export { REPORT_OPTIONS, ReportInputError, ReportUsageError } from './report-options.js';

export interface ReportRequest {
  file: string;
  values: Record<string, unknown>;
  lang: Lang;
  analyse: (path: string) => Promise<(Analysis & { bytes: Uint8Array }) | null>;
  /** Diagnostics and notes (stderr). */
  log: (line: string) => void;
  /** The paths written (stdout), so scripts can pick them up. */
  print: (line: string) => void;
  /** Renders the PDF, having loaded pdfmake while the table was read (src/node/pdf-in-worker.ts). */
  pdfWorker?: PdfWorker;
}


/** The settings file used when --config is not given: `<table name>.kuntaraportti.json` beside it. */
export function sidecarConfig(file: string): string | null {
  return file === '-' ? null : join(dirname(file), `${basename(file, extname(file))}.kuntaraportti.json`);
}

const NOT_JSON = { fi: 'ei ole kelvollista JSONia', sv: 'är inte giltig JSON', en: 'is not valid JSON' } as const;

/** A date flag as the user typed it (`30.9.2023` or `2023-09-30`), as ISO; a wrong one names the flag. */
function dateFlag(values: Record<string, unknown>, flag: string, lang: Lang): string | undefined {
  const raw = values[flag] as string | undefined;
  if (raw === undefined) return undefined;
  const iso = parseDateInput(raw);
  if (iso === null) {
    const want = { fi: 'päivämäärä muodossa 30.9.2023 tai 2023-09-30', sv: 'ett datum som 30.9.2023 eller 2023-09-30', en: 'a date such as 30.9.2023 or 2023-09-30' }[lang];
    throw new ReportUsageError(`--${flag}: ${JSON.stringify(raw)}: ${want}`);
  }
  return iso;
}

async function readSettings(values: Record<string, unknown>, file: string, lang: Lang, log: (l: string) => void, templateName: string) {
  let json: Record<string, unknown> = {};
  let base = process.cwd();
  let configPath = values.config as string | undefined;
  if (configPath === undefined) {
    const sidecar = sidecarConfig(file);
    if (sidecar && (await exists(sidecar))) {
      configPath = sidecar;
      log(messages(lang).settingsFile(sidecar));
    }
  }
  if (configPath !== undefined) {
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (error) {
      throw new ReportInputError(`${configPath}: ${(error as Error).message.split('\n')[0]}`);
    }
    const parsedJson = parseJsonText(text);
    // file:line:column, as every other diagnostic.
    if (!parsedJson.ok) throw new ReportInputError(`${configPath}:${parsedJson.line}:${parsedJson.column}: ${NOT_JSON[lang]}`);
    json = parsedJson.value as Record<string, unknown>;
    base = dirname(resolve(configPath));
  }
  const merged = mergeFlags(json, values, lang, templateName);
  const parsed = parseSettings(merged, lang);
  if ('errors' in parsed) throw new ReportInputError(parsed.errors.map((e) => `${configPath ?? 'asetukset'}: ${e}`).join('\n'));
  const settings = parsed.settings;
  // Only a meeting date given: the report is dated by it, and the user is told so.
  const kind = (merged.reports as Record<string, { reportDate?: string }> | undefined)?.[templateName];
  if (merged.reportDate === undefined && kind?.reportDate === undefined && settings.reportDate !== undefined) {
    const d = formatDate(settings.reportDate, lang);
    log(
      {
        fi: `huomautus: raportin päiväksi on otettu kokouksen päivä ${d}; anna --report-date, jos tilanne on toisen päivän`,
        sv: `obs: rapportens datum är mötesdatumet ${d}; ange --report-date om läget gäller en annan dag`,
        en: `note: the report is dated by the meeting date ${d}; give --report-date if the status is of another day`,
      }[lang],
    );
  }
  // --lang chooses the report's language too, unless the config names one and no flag was given.
  if (values.lang !== undefined) settings.lang = lang;
  const logoPath = (values.logo as string | undefined) ?? (settings.organisation.logoPath ? resolve(base, settings.organisation.logoPath) : undefined);
  if (logoPath) settings.organisation.logo = await readLogo(logoPath);
  return settings;
}

/**
 * Command-line flags override the config file's values: the common ones, and those of this report
 * kind's own section (`reports.<template>`), so `--attachment 5 --template osavuosikatsaus` makes
 * the interim report an attachment.
 */
function mergeFlags(json: Record<string, unknown>, v: Record<string, unknown>, lang: Lang, templateName: string): ReportSettings {
  const out: Record<string, unknown> = structuredClone(json);
  const put = (target: Record<string, unknown>, group: string | null, key: string, value: unknown) => {
    if (group === null) target[key] = value;
    else target[group] = { ...((target[group] as Record<string, unknown> | undefined) ?? {}), [key]: value };
  };
  const set = (group: string | null, key: string, value: unknown) => {
    if (value === undefined) return;
    put(out, group, key, value);
    const reports = out.reports;
    if (reports !== null && typeof reports === 'object' && !Array.isArray(reports)) {
      const own = (reports as Record<string, unknown>)[templateName];
      if (own !== null && typeof own === 'object' && !Array.isArray(own)) put(own as Record<string, unknown>, group, key, value);
    }
    // The meeting flags make this kind an attachment even where the common meeting would not.
    if (group === 'meeting' && key === 'attachment') {
      const reports = (out.reports ??= {}) as Record<string, Record<string, unknown>>;
      reports[templateName] ??= {};
      put(reports[templateName], 'meeting', 'attachment', value);
    }
  };
  const int = (flag: string) => {
    const raw = v[flag] as string | undefined;
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw new ReportUsageError(`--${flag}: ${raw}`);
    return Number(raw);
  };
  set(null, 'title', v.title);
  set(null, 'reportDate', dateFlag(v, 'report-date', lang));
  set(null, 'caseNumber', v['case-number']);
  set('organisation', 'name', v.organisation);
  set('organisation', 'unit', v.unit);
  set('meeting', 'organ', v.organ);
  set('meeting', 'date', dateFlag(v, 'meeting-date', lang));
  set('meeting', 'section', int('section'));
  set('meeting', 'attachment', int('attachment'));
  return out as ReportSettings;
}

async function readLogo(path: string): Promise<Logo> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ReportInputError(`${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { format: 'png', data: bytes.toString('base64') };
  const text = bytes.toString('utf8');
  if (/<svg[\s>]/.test(text.slice(0, 4096))) return { format: 'svg', data: text };
  throw new ReportInputError(`${path}: logo must be an SVG or PNG file / logon pitää olla SVG- tai PNG-tiedosto`);
}

/** The report date in the previous table's sidecar settings, when it has them. */
async function previousDate(file: string): Promise<string | undefined> {
  const sidecar = sidecarConfig(file);
  if (!sidecar || !(await exists(sidecar))) return undefined;
  const parsed = parseJsonText(await readFile(sidecar, 'utf8'));
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object') return undefined;
  const v = parsed.value as { reportDate?: unknown; meeting?: { date?: unknown } };
  const raw = typeof v.reportDate === 'string' ? v.reportDate : typeof v.meeting?.date === 'string' ? v.meeting.date : undefined;
  return raw === undefined ? undefined : (parseDateInput(raw) ?? undefined);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes the requested reports; returns the exit code. The report itself is createReport's: this is I/O. */
export async function runReport(req: ReportRequest): Promise<number> {
  const { values, lang, log, print, file } = req;
  const formats = String(values.format ?? 'pdf')
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter((f) => f !== '');
  const bad = formats.find((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || formats.length === 0 || new Set(formats).size !== formats.length) throw new ReportUsageError(`--format: ${FORMATS.join(', ')}`);
  const templateName = (values.template as string | undefined) ?? 'valtuusto-liite';
  const templates = await listTemplates();
  if (!templates.includes(templateName)) throw new ReportUsageError(`--template: ${templates.join(', ')}`);
  const settings = await readSettings(values, file, lang, log, templateName);
  if (values['docx-template'] !== undefined && !formats.includes('docx')) {
    log(
      {
        fi: 'huomautus: --docx-template koskee vain DOCX-tiedostoa, eikä --format pyydä sitä; pohjaa ei käytetty (anna --format docx tai pdf,docx)',
        sv: 'obs: --docx-template gäller bara DOCX-filen, som --format inte begär; mallen användes inte (ange --format docx eller pdf,docx)',
        en: 'note: --docx-template applies to the DOCX file only, which --format does not ask for; the template was not used (give --format docx or pdf,docx)',
      }[lang],
    );
  }
  const template = await loadTemplate(templateName, undefined, { only: settings.lang });
  const pdfa = values.pdfa as string | undefined;
  if (pdfa !== undefined && !(PDFA_LEVELS as readonly string[]).includes(pdfa)) throw new ReportUsageError(`--pdfa: ${PDFA_LEVELS.join(', ')}`);
  // Checked before the table is read, as a usage error: the rule itself is createReport's.
  if (!settingsForKind(settings, templateName, template.structure.attachment).reportDate) throw new ReportUsageError(formatReportError(new ReportError('REPORT_DATE_MISSING'), lang));

  let letterhead: Uint8Array | undefined;
  if (values['docx-template'] !== undefined && formats.includes('docx')) {
    try {
      letterhead = new Uint8Array(await readFile(values['docx-template'] as string));
    } catch (error) {
      throw new ReportInputError(`${values['docx-template'] as string}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  // Each format's own options; a format with none (a new registry entry) is asked for by name.
  const outputs = formats.map((format): OutputRequest => {
    if (format === 'pdf') return { format, ...(pdfa ? { pdfa: pdfa as PdfA } : {}) };
    if (format === 'docx') return { format, ...(letterhead ? { letterhead } : {}) };
    return { format } as OutputRequest;
  });

  // An official document names its sender: say so when the settings do not.
  if (localize(settingsForKind(settings, templateName, false).organisation.name, settings.lang).trim() === '') {
    log(
      {
        fi: 'varoitus: organisaation nimeä ei ole annettu (organisation.name asetuksissa tai --organisation); ylätunnisteessa ei ole lähettäjää',
        sv: 'varning: organisationens namn saknas (organisation.name i inställningarna eller --organisation); sidhuvudet saknar avsändare',
        en: 'warning: no organisation name is given (organisation.name in the settings or --organisation); the page header names no sender',
      }[lang],
    );
  }
  const analysis = await req.analyse(file);
  if (!analysis) return 1;
  let previous: ReportInput['previous'];
  if (values.previous !== undefined) {
    const analysed = await req.analyse(values.previous as string);
    if (!analysed) return 1;
    // The previous period by its date: --previous-date, else the previous table's own settings.
    const date = dateFlag(values, 'previous-date', lang) ?? (await previousDate(values.previous as string));
    previous = { analysis: analysed, name: basename(values.previous as string), ...(date ? { date } : {}) };
  }

  const { createReport, defaultPdfA } = await import('../report/index.js');
  const renderers: CreateReportRequest['renderers'] = {};
  let fonts: FontSet | undefined;
  if (formats.includes('pdf')) {
    if (req.pdfWorker) {
      const worker = req.pdfWorker;
      renderers.pdf = async () => ({ extension: 'pdf', mediaType: 'application/pdf', render: (tree, output) => worker.render(tree, output.pdfa ?? defaultPdfA(template)) });
    } else {
      // Loaded on demand, like the DOCX side: a DOCX-only run does not pay for pdfmake.
      (await import('../node/lean-pdf.js')).skipUnusedPdfModules();
      fonts = await (await import('../node/fonts.js')).loadFonts();
    }
  }
  const rasterize = formats.includes('docx') ? (await import('../node/rasterize.js')).rasterizeSvg : undefined;

  let result;
  try {
    result = await createReport(
      { analysis, source: { name: file === '-' ? 'stdin' : basename(file), bytes: analysis.bytes }, ...(previous ? { previous } : {}) },
      { template, templateName, settings, outputs, renderers, ...(fonts ? { fonts } : {}), ...(rasterize ? { rasterize } : {}) },
    );
  } catch (error) {
    if (!(error instanceof ReportError)) throw error;
    for (const d of error.diagnostics) log(formatDiagnostic(d, lang));
    if (error.code === 'LETTERHEAD_INVALID') throw new ReportInputError(`${values['docx-template'] as string}: ${formatReportError(error, lang)}`);
    log(`kuntaraportti: ${formatReportError(error, lang)}`);
    return 1;
  }
  for (const d of result.diagnostics) log(formatDiagnostic(d, lang));

  const outDir = (values.out as string | undefined) ?? 'out';
  // All or nothing: when one file would be refused, none is written, and stdout lists only what was.
  const m = messages(lang);
  const files = result.files.map((f) => ({ path: join(outDir, f.fileName), bytes: f.bytes }));
  const outcomes = await writeOutputs(files, values.force === true);
  const refused = outcomes.some((o) => o === 'exists' || o === 'raced');
  files.forEach((f, i) => {
    const outcome = outcomes[i];
    if (outcome === 'exists') log(`kuntaraportti: ${m.outputExists(printable(f.path))}`);
    else if (outcome === 'raced') log(`kuntaraportti: ${m.outputRaced(printable(f.path))}`);
    // An unchanged file is the report asked for, already in place; after a refusal nothing is listed.
    else if (!refused) print(printable(f.path));
  });
  const skipped = files.filter((_, i) => outcomes[i] === 'skipped').map((f) => printable(f.path));
  if (refused && skipped.length > 0) log(`kuntaraportti: ${m.outputSkipped(skipped.join(', '))}`);
  return refused ? 1 : 0;
}

export { TemplateError };
