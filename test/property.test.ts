import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/index.js';
import { writeText, writeXlsx } from './helpers/tables.js';

// Cell text as people write it: letters of both national languages, punctuation that means
// something to CSV, line breaks inside cells, and markup-like strings. Trimmed and non-empty.
const char = fc.constantFrom(...'abcxyzåäöÅÄÖ €–—"\';,\t\n.#*{}<>&0123456789'.split(''));
const cellText = fc
  .array(char, { minLength: 1, maxLength: 40 })
  .map((cs) => cs.join('').trim())
  .filter((s) => s !== '' && !/^\d/.test(s));
const title = cellText.map((s) => s.replace(/[\t\n]/g, ' ').trim()).filter((s) => s !== '');

const actionArb = fc.record({
  title,
  stage: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  text: fc.option(cellText, { nil: null }),
});
const goalArb = fc.record({ title, actions: fc.array(actionArb, { minLength: 1, maxLength: 4 }) });
const themeArb = fc.record({ title, goals: fc.array(goalArb, { minLength: 1, maxLength: 3 }) });
const tableArb = fc.array(themeArb, { minLength: 1, maxLength: 4 });

type Gen = fc.Arbitrary<(typeof tableArb extends fc.Arbitrary<infer T> ? T : never)>;
type Table = Gen extends fc.Arbitrary<infer T> ? T : never;

const code = (...n: number[]) => n.map((x) => String(x).padStart(2, '0')).join('.');

function toGrid(table: Table): string[][] {
  const grid = [['Valtuustokauden tavoite', 'Vuositavoite', 'Toimenpide', 'Riskit', 'Kokonaistilanne', 'Julkaistava etenemisaste', 'Julkaistava teksti']];
  table.forEach((theme, t) =>
    theme.goals.forEach((goal, g) =>
      goal.actions.forEach((action, a) => {
        grid.push([`${code(t + 1)}. ${theme.title}`, `${code(t + 1, g + 1)} ${goal.title}`, `${code(t + 1, g + 1, a + 1)} ${action.title}`, '', '', action.stage === null ? '' : `${action.stage} Vaihe`, action.text ?? '']);
      }),
    ),
  );
  return grid;
}

function expected(table: Table) {
  return table.map((theme, t) => ({
    id: code(t + 1),
    title: theme.title,
    goals: theme.goals.map((goal, g) => ({
      id: code(t + 1, g + 1),
      title: goal.title,
      actions: goal.actions.map((action, a) => ({ id: code(t + 1, g + 1, a + 1), title: action.title, stage: action.stage, texts: action.text === null ? [] : [action.text] })),
    })),
  }));
}

describe('property: any valid table loads to the model it was made from', () => {
  const shapes = fc.constantFrom(
    { delimiter: '\t' as const },
    { delimiter: ';' as const, encoding: 'windows-1252' as const, crlf: true },
    { delimiter: ',' as const, bom: true },
    { delimiter: '\t' as const, encoding: 'utf-16le' as const, bom: true, crlf: true },
    { delimiter: ';' as const, quoteAll: true },
  );
  it('in every text export shape', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, shapes, async (table, shape) => {
        const a = await analyse(writeText(toGrid(table), shape), { file: 'gen' });
        const got = a.model.themes.map((t) => ({
          id: t.id,
          title: t.title,
          goals: t.goals.map((g) => ({ id: g.id, title: g.title, actions: g.actions.map((x) => ({ id: x.id, title: x.title, stage: x.stage?.value ?? null, texts: x.texts })) })),
        }));
        expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(got).toEqual(expected(table));
      }),
      { numRuns: 150 },
    );
  });

  it('as XLSX', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, async (table) => {
        const a = await analyse(await writeXlsx(toGrid(table)), { file: 'gen.xlsx' });
        expect(a.ok).toBe(true);
        expect(a.stats.actions).toBe(table.flatMap((t) => t.goals.flatMap((g) => g.actions)).length);
        expect(a.model.themes.flatMap((t) => t.goals.flatMap((g) => g.actions.flatMap((x) => x.texts)))).toEqual(table.flatMap((t) => t.goals.flatMap((g) => g.actions.flatMap((x) => (x.text === null ? [] : [x.text])))));
      }),
      { numRuns: 25 },
    );
  });
});

describe('property: arbitrary input never throws, only produces diagnostics', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const a = await analyse(bytes, { file: 'random' });
        if (!a.ok) expect(a.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        for (const d of a.diagnostics) expect(d.message).not.toMatch(/\{\w+\}/);
      }),
      { numRuns: 300 },
    );
  });

  it('random text after a valid header', async () => {
    const header = 'Valtuustokauden tavoite;Vuositavoite;Toimenpide;Julkaistava etenemisaste;Julkaistava teksti\n';
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 500 }), async (body) => {
        const a = await analyse(new TextEncoder().encode(header + body), { file: 'random.csv' });
        expect(Array.isArray(a.diagnostics)).toBe(true);
        if (a.ok) expect(a.stats.actions).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes inside a zip header', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 500 }), async (tail) => {
        const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...tail]);
        const a = await analyse(bytes, { file: 'x.xlsx' });
        expect(a.ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
