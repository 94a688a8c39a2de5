// The PDF is tagged: read back with poppler (pdfinfo -struct-text, pdftotext) and qpdf, the
// structure a screen reader follows holds every block in order, tables as tables, and the chart
// as a figure with its alternative text, while the page header and the table header rows repeated
// on later pages are artifacts it skips.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../src/node/fonts.js';
import { renderPdf } from '../src/render/pdf/index.js';
import type { Block, Chart, Table } from '../src/document/types.js';
import { fullTree } from './fixtures/trees/full.js';
import { pdftotext, qpdfJson, structText, structTree, tempPdf, type StructElem } from './helpers/pdf-tools.js';
import { actionsOf, analyseFile, report, SAMPLE, SAMPLE_HEADER, squash } from './helpers/e2e.js';

const tree = fullTree();
let file: string;
let root: StructElem;

beforeAll(async () => {
  file = tempPdf(await renderPdf(tree, { fonts: await loadFonts() }), 'tagged');
  root = structTree(file);
});

/** The elements a block becomes, in order (the title is H1, so a heading of level n is H(n+1)). */
function rolesOf(block: Block): string[] {
  switch (block.type) {
    case 'title':
      return ['H1'];
    case 'heading':
      return [`H${block.level + 1}`];
    case 'paragraph':
    case 'field':
    case 'stageIndicator':
      return ['P'];
    case 'keyFigures':
    case 'list':
      return ['L'];
    case 'chart':
      return ['Figure'];
    case 'table':
      return ['Table'];
    case 'pageBreak':
      return [];
  }
}

const cellText = (cell: { children: { value: string }[] }): string => squash(cell.children.map((c) => c.value).join(''));
const roles = (e: StructElem): string[] => e.kids.map((k) => k.role);
/** The blocks' elements in order, through the Sect of each theme and goal. */
const blocks = (e: StructElem): StructElem[] => e.kids.flatMap((k) => (k.role === 'Sect' ? blocks(k) : [k]));

