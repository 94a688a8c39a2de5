// The archive as the scheduled job runs it: the built command (dist/cli.js) in its own process,
// with worker threads, killed with SIGKILL mid-run, and two runs started at once.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTable } from '../scripts/generate-table.mjs';
import { parseManifest } from '../src/archive/manifest.js';
import { acquireLock, LockBusyError, LOCK_NAME } from '../src/node/archive/lock.js';
import { CLI_JS, ROOT, SAMPLE, tempDir } from './helpers/e2e.js';

const CHECKER = resolve(ROOT, '..', 'shared', 'tools', 'check_pdfua.py');
const SETTINGS = { organisation: { name: 'Tuusulan kunta' }, reportDate: '2026-03-31' };

function setup(jobs: { name: string; input: string }[], tables: Record<string, string | Uint8Array>): { dir: string; config: string; root: string; month: string } {
  const dir = tempDir('archive-crash');
  mkdirSync(join(dir, 'exports'));
  for (const [name, data] of Object.entries(tables)) writeFileSync(join(dir, 'exports', name), data);
  const config = join(dir, 'archive.json');
  writeFileSync(config, JSON.stringify({ root: 'root', jobs: jobs.map((j) => ({ ...j, settings: SETTINGS })) }));
  return { dir, config, root: join(dir, 'root'), month: join(dir, 'root', '2026', '03') };
}

function start(config: string, ...extra: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI_JS, 'archive', 'run', '--config', config, '--month', '2026-03', '--lang', 'en', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

function verify(root: string): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [CLI_JS, 'archive', 'verify', root, '--lang', 'en'], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout + r.stderr };
}

function listed(month: string): string[] {
  const path = join(month, 'manifest.json');
  if (!existsSync(path)) return [];
  const parsed = parseManifest(readFileSync(path, 'utf8'));
  if ('errors' in parsed) throw new Error(`manifest does not parse: ${parsed.errors.join('; ')}`);
  return parsed.manifest.files.map((f) => f.file).sort();
}

/** What must hold after any kill: every listed file whole, every final PDF listed or an unrecorded twin. */
function expectConsistent(root: string, month: string): void {
  // Killed before it made the root: nothing was written at all.
  if (!existsSync(root)) return;
  const v = verify(root);
  expect(v.code, v.stdout).toBe(0);
  for (const name of listed(month)) {
    const info = spawnSync('pdfinfo', [join(month, name)], { encoding: 'utf8' });
    expect(info.status, `${name}: ${info.stderr}`).toBe(0);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, ms: number): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > ms) throw new Error('timed out');
    await sleep(10);
  }
}

