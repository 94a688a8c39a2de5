/**
 * `archive verify ROOT`: every file the manifests list is rehashed; files missing or changed,
 * files no manifest lists, and manifests that do not parse are problems (exit 1). What an
 * interrupted run leaves (temporary files, a file written but not yet recorded, which the next run
 * cleans up) and a lock are notes: the archive itself is intact.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Lang } from '../../diagnostics.js';
import { parseManifest } from '../../archive/manifest.js';
import { tempTarget } from './durable.js';
import { LOCK_NAME } from './lock.js';
import { leftovers, MANIFEST } from './run.js';

export type ProblemKind = 'missing' | 'changed' | 'unlisted' | 'manifest';
export interface VerifyProblem {
  kind: ProblemKind;
  /** Relative to the root. */
  path: string;
  detail?: string;
}
export type NoteKind = 'leftover' | 'unrecorded' | 'lock';
export interface VerifyNote {
  kind: NoteKind;
  path: string;
  detail?: string;
}
export interface VerifyResult {
  root: string;
  manifests: number;
  files: number;
  problems: VerifyProblem[];
  notes: VerifyNote[];
}

async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export async function verifyArchive(root: string, lang: Lang = 'fi'): Promise<VerifyResult> {
  const result: VerifyResult = { root, manifests: 0, files: 0, problems: [], notes: [] };
  const rel = (p: string) => relative(root, p) || '.';
  const problem = (kind: ProblemKind, path: string, detail?: string) => result.problems.push({ kind, path: rel(path), ...(detail ? { detail } : {}) });
  const note = (kind: NoteKind, path: string, detail?: string) => result.notes.push({ kind, path: rel(path), ...(detail ? { detail } : {}) });

  const top = (await readdir(root, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const y of top) {
    const path = join(root, y.name);
    if (y.name === LOCK_NAME) {
      note('lock', path, (await readFile(path, 'utf8').catch(() => '')).trim());
      continue;
    }
    if (tempTarget(y.name) === LOCK_NAME || y.name.startsWith(`${LOCK_NAME}.stale-`)) {
      note('leftover', path);
      continue;
    }
    if (!y.isDirectory() || !/^\d{4}$/.test(y.name)) {
      problem('unlisted', path);
      continue;
    }
    const months = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const m of months) {
      const dir = join(path, m.name);
      if (!m.isDirectory() || !/^\d{2}$/.test(m.name)) {
        problem('unlisted', dir);
        continue;
      }
      await verifyMonth(dir, `${y.name}-${m.name}`);
    }
  }
  return result;

  async function verifyMonth(dir: string, month: string): Promise<void> {
    const names = (await readdir(dir)).sort();
    let listed: Set<string> | null = new Set();
    if (names.includes(MANIFEST)) {
      result.manifests++;
      const path = join(dir, MANIFEST);
      const st = await lstat(path);
      const parsed = st.isFile() ? parseManifest(await readFile(path, 'utf8'), lang) : { errors: ['not a regular file'] };
      if ('errors' in parsed) {
        problem('manifest', path, parsed.errors.join('; '));
        listed = null;
      } else {
        if (parsed.manifest.month !== month) problem('manifest', path, `month ${parsed.manifest.month} ≠ ${month}`);
        for (const entry of parsed.manifest.files) {
          listed.add(entry.file);
          const file = join(dir, entry.file);
          const fst = await lstat(file).catch(() => null);
          if (!fst) {
            problem('missing', file);
            continue;
          }
          result.files++;
          if (!fst.isFile()) {
            problem('changed', file, 'not a regular file');
            continue;
          }
          const actual = await hashFile(file);
          if (actual.size !== entry.size || actual.sha256 !== entry.sha256) problem('changed', file, `sha256 ${actual.sha256} (${actual.size} B) ≠ ${entry.sha256} (${entry.size} B)`);
        }
      }
    }
    const temps = await leftovers(dir, listed);
    const explained = new Set<string>();
    for (const t of temps) {
      explained.add(t.temp);
      note('leftover', t.temp);
      if (t.orphan) {
        explained.add(t.orphan);
        note('unrecorded', t.orphan);
      }
    }
    if (listed === null) return;
    for (const name of names) {
      const path = join(dir, name);
      if (name === MANIFEST || listed.has(name) || explained.has(path)) continue;
      problem('unlisted', path);
    }
  }
}
