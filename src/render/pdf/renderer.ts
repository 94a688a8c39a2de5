// The PDF entry of the renderer registry (src/report/registry.ts).
import type { Renderer } from '../../report/registry.js';
import { ReportError } from '../../report/errors.js';
import { PdfPatchError, renderPdf } from './index.js';

export const pdfRenderer: Renderer<{ format: 'pdf'; pdfa?: import('./levels.js').PdfA }> = {
  extension: 'pdf',
  mediaType: 'application/pdf',
  render: async (tree, output, ctx) => {
    if (!ctx.fonts) throw new ReportError('FONTS_MISSING');
    try {
      return await renderPdf(tree, { fonts: ctx.fonts, ...(output.pdfa ? { pdfa: output.pdfa } : {}) });
    } catch (error) {
      // The tagging layer met a pdfmake it was not written for: the user's fix is a reinstall.
      if (error instanceof PdfPatchError) throw new ReportError('PDFMAKE_PATCH_MISMATCH', { method: error.params.method });
      throw error;
    }
  },
};
