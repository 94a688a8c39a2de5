/**
 * One call makes a report: analysis + template + settings + outputs → file bytes. The command, the
 * archive and the browser page are I/O around it. Every rule about a report lives here once: the
 * date it must carry, which output carries the source table, the file names, the comparison.
 * No file, network or clock access: everything comes in as data.
 */
import { compareModels } from '../compare/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { buildDocument, type BuildInput } from '../document/build.js';
import { settingsForKind, type ResolvedSettings } from '../document/settings.js';
import type { TemplateBundle } from '../document/template.js';
import type { DocumentTree } from '../document/types.js';
import type { Rasterize } from '../render/docx/handlers.js';
import type { FontSet } from '../render/fonts.js';
import { mayEmbedFiles, PDFA_LEVELS, type PdfA } from '../render/pdf/levels.js';
import { ReportError } from './errors.js';
import { FORMATS, RENDERERS, type RendererRegistry } from './registry.js';
import type { OutputRequest, ReportFile, ReportInput } from './types.js';

export { ReportError, formatReportError, REPORT_ERRORS, type ReportErrorCode } from './errors.js';
export { RENDERERS, FORMATS, type Renderer, type RendererRegistry, type RenderContext, type Format } from './registry.js';
export type { OutputRequest, ReportInput, ReportFile } from './types.js';

export interface CreateReportRequest {
  template: TemplateBundle;
  /** The template's name, for the file names (`…-valtuusto-liite.pdf`). Default: the bundle's name. */
  templateName?: string;
  /** What parseSettings returns, with any flags merged and the logo read. */
  settings: ResolvedSettings;
  outputs: OutputRequest[];
  /** Needed for a PDF. */
  fonts?: FontSet;
  /** SVG → PNG for the DOCX chart's fallback image; without it the chart is a table. */
  rasterize?: Rasterize;
  /** Replaces registry entries (the command renders the PDF in a worker thread). */
  renderers?: Partial<RendererRegistry>;
}

export interface ReportResult {
  /** In the order of `outputs`. */
  files: ReportFile[];
  /** Every problem found in the tables and the comparison (warnings only: errors throw). */
  diagnostics: Diagnostic[];
}

/** The template's own level (report.json `pdfa`: 2a, the archive copy 3a, the part that may carry its source). */
export function defaultPdfA(template: TemplateBundle): PdfA {
  return template.structure.pdfa;
}

/**
 * `<table name>-<template>`, and `-sv`/`-en` for a report not in Finnish, so the fi and sv reports
 * of one table can share an output folder: the table's name without extension, or `raportti` for
 * standard input.
 */
export function fileStem(sourceName: string, templateName: string, lang: string = 'fi'): string {
  const base = sourceName === 'stdin' || sourceName === '' ? 'raportti' : sourceName.replace(/\.[^.]*$/, '');
  return `${base}-${templateName}${lang === 'fi' ? '' : `-${lang}`}`;
}

/** Fills in each output's defaults and checks the request, before any work is done. */
export function resolveOutputs(outputs: OutputRequest[], template: TemplateBundle): OutputRequest[] {
  const seen = new Set<string>();
  return outputs.map((output) => {
    if (!(FORMATS as string[]).includes(output.format)) throw new ReportError('FORMAT_UNKNOWN', { format: String(output.format), formats: FORMATS.join(', ') });
    if (seen.has(output.format)) throw new ReportError('FORMAT_REPEATED', { format: output.format });
    seen.add(output.format);
    if (output.format !== 'pdf') return output;
    const pdfa = output.pdfa ?? defaultPdfA(template);
    if (!(PDFA_LEVELS as readonly string[]).includes(pdfa)) throw new ReportError('PDFA_INVALID', { pdfa, levels: PDFA_LEVELS.join(', ') });
    return { ...output, pdfa };
  });
}

