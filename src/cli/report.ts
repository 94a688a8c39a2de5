import { access, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { formatDiagnostic, type Diagnostic, type Lang } from '../diagnostics.js';
import { buildDocument, type BuildInput } from '../document/build.js';
import { parseSettings, type ReportSettings } from '../document/settings.js';
import { TemplateError } from '../document/template.js';
import type { Logo } from '../document/types.js';
import { listTemplates, loadTemplate } from '../node/templates.js';
import { writeOutput } from '../node/write.js';
import type { Analysis } from '../pipeline.js';
import type { PdfA } from '../render/pdf/index.js';
import type { PdfWorker } from '../node/pdf-in-worker.js';
import { compareModels } from '../compare/index.js';
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

const FORMATS = ['pdf', 'docx'] as const;
const PDFA = ['1b', '2b', '3b', 'none'] as const;

/** The settings file used when --config is not given: `<table name>.kuntaraportti.json` beside it. */
export function sidecarConfig(file: string): string | null {
  return file === '-' ? null : join(dirname(file), `${basename(file, extname(file))}.kuntaraportti.json`);
}

async function readSettings(values: Record<string, unknown>, file: string, lang: Lang, log: (l: string) => void) {
  let json: Record<string, unknown> = {};
  let base = process.cwd();
  let configPath = values.config as string | undefined;
  if (configPath === undefined) {
    const sidecar = sidecarConfig(file);
    if (sidecar && (await exists(sidecar))) {
      configPath = sidecar;
      log(lang === 'fi' ? `asetukset: ${sidecar}` : `settings: ${sidecar}`);
    }
  }
  if (configPath !== undefined) {
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (error) {
      throw new ReportInputError(`${configPath}: ${(error as Error).message.split('\n')[0]}`);
    }
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new ReportInputError(`${configPath}: ${lang === 'fi' ? 'ei ole kelvollista JSONia' : 'is not valid JSON'}: ${(error as Error).message}`);
    }
    base = dirname(resolve(configPath));
  }
  const merged = mergeFlags(json, values);
  const parsed = parseSettings(merged, lang);
  if ('errors' in parsed) throw new ReportInputError(parsed.errors.map((e) => `${configPath ?? 'asetukset'}: ${e}`).join('\n'));
  const settings = parsed.settings;
  // --lang chooses the report's language too, unless the config names one and no flag was given.
  if (values.lang !== undefined) settings.lang = lang;
  const logoPath = (values.logo as string | undefined) ?? (settings.organisation.logoPath ? resolve(base, settings.organisation.logoPath) : undefined);
  if (logoPath) settings.organisation.logo = await readLogo(logoPath);
  return settings;
}

/** Command-line flags override the config file's values. */
function mergeFlags(json: Record<string, unknown>, v: Record<string, unknown>): ReportSettings {
  const out: Record<string, unknown> = structuredClone(json);
  const set = (group: string | null, key: string, value: unknown) => {
    if (value === undefined) return;
    if (group === null) out[key] = value;
    else out[group] = { ...((out[group] as Record<string, unknown> | undefined) ?? {}), [key]: value };
  };
  const int = (flag: string) => {
    const raw = v[flag] as string | undefined;
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw new ReportUsageError(`--${flag}: ${raw}`);
    return Number(raw);
  };
  set(null, 'title', v.title);
  set(null, 'reportDate', v['report-date']);
  set('organisation', 'name', v.organisation);
  set('organisation', 'unit', v.unit);
  set('meeting', 'organ', v.organ);
  set('meeting', 'date', v['meeting-date']);
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

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Buffer.from(digest).toString('hex');
}

