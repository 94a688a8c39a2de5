/**
 * An archive worker thread (pool.ts): loads pdfmake and the fonts once, then renders the jobs it
 * is sent, one at a time, and answers each with the PDF or the reason it failed.
 */
import { parentPort } from 'node:worker_threads';
import { skipUnusedPdfModules } from '../lean-pdf.js';
import { loadFonts } from '../fonts.js';
import { renderJob, type JobRequest, type JobResult } from './render-job.js';

export interface WorkerJob {
  id: number;
  job: JobRequest;
}
export interface WorkerReply {
  id: number;
  result: JobResult;
}

skipUnusedPdfModules();
const fonts = loadFonts();
// A failure to load is reported to the job that needs it.
fonts.catch(() => undefined);

parentPort?.on('message', (message: WorkerJob) => {
  void (async () => {
    let result: JobResult;
    try {
      result = await renderJob(message.job, { fonts: () => fonts });
    } catch (error) {
      result = { ok: false, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    }
    const reply: WorkerReply = { id: message.id, result };
    parentPort?.postMessage(reply, result.ok ? [result.bytes.buffer as ArrayBuffer] : []);
  })();
});
