// writeOutputs: never replaces silently (also when another run races us), all or nothing over
// several files, file system faults as WriteError naming the directory, stale temporaries cleaned.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTemps, WriteError, writeOutputs } from '../src/node/write.js';

const root = mkdtempSync(join(tmpdir(), 'kr-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(root, `d${n++}`);
  mkdirSync(d);
  return d;
};
const bytes = (s: string) => new TextEncoder().encode(s);
const visible = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
const isRoot = process.getuid?.() === 0;

describe('writeOutputs', () => {
  it('writes every file, then leaves same bytes alone and keeps other bytes without force', async () => {
    const dir = fresh();
    const files = [
      { path: join(dir, 'a.pdf'), bytes: bytes('A') },
      { path: join(dir, 'a.docx'), bytes: bytes('B') },
    ];
    expect(await writeOutputs(files, false)).toEqual(['written', 'written']);
    expect(await writeOutputs(files, false)).toEqual(['unchanged', 'unchanged']);
    expect(await writeOutputs([{ ...files[0]!, bytes: bytes('A2') }], false)).toEqual(['exists']);
    expect(readFileSync(files[0]!.path, 'utf8')).toBe('A');
    expect(await writeOutputs([{ ...files[0]!, bytes: bytes('A2') }], true)).toEqual(['written']);
    expect(readFileSync(files[0]!.path, 'utf8')).toBe('A2');
    expect(readdirSync(dir).sort()).toEqual(['a.docx', 'a.pdf']);
  });

  it('all or nothing: when the DOCX would be refused, the PDF is not written either', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'r.docx'), 'old');
    const out = await writeOutputs(
      [
        { path: join(dir, 'r.pdf'), bytes: bytes('new pdf') },
        { path: join(dir, 'r.docx'), bytes: bytes('new docx') },
      ],
      false,
    );
    expect(out).toEqual(['skipped', 'exists']);
    expect(readdirSync(dir)).toEqual(['r.docx']);
    expect(readFileSync(join(dir, 'r.docx'), 'utf8')).toBe('old');
  });

  it('two writers racing for one name: one file, one refusal (the link fails, nothing is replaced)', async () => {
    const dir = fresh();
    const path = join(dir, 'race.pdf');
    // Both pass the existence check, then wait at the link until both have checked.
    let arrived = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const beforeLink = async () => {
      if (++arrived === 2) release();
      await gate;
    };
    const [a, b] = await Promise.all([writeOutputs([{ path, bytes: bytes('first') }], false, { beforeLink }), writeOutputs([{ path, bytes: bytes('second') }], false, { beforeLink })]);
    expect([a[0], b[0]].sort()).toEqual(['raced', 'written']);
    const winner = a[0] === 'written' ? 'first' : 'second';
    expect(readFileSync(path, 'utf8')).toBe(winner);
    expect(readdirSync(dir)).toEqual(['race.pdf']);
  });

  it('a race lost on the second file takes back the first: still all or nothing', async () => {
    const dir = fresh();
    const pdf = join(dir, 'x.pdf');
    const docx = join(dir, 'x.docx');
    const out = await writeOutputs(
      [
        { path: pdf, bytes: bytes('pdf') },
        { path: docx, bytes: bytes('docx') },
      ],
      false,
      { beforeLink: async () => writeFileSync(docx, 'someone else') },
    );
    expect(out).toEqual(['skipped', 'raced']);
    expect(existsSync(pdf)).toBe(false);
    expect(readFileSync(docx, 'utf8')).toBe('someone else');
    expect(readdirSync(dir)).toEqual(['x.docx']);
  });

  it('file system faults are WriteError with the directory: not a directory, permission denied', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'plain'), 'x');
    const notDir = await writeOutputs([{ path: join(dir, 'plain', 'r.pdf'), bytes: bytes('x') }], false).catch((e: unknown) => e);
    expect(notDir).toBeInstanceOf(WriteError);
    expect((notDir as WriteError).code).toBe('ENOTDIR');
    expect((notDir as WriteError).dir).toBe(join(dir, 'plain'));
    if (!isRoot) {
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      const denied = await writeOutputs([{ path: join(locked, 'r.pdf'), bytes: bytes('x') }], false).catch((e: unknown) => e);
      chmodSync(locked, 0o700);
      expect(denied).toBeInstanceOf(WriteError);
      expect((denied as WriteError).code).toBe('EACCES');
      expect((denied as WriteError).dir).toBe(locked);
      expect(readdirSync(locked)).toEqual([]);
    }
  });

  it('stale temporaries of ours (older than a minute) are removed; young ones and other files stay', async () => {
    const dir = fresh();
    const old = join(dir, '.r.pdf.kr-0123456789ab.tmp');
    const young = join(dir, '.r.pdf.kr-ba9876543210.tmp');
    const foreign = join(dir, '.r.pdf.0123456789ab.tmp');
    for (const p of [old, young, foreign]) writeFileSync(p, 'x');
    const past = (Date.now() - 120_000) / 1000;
    utimesSync(old, past, past);
    utimesSync(foreign, past, past);
    await writeOutputs([{ path: join(dir, 'r.pdf'), bytes: bytes('x') }], false);
    expect(readdirSync(dir).sort()).toEqual(['.r.pdf.0123456789ab.tmp', '.r.pdf.kr-ba9876543210.tmp', 'r.pdf'].sort());
    expect(await removeStaleTemps(dir, Date.now() + 120_000)).toEqual([young]);
    expect(visible(dir)).toEqual(['r.pdf']);
  });
});