describe('archive run killed with SIGKILL', () => {
  it('in the middle of a large job: the root verifies, and the next run completes it', async () => {
    const env = setup(
      [
        { name: 'suuri', input: 'exports/large.tsv' },
        { name: 'a', input: 'exports/a.tsv' },
        { name: 'b', input: 'exports/b.tsv' },
      ],
      { 'large.tsv': generateTable(3000), 'a.tsv': readFileSync(SAMPLE), 'b.tsv': readFileSync(SAMPLE) },
    );
    const run = start(env.config, '--jobs', '2');
    // The small jobs are done and recorded while the large one renders.
    await until(() => listed(env.month).length === 2, 90_000);
    expect(listed(env.month)).toEqual(['a-2026-03.pdf', 'b-2026-03.pdf']);
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(env.month).filter((n) => n.startsWith('suuri'))).toEqual([]);
    // The dead run's lock is still there; verify notes it, and accepts the root.
    expect(existsSync(join(env.root, LOCK_NAME))).toBe(true);
    expectConsistent(env.root, env.month);

    const next = await start(env.config, '--jobs', '2').done;
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/the lock of an earlier run \(pid \d+\) was left behind and that run is gone; the lock was taken over/);
    expect(next.stdout).toMatch(/written: suuri\s+2026\/03\/suuri-2026-03\.pdf/);
    expect(next.stdout).toMatch(/total: 1 written, 0 new version, 2 unchanged, 0 failed/);
    expect(readdirSync(env.month).sort()).toEqual(['a-2026-03.pdf', 'b-2026-03.pdf', 'manifest.json', 'suuri-2026-03.pdf']);
    expect(existsSync(join(env.root, LOCK_NAME))).toBe(false);
    const v = verify(env.root);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe('1 manifests, 3 files checked: all in order');
  }, 240_000);

  it('at other moments too: after each kill the root verifies; the run after them completes', async () => {
    const sample = readFileSync(SAMPLE);
    const env = setup(
      // One input for all: the name of the job is not in the PDF, so their bytes must be equal.
      ['a', 'b', 'c', 'd'].map((n) => ({ name: n, input: 'exports/kunta.tsv' })),
      { 'kunta.tsv': sample },
    );
    // Each run is killed at a later stage than the one before: before it made anything, when
    // the month folder appears, when a PDF first has its final name (before or just after the
    // manifest lists it), and after one, two and three files are recorded.
    const pdfs = () => (existsSync(env.month) ? readdirSync(env.month).filter((n) => n.endsWith('.pdf') && !n.startsWith('.')).length : 0);
    const stages: (() => boolean)[] = [() => true, () => existsSync(env.month), () => pdfs() > 0, () => listed(env.month).length >= 1, () => listed(env.month).length >= 2, () => listed(env.month).length >= 3];
    const seen: number[] = [];
    for (const stage of stages) {
      const run = start(env.config, '--jobs', '2');
      let exited = false;
      void run.done.then(() => (exited = true));
      await until(() => exited || stage(), 90_000).catch(() => undefined);
      run.child.kill('SIGKILL');
      await run.done;
      expectConsistent(env.root, env.month);
      seen.push(listed(env.month).length);
    }
    // The kills fell at different stages: before anything was recorded, and part-way through.
    expect(seen[0]).toBe(0);
    expect(seen.some((n) => n > 0 && n < 4), seen.join(',')).toBe(true);
    const last = await start(env.config, '--jobs', '2').done;
    expect(last.code, last.stderr).toBe(0);
    expect(listed(env.month)).toEqual(['a-2026-03.pdf', 'b-2026-03.pdf', 'c-2026-03.pdf', 'd-2026-03.pdf']);
    expect(readdirSync(env.month).sort()).toEqual(['a-2026-03.pdf', 'b-2026-03.pdf', 'c-2026-03.pdf', 'd-2026-03.pdf', 'manifest.json']);
    // Killed runs never made a second version of anything.
    expect(last.stdout).not.toMatch(/new version: [a-d] /);
    expect(verify(env.root).code).toBe(0);
    // Same source and settings, made by different workers in different runs: the same bytes.
    const bytes = ['a', 'b', 'c', 'd'].map((n) => readFileSync(join(env.month, `${n}-2026-03.pdf`)));
    for (const b of bytes) expect(b.equals(bytes[0]!)).toBe(true);
    const check = spawnSync('python3', [CHECKER, '--require-ua', join(env.month, 'a-2026-03.pdf')], { encoding: 'utf8' });
    expect(check.status, check.stdout).toBe(0);
  }, 240_000);
});

describe('two archive runs at once', () => {
  it('the second waits for the first, then finds everything done; nothing is written twice', async () => {
    const sample = readFileSync(SAMPLE);
    const env = setup(
      [
        { name: 'iso', input: 'exports/iso.tsv' },
        { name: 'a', input: 'exports/a.tsv' },
        { name: 'b', input: 'exports/b.tsv' },
      ],
      { 'iso.tsv': generateTable(800), 'a.tsv': sample, 'b.tsv': sample },
    );
    const [one, two] = await Promise.all([start(env.config, '--jobs', '2').done, start(env.config, '--jobs', '2').done]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const written = (s: string) => Number(/total: (\d+) written/.exec(s)![1]);
    expect(written(one.stdout) + written(two.stdout)).toBe(3);
    expect(`${one.stderr}${two.stderr}`).toMatch(/waiting for another run to finish \(pid \d+/);
    expect(readdirSync(env.month).sort()).toEqual(['a-2026-03.pdf', 'b-2026-03.pdf', 'iso-2026-03.pdf', 'manifest.json']);
    expect(listed(env.month)).toEqual(['a-2026-03.pdf', 'b-2026-03.pdf', 'iso-2026-03.pdf']);
    expect(verify(env.root).code).toBe(0);
  }, 240_000);

  it('with --wait 0 the second exits 1 at once with a message naming the run that holds the root', async () => {
    const env = setup([{ name: 'iso', input: 'exports/iso.tsv' }], { 'iso.tsv': generateTable(1500) });
    const first = start(env.config, '--jobs', '1');
    await until(() => existsSync(join(env.root, LOCK_NAME)), 30_000);
    const second = await start(env.config, '--wait', '0').done;
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`another run is using the archive \\(pid ${first.child.pid}, .*\\); lock .*${LOCK_NAME.replace('.', '\\.')}; this run stopped waiting`));
    expect((await first.done).code).toBe(0);
    expect(verify(env.root).code).toBe(0);
  }, 240_000);
});