/**
 * Whether this output carries the source table inside it, decided here once; the tree then says
 * so, and the renderer embeds what the tree lists. A PDF/A-3 always does (that is what the level is
 * for, as `report --help` says); a plain PDF where the template asks for it (the archive copy);
 * PDF/A-1 and -2 may not carry files, and a DOCX never does.
 */
export function carriesSource(output: OutputRequest, template: TemplateBundle): boolean {
  if (output.format !== 'pdf') return false;
  const pdfa = output.pdfa ?? defaultPdfA(template);
  return mayEmbedFiles(pdfa) && (pdfa !== 'none' || template.structure.attachSource);
}

/** Lines of a text table (a last line without a newline counts); none for a spreadsheet. */
function lineCount(name: string, bytes: Uint8Array): number | undefined {
  if (/\.xlsx$/i.test(name) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return undefined;
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? n + 1 : n;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function createReport(input: ReportInput, request: CreateReportRequest): Promise<ReportResult> {
  const { template, settings } = request;
  const outputs = resolveOutputs(request.outputs, template);
  // The tool has no clock: the date an official document carries must be said, once, somewhere.
  // The report kind's own section may give the date (settingsForKind).
  if (!settingsForKind(settings, template.name, template.structure.attachment).reportDate) throw new ReportError('REPORT_DATE_MISSING');

  const { analysis, previous } = input;
  const diagnostics: Diagnostic[] = [...analysis.diagnostics];
  let comparison: BuildInput['comparison'];
  if (previous) {
    diagnostics.push(...previous.analysis.diagnostics);
    if (previous.analysis.ok && analysis.ok) {
      const c = compareModels(previous.analysis.model, analysis.model, { lang: settings.lang });
      diagnostics.push(...c.diagnostics);
      comparison = { result: c, previousName: previous.name, ...(previous.date ? { previousDate: previous.date } : {}) };
    }
  }
  if (!analysis.ok || (previous && !previous.analysis.ok) || hasErrors(diagnostics)) {
    throw new ReportError('TABLE_HAS_ERRORS', { errors: diagnostics.filter((d) => d.severity === 'error').length }, diagnostics);
  }

  const lines = lineCount(input.source.name, input.source.bytes);
  const source = { name: input.source.name, sha256: await sha256Hex(input.source.bytes), rows: analysis.rows, ...(lines !== undefined ? { lines } : {}) };
  // One tree per distinct answer to "does this file carry the source?": usually one for all formats.
  const trees = new Map<boolean, DocumentTree>();
  const treeFor = (embed: boolean): DocumentTree => {
    let tree = trees.get(embed);
    if (!tree) {
      tree = buildDocument(
        { model: analysis.model, stats: analysis.stats, diagnostics, source: embed ? { ...source, data: input.source.bytes } : source, ...(comparison ? { comparison } : {}) },
        template,
        settings,
      );
      trees.set(embed, tree);
    }
    return tree;
  };

  const registry = { ...RENDERERS, ...request.renderers } as RendererRegistry;
  const ctx = { ...(request.fonts ? { fonts: request.fonts } : {}), ...(request.rasterize ? { rasterize: request.rasterize } : {}) };
  const stem = fileStem(input.source.name, request.templateName ?? template.name, settings.lang);
  // The trees are built first (synchronously), then every format renders at once: a PDF in a
  // worker overlaps a DOCX in this thread.
  const jobs = outputs.map((output) => ({ output, tree: treeFor(carriesSource(output, template)) }));
  const files = await Promise.all(
    jobs.map(async ({ output, tree }): Promise<ReportFile> => {
      const renderer = await (registry[output.format] as RendererRegistry['pdf'] | RendererRegistry['docx'] | RendererRegistry['html'])();
      const bytes = await (renderer.render as (t: DocumentTree, o: OutputRequest, c: typeof ctx) => Promise<Uint8Array>)(tree, output, ctx);
      return { format: output.format, bytes, fileName: `${stem}.${renderer.extension}` };
    }),
  );
  return { files, diagnostics };
}
