/**
 * One archive run at a time per root: ROOT/.kuntaraportti-archive.lock names its owner (pid, host,
 * boot). A second run waits for it to go; a lock whose owner is gone (no such process, or a
 * machine since rebooted) is taken over. The lock appears whole: it is written under a temporary
 * name and linked into place, which fails when a lock is already there.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tempName } from './durable.js';

export const LOCK_NAME = '.kuntaraportti-archive.lock';

export interface LockOwner {
  pid: number;
  host: string;
  bootId: string;
  startedAt: string;
  token: string;
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || typeof o.token !== 'string') return null;
    return { pid: o.pid, host: String(o.host ?? ''), bootId: String(o.bootId ?? ''), startedAt: String(o.startedAt ?? ''), token: o.token };
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock may still be running. */
export function ownerAlive(owner: LockOwner, self: { pid: number; host: string; bootId: string }): boolean {
  // Another machine's process cannot be asked: assume it runs (a shared root is its admin's call).
  if (owner.host !== self.host) return true;
  if (owner.bootId && self.bootId && owner.bootId !== self.bootId) return false;
  // Our own pid in a lock we did not take (a container's pid 1 again, after a crash): gone.
  if (owner.pid === self.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LockBusyError extends Error {
  constructor(
    readonly owner: LockOwner,
    readonly path: string,
  ) {
    super(`${path}: pid ${owner.pid}`);
  }
}

export interface Lock {
  owner: LockOwner;
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another run; 0 gives up at once. */
  waitMs: number;
  /** Called once when the lock is held by a live run and we start waiting. */
  onWait?: (owner: LockOwner) => void;
  /** Called when a dead run's lock is taken over. */
  onTakeover?: (owner: LockOwner) => void;
  pollMs?: number;
  /** The run's one clock reading, recorded as when the lock was taken. */
  now: Date;
}

export async function acquireLock(root: string, options: LockOptions): Promise<Lock> {
  const path = join(root, LOCK_NAME);
  const self = { pid: process.pid, host: hostname(), bootId: bootId() };
  const owner: LockOwner = { ...self, startedAt: options.now.toISOString(), token: randomBytes(8).toString('hex') };
  const text = `${JSON.stringify(owner)}\n`;
  // Counted in polls, not read from a clock: the run's date is the tool's only clock reading.
  const pollMs = options.pollMs ?? 200;
  let polls = Math.ceil(options.waitMs / pollMs);
  let waited = false;
  for (;;) {
    const temp = join(root, tempName(LOCK_NAME));
    await writeFile(temp, text, { flag: 'wx' });
    try {
      await link(temp, path);
      await unlink(temp);
      return { owner, release: () => release(path, owner) };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await readOwner(path);
    if (current === 'gone') continue;
    if (current === null || !ownerAlive(current, self)) {
      if (await takeOver(path, current)) {
        if (current) options.onTakeover?.(current);
        continue;
      }
    } else {
      if (polls-- <= 0) throw new LockBusyError(current, path);
      if (!waited) options.onWait?.(current);
      waited = true;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function readOwner(path: string): Promise<LockOwner | null | 'gone'> {
  try {
    return parseOwner(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
}

/**
 * Moves a dead owner's lock aside. The rename is atomic, but between reading the lock and renaming
 * it another run may have taken it over and written its own: then what was moved is put back.
 */
async function takeOver(path: string, dead: LockOwner | null): Promise<boolean> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  const moved = parseOwner(await readFile(aside, 'utf8').catch(() => ''));
  const same = dead === null ? moved === null : moved !== null && moved.token === dead.token;
  if (!same) {
    // Someone else's fresh lock: back where it was (link: never over a third run's lock).
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
  return same;
}

async function release(path: string, owner: LockOwner): Promise<void> {
  const current = await readOwner(path);
  if (current !== 'gone' && current !== null && current.token === owner.token) await unlink(path).catch(() => undefined);
}
