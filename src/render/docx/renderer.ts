// The DOCX entry of the renderer registry (src/report/registry.ts).
import type { Renderer } from '../../report/registry.js';
import { ReportError } from '../../report/errors.js';
import { DocxTemplateError, renderDocx } from './index.js';

export const docxRenderer: Renderer<{ format: 'docx'; letterhead?: Uint8Array }> = {
  extension: 'docx',
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  render: async (tree, output, ctx) => {
    try {
      return await renderDocx(tree, { ...(ctx.rasterize ? { rasterize: ctx.rasterize } : {}), ...(output.letterhead ? { template: output.letterhead } : {}) });
    } catch (error) {
      if (error instanceof DocxTemplateError) throw new ReportError('LETTERHEAD_INVALID', { reason: error.code, ...error.params });
      throw error;
    }
  },
};
