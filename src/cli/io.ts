import { readFile } from 'node:fs/promises';

/** Read a file, or all of standard input for `-`. */
export async function readInput(path: string): Promise<Uint8Array> {
  if (path !== '-') return new Uint8Array(await readFile(path));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** A system error as one readable phrase, without a stack. */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const byCode: Record<string, string> = { ENOENT: 'no such file (ENOENT)', EISDIR: 'is a directory (EISDIR)', EACCES: 'permission denied (EACCES)' };
  return (e.code && byCode[e.code]) || e.message || String(error);
}
