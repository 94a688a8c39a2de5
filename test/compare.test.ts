import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { compareModels, comparisonJson } from '../src/compare/index.js';
import { analyse } from '../src/index.js';
import { SAMPLE, sampleBytes, sampleGrid, writeXlsx } from './helpers/tables.js';

const PREVIOUS = fileURLToPath(new URL('fixtures/compare/edellinen-2023-06.csv', import.meta.url));

async function pair(previous: Uint8Array, current: Uint8Array) {
  const p = await analyse(previous, { file: 'edellinen' });
  const c = await analyse(current, { file: 'nykyinen' });
  expect(p.ok && c.ok).toBe(true);
  return compareModels(p.model, c.model);
}

describe('compare', () => {
  it('finds every kind of change in a hand-made previous table', async () => {
    const c = await pair(new Uint8Array(readFileSync(PREVIOUS)), sampleBytes());
    const json = comparisonJson(c, []) as Record<string, unknown>;
    expect(json).toEqual({
      advanced: [{ id: '01.01.01', from: 2, to: 3 }],
      regressed: [{ id: '07.03.01', from: 5, to: 4 }],
      added: ['14.02.03'],
      removed: ['10.06.01'],
      newlyReported: [{ id: '01.05.02', from: null, to: 3 }],
      noLongerReported: [{ id: '06.08.01', from: 2, to: null }],
      // 51 current actions, 1 added, 4 changed; 07.02.02 is on two rows in both and counts once.
      unchanged: 46,
      themes: expect.any(Array),
      diagnostics: [],
    });
    expect(c.diagnostics.map((d) => [d.code, d.line])).toEqual([['TITLE_CHANGED', 38]]);
    expect(c.diagnostics[0]!.message).toContain('08.01.01');
    const t10 = c.themes.find((t) => t.id === '10')!;
    expect(t10.before).toEqual({ 1: 0, 2: 6, 3: 5, 4: 1, 5: 0, unreported: 1 });
    expect(t10.after).toEqual({ 1: 0, 2: 6, 3: 4, 4: 1, 5: 0, unreported: 1 });
    const t06 = c.themes.find((t) => t.id === '06')!;
    expect([t06.before.unreported, t06.after.unreported]).toEqual([0, 1]);
  });

  it('the same file twice reports no changes', async () => {
    const c = await pair(sampleBytes(), sampleBytes());
    expect([c.advanced, c.regressed, c.added, c.removed, c.newlyReported, c.noLongerReported, c.diagnostics]).toEqual([[], [], [], [], [], [], []]);
    expect(c.unchanged).toBe(51);
    for (const t of c.themes) expect(t.before).toEqual(t.after);
  });

  it('one CSV and one XLSX compare fine', async () => {
    const c = await pair(new Uint8Array(readFileSync(PREVIOUS)), await writeXlsx(sampleGrid()));
    expect(c.advanced.map((x) => x.id)).toEqual(['01.01.01']);
    expect(c.unchanged).toBe(46);
  });

  it('the CLI prints the exact JSON, with both tables\' diagnostics', async () => {
    const out: string[] = [];
    const code = await main(['compare', PREVIOUS, SAMPLE, '--json'], { stdout: (s) => out.push(s), stderr: () => {} });
    expect(code).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(Object.keys(json)).toEqual(['advanced', 'regressed', 'added', 'removed', 'newlyReported', 'noLongerReported', 'unchanged', 'themes', 'diagnostics']);
    expect(Object.keys(json.themes[0])).toEqual(['id', 'before', 'after']);
    const files = new Set(json.diagnostics.map((d: { file: string }) => d.file));
    expect(files).toEqual(new Set([PREVIOUS, SAMPLE]));
    expect(json.diagnostics.some((d: { code: string }) => d.code === 'TITLE_CHANGED')).toBe(true);
  });

  it('wrong usage and bad input', async () => {
    const quiet = { stdout: () => {}, stderr: () => {} };
    expect(await main(['compare', SAMPLE], quiet)).toBe(2);
    expect(await main(['compare', SAMPLE, fileURLToPath(new URL('fixtures/bad-stage.csv', import.meta.url))], quiet)).toBe(1);
  });
});
