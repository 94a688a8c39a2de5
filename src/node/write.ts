import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

export type WriteOutcome = 'written' | 'unchanged' | 'exists';

/**
 * Writes a report file so that nothing is lost or silently overwritten: an existing file with the
 * same bytes is left as it is; one with other bytes is kept unless `force`; the new file appears
 * whole or not at all (written beside it, then renamed).
 */
export async function writeOutput(path: string, data: Uint8Array, force: boolean): Promise<WriteOutcome> {
  let existing: Buffer | null = null;
  try {
    existing = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing && Buffer.compare(existing, data) === 0) return 'unchanged';
  if (existing && !force) return 'exists';
  await mkdir(dirname(path), { recursive: true });
  // The temporary name is random, but it never reaches the output: only the final name does.
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
  return 'written';
}
