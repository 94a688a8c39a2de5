// The registry's PDF entry turns the patch guard's error into a report error the user can read.
import { describe, expect, it, vi } from 'vitest';
import { PdfPatchError } from '../src/render/pdf/patches/patch.js';
import { formatReportError, ReportError } from '../src/report/errors.js';

vi.mock('../src/render/pdf/index.js', async (original) => ({
  ...(await original<typeof import('../src/render/pdf/index.js')>()),
  renderPdf: () => Promise.reject(new PdfPatchError({ method: 'Renderer.prototype.renderLine', expected: 'a', found: 'b' })),
}));

describe('pdfRenderer', () => {
  it('words a pdfmake it was not written for as a reinstall, in the user language, naming the method', async () => {
    const { pdfRenderer } = await import('../src/render/pdf/renderer.js');
    const fonts = { regular: new Uint8Array(), bold: new Uint8Array(), italic: new Uint8Array(), boldItalic: new Uint8Array() };
    const error = (await pdfRenderer.render({} as never, { format: 'pdf', pdfa: '2b' }, { fonts }).catch((e: unknown) => e)) as ReportError;
    expect(error).toBeInstanceOf(ReportError);
    expect(error.code).toBe('PDFMAKE_PATCH_MISMATCH');
    expect(formatReportError(error, 'fi')).toContain('menetelmä Renderer.prototype.renderLine');
    expect(formatReportError(error, 'en')).toContain('reinstall the dependencies (npm ci)');
  });
});
