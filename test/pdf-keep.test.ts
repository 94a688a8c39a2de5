// A heading never ends a PDF page on its own: it moves with the block after it, a short table
// included. The heading is pushed down the page step by step (more filler lines before it) and
// each PDF is read back page by page with pdftotext.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../src/node/fonts.js';
import { renderPdf } from '../src/render/pdf/index.js';
import type { FontSet } from '../src/render/fonts.js';
import { text, type Block, type Chart, type Table } from '../src/document/types.js';
import { fullTree } from './fixtures/trees/full.js';
import { pageCount, pdftotext, tempPdf } from './helpers/pdf-tools.js';

let fonts: FontSet;
beforeAll(async () => {
  fonts = await loadFonts();
});

const HEADING = 'Lopputaulukon otsikko';
const table: Table = {
  type: 'table',
  caption: 'Taulukko 9. Lopputaulukko',
  columns: [
    { header: 'Teema', width: 3 },
    { header: 'Toimenpiteitä', width: 1, align: 'right' },
  ],
  rows: Array.from({ length: 6 }, (_, i) => [{ children: [text(`Rivi ${i + 1}`)] }, { children: [text(String(i + 1))], align: 'right' as const }]),
  footerRows: [[{ children: [text('Yhteensä')] }, { children: [text('21')], align: 'right' }]],
};

async function pagesOf(fillers: number): Promise<string[]> {
  const base = fullTree();
  const children: Block[] = [
    ...Array.from({ length: fillers }, (_, i): Block => ({ type: 'paragraph', children: [text(`Täyterivi ${i + 1}.`)] })),
    { type: 'heading', level: 2, code: '9', text: HEADING, bookmark: false },
    table,
  ];
  const file = tempPdf(await renderPdf({ ...base, children }, { fonts }), `keep-${fillers}`);
  const pages: string[] = [];
  for (let p = 1; p <= pageCount(file); p++) pages.push(pdftotext(file, { first: p, last: p }));
  return pages;
}

describe('PDF: headings keep with what follows', () => {
  it('a heading before a short table is always on the table’s first page, wherever the page ends', async () => {
    const checked: number[] = [];
    let moved = 0;
    // One filler line is ~17 pt; 28-60 fillers walk the heading over the whole foot of page 1.
    for (let fillers = 28; fillers <= 60; fillers++) {
      const pages = await pagesOf(fillers);
      const heading = pages.findIndex((p) => p.includes(HEADING));
      const firstRow = pages.findIndex((p) => p.includes('Rivi 1'));
      expect({ fillers, heading }).toEqual({ fillers, heading: firstRow });
      // Nothing lost: every row and the total are there.
      const all = pages.join('\n');
      for (let i = 1; i <= 6; i++) expect(all).toContain(`Rivi ${i}`);
      expect(all).toContain('Yhteensä');
      if (heading > 0 && pages[heading - 1]!.includes(`Täyterivi ${fillers}.`)) moved++;
      checked.push(fillers);
    }
    // The walk did cross a page end: for some filler counts the heading had to move.
    expect(moved).toBeGreaterThan(0);
  }, 120_000);

  it('a chart taller than a page flows on, band by band, with every category and the legend', async () => {
    const series: Chart['series'] = [
      { key: '1', label: '1 Ei aloitettu' },
      { key: '3', label: '3 Toteutus on aloitettu' },
      { key: 'unreported', label: 'Ei raportoitu' },
    ];
    const categories = Array.from({ length: 60 }, (_, i) => ({ label: `Teema ${i + 1} pitkähkö otsikko`, values: { '1': i % 4, '2': 0, '3': 3, '4': 0, '5': 0, unreported: i % 3 } }));
    const chart: Chart = { type: 'chart', kind: 'stackedBar', caption: 'Kaavio 1. Korkea kaavio', alt: 'Kuvaus', series, categories };
    const file = tempPdf(await renderPdf({ ...fullTree(), children: [chart] }, { fonts }), 'tall-chart');
    const pages: string[] = [];
    for (let p = 1; p <= pageCount(file); p++) pages.push(pdftotext(file, { first: p, last: p }));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain('Kaavio 1. Korkea kaavio');
    const all = pages.join('\n');
    for (let i = 1; i <= 60; i++) expect(all).toContain(`Teema ${i} pitkähkö`);
    expect(pages.at(-1)).toContain('Ei raportoitu');
  }, 60_000);
});
