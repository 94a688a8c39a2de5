import { describe, expect, it } from 'vitest';
import { analyse, type Diagnostic } from '../src/index.js';
import { sampleGrid, writeXlsx } from './helpers/tables.js';

const enc = (s: string) => new TextEncoder().encode(s);
const HEADER = 'Valtuustokauden tavoite\tVuositavoite\tToimenpide\tRiskit\tKokonaistilanne\tJulkaistava etenemisaste\tJulkaistava teksti';
const row = (action: string, stage = '3 Toteutus on aloitettu', text = 'Teksti') => `01. Teema\t01.01 Tavoite\t${action}\t\t\t${stage}\t${text}`;
const tsv = (...rows: string[]) => enc([HEADER, ...rows].join('\n'));

async function errors(bytes: Uint8Array, limits = {}): Promise<Diagnostic[]> {
  const a = await analyse(bytes, { file: 'in.tsv', limits });
  expect(a.ok).toBe(false);
  return a.diagnostics.filter((d) => d.severity === 'error');
}

describe('bad input gives errors with file, line and column', () => {
  it('empty file, blank-only file', async () => {
    expect((await errors(new Uint8Array())).map((d) => d.code)).toEqual(['EMPTY_FILE']);
    expect((await errors(enc('\n\n  \r\n'))).map((d) => d.code)).toEqual(['EMPTY_FILE']);
  });

  it('header only', async () => {
    expect((await errors(enc(`\n${HEADER}\n\n`))).map((d) => [d.code, d.line])).toEqual([['NO_ROWS', 2]]);
  });

  it('a missing required column names it and lists the headers found', async () => {
    const [d, ...rest] = await errors(enc('Valtuustokauden tavoite\tToimenpide\tJulkaistava teksti\n01. A\t01.01.01 B\tC'));
    expect(rest).toEqual([]);
    expect(d!.code).toBe('MISSING_COLUMN');
    expect(d!.message).toContain('"Julkaistava etenemisaste"');
    expect(d!.message).toContain('"Valtuustokauden tavoite", "Toimenpide", "Julkaistava teksti"');
  });

  it('binary files: an image, an old .xls, random bytes with NULs, a zip that is not a workbook', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await errors(png)).map((d) => d.code)).toEqual(['BINARY_FILE']);
    // An old .xls is named as such, with the way to convert it.
    expect((await errors(xls)).map((d) => d.code)).toEqual(['XLS_FILE']);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    expect((await errors(zip)).map((d) => d.code)).toEqual(['XLSX_INVALID']);
  });

  it('an unclosed quote points at the line and column where it opens', async () => {
    const bytes = enc([HEADER, row('01.01.01 A'), row('01.01.02 B', '2 Suunnittelu', '"Alkaa mutta ei lopu'), row('01.01.03 C')].join('\n'));
    const [d] = await errors(bytes);
    expect([d!.code, d!.line, d!.column]).toEqual(['UNCLOSED_QUOTE', 3, 7]);
  });

  it('stages outside 1–5 and junk stages, each with line and column; loading goes on', async () => {
    const ds = await errors(tsv(row('01.01.01 A', '6 Valmis'), row('01.01.02 B', 'kolme'), row('01.01.03 C', '0'), row('01.01.04 D', '3,5 puolivälissä'), row('01.01.05 E', '5 Valmis')));
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual([
      ['INVALID_STAGE', 2, 6],
      ['INVALID_STAGE', 3, 6],
      ['INVALID_STAGE', 4, 6],
      ['INVALID_STAGE', 5, 6],
    ]);
    expect(ds[0]!.message).toContain('"6 Valmis"');
  });

  it('an action without a code, and malformed codes', async () => {
    const ds = await errors(tsv(row('Toimenpide ilman koodia'), row('01.01 Liian lyhyt'), row('01.01.01.01 Liian pitkä'), row('1.x.3 Sotkua'), row('01.01.07 Kunnossa')));
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual([
      ['MISSING_ACTION_CODE', 2, 3],
      ['MALFORMED_CODE', 3, 3],
      ['MALFORMED_CODE', 4, 3],
      ['MISSING_ACTION_CODE', 5, 3],
    ]);
  });

  it('a cell larger than the limit is refused, naming line and column', async () => {
    const big = 'x'.repeat(2_000_000);
    const ds = await errors(tsv(row('01.01.01 A'), row('01.01.02 B', '3', big)));
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual([['CELL_TOO_LARGE', 3, 7]]);
    // The same table loads when the limit is raised.
    const a = await analyse(tsv(row('01.01.02 B', '3', big)), { file: 'x', limits: { maxCellLength: 3_000_000 } });
    expect(a.ok).toBe(true);
  });

  it('file size, row count and zip limits', async () => {
    expect((await errors(tsv(row('01.01.01 A')), { maxFileSize: 50 })).map((d) => d.code)).toEqual(['FILE_TOO_LARGE']);
    expect((await errors(tsv(row('01.01.01 A'), row('01.01.02 B'), row('01.01.03 C')), { maxRows: 2 })).map((d) => [d.code, d.line])).toEqual([['TOO_MANY_ROWS', 4]]);
    const xlsx = await writeXlsx(sampleGrid());
    expect((await errors(xlsx, { maxUnzippedSize: 1000 })).map((d) => d.code)).toEqual(['XLSX_TOO_LARGE']);
  });

  it('messages are Finnish by default and English on request', async () => {
    const fi = await analyse(tsv(row('01.01.01 A', '9')), { file: 'x' });
    const en = await analyse(tsv(row('01.01.01 A', '9')), { file: 'x', lang: 'en' });
    expect(fi.diagnostics[0]!.message).toMatch(/^etenemisaste "9" ei ole/);
    expect(en.diagnostics[0]!.message).toMatch(/^stage "9" is not/);
  });
});

