import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { printable, type Lang } from '../diagnostics.js';
import { messages } from './messages.js';

export type InputRead = { bytes: Uint8Array } | { tooLarge: { size: number | null; limit: number } };

/**
 * Read a file, or standard input for `-`, never more than `limit` bytes: a regular file's size is
 * checked (stat) before a byte is read; standard input, a pipe or a device (`/dev/zero`) is read
 * until one byte past the limit and then left.
 */
export async function readInput(path: string, limit = Infinity): Promise<InputRead> {
  if (path !== '-') {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (s.isFile() && s.size > limit) return { tooLarge: { size: s.size, limit } };
  }
  const stream: Readable = path === '-' ? process.stdin : createReadStream(path);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      total += b.length;
      // A file may also grow after its stat; the limit holds for what is actually read.
      if (total > limit) return { tooLarge: { size: null, limit } };
      chunks.push(b);
    }
  } finally {
    if (path !== '-') stream.destroy();
    else if (total > limit) process.stdin.pause();
  }
  return { bytes: new Uint8Array(Buffer.concat(chunks)) };
}

/** A system error as one readable phrase in the user's language, without a stack. */
export function describeError(error: unknown, lang: Lang = 'fi'): string {
  const e = error as NodeJS.ErrnoException;
  const phrase = e.code ? messages(lang).errno[e.code] : undefined;
  if (phrase) return `${phrase} (${e.code})`;
  return printable(String(e.message ?? error).split('\n')[0] ?? '');
}

export { printable };
