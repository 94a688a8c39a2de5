/**
 * The page's report: the core's createReport, as the command calls it, with the page's fonts and
 * rasteriser. Errors become lines in the page's language (the command's wording).
 */
import { formatDiagnostic, type Lang } from '../src/diagnostics.js';
import type { ResolvedSettings } from '../src/document/settings.js';
import type { TemplateBundle } from '../src/document/template.js';
import type { FontSet } from '../src/render/fonts.js';
import { createReport, FORMATS, formatReportError, ReportError, type Format, type OutputRequest, type ReportInput } from '../src/report/index.js';

export type { Format };

/** Formats the registry renders in this build (html once the HTML renderer is registered). */
export const PAGE_FORMATS: readonly string[] = FORMATS;

export class PageReportError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export interface PageReportRequest {
  template: TemplateBundle;
  templateName: string;
  settings: ResolvedSettings;
  /** 'html' is refused by createReport (FORMAT_UNKNOWN) until the registry has it. */
  format: Format | 'html';
  /** The language of the page, for the error lines. */
  uiLang: Lang;
  fonts: () => Promise<FontSet>;
  rasterize: () => Promise<(svg: string, widthPx: number) => Uint8Array>;
}

export async function pageReport(input: ReportInput, req: PageReportRequest): Promise<{ bytes: Uint8Array; fileName: string }> {
  // The fonts and resvg's wasm are fetched only for the formats that draw text or the chart.
  const needsFonts = req.format === 'pdf' || req.format === 'docx';
  try {
    const { files } = await createReport(input, {
      template: req.template,
      templateName: req.templateName,
      settings: req.settings,
      outputs: [{ format: req.format } as OutputRequest],
      ...(needsFonts ? { fonts: await req.fonts() } : {}),
      ...(req.format === 'docx' ? { rasterize: await req.rasterize() } : {}),
    });
    const file = files[0];
    if (!file) throw new PageReportError([req.format]);
    return { bytes: file.bytes, fileName: file.fileName };
  } catch (error) {
    if (error instanceof ReportError) {
      const errors = error.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, req.uiLang));
      throw new PageReportError([formatReportError(error, req.uiLang), ...errors]);
    }
    throw error;
  }
}
