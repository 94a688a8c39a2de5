// PDF/UA-1 and PDF/A level A, judged by programs we did not write: check_pdfua.py (Matterhorn
// Protocol and PDF/A structure, over qpdf), PDFBox Preflight for PDF/A-1b, and the structure read
// back with poppler (pdfinfo -struct-text) and qpdf. Every report kind in every language, with and
// without a previous table, passes the checker with no failure and no words run together.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, analyseFile, cli, PREVIOUS, report, SAMPLE, tempDir } from './helpers/e2e.js';
import { checkPdfua, preflightA1b, qpdfStructTree, structText, structTree, type QpdfElem, type StructElem } from './helpers/pdf-tools.js';

const KINDS = ['valtuusto-liite', 'osavuosikatsaus', 'arkisto'] as const;
const LANGS = ['fi', 'sv', 'en'] as const;
const outputs = new Map<string, string>();
const key = (kind: string, lang: string, previous: boolean): string => `${kind} ${lang}${previous ? ' --previous' : ''}`;

beforeAll(async () => {
  for (const kind of KINDS) {
    for (const lang of LANGS) {
      for (const previous of [false, true]) {
        const r = await report([SAMPLE, '--template', kind, '--lang', lang, ...(previous ? ['--previous', PREVIOUS] : [])]);
        outputs.set(key(kind, lang, previous), r.pdf!);
      }
    }
  }
}, 120_000);

/** The checker's verdict, with its own lines in the failure message. */
function expectPasses(file: string): void {
  const r = checkPdfua(file);
  expect([...r.fails, ...r.wordBreaks], r.output).toEqual([]);
  expect(r.failed).toBe(0);
  expect(r.output).toContain('PDF/UA-1 claimed');
}

describe('check_pdfua.py --require-ua', () => {
  for (const kind of KINDS) {
    for (const lang of LANGS) {
      for (const previous of [false, true]) {
        it(`passes ${key(kind, lang, previous)}`, () => expectPasses(outputs.get(key(kind, lang, previous))!));
      }
    }
  }

  it('claims PDF/A level A by the template: 2a for the attachment and interim report, 3a with the source for the archive', () => {
    for (const [kind, level] of [['valtuusto-liite', 'part 2 conformance A'], ['osavuosikatsaus', 'part 2 conformance A'], ['arkisto', 'part 3 conformance A']] as const) {
      expect(checkPdfua(outputs.get(key(kind, 'fi', false))!).output).toContain(`PDF/A claimed: ${level}`);
    }
    expect(readFileSync(outputs.get(key('arkisto', 'fi', false))!).toString('latin1')).toMatch(/\/AFRelationship \/Source/);
  });

  it('passes a 2,000-action table, and --pdfa 1a (CIDSet with the composite glyphs’ components)', async () => {
    const { generateTable } = (await import('../scripts/generate-table.mjs')) as { generateTable: (n: number, seed?: number) => string };
    const dir = tempDir('pdfua-2000');
    const table = join(dir, 'taulukko-2000.tsv');
    writeFileSync(table, generateTable(2000));
    const large = await report([table, '--lang', 'sv', '--report-date', '2024-01-31']);
    expectPasses(large.pdf!);
    const a1 = await report([SAMPLE, '--pdfa', '1a']);
    expectPasses(a1.pdf!);
    expect(checkPdfua(a1.pdf!).output).toContain('PDF/A claimed: part 1 conformance A');
  }, 120_000);

  it('--pdfa takes the six levels and none, and nothing else', async () => {
    const r = await report([SAMPLE, '--pdfa', '3b']);
    expectPasses(r.pdf!);
    const bad = await cli('report', SAMPLE, '--pdfa', '2u', '--out', tempDir('pdfa-bad'));
    expect(bad.code).toBe(2);
    expect(bad.stderr.join('\n')).toContain('1a, 1b, 2a, 2b, 3a, 3b, none');
  });
});

describe('PDF/A-1b at 3,000 actions', () => {
  it('passes PDFBox Preflight and the checker (no structure element over 8,191 children)', async () => {
    const { generateTable } = (await import('../scripts/generate-table.mjs')) as { generateTable: (n: number, seed?: number) => string };
    const dir = tempDir('pdfua-3000');
    const table = join(dir, 'taulukko-3000.tsv');
    writeFileSync(table, generateTable(3000));
    const r = await report([table, '--pdfa', '1b', '--report-date', '2024-01-31']);
    const preflight = preflightA1b(r.pdf!);
    expect(preflight.valid, preflight.report).toBe(true);
    expectPasses(r.pdf!);
  }, 180_000);
});

/** Every element in document order. */
function preorder<T extends { kids: T[] }>(roots: T[]): T[] {
  return roots.flatMap((e) => [e, ...preorder(e.kids)]);
}

