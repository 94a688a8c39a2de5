// Input limits through the CLI: each gives its diagnostic and exit 1, the flag moves it, and
// hostile XLSX containers are refused before exceljs unpacks them.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { main } from '../src/cli.js';
import { SAMPLE, sampleGrid, writeText, writeXlsx } from './helpers/tables.js';

const dir = mkdtempSync(join(tmpdir(), 'kr-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => out.push(s) });
  return { code, out: out.join('\n') };
}

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('limit flags', () => {
  const size = statSync(SAMPLE).size;

  it('--max-file-size: over the limit is refused naming the flag; at the limit it is read', async () => {
    const over = await run('validate', SAMPLE, '--max-file-size', String(size - 1));
    expect(over.code).toBe(1);
    expect(over.out).toContain(`tiedosto on liian suuri (${size} tavua, raja ${size - 1}); nosta rajaa valitsimella --max-file-size`);
    expect((await run('validate', SAMPLE, '--max-file-size', String(size))).code).toBe(0);
  });

  it('--max-rows: over the limit is refused naming the flag; raised it is read', async () => {
    const over = await run('validate', SAMPLE, '--max-rows', '5', '--lang', 'en');
    expect(over.code).toBe(1);
    expect(over.out).toMatch(/:\d+:0: error: the table has too many rows \(over 5\); raise the limit with --max-rows/);
    // The sample has 52 data rows.
    expect((await run('validate', SAMPLE, '--max-rows', '52')).code).toBe(0);
    expect((await run('validate', SAMPLE, '--max-rows', '51')).code).toBe(1);
  });

  it('--max-cell: the default 100,000 characters refuses a longer cell; the flag raises it', async () => {
    const grid = sampleGrid();
    grid[1]![6] = 'a'.repeat(100_001);
    const path = file('long-cell.tsv', writeText(grid, { delimiter: '\t' }));
    const refused = await run('validate', path);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`${path}:2:7: virhe: solu on liian pitkä (100001 merkkiä, raja 100000); nosta rajaa valitsimella --max-cell`);
    expect((await run('validate', path, '--max-cell', '100001')).code).toBe(0);
  });

  it('every command that reads a table takes the flags', async () => {
    const dirOut = join(dir, 'out');
    for (const argv of [
      ['stats', SAMPLE],
      ['stats', SAMPLE, '--json'],
      ['compare', SAMPLE, SAMPLE],
      ['report', SAMPLE, '--report-date', '2024-01-31', '--out', dirOut],
    ]) {
      const r = await run(...argv, '--max-rows', '5');
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.out, argv.join(' ')).toContain('--max-rows');
    }
  });

  it.each(['0', '-1', 'abc', '1e3', '12.5', ''])('a value of %j is wrong usage (exit 2), not a limit', async (value) => {
    const r = await run('validate', SAMPLE, `--max-rows=${value}`);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--max-rows: anna positiivinen kokonaisluku');
  });
});

/** Sets the sizes an entry declares, in the central directory and in its local header. */
function declareSize(zip: Uint8Array, name: string, uncompressed: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  let eocd = out.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  let p = view.getUint32(eocd + 16, true);
  for (let n = 0; n < view.getUint16(eocd + 10, true); n++) {
    const nameLength = view.getUint16(p + 28, true);
    if (strFromU8(out.subarray(p + 46, p + 46 + nameLength)) === name) {
      view.setUint32(p + 24, uncompressed, true);
      view.setUint32(view.getUint32(p + 42, true) + 22, uncompressed, true);
      return out;
    }
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  throw new Error(`no entry ${name}`);
}

describe('hostile XLSX containers', () => {
  it('an entry declaring 3.7 GB is refused from the directory, unopened', async () => {
    const xlsx = await writeXlsx(sampleGrid());
    const bomb = file('declared.xlsx', declareSize(xlsx, 'xl/workbook.xml', 0xe0000000));
    const r = await run('validate', bomb);
    expect(r.code).toBe(1);
    expect(r.out).toContain('XLSX-tiedosto purkautuisi liian suureksi (3758');
    expect(r.out).toContain('tiedostoa ei avattu');
  });

  it('a zip of 2,001 parts is refused for its number of parts', async () => {
    const parts = unzipSync(await writeXlsx(sampleGrid()));
    for (let i = 0; i < 2001; i++) parts[`xl/media/p${i}.bin`] = new Uint8Array(1);
    const r = await run('validate', file('parts.xlsx', zipSync(parts)), '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`the XLSX file has too many parts (${Object.keys(parts).length}, limit 2000); it was not opened`);
  });

  it('a directory that understates a part (8 MB said to be 100 bytes) is refused, not unpacked', async () => {
    const parts = unzipSync(await writeXlsx(sampleGrid()));
    parts['xl/media/zeros.bin'] = new Uint8Array(8 * 1024 * 1024);
    const lying = declareSize(zipSync(parts, { level: 9 }), 'xl/media/zeros.bin', 100);
    const r = await run('validate', file('lying.xlsx', lying));
    expect(r.code).toBe(1);
    expect(r.out).toContain('XLSX-tiedoston osa "xl/media/zeros.bin" purkautuu suuremmaksi kuin tiedoston hakemiston ilmoittamat 100 tavua; tiedostoa ei avattu');
  });

  it('a sheet claiming a million rows, 100,000 of them formatted but empty, reads as the sample', async () => {
    const parts = unzipSync(await writeXlsx(sampleGrid()));
    const name = Object.keys(parts).find((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k))!;
    const rows: string[] = [];
    for (let r = 1000; r < 101_000; r++) rows.push(`<row r="${r}" spans="1:7" s="1" customFormat="1" ht="15" customHeight="1"/>`);
    parts[name] = strToU8(
      strFromU8(parts[name]!)
        .replace('</sheetData>', `${rows.join('')}</sheetData>`)
        .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:G1000000"/>'),
    );
    const big = await run('stats', file('formatted.xlsx', zipSync(parts)), '--json');
    const plain = await run('stats', file('plain.tsv', readFileSync(SAMPLE)), '--json');
    expect(big.code).toBe(0);
    // Same figures; the diagnostics differ only in the file name and line numbers of the XLSX.
    const figures = (s: string) => ({ ...(JSON.parse(s) as Record<string, unknown>), diagnostics: undefined });
    expect(figures(big.out)).toEqual(figures(plain.out));
    expect((JSON.parse(big.out) as { actions: number }).actions).toBeGreaterThan(40);
  });
});