/** Makes the requested reports; returns the exit code. */
export async function runReport(req: ReportRequest): Promise<number> {
  const { values, lang, log, print, file } = req;
  const formats = String(values.format ?? 'pdf')
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter((f) => f !== '');
  const bad = formats.find((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || formats.length === 0) throw new ReportUsageError(`--format: ${FORMATS.join(', ')}`);
  const templateName = (values.template as string | undefined) ?? 'valtuusto-liite';
  const templates = await listTemplates();
  if (!templates.includes(templateName)) throw new ReportUsageError(`--template: ${templates.join(', ')}`);
  const settings = await readSettings(values, file, lang, log);
  const template = await loadTemplate(templateName, undefined, { only: settings.lang });
  // A template that carries its source (the archive copy) defaults to PDF/A-3b, the level that may.
  const pdfa = (values.pdfa as string | undefined) ?? (template.structure.attachSource ? '3b' : '2b');
  if (!(PDFA as readonly string[]).includes(pdfa)) throw new ReportUsageError(`--pdfa: ${PDFA.join(', ')}`);

  // The tool has no clock: the date an official document carries must be said, once, somewhere.
  if (!settings.reportDate) {
    throw new ReportUsageError(
      lang === 'fi'
        ? 'raportin päivä puuttuu: anna --report-date VVVV-KK-PP tai --meeting-date, tai reportDate asetustiedostossa'
        : 'the report date is missing: give --report-date YYYY-MM-DD or --meeting-date, or reportDate in the settings file',
    );
  }

  const analysis = await req.analyse(file);
  if (!analysis) return 1;
  const diagnostics: Diagnostic[] = [...analysis.diagnostics];
  let comparison: BuildInput['comparison'];
  if (values.previous !== undefined) {
    const previous = await req.analyse(values.previous as string);
    if (!previous) return 1;
    diagnostics.push(...previous.diagnostics);
    if (previous.ok && analysis.ok) {
      const c = compareModels(previous.model, analysis.model, { lang });
      diagnostics.push(...c.diagnostics);
      comparison = { result: c, previousName: basename(values.previous as string) };
    }
    analysis.ok &&= previous.ok;
  }
  for (const d of diagnostics) log(formatDiagnostic(d, lang));
  if (!analysis.ok) {
    log(lang === 'fi' ? 'kuntaraportti: raporttia ei tehty, koska taulukossa on virheitä' : 'kuntaraportti: no report was made because the table has errors');
    return 1;
  }

  const data = analysis.bytes;
  // The source travels inside the PDF only where PDF/A allows attachments (3b); a DOCX never
  // carries it, so each format gets the tree that tells the truth about its own file.
  const embed = pdfa === '3b' || (pdfa === 'none' && template.structure.attachSource);
  const source = { name: file === '-' ? 'stdin' : basename(file), sha256: await sha256(data), rows: analysis.rows };
  const treeFor = (format: string) =>
    buildDocument(
      { model: analysis.model, stats: analysis.stats, diagnostics, source: format === 'pdf' && embed ? { ...source, data } : source, ...(comparison ? { comparison } : {}) },
      template,
      settings,
    );

  const outDir = (values.out as string | undefined) ?? 'out';
  const stem = `${file === '-' ? 'raportti' : basename(file, extname(file))}-${templateName}`;
  let docxTemplate: Uint8Array | undefined;
  if (values['docx-template'] !== undefined) {
    try {
      docxTemplate = new Uint8Array(await readFile(values['docx-template'] as string));
    } catch (error) {
      throw new ReportInputError(`${values['docx-template'] as string}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  let status = 0;
  for (const format of formats) {
    let bytes: Uint8Array;
    if (format === 'pdf') {
      if (req.pdfWorker) bytes = await req.pdfWorker.render(treeFor(format), pdfa as PdfA);
      else {
        // Loaded on demand, like the DOCX side: a DOCX-only run does not pay for pdfmake.
        (await import('../node/lean-pdf.js')).skipUnusedPdfModules();
        const { renderPdf } = await import('../render/pdf/index.js');
        const { loadFonts } = await import('../node/fonts.js');
        bytes = await renderPdf(treeFor(format), { fonts: await loadFonts(), pdfa: pdfa as PdfA });
      }
    } else {
      // Loaded on demand so a PDF-only run does not pay for docx and resvg.
      const { renderDocx, DocxTemplateError } = await import('../render/docx/index.js');
      const { rasterizeSvg } = await import('../node/rasterize.js');
      try {
        bytes = await renderDocx(treeFor(format), { rasterize: rasterizeSvg, ...(docxTemplate ? { template: docxTemplate } : {}) });
      } catch (error) {
        if (error instanceof DocxTemplateError) throw new ReportInputError(`${values['docx-template'] as string}: ${error.message}`);
        throw error;
      }
    }
    const path = join(outDir, `${stem}.${format}`);
    const outcome = await writeOutput(path, bytes, values.force === true);
    if (outcome === 'exists') {
      log(lang === 'fi' ? `kuntaraportti: ${path} on jo olemassa ja eroaa uudesta; sitä ei korvattu (käytä --force tai toista --out-hakemistoa)` : `kuntaraportti: ${path} exists and differs; it was not overwritten (use --force or another --out directory)`);
      status = 1;
    } else {
      print(path);
    }
  }
  return status;
}

export { TemplateError };
