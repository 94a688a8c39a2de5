/**
 * The archive's few file operations, each durable: the data is flushed to disk (fsync) before it
 * gets its final name, the name is given without replacing anything (a hard link fails when the
 * name exists), and the directory is flushed so the name survives a power cut.
 *
 * src/node/write.ts is the report command's writer (whole-or-nothing by rename, no fsync); the
 * archive needs the stronger guarantees and its own leftover names, so it has these.
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** `.NAME.PID-RANDOM.tmp`: a name that is never a final name, and whose run is known. */
export function tempName(final: string): string {
  return `.${final}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

const TEMP = /^\.(.+)\.(\d+)-[0-9a-f]{12}\.tmp$/;

/** The final name a temporary file was made for, or null when `name` is not one of ours. */
export function tempTarget(name: string): string | null {
  return TEMP.exec(name)?.[1] ?? null;
}

/** Flushes a directory's entries (new, renamed and removed names) to disk. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeTemp(dir: string, final: string, data: Uint8Array | string): Promise<string> {
  const temp = join(dir, tempName(final));
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

export class ExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} exists`);
  }
}

/**
 * Writes `dir/name`, which must not exist, whole and durably. Returns the temporary name, which
 * stays as a second link to the same file until the caller has recorded the file (in the
 * manifest) and calls `dropTemp`: a run killed in between leaves that pair, which tells the next
 * run and `verify` that the file was never recorded.
 */
export async function writeNew(dir: string, name: string, data: Uint8Array): Promise<string> {
  const temp = await writeTemp(dir, name, data);
  const final = join(dir, name);
  try {
    await link(temp, final);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      await unlink(temp).catch(() => undefined);
      throw new ExistsError(final);
    }
    // A file system without hard links: rename, having checked the name is free (the run's lock
    // keeps other runs of this tool out meanwhile).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    if (await exists(final)) {
      await unlink(temp).catch(() => undefined);
      throw new ExistsError(final);
    }
    await rename(temp, final);
    await fsyncDir(dir);
    return '';
  }
  await fsyncDir(dir);
  return temp;
}

/** Removes the temporary second name of a file written by `writeNew`. */
export async function dropTemp(temp: string): Promise<void> {
  if (temp === '') return;
  await unlink(temp).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Replaces `dir/name` (or creates it) whole and durably: temp file, fsync, rename, fsync dir. */
export async function replaceFile(dir: string, name: string, data: Uint8Array | string): Promise<void> {
  const temp = await writeTemp(dir, name, data);
  try {
    await rename(temp, join(dir, name));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(dir);
}

/** Creates `parent/name` if missing and flushes the parent, so the folder survives a crash. */
export async function mkdirDurable(parent: string, name: string): Promise<void> {
  try {
    await mkdir(join(parent, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  await fsyncDir(parent);
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
