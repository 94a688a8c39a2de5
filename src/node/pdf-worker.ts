/**
 * The command's PDF worker (see pdf-in-worker.ts): loads pdfmake and the fonts at once, while the
 * main thread reads the table and builds the document tree, then renders the tree it is sent.
 */
import { parentPort } from 'node:worker_threads';
import type { DocumentTree } from '../document/types.js';
import type { PdfA } from '../document/pdfa.js';
import { skipUnusedPdfModules } from './lean-pdf.js';

export interface PdfJob {
  tree: DocumentTree;
  pdfa: PdfA;
}
export type PdfReply = { bytes: Uint8Array } | { error: string; code?: string; params?: Record<string, string> };

skipUnusedPdfModules();
const ready = (async () => {
  const [{ renderPdf, preparePdf }, { loadFonts }] = await Promise.all([import('../render/pdf/index.js'), import('./fonts.js')]);
  const fonts = await loadFonts();
  preparePdf(fonts);
  return { renderPdf, fonts };
})();
// A failure to load is reported to the job that needs it, below.
ready.catch(() => undefined);

parentPort?.once('message', (job: PdfJob) => {
  void (async () => {
    let reply: PdfReply;
    try {
      const { renderPdf, fonts } = await ready;
      reply = { bytes: await renderPdf(job.tree, { fonts, pdfa: job.pdfa }) };
    } catch (error) {
      const coded = error as { code?: unknown; params?: Record<string, string> };
      // A coded error (the patch guard's) keeps its code across the thread, so it is worded for the user.
      reply = { error: error instanceof Error ? error.message : String(error), ...(typeof coded?.code === 'string' && coded.params ? { code: coded.code, params: coded.params } : {}) };
    }
    parentPort?.postMessage(reply, 'bytes' in reply ? [reply.bytes.buffer as ArrayBuffer] : []);
  })();
});
