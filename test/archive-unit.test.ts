// The archive's pure rules (config, names, globs, plans, manifest) and its durable file operations.
import { linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveFileName, canonicalJson, globToRegExp, newestMatch, parseArchiveConfig, parseMonth, planJob } from '../src/archive/config.js';
import { emptyManifest, parseManifest, serializeManifest } from '../src/archive/manifest.js';
import { dropTemp, ExistsError, mkdirDurable, replaceFile, tempName, tempTarget, writeNew } from '../src/node/archive/durable.js';
import { leftovers } from '../src/node/archive/run.js';
import { tempDir } from './helpers/e2e.js';

describe('archive config', () => {
  const ok = { root: 'r', jobs: [{ name: 'tuusula', input: 'x.tsv' }] };
  it('accepts a minimal config and the folder + glob form', () => {
    expect('config' in parseArchiveConfig(ok)).toBe(true);
    expect('config' in parseArchiveConfig({ root: 'r', jobs: [{ name: 'a.b_c-1', input: { folder: 'e', glob: '*.xlsx' }, template: 'arkisto', settings: { lang: 'sv' }, pdfa: '2b' }] })).toBe(true);
  });

  it.each([['../x'], ['..'], ['a/b'], ['a\\b'], ['/abs'], ['.hidden'], [''], ['a..b'], ['x'.repeat(101)], ['ä']])('refuses the job name %j, naming the field', (name) => {
    const r = parseArchiveConfig({ root: 'r', jobs: [{ name, input: 'x' }] }, 'en');
    expect('errors' in r && r.errors.join('\n')).toMatch(/^jobs\[0\]\.name: a job name may contain only/);
  });

  it('names each bad field, and a name used twice (in any case)', () => {
    const r = parseArchiveConfig({ root: 'r', jobs: [{ name: 'A', input: 'x' }, { name: 'a', input: 'y' }] }, 'en');
    expect('errors' in r && r.errors).toEqual(['jobs[1].name: job name "a" is already used by another job (given: "a")']);
    const r2 = parseArchiveConfig({ jobs: [], extra: 1 }, 'en');
    expect('errors' in r2 && r2.errors).toEqual(['root: must be a string (missing)', 'jobs: must not be empty (given: [])', 'extra: unknown field "extra"']);
  });
});

describe('months, names, globs', () => {
  it('parses YYYY-MM only', () => {
    expect(parseMonth('2026-03')).toEqual({ year: 2026, month: 3 });
    for (const bad of ['2026-3', '2026-13', '2026-00', '26-03', '2026-03-01', '']) expect(parseMonth(bad), bad).toBeNull();
  });

  it('names the first version plainly and later ones -vN', () => {
    expect(archiveFileName('tuusula', { year: 2026, month: 3 }, 1)).toBe('tuusula-2026-03.pdf');
    expect(archiveFileName('tuusula', { year: 2026, month: 3 }, 3)).toBe('tuusula-2026-03-v3.pdf');
  });

  it('matches globs like a shell, in one folder', () => {
    const m = (g: string, n: string) => globToRegExp(g).test(n);
    expect(m('*.tsv', 'a.tsv')).toBe(true);
    expect(m('*.tsv', '.a.tsv')).toBe(false);
    expect(m('*.tsv', 'a.tsv.bak')).toBe(false);
    expect(m('vienti-????-??.{tsv,xlsx}', 'vienti-2026-03.xlsx')).toBe(true);
    expect(m('vienti-[0-9]*.csv', 'vienti-x.csv')).toBe(false);
    expect(m('[!a]*', 'b')).toBe(true);
    expect(m('a+b(1).tsv', 'a+b(1).tsv')).toBe(true);
  });

  it('takes the newest match, the last name of equal times, whatever the listing order', () => {
    const files = [
      { name: 'b.tsv', mtimeMs: 2 },
      { name: 'c.tsv', mtimeMs: 2 },
      { name: 'z.csv', mtimeMs: 9 },
      { name: 'a.tsv', mtimeMs: 1 },
    ];
    expect(newestMatch(files, '*.tsv')!.name).toBe('c.tsv');
    expect(newestMatch([...files].reverse(), '*.tsv')!.name).toBe('c.tsv');
    expect(newestMatch(files, '*.xlsx')).toBeNull();
  });
});

