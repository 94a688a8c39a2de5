import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse, loadTable } from '../src/index.js';
import { SAMPLE, reorder, sampleBytes, sampleGrid, writeText, writeXlsx } from './helpers/tables.js';

const golden = (name: string) => SAMPLE.replace(/\.tsv$/, `.${name}.json`);

function checkGolden(name: string, value: unknown): void {
  const path = golden(name);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('the sample table', () => {
  it('loads to the golden model and stats', async () => {
    const a = await analyse(sampleBytes(), { file: 'tuusula-strategia-seuranta-2023.tsv' });
    expect(a.ok).toBe(true);
    checkGolden('model', a.model);
    checkGolden('stats', a.stats);
  });

  it('reports each quirk of the sample as a diagnostic', async () => {
    const a = await analyse(sampleBytes(), { file: 's.tsv' });
    const codes = a.diagnostics.map((d) => `${d.code}@${d.line}`);
    expect(codes).toEqual(['BLANK_LINES@1', 'TITLE_VARIANT@22', 'UNREPORTED@28', 'GOAL_INFERRED@29', 'DUPLICATE_ACTION@31', 'UNREPORTED@57']);
    expect(a.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('builds a sensible model from the quirks', async () => {
    const { model, stats } = await analyse(sampleBytes(), { file: 's.tsv' });
    const actions = model.themes.flatMap((t) => t.goals.flatMap((g) => g.actions));
    const byId = new Map(actions.map((a) => [a.id, a]));
    expect(model.themes.map((t) => t.id)).toEqual(['01', '06', '07', '08', '10', '14']);
    expect(stats.actions).toBe(51);
    // The duplicated action counts once and keeps both texts in input order.
    expect(byId.get('07.02.02')!.texts).toHaveLength(2);
    expect(byId.get('07.02.02')!.sources.map((s) => s.line)).toEqual([30, 31]);
    // The goal of 07.01.01 exists though its cell is empty; its title comes from other rows.
    const goal0701 = model.themes.find((t) => t.id === '07')!.goals.find((g) => g.id === '07.01')!;
    expect(goal0701.actions.map((a) => a.id)).toEqual(['07.01.01']);
    expect(byId.get('06.08.01')!.stage).toBeNull();
    expect(byId.get('10.05.04')!.stage).toBeNull();
    expect(stats.stages.unreported).toBe(2);
    // Texts are kept as they are: the one ending mid-sentence is not touched.
    expect(byId.get('01.06.02')!.texts[0]!.endsWith('jonka jälkeen tulee tehdä')).toBe(true);
    expect(stats.percentages['1'] + stats.percentages['2'] + stats.percentages['3'] + stats.percentages['4'] + stats.percentages['5'] + stats.percentages.unreported).toBe(100);
  });
});

describe('every export format gives the same statistics', async () => {
  const grid = sampleGrid();
  const reference = await analyse(sampleBytes(), { file: 'x' });
  // Multi-line cells: give a status text a line break, as Excel keeps them in quoted cells.
  const multiline = grid.map((row, i) => (i === 5 ? row.map((c, j) => (j === 6 ? c.replace('. ', '.\n') : c)) : row));
  const cases: [string, () => Promise<Uint8Array> | Uint8Array][] = [
    ['semicolon CSV, Windows-1252, CRLF', () => writeText(grid, { delimiter: ';', encoding: 'windows-1252', crlf: true })],
    ['comma CSV, UTF-8 with BOM, multi-line cells', () => writeText(multiline, { delimiter: ',', bom: true })],
    ['comma CSV, every cell quoted', () => writeText(grid, { delimiter: ',', quoteAll: true, crlf: true })],
    ['UTF-16 LE with BOM (Excel "Unicode text")', () => writeText(grid, { delimiter: '\t', encoding: 'utf-16le', bom: true, crlf: true })],
    ['XLSX written by a spreadsheet library', () => writeXlsx(grid)],
    ['TSV with columns reordered', () => writeText(reorder(grid, [6, 2, 5, 0, 1, 4, 3]), { delimiter: '\t' })],
  ];
  it.each(cases)('%s', async (_name, make) => {
    const a = await analyse(await make(), { file: 'x' });
    expect(a.ok).toBe(true);
    expect(a.stats).toEqual(reference.stats);
    const titles = (m: typeof a.model) => m.themes.flatMap((t) => [t.title, ...t.goals.flatMap((g) => [g.title, ...g.actions.map((x) => x.title)])]);
    expect(titles(a.model)).toEqual(titles(reference.model));
  });

  it('keeps the line break of a multi-line cell and the line numbers after it', async () => {
    const a = await analyse(writeText(multiline, { delimiter: ',', bom: true }), { file: 'x' });
    const action = a.model.themes[0]!.goals.flatMap((g) => g.actions).find((x) => x.id === '01.05.01')!;
    expect(action.texts[0]).toContain('.\n');
    const later = a.diagnostics.find((d) => d.code === 'UNREPORTED')!;
    // 06.08.01 is on line 23 of the compact table; the break inside an earlier cell adds one.
    expect(later.line).toBe(24);
    const plain = await analyse(writeText(grid, { delimiter: ',', bom: true }), { file: 'x' });
    expect(plain.diagnostics.find((d) => d.code === 'UNREPORTED')!.line).toBe(23);
  });

  it('decodes Windows-1252 € and – correctly (latin1 would not)', async () => {
    const g = grid.map((row, i) => (i === 1 ? row.map((c, j) => (j === 6 ? `${c} Hinta 5 € – arvio` : c)) : row));
    const a = await analyse(writeText(g, { delimiter: ';', encoding: 'windows-1252', crlf: true }), { file: 'x' });
    expect(a.model.themes[0]!.goals[0]!.actions[0]!.texts[0]).toContain('5 € – arvio');
  });

  it('reads a named sheet of a workbook, and names the sheets when it is missing', async () => {
    const bytes = await writeXlsx(grid, 'Seuranta', ['Ohjeet']);
    const a = await analyse(bytes, { file: 'x.xlsx', sheet: 'Seuranta' });
    expect(a.stats).toEqual(reference.stats);
    const first = await analyse(bytes, { file: 'x.xlsx' });
    expect(first.ok).toBe(false);
    const missing = await analyse(bytes, { file: 'x.xlsx', sheet: 'Nope' });
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['SHEET_NOT_FOUND']);
    expect(missing.diagnostics[0]!.message).toContain('"Ohjeet", "Seuranta"');
  });

  it('keeps extra columns out of the model with a warning, and accepts Kokonaistilanne spelled either way', async () => {
    const g = grid.map((row, i) => [...row.map((c, j) => (i === 0 && j === 4 ? 'Kokonaistilanne' : c)), i === 0 ? 'Vastuuhenkilö' : 'Maija Meikäläinen']);
    const a = await analyse(writeText(g, { delimiter: ';' }), { file: 'x' });
    expect(a.ok).toBe(true);
    expect(a.diagnostics.filter((d) => d.code === 'EXTRA_COLUMN').map((d) => [d.line, d.column])).toEqual([[1, 8]]);
    expect(JSON.stringify(a.model)).not.toContain('Meikäläinen');
  });

  it('accepts Swedish and English header names', async () => {
    const sv = ['Fullmäktigeperiodens mål', 'Årsmål', 'Åtgärd', 'Risker', 'Helhetsläge', 'Framstegsgrad', 'Publicerad text'];
    const en = ['Council-term goal', 'Annual goal', 'Action', 'Risks', 'Overall status', 'Stage', 'Status text'];
    for (const header of [sv, en]) {
      const a = await analyse(writeText([header, ...grid.slice(1)], { delimiter: '\t' }), { file: 'x' });
      expect(a.stats).toEqual(reference.stats);
    }
  });
});

describe('loadTable', () => {
  it('tells the format and encoding it found', async () => {
    const r = await loadTable(writeText(sampleGrid(), { delimiter: ';', encoding: 'windows-1252' }), { file: 'x' });
    expect(r.table).toMatchObject({ format: 'csv', encoding: 'windows-1252' });
    const t = await loadTable(sampleBytes(), { file: 'x' });
    expect(t.table).toMatchObject({ format: 'tsv', encoding: 'utf-8' });
  });
});
