/**
 * Runs archive jobs on N worker threads, each rendering one job at a time. Where the built worker
 * script is absent (running from the sources, as the tests do in-process) the jobs run in this
 * thread instead, N at a time, through the same renderJob.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadFonts } from '../fonts.js';
import type { FontSet } from '../../render/fonts.js';
import { renderJob, type JobRequest, type JobResult } from './render-job.js';
import type { WorkerJob, WorkerReply } from './worker.js';

export interface Pool {
  run(job: JobRequest): Promise<JobResult>;
  close(): Promise<void>;
  /** 'threads' or 'in-thread', for the bench and tests. */
  readonly mode: 'threads' | 'in-thread';
}

/**
 * The worker script: beside this module in the tsc build (dist/node/archive/worker.js), or as
 * archive-worker.js beside the command's bundle chunks (scripts/bundle-cli.mjs).
 */
function workerScript(): URL | undefined {
  for (const name of ['./worker.js', './archive-worker.js']) {
    const url = new URL(name, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

export function createPool(size: number, options: { inThread?: boolean } = {}): Pool {
  const script = options.inThread ? undefined : workerScript();
  return script ? threadPool(script, size) : inThreadPool(size);
}

interface Waiting {
  job: JobRequest;
  resolve: (r: JobResult) => void;
}

function threadPool(script: URL, size: number): Pool {
  const queue: Waiting[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Waiting & { id: number }>();
  const all = new Set<Worker>();
  let started = 0;
  let nextId = 0;
  let closed = false;

  const spawn = (): void => {
    const worker = new Worker(script);
    all.add(worker);
    started++;
    worker.on('message', (reply: WorkerReply) => {
      const task = busy.get(worker);
      if (!task || task.id !== reply.id) return;
      busy.delete(worker);
      idle.push(worker);
      task.resolve(reply.result);
      pump();
    });
    // A worker that dies (out of memory, a crash in a native module) fails its job alone; a new
    // one takes its place for the jobs still waiting.
    const lost = (reason: string) => {
      if (!all.delete(worker)) return;
      started--;
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      const task = busy.get(worker);
      busy.delete(worker);
      task?.resolve({ ok: false, reason });
      pump();
    };
    worker.on('error', (error) => lost(error.message.split('\n')[0]!));
    worker.on('exit', (code) => lost(`worker stopped (exit code ${code})`));
    idle.push(worker);
  };

  const pump = (): void => {
    if (closed) return;
    while (queue.length > 0) {
      if (idle.length === 0 && started < size) spawn();
      const worker = idle.shift();
      if (!worker) return;
      const task = { ...queue.shift()!, id: nextId++ };
      busy.set(worker, task);
      const message: WorkerJob = { id: task.id, job: task.job };
      worker.postMessage(message);
    }
  };

  return {
    mode: 'threads',
    run: (job) =>
      new Promise<JobResult>((resolve) => {
        queue.push({ job, resolve });
        pump();
      }),
    close: async () => {
      closed = true;
      await Promise.all([...all].map((w) => w.terminate()));
    },
  };
}

function inThreadPool(size: number): Pool {
  let fonts: Promise<FontSet> | undefined;
  const deps = { fonts: () => (fonts ??= loadFonts()) };
  let running = 0;
  const queue: (() => void)[] = [];
  return {
    mode: 'in-thread',
    run: async (job) => {
      if (running >= size) await new Promise<void>((r) => queue.push(r));
      running++;
      try {
        return await renderJob(job, deps);
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
      } finally {
        running--;
        queue.shift()?.();
      }
    },
    close: async () => undefined,
  };
}
