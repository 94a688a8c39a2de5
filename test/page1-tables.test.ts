/**
 * Page 1 as a councillor reads it: the stage-distribution table, its shares and the key figures,
 * read back from the PDF (pdftotext -bbox), the DOCX XML and LibreOffice's PDF of the DOCX.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzlibSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDocument, type BuildInput } from '../src/document/build.js';
import { parseSettings } from '../src/document/settings.js';
import type { TemplateBundle } from '../src/document/template.js';
import type { Block, Chart, DocumentTree, Table } from '../src/document/types.js';
import type { Model } from '../src/model/types.js';
import { STAGE_KEYS, type Distribution, type StageCounts, type Stats } from '../src/stats/types.js';
import { loadFonts } from '../src/node/fonts.js';
import { loadTemplate } from '../src/node/templates.js';
import { renderDocx } from '../src/render/docx/index.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { renderHtmlString } from '../src/render/html/index.js';
import { colourSpan, pdfWords, rasterPage, runs, type Raster, type Word } from './helpers/bbox.js';
import { STAGE_COLORS } from '../src/document/palette.js';
import { libreOfficePages, parts } from './helpers/docx-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'kr-page1-'));

/** Stage counts up to five digits, and rows whose rounded shares do not add up to 100. */
const ROWS: { id: string; title: string; stages: StageCounts }[] = [
  { id: '01', title: 'Suuret luvut', stages: { 1: 12345, 2: 23456, 3: 3456, 4: 4567, 5: 5678, unreported: 6789 } },
  { id: '02', title: 'Viisi seitsemästä', stages: { 1: 0, 2: 0, 3: 5, 4: 2, 5: 0, unreported: 0 } },
  { id: '03', title: 'Kolmannekset', stages: { 1: 4, 2: 4, 3: 4, 4: 0, 5: 0, unreported: 0 } },
  { id: '04', title: 'Lähes kaikki valmiina', stages: { 1: 1, 2: 0, 3: 0, 4: 0, 5: 9999, unreported: 0 } },
];

function distribution(stages: StageCounts): Distribution {
  const actions = STAGE_KEYS.reduce((n, k) => n + stages[k], 0);
  return { actions, stages, percentages: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, unreported: 0 }, meanStage: 3 };
}

function input(rows = ROWS): BuildInput {
  const total = Object.fromEntries(STAGE_KEYS.map((k) => [k, rows.reduce((n, r) => n + r.stages[k], 0)])) as StageCounts;
  const stats: Stats = { ...distribution(total), themes: rows.map((r) => ({ id: r.id, title: r.title, ...distribution(r.stages), goals: [] })) };
  const model: Model = { file: 'a.tsv', themes: rows.map((r) => ({ id: r.id, title: r.title, source: { file: 'a.tsv', line: 2 }, goals: [{ id: `${r.id}.01`, title: 'Vuositavoite', source: { file: 'a.tsv', line: 2 }, actions: [] }] })) };
  return { model, stats, diagnostics: [], source: { name: 'a.tsv', sha256: 'abc', rows: 4 } };
}

async function page1(lang: 'fi' | 'sv' | 'en', rows = ROWS): Promise<DocumentTree> {
  const bundle = await loadTemplate('valtuusto-liite');
  const template: TemplateBundle = { ...bundle, structure: { ...bundle.structure, sections: [{ type: 'title' }, { type: 'keyFigures' }, { type: 'distributionTable' }, { type: 'distributionChart' }] } };
  const parsed = parseSettings({ organisation: { name: 'Esimerkkilän kunta' }, reportDate: '2023-09-30', lang });
  if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
  return buildDocument(input(rows), template, parsed.settings);
}

const tableOf = (tree: DocumentTree): Table => tree.children.find((b): b is Table => b.type === 'table')!;
const chartOf = (tree: DocumentTree): Chart => tree.children.find((b): b is Chart => b.type === 'chart')!;
const value = (inl: { value: string }[] | undefined): string => (inl ?? []).map((t) => t.value).join('');
const nb = (s: string): string => s.replace(/\u00a0/g, ' ');

