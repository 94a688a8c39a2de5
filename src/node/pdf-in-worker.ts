/**
 * The command renders the PDF of an ordinary-sized table in a worker thread, started as soon as
 * the command line is read: loading pdfmake, pdfkit, fontkit and the fonts (~0.3 s) then overlaps
 * with reading the table and building the document tree on the main thread, on a second core.
 * The same code renders the same tree, so the bytes are those of renderPdf in the main thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DocumentTree } from '../document/types.js';
import type { PdfA } from '../document/pdfa.js';
import type { PdfJob, PdfReply } from './pdf-worker.js';
import { ReportError } from '../report/errors.js';

export interface PdfWorker {
  render(tree: DocumentTree, pdfa: PdfA): Promise<Uint8Array>;
  /** Stops the worker; safe after render and more than once. */
  close(): Promise<void>;
}

/** The worker, or undefined where there is no built worker script (running from the sources). */
export function startPdfWorker(): PdfWorker | undefined {
  const script = new URL('./pdf-worker.js', import.meta.url);
  if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
  const worker = new Worker(script);
  let failure: Error | undefined;
  const remember = (error: Error) => {
    failure = error;
  };
  worker.on('error', remember);
  return {
    render: (tree, pdfa) =>
      new Promise<Uint8Array>((resolve, reject) => {
        if (failure) {
          reject(failure);
          return;
        }
        const onError = (error: Error) => reject(error);
        const onExit = (code: number) => reject(new Error(`PDF worker stopped (exit code ${code})`));
        worker.once('error', onError);
        worker.once('exit', onExit);
        worker.once('message', (reply: PdfReply) => {
          worker.off('error', onError);
          worker.off('exit', onExit);
          if ('bytes' in reply) resolve(reply.bytes);
          else if (reply.code === 'PDFMAKE_PATCH_MISMATCH' && reply.params) reject(new ReportError('PDFMAKE_PATCH_MISMATCH', { method: reply.params.method ?? '' }));
          else reject(new Error(reply.error));
        });
        const job: PdfJob = { tree, pdfa };
        worker.postMessage(job);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