describe('the root lock', () => {
  it('is taken over when its owner is gone, waits for a live one, and is released only by its owner', async () => {
    const root = tempDir('lock');
    const now = new Date('2026-03-01T00:05:00');
    // A pid that surely is gone: a child that has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(root, LOCK_NAME), JSON.stringify({ pid: Number(gone.stdout), host: (await import('node:os')).hostname(), bootId: '', startedAt: 'x', token: 'dead' }));
    const taken: number[] = [];
    const lock = await acquireLock(root, { now, waitMs: 0, onTakeover: (o) => taken.push(o.pid) });
    expect(taken).toEqual([Number(gone.stdout)]);
    expect(JSON.parse(readFileSync(join(root, LOCK_NAME), 'utf8'))).toMatchObject({ pid: process.pid, startedAt: now.toISOString() });

    // A live owner (a sleeping child) is waited for, then given up on.
    await lock.release();
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(root, LOCK_NAME), JSON.stringify({ pid: sleeper.pid, host: (await import('node:os')).hostname(), bootId: '', startedAt: 'x', token: 'alive' }));
      const waits: number[] = [];
      await expect(acquireLock(root, { now, waitMs: 300, pollMs: 50, onWait: (o) => waits.push(o.pid) })).rejects.toBeInstanceOf(LockBusyError);
      expect(waits).toEqual([sleeper.pid]);
      // Releasing a lock we do not own leaves it.
      await lock.release();
      expect(JSON.parse(readFileSync(join(root, LOCK_NAME), 'utf8')).token).toBe('alive');
      // A previous boot's process is gone whatever its pid.
      writeFileSync(join(root, LOCK_NAME), JSON.stringify({ pid: sleeper.pid, host: (await import('node:os')).hostname(), bootId: 'another-boot', startedAt: 'x', token: 'old' }));
      const again = await acquireLock(root, { now, waitMs: 0 });
      await again.release();
      expect(existsSync(join(root, LOCK_NAME))).toBe(false);
    } finally {
      sleeper.kill();
    }
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('archive run output', () => {
  it('shows a progress line on a terminal only; the summary goes to stdout either way', async () => {
    const sample = readFileSync(SAMPLE);
    const env = setup([{ name: 'a', input: 'exports/a.tsv' }, { name: 'b', input: 'exports/a.tsv' }], { 'a.tsv': sample });
    const piped = await start(env.config, '--dry-run').done;
    expect(piped.stderr).not.toContain('\r');
    expect(piped.stdout).toMatch(/would write: a/);
    // util-linux `script` runs the command on a pseudo-terminal.
    const cmd = [process.execPath, CLI_JS, 'archive', 'run', '--config', env.config, '--month', '2026-03', '--lang', 'en'].map((a) => `'${a}'`).join(' ');
    const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' });
    expect(tty.status, tty.stdout).toBe(0);
    expect(tty.stdout).toContain('\r\x1b[K1/2 done');
    // The line is cleared before the summary.
    expect(tty.stdout).toContain('\r\x1b[K2/2 done\r\x1b[Karchive ');
    expect(tty.stdout).toMatch(/total: 2 written/);
  }, 120_000);
});