describe('shares', () => {
  it('rounds each share on its own and says so under the table where a row does not add up', async () => {
    const tree = await page1('fi');
    const table = tableOf(tree);
    const row = (id: string) => table.rows.find((r) => value(r[0]?.children).startsWith(id))!;
    expect(nb(value(row('02.')[3]?.detail))).toBe('(71 %)'); // 5 of 7
    expect(nb(value(row('02.')[4]?.detail))).toBe('(29 %)');
    expect(nb(value(row('03.')[1]?.detail))).toBe('(33 %)'); // 4 of 12, three times: 99
    const note = tree.children[tree.children.indexOf(table) + 1] as Block;
    expect(note.type === 'paragraph' && value(note.children)).toMatch(/^Osuudet on pyöristetty kukin erikseen/);

    // Rows that add up to 100: no note.
    const exact = await page1('fi', [ROWS[0]!, ROWS[1]!]);
    expect(JSON.stringify(exact)).not.toContain('pyöristetty');
  });

  it('HTML too: the share under its count in one cell, and the chart table with the same shares', async () => {
    const html = renderHtmlString(await page1('fi'));
    expect(html).toMatch(/<td[^>]*><svg class="kr-swatch"[^]*?<\/svg> 12\u00a0345<br>\(22\u00a0%\)<\/td>/);
    expect(html).toContain('5 (71\u00a0%)');
  });

  it('gives the chart, the table and the alternative text the same figures', async () => {
    const tree = await page1('en');
    const table = tableOf(tree);
    const chart = chartOf(tree);
    const all = [...table.rows, ...(table.footerRows ?? [])];
    chart.categories.forEach((cat, i) => {
      STAGE_KEYS.forEach((key, k) => {
        const cell = all[i]![k + 1]!;
        expect(value(cell.children)).toBe(new Intl.NumberFormat('en-GB').format(cat.values[key]));
        if (cat.values[key] > 0) {
          const share = value(cell.detail).replace(/^\((.*)\)$/, '$1');
          expect(cat.shares?.[key]).toBe(share);
          expect(chart.alt).toContain(`${cat.values[key]} (${share})`);
        }
      });
    });
  });
});