describe('model rules', () => {
  it('merges an action on several rows: the lower stage counts and a warning says so', async () => {
    const a = await analyse(tsv(row('01.01.01 A', '4 Lähes valmis', 'Eka'), row('01.01.01 A', '2 Suunnittelu', 'Toka')), { file: 'x' });
    expect(a.ok).toBe(true);
    const action = a.model.themes[0]!.goals[0]!.actions[0]!;
    expect(action.stage).toEqual({ value: 2, label: 'Suunnittelu' });
    expect(action.texts).toEqual(['Eka', 'Toka']);
    expect(a.diagnostics.map((d) => d.code)).toEqual(['DUPLICATE_ACTION', 'STAGE_CONFLICT']);
    expect(a.stats.actions).toBe(1);
  });

  it('a stage given only as a number gets the configured default label', async () => {
    const a = await analyse(tsv(row('01.01.01 A', '5'), row('01.01.02 B', '1 - Ei aloitettu')), { file: 'x', stageLabels: { 5: 'Valmis' } });
    const [x, y] = a.model.themes[0]!.goals[0]!.actions;
    expect(x!.stage).toEqual({ value: 5, label: 'Valmis' });
    expect(y!.stage).toEqual({ value: 1, label: 'Ei aloitettu' });
  });

  it('sorts by code numerically and pads short codes', async () => {
    const a = await analyse(tsv(row('01.01.10 J'), row('1.1.9 I'), row('01.01.02 B')), { file: 'x' });
    expect(a.model.themes[0]!.goals[0]!.actions.map((x) => x.id)).toEqual(['01.01.02', '01.01.09', '01.01.10']);
  });

  it('an action under the wrong goal follows its own code, with a warning', async () => {
    const a = await analyse(enc([HEADER, '01. Teema\t01.02 Toinen\t01.01.01 A\t\t\t3\tT', '01. Teema\t01.01 Eka\t01.01.02 B\t\t\t3\tT'].join('\n')), { file: 'x' });
    expect(a.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CODE_MISMATCH', 2, 2]]);
    expect(a.model.themes[0]!.goals.map((g) => [g.id, g.title, g.actions.length])).toEqual([['01.01', 'Eka', 2]]);
  });
});

describe('codes with three-digit parts', () => {
  it('a table with more than 99 themes or goals builds its hierarchy by code parts', async () => {
    const rows = ['100. Sadas teema\t100.01 Tavoite\t100.01.01 A\t\t\t3\tT', '99. Teema\t99.100 Sadas tavoite\t99.100.101 B\t\t\t2\tT', '99. Teema\t99.100 Sadas tavoite\t99.100.2 C\t\t\t2\tT'];
    const a = await analyse(enc([HEADER, ...rows].join('\n')), { file: 'x' });
    expect(a.ok).toBe(true);
    expect(a.model.themes.map((t) => [t.id, t.goals.map((g) => [g.id, g.actions.map((x) => x.id)])])).toEqual([
      ['99', [['99.100', ['99.100.02', '99.100.101']]]],
      ['100', [['100.01', ['100.01.01']]]],
    ]);
  });
});
