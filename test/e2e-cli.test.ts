// How `report` treats files that are already there, and the usage errors a user meets first.
import { copyFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SAMPLE, tempDir } from './helpers/e2e.js';

describe('report never silently replaces a file', () => {
  it('keeps a different file without --force (exit 1), leaves an identical one (exit 0), replaces with --force', async () => {
    const dir = tempDir('force');
    const path = join(dir, 'tuusula-strategia-seuranta-2023-valtuusto-liite.pdf');
    writeFileSync(path, 'käsin tehty versio\n');

    const kept = await cli('report', SAMPLE, '--out', dir);
    expect(kept.code).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe('käsin tehty versio\n');
    expect(kept.stdout).toEqual([]);
    const complaint = kept.stderr.filter((l) => l.includes(path));
    expect(complaint).toHaveLength(1);
    expect(complaint[0]).toMatch(/--force/);
    // Nothing half-written is left beside it.
    expect(readdirSync(dir)).toEqual(['tuusula-strategia-seuranta-2023-valtuusto-liite.pdf']);

    const forced = await cli('report', SAMPLE, '--out', dir, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toEqual([path]);
    const made = readFileSync(path);
    expect(made.subarray(0, 5).toString()).toBe('%PDF-');

    const mtime = statSync(path).mtimeMs;
    const again = await cli('report', SAMPLE, '--out', dir);
    expect(again.code).toBe(0);
    expect(Buffer.compare(readFileSync(path), made)).toBe(0);
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect(readdirSync(dir)).toEqual(['tuusula-strategia-seuranta-2023-valtuusto-liite.pdf']);
  });
});

describe('report usage errors', () => {
  it('a table without settings and without --report-date: exit 2, one clear line, nothing written', async () => {
    const dir = tempDir('nodate');
    const table = join(dir, 'seuranta.tsv');
    copyFileSync(SAMPLE, table);
    const out = join(dir, 'out');
    const r = await cli('report', table, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/^kuntaraportti: käyttövirhe: raportin päivä puuttuu: anna --report-date VVVV-KK-PP/);
    expect(r.stdout).toEqual([]);
    expect(readdirSync(dir)).toEqual(['seuranta.tsv']);
    // The same table with the date given works.
    expect((await cli('report', table, '--out', out, '--report-date', '2023-09-30')).code).toBe(0);
  });

  it('an unknown --template: exit 2, naming the templates there are', async () => {
    const r = await cli('report', SAMPLE, '--template', 'valtuustoliite', '--out', tempDir('tpl'));
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/^kuntaraportti: käyttövirhe: --template: .*arkisto.*osavuosikatsaus.*valtuusto-liite/);
  });
});
