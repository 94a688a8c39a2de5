/**
 * Page ends as a reader meets them: a heading, an action's stage line and its change marker never
 * end a page without at least two lines of the text after them, and a row pair ("edellinen /
 * nykyinen") never parts. Each scenario is pushed down the page one filler line at a time, in one
 * document; the PDF and LibreOffice's PDF of the DOCX are read back page by page.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../src/node/fonts.js';
import { renderDocx } from '../src/render/docx/index.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { text, type Block, type DocumentTree, type TableCell } from '../src/document/types.js';
import { fullTree } from './fixtures/trees/full.js';
import { libreOfficePages } from './helpers/docx-tools.js';
import { pageCount, pdftotext, tempPdf } from './helpers/pdf-tools.js';
import { tempDir } from './helpers/e2e.js';

const SCENARIOS = 14;
const BASE_FILLERS = 20;

const words = (k: number) => Array.from({ length: 70 }, (_, i) => `s${k}w${i + 1}`).join(' ');

function actionTree(): DocumentTree {
  const children: Block[] = [];
  for (let k = 0; k < SCENARIOS; k++) {
    for (let f = 0; f < BASE_FILLERS + k; f++) children.push({ type: 'paragraph', children: [text(`Täyte ${k}.${f}`)] });
    children.push({ type: 'heading', level: 3, code: `01.01.${k}`, text: `Toimenpide ${k}`, bookmark: false });
    children.push({ type: 'stageIndicator', stage: '3', label: `Etenemisaste 3/5: Vaihe${k}` });
    children.push({ type: 'paragraph', style: 'note', keepWithNext: true, children: [text(`▲ Muutos${k} edelliseen raporttiin verrattuna (2 → 3)`, { bold: true })] });
    children.push({ type: 'paragraph', style: 'body', children: [text(words(k))] });
    children.push({ type: 'pageBreak' });
  }
  return { ...fullTree(), children };
}

function pairTree(): DocumentTree {
  const children: Block[] = [];
  const row = (k: number, i: number, period: string): TableCell[] => [{ children: [text(i === 0 ? `Teema${k}r${i}` : '')] }, { children: [text(`${period}${k}r${i}`)] }, { children: [text(String(i))], stage: '3', align: 'right' }];
  for (let k = 0; k < SCENARIOS; k++) {
    for (let f = 0; f < BASE_FILLERS + k; f++) children.push({ type: 'paragraph', children: [text(`Täyte ${k}.${f}`)] });
    children.push({
      type: 'table',
      caption: `Taulukko ${k}`,
      columns: [{ header: 'Teema', width: 3 }, { header: 'Raportti', width: 2 }, { header: '3', width: 1, align: 'right' }],
      rowGroup: 2,
      rows: [0, 1, 2].flatMap((i) => [row(k, i, 'edellinen'), row(k, i, 'nykyinen')]),
    });
    children.push({ type: 'pageBreak' });
  }
  return { ...fullTree(), children };
}

function pdfPages(file: string): string[] {
  const out: string[] = [];
  for (let p = 1; p <= pageCount(file); p++) out.push(pdftotext(file, { first: p, last: p }));
  return out;
}

const pageOf = (pages: string[], needle: RegExp): number => pages.findIndex((p) => needle.test(p));

function checkActions(pages: string[], format: string): void {
  let crossed = 0;
  for (let k = 0; k < SCENARIOS; k++) {
    const h = pageOf(pages, new RegExp(`Toimenpide ${k}\\b`));
    expect(h, `${format} scenario ${k}`).toBeGreaterThanOrEqual(0);
    expect(pages[h], `${format} ${k}: stage line with its heading`).toMatch(new RegExp(`Vaihe${k}\\b`));
    expect(pages[h], `${format} ${k}: marker with its heading`).toMatch(new RegExp(`Muutos${k}\\b`));
    // The text's lines on the heading's page: at least two (or all of it).
    const lines = pages[h]!.split('\n').filter((l) => new RegExp(`\\bs${k}w\\d+`).test(l));
    expect(lines.length, `${format} ${k}: lines of the text with the heading`).toBeGreaterThanOrEqual(2);
    if (pageOf(pages, new RegExp(`\\bs${k}w70\\b`)) !== h) crossed++;
  }
  // Some scenarios did reach the page end: the text went on to the next page.
  expect(crossed, `${format}: scenarios that reached the page end`).toBeGreaterThan(0);
}

function checkPairs(pages: string[], format: string): void {
  let apart = 0;
  for (let k = 0; k < SCENARIOS; k++) {
    for (let i = 0; i < 3; i++) {
      const before = pageOf(pages, new RegExp(`edellinen${k}r${i}\\b`));
      const now = pageOf(pages, new RegExp(`nykyinen${k}r${i}\\b`));
      expect(before, `${format} ${k}.${i}`).toBeGreaterThanOrEqual(0);
      expect(now, `${format} ${k}.${i}: the pair on one page`).toBe(before);
    }
    if (pageOf(pages, new RegExp(`edellinen${k}r0\\b`)) !== pageOf(pages, new RegExp(`nykyinen${k}r2\\b`))) apart++;
  }
  expect(apart, `${format}: tables that ran over a page end`).toBeGreaterThan(0);
}

describe('keep with next and row pairs', () => {
  const dir = tempDir('keep');
  let pdfActions: string[];
  let pdfPairs: string[];
  let loActions: string[];
  let loPairs: string[];
  beforeAll(async () => {
    const fonts = await loadFonts();
    pdfActions = pdfPages(tempPdf(await renderPdf(actionTree(), { fonts }), 'keep-actions'));
    pdfPairs = pdfPages(tempPdf(await renderPdf(pairTree(), { fonts }), 'keep-pairs'));
    const a = await renderDocx(actionTree());
    const p = await renderDocx(pairTree());
    writeFileSync(join(dir, 'actions.docx'), a);
    loActions = libreOfficePages(a);
    loPairs = libreOfficePages(p);
  }, 300_000);

  it('PDF: heading, stage line and change marker stay with two lines of the text', () => checkActions(pdfActions, 'PDF'));
  it('DOCX (LibreOffice): the same', () => checkActions(loActions, 'DOCX'));
  it('PDF: a row pair never parts across pages', () => checkPairs(pdfPairs, 'PDF'));
  it('DOCX (LibreOffice): the same', () => checkPairs(loPairs, 'DOCX'));
});