describe('plans and the manifest', () => {
  const month = { year: 2026, month: 3 };
  const e = (job: string, version: number, jobHash: string) => ({ job, version, jobHash, file: archiveFileName(job, month, version) });
  it('is unchanged for a hash already archived, else the next version', () => {
    expect(planJob([], 'a', 'h1', month)).toEqual({ kind: 'write', file: 'a-2026-03.pdf', version: 1 });
    const entries = [e('a', 1, 'h1'), e('a', 2, 'h2'), e('b', 1, 'h3')];
    expect(planJob(entries, 'a', 'h1', month)).toEqual({ kind: 'unchanged', file: 'a-2026-03.pdf', version: 1 });
    expect(planJob(entries, 'a', 'h9', month)).toEqual({ kind: 'write', file: 'a-2026-03-v3.pdf', version: 3 });
    // Another job's hash is not this job's.
    expect(planJob(entries, 'a', 'h3', month).kind).toBe('write');
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });

  it('round-trips, and refuses a file name that leaves the folder or is listed twice', () => {
    const entry = { file: 'a-2026-03.pdf', job: 'a', version: 1, sha256: 'a'.repeat(64), size: 1, source: { name: 's.tsv', sha256: 'b'.repeat(64), size: 2 }, template: 'arkisto', settings: {}, pdfa: '3b' as const, reportDate: '2026-03-31', reportDateFrom: 'settings' as const, toolVersion: 'kuntaraportti 0.1.0', archivedAt: '2026-03-31T00:00:00.000Z', jobHash: 'c'.repeat(64) };
    const m = { ...emptyManifest('2026-03'), files: [entry] };
    expect(parseManifest(serializeManifest(m))).toEqual({ manifest: m });
    expect('errors' in parseManifest(serializeManifest({ ...m, files: [{ ...entry, file: '../x.pdf' }] }))).toBe(true);
    expect('errors' in parseManifest(serializeManifest({ ...m, files: [entry, entry] }))).toBe(true);
  });
});

describe('durable file operations', () => {
  it('writeNew: whole file under its name, a temporary twin until dropped; never over an existing name', async () => {
    const dir = tempDir('durable');
    const temp = await writeNew(dir, 'a.pdf', new TextEncoder().encode('one'));
    expect(tempTarget(temp.split('/').pop()!)).toBe('a.pdf');
    expect(statSync(temp).ino).toBe(statSync(join(dir, 'a.pdf')).ino);
    await dropTemp(temp);
    expect(readdirSync(dir)).toEqual(['a.pdf']);
    await expect(writeNew(dir, 'a.pdf', new TextEncoder().encode('two'))).rejects.toBeInstanceOf(ExistsError);
    expect(readFileSync(join(dir, 'a.pdf'), 'utf8')).toBe('one');
    expect(readdirSync(dir)).toEqual(['a.pdf']);
  });

  it('replaceFile replaces whole and leaves no temporary file; mkdirDurable is idempotent', async () => {
    const dir = tempDir('durable');
    await replaceFile(dir, 'm.json', 'one');
    await replaceFile(dir, 'm.json', 'two');
    expect(readdirSync(dir)).toEqual(['m.json']);
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe('two');
    await mkdirDurable(dir, 'sub');
    await mkdirDurable(dir, 'sub');
    expect(statSync(join(dir, 'sub')).isDirectory()).toBe(true);
  });

  it('temporary names are recognised only in our own shape', () => {
    expect(tempTarget(tempName('x-2026-03.pdf'))).toBe('x-2026-03.pdf');
    for (const name of ['x.pdf', '.x.pdf.tmp', '.x.pdf.12-zz.tmp', 'x.pdf.1-0123456789ab.tmp']) expect(tempTarget(name), name).toBeNull();
  });

  it('leftovers: an unrecorded final file is told by its twin; a listed one is not', async () => {
    const dir = tempDir('durable');
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, '.a.pdf.1-0123456789ab.tmp'), 'a');
    linkSync(join(dir, '.a.pdf.1-0123456789ab.tmp'), join(dir, 'a.pdf'));
    writeFileSync(join(dir, '.b.pdf.1-0123456789ab.tmp'), 'b');
    writeFileSync(join(dir, 'b.pdf'), 'b (another file)');
    const found = await leftovers(dir, new Set());
    expect(found.map((l) => [l.temp.split('/').pop(), l.orphan?.split('/').pop()]).sort()).toEqual([
      ['.a.pdf.1-0123456789ab.tmp', 'a.pdf'],
      ['.b.pdf.1-0123456789ab.tmp', undefined],
    ]);
    expect((await leftovers(dir, new Set(['a.pdf']))).every((l) => !l.orphan)).toBe(true);
  });
});