describe('the distribution table read back', () => {
  let pdfWordsP1: Word[];
  let loWords: Word[];
  let pdfRaster: Raster;
  let loRaster: Raster;
  let documentXml: string;
  let docxBytes: Uint8Array;
  let tree: DocumentTree;

  beforeAll(async () => {
    tree = await page1('fi');
    const pdf = join(dir, 'page1.pdf');
    writeFileSync(pdf, await renderPdf(tree, { fonts: await loadFonts() }));
    pdfWordsP1 = pdfWords(pdf);
    pdfRaster = rasterPage(pdf, 1);
    docxBytes = await renderDocx(tree);
    writeFileSync(join(dir, 'page1.docx'), docxBytes);
    documentXml = new TextDecoder().decode(parts(docxBytes)['word/document.xml']);
    const lo = join(dir, 'page1-lo.pdf');
    libreOfficePages(docxBytes, lo);
    loWords = pdfWords(lo);
    loRaster = rasterPage(lo, 1);
  }, 240_000);

  /** Each stage cell: its count with room for the square on its left, its share right under it. */
  function checkCells(words: Word[], raster: Raster, format: string): void {
    const all = runs(words);
    const table = tableOf(tree);
    const caption = all.find((w) => w.text === table.caption)!;
    for (const row of [...table.rows, ...(table.footerRows ?? [])]) {
      const labelText = value(row[0]!.children);
      const first = labelText.split(' ')[0]!;
      const label = all.find((w) => w.yMin > caption.yMin && w.xMin < caption.xMin + 10 && w.text.split(' ')[0] === first)!;
      expect(label, `${format}: row ${labelText}`).toBeDefined();
      // The row's first line: the label, then the six counts and the total, left to right.
      const line = all.filter((w) => w !== label && Math.abs(w.yMin - label.yMin) < 1.5 && w.xMin > label.xMax).sort((a, b) => a.xMin - b.xMin);
      expect(line.map((w) => w.text), `${format}: row ${labelText}`).toEqual([...row.slice(1).map((c) => nb(value(c.children)))]);
      for (const [k, cell] of row.slice(1, 7).entries()) {
        const c = line[k]!;
        const share = nb(value(cell.detail));
        const s = all.find((w) => w.text === share && w.yMin > c.yMin + 2 && w.yMin < c.yMax + 6 && Math.abs(w.xMax - c.xMax) < 1.5);
        expect(s, `${format}: ${c.text} ${share} as one unit`).toBeDefined();
        const left = k === 0 ? label : line[k - 1]!;
        expect(c.xMin - left.xMax, `${format}: room left of ${c.text}`).toBeGreaterThanOrEqual(12);
        // The square (found by its colour) sits right before its own count, and clearly apart
        // from whatever is to its left: nearer its own number than the one before it.
        const square = colourSpan(raster, STAGE_COLORS[STAGE_KEYS[k]!].slice(1), c.xMin - 30, c.xMin, c.yMin, c.yMax);
        expect(square, `${format}: square of ${c.text} in column ${k + 1}`).toBeDefined();
        const gapRight = c.xMin - square!.xMax;
        expect(gapRight, `${format}: square to ${c.text}`).toBeGreaterThan(0);
        expect(gapRight, `${format}: square to ${c.text}`).toBeLessThan(5);
        expect(square!.xMin - left.xMax, `${format}: square of ${c.text} apart from the left`).toBeGreaterThan(gapRight + 2);
        const leftOfShare = all.filter((w) => Math.abs(w.yMin - s!.yMin) < 1.5 && w.xMax <= s!.xMin + 0.1).sort((a, b) => b.xMax - a.xMax)[0];
        if (leftOfShare) expect(s!.xMin - leftOfShare.xMax, `${format}: room left of ${share}`).toBeGreaterThanOrEqual(5);
      }
    }
  }

  it('PDF: square, count and share are one unit with clear space between columns, up to five digits', () => {
    checkCells(pdfWordsP1, pdfRaster, 'PDF');
    // "(100 %)" on one line, never broken.
    const hundred = runs(pdfWordsP1).filter((w) => w.text === '(100 %)');
    expect(hundred.length).toBeGreaterThan(0);
  });

  it('DOCX: the square, a no-break space and the count, then a line break and the share, in one paragraph', () => {
    const cells = [...documentXml.matchAll(/<w:tc>.*?<\/w:tc>/gs)].map((m) => m[0]);
    const cell = cells.find((c) => c.includes('>12\u00a0345<'))!;
    expect(cell).toBeDefined();
    expect(cell.match(/<w:p>|<w:p /g)?.length).toBe(1);
    const order = ['<w:drawing>', '>\u00a0<', '>12\u00a0345<', '<w:br/>', '>(22\u00a0%)<'].map((s) => cell.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('DOCX through LibreOffice: the same units and clear space', () => {
    checkCells(loWords, loRaster, 'LibreOffice');
    expect(runs(loWords).some((w) => w.text === '(100 %)')).toBe(true);
  });

  it('key figures look alike: tiles, three to a row, in the PDF and the DOCX', () => {
    const items = tree.children.find((b) => b.type === 'keyFigures')!;
    if (items.type !== 'keyFigures') throw new Error('no key figures');
    for (const [format, words] of [['PDF', pdfWordsP1], ['LibreOffice', loWords]] as const) {
      const all = runs(words);
      // The first match at or below the caption, nearest the previous figure's line.
      const caption = all.find((w) => w.text === items.caption)!;
      const below = all.filter((w) => w.yMin > caption.yMin);
      const box = (i: number): Word => below.find((w) => w.text === nb(items.items[i]!.value) && (i % 3 === 0 || Math.abs(w.yMin - box(i - (i % 3)).yMin) < 1.5))!;
      const label = (i: number) => below.find((w) => w.text === items.items[i]!.label)!;
      // 51 | 4 | 4 on one line, each with its label under it; the next three a row lower.
      expect(Math.abs(box(0).yMin - box(1).yMin), format).toBeLessThan(1.5);
      expect(Math.abs(box(1).yMin - box(2).yMin), format).toBeLessThan(1.5);
      expect(box(1).xMin - box(0).xMin, format).toBeGreaterThan(100);
      expect(label(0).yMin, format).toBeGreaterThan(box(0).yMin + 8);
      expect(Math.abs(label(0).xMin - box(0).xMin), format).toBeLessThan(15);
      expect(box(3).yMin, format).toBeGreaterThan(label(0).yMax);
    }
    expect(documentXml).not.toMatch(/>Tunnusluku<|>Arvo</);
  });

  it('"Ei raportoitu" has the same hatched swatch in the DOCX as in the PDF: grey with white lines, no run shading', () => {
    expect(documentXml).not.toContain('diagStripe');
    const media = Object.entries(parts(docxBytes)).filter(([name]) => name.startsWith('word/media/') && name.endsWith('.png'));
    // One picture per kind of swatch; the hatched one has both the grey and white inside its outline.
    const hatched = media.filter(([, png]) => {
      const pixels = pngPixels(png);
      return pixels.has('bdbdbd') && pixels.has('ffffff');
    });
    expect(hatched.length).toBeGreaterThanOrEqual(1);
  });
});

/** The set of RGB colours of an 8-bit RGB PNG written with filter 0 (as encodeRgbPng writes). */
function pngPixels(png: Uint8Array): Set<string> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length; ) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = unzlibSync(new Uint8Array(idat.flatMap((c) => [...c])));
  const out = new Set<string>();
  const stride = 1 + width * 3;
  for (let y = 0; y * stride < raw.length; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * stride + 1 + x * 3;
      out.add([raw[i]!, raw[i + 1]!, raw[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join(''));
    }
  }
  return out;
}
