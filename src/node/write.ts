import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * `written`: the file is there now, made by this call. `unchanged`: it was there with the same bytes.
 * `exists`: it was there with other bytes and is kept (no `force`). `raced`: it was absent when
 * checked but another process created it before ours could be put in place; theirs is kept.
 * `skipped`: not written because another file of the same call was refused (all or nothing).
 */
export type WriteOutcome = 'written' | 'unchanged' | 'exists' | 'raced' | 'skipped';

/** A file system fault while writing: the user's environment, not our bug. */
export class WriteError extends Error {
  constructor(
    /** errno code: EACCES, EPERM, ENOSPC, EDQUOT, ENOTDIR, EROFS, EEXIST (a file where the directory should be), … */
    readonly code: string,
    /** The directory that could not be written (or created). */
    readonly dir: string,
    readonly path: string,
  ) {
    super(`${code}: ${dir}`);
  }
}

export interface OutputFile {
  path: string;
  bytes: Uint8Array;
}

export interface WriteHooks {
  /** Called after the temporary files are written, before any is linked into place (tests inject a delay here). */
  beforeLink?: () => Promise<void>;
}

/** Temporary files are `.<name>.kr-<12 hex>.tmp` beside the target; nothing else is ever cleaned up. */
const TEMP_RE = /^\..+\.kr-[0-9a-f]{12}\.tmp$/;
const STALE_MS = 60_000;

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.kr-${randomBytes(6).toString('hex')}.tmp`);
}

function errno(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'EIO';
}

/** Delay for the race tests, from the environment of a test run; 0 otherwise. */
function envDelay(): number {
  const ms = Number(process.env.KUNTARAPORTTI_TEST_LINK_DELAY_MS ?? 0);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

async function existing(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (errno(error) === 'ENOENT') return null;
    // A directory where the file should be, or a parent that is a file: the caller names the directory.
    throw new WriteError(errno(error), dirname(path), path);
  }
}

/**
 * Removes temporary files of ours (TEMP_RE) older than a minute: those of a run that was killed.
 * A younger one may belong to a run in progress. Failures are ignored: cleaning is a courtesy.
 */
export async function removeStaleTemps(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!TEMP_RE.test(name)) continue;
    const path = join(dir, name);
    try {
      const s = await stat(path);
      if (!s.isFile() || now - s.mtimeMs < STALE_MS) continue;
      await unlink(path);
      removed.push(path);
    } catch {
      // Gone already (another run cleaned it) or not ours to remove.
    }
  }
  return removed;
}

/** Puts `temp` at `path` only if `path` does not exist: link() fails with EEXIST, atomically. */
async function linkIntoPlace(temp: string, path: string): Promise<'linked' | 'raced'> {
  try {
    await link(temp, path);
    return 'linked';
  } catch (error) {
    const code = errno(error);
    if (code === 'EEXIST') return 'raced';
    // File systems without hard links (FAT, some network shares): exclusive copy, still never replacing.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK') {
      try {
        await copyFile(temp, path, constants.COPYFILE_EXCL);
        return 'linked';
      } catch (copyError) {
        if (errno(copyError) === 'EEXIST') return 'raced';
        throw new WriteError(errno(copyError), dirname(path), path);
      }
    }
    throw new WriteError(code, dirname(path), path);
  }
}

/**
 * Writes several report files as one: either every file that needs writing is written, or none is.
 * An existing file with the same bytes is left alone (`unchanged`); one with other bytes is kept
 * unless `force` (`exists`), and then nothing of this call is written (`skipped` for the others).
 * Each file is written to a temporary name, and linked into place only after all are written, so a
 * file appears whole or not at all; the link fails if the name appeared meanwhile (another run),
 * which is refused as `raced`, and the files this call had already put in place are taken back.
 * With `force`, existing files are replaced by rename (still whole). File system faults throw
 * `WriteError` naming the directory.
 */
export async function writeOutputs(files: readonly OutputFile[], force: boolean, hooks: WriteHooks = {}): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (const f of files) {
    const old = await existing(f.path);
    outcomes.push(old === null ? 'written' : Buffer.compare(old, f.bytes) === 0 ? 'unchanged' : force ? 'written' : 'exists');
  }
  if (outcomes.includes('exists')) return outcomes.map((o) => (o === 'exists' ? 'exists' : 'skipped'));

  const dirs = [...new Set(files.map((f) => dirname(f.path)))];
  for (const dir of dirs) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new WriteError(errno(error), dir, dir);
    }
    await removeStaleTemps(dir);
  }

  const temps = new Map<number, string>();
  const placed: number[] = [];
  try {
    for (const [i, f] of files.entries()) {
      if (outcomes[i] !== 'written') continue;
      const temp = tempName(f.path);
      temps.set(i, temp);
      try {
        await writeFile(temp, f.bytes, { flag: 'wx' });
      } catch (error) {
        throw new WriteError(errno(error), dirname(f.path), f.path);
      }
    }
    await hooks.beforeLink?.();
    const delay = envDelay();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    for (const [i, temp] of temps) {
      const path = files[i]!.path;
      if (force) {
        try {
          await rename(temp, path);
        } catch (error) {
          throw new WriteError(errno(error), dirname(path), path);
        }
        placed.push(i);
        continue;
      }
      if ((await linkIntoPlace(temp, path)) === 'raced') {
        // Someone else's file now has the name: keep theirs, and take back what this call placed.
        for (const j of placed) await rm(files[j]!.path, { force: true });
        return outcomes.map((o, j) => (j === i ? 'raced' : o === 'unchanged' ? 'unchanged' : 'skipped'));
      }
      placed.push(i);
    }
    return outcomes;
  } catch (error) {
    if (!force) for (const j of placed) await rm(files[j]!.path, { force: true });
    throw error;
  } finally {
    for (const temp of temps.values()) await rm(temp, { force: true });
  }
}

/** One file: `writeOutputs` for a single path. */
export async function writeOutput(path: string, data: Uint8Array, force: boolean): Promise<WriteOutcome> {
  return (await writeOutputs([{ path, bytes: data }], force))[0]!;
}
