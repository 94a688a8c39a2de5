/**
 * What the command's `report` does after reading its files (src/cli/report.ts), for the page:
 * the same tree for the same analysis, template and settings, rendered by the same renderers.
 * Replaced by the core's createReport once it is on main.
 */
import { compareModels } from '../src/compare/index.js';
import { formatDiagnostic, type Diagnostic, type Lang } from '../src/diagnostics.js';
import { buildDocument, type BuildInput } from '../src/document/build.js';
import type { ResolvedSettings } from '../src/document/settings.js';
import type { TemplateBundle } from '../src/document/template.js';
import type { DocumentTree } from '../src/document/types.js';
import type { Analysis } from '../src/pipeline.js';
import { bytesToHex } from '../src/bytes.js';
import type { FontSet } from '../src/render/fonts.js';
import type { PdfA } from '../src/render/pdf/index.js';

export type Format = 'pdf' | 'docx' | 'html';

export interface PageReportInput {
  analysis: Analysis;
  source: { name: string; bytes: Uint8Array };
  previous?: { analysis: Analysis; name: string };
}

export interface PageReportRequest {
  template: TemplateBundle;
  templateName: string;
  settings: ResolvedSettings;
  format: Format;
  fonts: () => Promise<FontSet>;
  rasterize: () => Promise<(svg: string, widthPx: number) => Uint8Array>;
  renderHtml?: (tree: DocumentTree) => Promise<Uint8Array>;
}

export class PageReportError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/** The file name the command writes: `<table name>-<template>.<format>`. */
export function fileNameFor(sourceName: string, templateName: string, format: Format): string {
  return `${sourceName.replace(/\.[^.]*$/, '')}-${templateName}.${format}`;
}

/** The document tree for one format, as the command builds it (the PDF alone may carry the source). */
export async function treeFor(input: PageReportInput, req: Pick<PageReportRequest, 'template' | 'settings'>, format: Format, lang: Lang): Promise<DocumentTree> {
  const { analysis } = input;
  const diagnostics: Diagnostic[] = [...analysis.diagnostics];
  let comparison: BuildInput['comparison'];
  if (input.previous) {
    diagnostics.push(...input.previous.analysis.diagnostics);
    if (input.previous.analysis.ok && analysis.ok) {
      const c = compareModels(input.previous.analysis.model, analysis.model, { lang });
      diagnostics.push(...c.diagnostics);
      comparison = { result: c, previousName: input.previous.name };
    }
  }
  if (!analysis.ok || (input.previous && !input.previous.analysis.ok)) {
    throw new PageReportError(diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, lang)));
  }
  const embed = format === 'pdf' && req.template.structure.attachSource;
  const source = { name: input.source.name, sha256: await sha256(input.source.bytes), rows: analysis.rows };
  return buildDocument(
    { model: analysis.model, stats: analysis.stats, diagnostics, source: embed ? { ...source, data: input.source.bytes } : source, ...(comparison ? { comparison } : {}) },
    req.template,
    req.settings,
  );
}

export async function pageReport(input: PageReportInput, req: PageReportRequest): Promise<{ bytes: Uint8Array; fileName: string }> {
  const tree = await treeFor(input, req, req.format, req.settings.lang);
  const fileName = fileNameFor(input.source.name, req.templateName, req.format);
  if (req.format === 'pdf') {
    const { renderPdf } = await import('../src/render/pdf/index.js');
    // The command's default: PDF/A-3b where the template carries its source, else 2b.
    const pdfa: PdfA = req.template.structure.attachSource ? '3b' : '2b';
    return { bytes: await renderPdf(tree, { fonts: await req.fonts(), pdfa }), fileName };
  }
  if (req.format === 'docx') {
    const { renderDocx } = await import('../src/render/docx/index.js');
    return { bytes: await renderDocx(tree, { rasterize: await req.rasterize() }), fileName };
  }
  if (!req.renderHtml) throw new PageReportError(['HTML']);
  return { bytes: await req.renderHtml(tree), fileName };
}
