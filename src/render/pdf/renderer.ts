// The PDF entry of the renderer registry (src/report/registry.ts).
import type { Renderer } from '../../report/registry.js';
import { ReportError } from '../../report/errors.js';
import { renderPdf } from './index.js';

export const pdfRenderer: Renderer<{ format: 'pdf'; pdfa?: import('./levels.js').PdfA }> = {
  extension: 'pdf',
  mediaType: 'application/pdf',
  render: (tree, output, ctx) => {
    if (!ctx.fonts) throw new ReportError('FONTS_MISSING');
    return renderPdf(tree, { fonts: ctx.fonts, ...(output.pdfa ? { pdfa: output.pdfa } : {}) });
  },
};