describe('the structure read back (Swedish report of a Finnish table, with a previous table)', () => {
  let poppler: StructElem;
  let qpdf: QpdfElem[];
  beforeAll(() => {
    const file = outputs.get(key('valtuusto-liite', 'sv', true))!;
    poppler = structTree(file);
    qpdf = qpdfStructTree(file);
  });

  it('has a space between each heading code and its title', async () => {
    const actions = actionsOf((await analyseFile(SAMPLE)).model);
    const h4 = preorder(poppler.kids).filter((e) => e.role === 'H4');
    expect(h4.map(structText)).toEqual(actions.map((a) => `${a.id} ${a.title}`));
    expect(h4[0]!.texts.join('')).toMatch(/^01\.01\.01 Toimeenpanemme/);
  });

  it('nests each theme as a Sect holding its heading and a Sect per goal', () => {
    const doc = poppler.kids[0]!;
    const themes = doc.kids.filter((k) => k.role === 'Sect' && k.kids[0]?.role === 'H2' && /^\d+\. /.test(structText(k.kids[0])));
    expect(themes.length).toBe(6);
    for (const theme of themes) {
      const goals = theme.kids.filter((k) => k.role === 'Sect');
      expect(goals.length).toBeGreaterThan(0);
      for (const goal of goals) {
        expect(goal.kids[0]!.role).toBe('H3');
        expect(goal.kids.some((k) => k.role === 'H4')).toBe(true);
      }
    }
    // Nothing has more children than a PDF/A-1 array may hold.
    expect(Math.max(...preorder(qpdf).map((e) => e.kids.length))).toBeLessThanOrEqual(8191);
  });

  it('makes the theme names and the total row headers, and says what the stage columns stand for', () => {
    const q = preorder(qpdf);
    const p = preorder(poppler.kids);
    // Both readers walk the same tree in the same order.
    expect(q.map((e) => e.role)).toEqual(p.map((e) => e.role));
    const table = p.findIndex((e) => e.role === 'Table');
    const body = p[table]!.kids.find((k) => k.role === 'TBody')!;
    for (const tr of body.kids) {
      expect(tr.kids[0]!.role).toBe('TH');
      expect(tr.kids[0]!.attributes).toContain('/Scope /Row');
      expect(structText(tr.kids[0]!)).toMatch(/^\d+\. /);
    }
    const total = p[table]!.kids.find((k) => k.role === 'TFoot')!.kids[0]!.kids[0]!;
    expect([total.role, structText(total)]).toEqual(['TH', 'Totalt']);
    expect(total.attributes).toContain('/Scope /Row');
    const head = q[table]!.kids.find((k) => k.role === 'THead')!.kids[0]!.kids;
    expect(head.map((th) => th.expansion)).toEqual([undefined, '1 Inte påbörjad', '2 I planeringsskedet', '3 Genomförandet har inletts', '4 Nära slutförande', '5 Klar', 'Inte rapporterad', undefined]);
  });

  it('marks the table’s own texts fi-FI and leaves the report’s words in Swedish', async () => {
    const q = preorder(qpdf);
    const p = preorder(poppler.kids);
    const action = actionsOf((await analyseFile(SAMPLE)).model).find((a) => a.texts.length > 0)!;
    const at = p.findIndex((e) => e.role === 'P' && structText(e) === action.texts[0]);
    expect(at).toBeGreaterThan(0);
    expect(q[at]!.lang).toBe('fi-FI');
    // The heading of the action, its own text.
    const h = p.findIndex((e) => e.role === 'H4' && structText(e).startsWith(action.id));
    expect(q[h]!.lang).toBe('fi-FI');
    // The stage line: the report's words inherit sv-FI, the unit's wording is fi-FI.
    const stage = p.findIndex((e, i) => i > h && e.role === 'P' && structText(e).startsWith('Framstegsgrad'));
    expect(p[stage]!.kids.map(structText)[0]).toMatch(/^Framstegsgrad \d\/5: $/);
    expect(q[stage]!.kids.map((k) => k.lang)).toEqual([undefined, 'fi-FI']);
    // The report's own paragraphs carry no language of their own.
    const intro = p.findIndex((e) => e.role === 'P' && structText(e).startsWith('Denna bilaga'));
    expect(q[intro]!.lang).toBeUndefined();
  });

  it('gives the chart its title as the Figure’s caption', () => {
    const figure = preorder(poppler.kids).find((e) => e.role === 'Figure')!;
    expect(figure.kids[0]!.role).toBe('Caption');
    expect(structText(figure.kids[0]!)).toMatch(/framstegsgrad/i);
  });
});