describe('tagged PDF', () => {
  it('has one Document element whose children are the blocks of the tree, in order', () => {
    expect(roles(root)).toEqual(['Document']);
    const doc = root.kids[0]!;
    expect(blocks(doc).map((k) => k.role)).toEqual(tree.children.flatMap(rolesOf));
    // Spot checks of text against the tree: the title, a hanging heading code with its title.
    expect(doc.kids[0]!.texts.join('')).toBe(tree.meta.title);
    const heading = blocks(doc).find((k) => k.role === 'H4')!;
    expect(squash(structText(heading))).toBe(squash('01.02.01 Varmistamme, että € – — toimii'));
  });

  it('keeps a paragraph that runs over several pages whole in one element', () => {
    const longest = tree.children.filter((b) => b.type === 'paragraph').map((b) => b.children.map((c) => c.value).join('')).sort((a, b) => b.length - a.length)[0]!;
    expect(longest.length).toBeGreaterThan(20_000);
    const paragraphs = blocks(root.kids[0]!).filter((k) => k.role === 'P').map((k) => squash(structText(k)));
    expect(paragraphs).toContain(squash(longest));
  });

  it('tags a table as caption, one header row of column headers, body rows and the total row', () => {
    const table = tree.children.find((b): b is Table => b.type === 'table')!;
    const elem = blocks(root.kids[0]!).find((k) => k.role === 'Table')!;
    expect(roles(elem)).toEqual(['Caption', 'THead', 'TBody', 'TFoot']);
    const [caption, head, body, foot] = elem.kids as [StructElem, StructElem, StructElem, StructElem];
    expect(structText(caption)).toBe(table.caption);
    expect(head.kids).toHaveLength(1);
    const ths = head.kids[0]!.kids;
    expect(ths.map((th) => th.role)).toEqual(table.columns.map(() => 'TH'));
    expect(ths.map((th) => structText(th))).toEqual(table.columns.map((c) => c.header));
    for (const th of ths) expect(th.attributes).toContain('/Scope /Column');
    const rowsOf = (e: StructElem): string[][] => e.kids.map((tr) => tr.kids.map((td) => squash(structText(td))));
    expect(rowsOf(body)).toEqual(table.rows.map((r) => r.map(cellText)));
    expect(rowsOf(foot)).toEqual(table.footerRows!.map((r) => r.map(cellText)));
    // The table runs over a page and its header row is drawn again there, but read once.
    const header = table.columns[2]!.header;
    expect(pdftotext(file).split(header).length - 1).toBeGreaterThan(1);
    expect(structText(root).split(header).length - 1).toBe(1);
  });

  it('gives the chart its alternative text as a Figure (read with qpdf)', () => {
    const chart = tree.children.find((b): b is Chart => b.type === 'chart')!;
    const objects = (qpdfJson(file) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] }).qpdf[1];
    const figures = Object.values(objects).filter((o) => o.value?.['/S'] === '/Figure');
    expect(figures).toHaveLength(1);
    expect(figures[0]!.value!['/Alt']).toBe(`u:${chart.alt}`);
  });

  it('leaves out only page furniture: every text on the pages but the header is in the structure', () => {
    const h = tree.header;
    const furniture = [h.organisation, h.unit, h.docType, h.date, h.reference].map(squash);
    const tagged = squash(structText(root));
    const lines = pdftotext(file)
      .split(/\n|\f/)
      .map(squash)
      .filter((l) => l !== '');
    const pageLabel = /^\d+\(\d+\)$/;
    const missing = lines.filter((l) => !furniture.includes(l) && !pageLabel.test(l) && !tagged.includes(l));
    expect(missing).toEqual([]);
    // …and the header itself is not read on every page.
    expect(tagged).not.toContain(squash(h.organisation));
    expect(tagged).not.toMatch(/\d+\(\d+\)/);
  });

  it('nests lists and key figures as L > LI > LBody', () => {
    const lists = blocks(root.kids[0]!).filter((k) => k.role === 'L');
    const keyFigures = tree.children.find((b) => b.type === 'keyFigures')!;
    const list = tree.children.find((b) => b.type === 'list')!;
    expect(roles(lists[0]!)).toEqual(['Caption', ...keyFigures.items.map(() => 'LI')]);
    // A space keeps each figure apart from its label in the text (read, copied, searched).
    expect(lists[0]!.kids.slice(1).map((li) => structText(li))).toEqual(keyFigures.items.map((i) => `${i.value} ${i.label}`));
    expect(roles(lists[1]!)).toEqual(list.items.map(() => 'LI'));
    for (const li of lists[1]!.kids) expect(roles(li)).toEqual(['LBody']);
    expect(lists[1]!.kids.map((li) => squash(structText(li)))).toEqual(list.items.map((i) => squash(i.map((c) => c.value).join(''))));
  });
});

describe('tagged PDF of the sample, through the command', () => {
  it('has every action as a heading followed by its stage and texts', async () => {
    const analysis = await analyseFile(SAMPLE);
    const pdf = (await report([SAMPLE])).pdf!;
    const doc = structTree(pdf).kids[0]!;
    expect(doc.kids[0]!.role).toBe('H1');
    expect(structText(doc.kids[0]!)).toBe(SAMPLE_HEADER.title);
    const actions = actionsOf(analysis.model);
    const all = blocks(doc);
    const h4 = all.map((k, i) => [k, i] as const).filter(([k]) => k.role === 'H4');
    expect(h4.map(([k]) => structText(k))).toEqual(actions.map((a) => `${a.id} ${a.title}`));
    for (const [n, [, at]] of h4.entries()) {
      const next = h4[n + 1]?.[1] ?? all.length;
      const after = all.slice(at + 1, next).filter((k) => k.role === 'P').map((k) => squash(structText(k)));
      for (const t of actions[n]!.texts) expect(after, actions[n]!.id).toContain(squash(t));
    }
  });
});
