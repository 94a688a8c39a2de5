import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderPdf } from '../src/render/pdf/index.js';
import { pageLabel } from '../src/render/pdf/header.js';
import { loadFonts } from '../src/node/fonts.js';
import type { FontSet } from '../src/render/fonts.js';
import type { Block, DocumentTree } from '../src/document/types.js';
import { fullTree, MARKUP_TEXT, TITLE } from './fixtures/trees/full.js';
import { pageCount, pdffonts, pdfinfo, pdftotext, preflightA1b, qpdfAttachments, qpdfCheck, qpdfJson, tempPdf, xmp } from './helpers/pdf-tools.js';

/** Compare text ignoring all whitespace: line wrapping and page breaks only move spaces around. */
const squash = (s: string): string => s.replace(/\s+/g, '');

function blockTexts(b: Block): string[] {
  switch (b.type) {
    case 'title':
      return [b.text];
    case 'heading':
      return [b.code ? `${b.code} ${b.text}` : b.text];
    case 'paragraph':
      return [b.children.map((c) => c.value).join('')];
    case 'field':
      return [`${b.label}: ${b.text}`];
    case 'keyFigures':
      return [b.caption, ...b.items.flatMap((i) => [i.label, i.value])];
    case 'table':
      return [b.caption, ...b.columns.map((c) => c.header), ...[...b.rows, ...(b.footerRows ?? [])].flat().map((c) => c.children.map((x) => x.value).join(''))];
    case 'chart':
      return [b.caption, ...b.series.map((s) => s.label)];
    case 'stageIndicator':
      return [b.label];
    case 'list':
      return b.items.map((i) => i.map((x) => x.value).join(''));
    case 'pageBreak':
      return [];
  }
}

let fonts: FontSet;
let tree: DocumentTree;
let pdf2b: Uint8Array;
let file2b: string;
let text2b: string;
/** The body text of all pages: each page's header block and page label cut out. */
let body2b: string;

beforeAll(async () => {
  fonts = await loadFonts();
  // PDF/A-2 may not carry files: the 3b test below renders the tree with its attachments.
  tree = fullTree({ attachments: false });
  const t0 = performance.now();
  pdf2b = await renderPdf(tree, { fonts });
  const ms = performance.now() - t0;
  file2b = tempPdf(pdf2b, 'full-2b');
  text2b = pdftotext(file2b);
  const n = pageCount(file2b);
  const pages: string[] = [];
  for (let p = 1; p <= n; p++) {
    let page = pdftotext(file2b, { first: p, last: p });
    // The header comes first in reading order; the label line may come anywhere.
    const h = tree.header;
    for (const s of [h.organisation, h.unit, h.docType, h.date, h.reference]) page = page.replace(s, '');
    pages.push(page.split('\n').filter((l) => l.trim() !== `${p} (${n})`).join('\n'));
  }
  body2b = pages.join('\n');
  if (process.env.KEEP_OUTPUT) {
    mkdirSync('out', { recursive: true });
    writeFileSync('out/full-2b.pdf', pdf2b);
    console.log(`fixture rendered in ${Math.round(ms)} ms, ${pdf2b.length} bytes`);
  }
}, 60_000);

describe('renderPdf: text as a PDF reader sees it (pdftotext)', () => {
  it('contains every text of every block, in full', () => {
    const all = squash(body2b);
    for (const block of tree.children) {
      for (const t of blockTexts(block)) expect(all, `${block.type}: ${t.slice(0, 60)}`).toContain(squash(t));
    }
  });

  it('keeps markup-looking text literal', () => {
    expect(squash(text2b)).toContain(squash(MARKUP_TEXT));
    for (const s of ['{{title}}', '<b>lihavoitu</b>', '# ei otsikko', '*ei korostus*', '1. ei lista', '&amp;', '<script>']) expect(text2b).toContain(s);
    expect(text2b).toContain(TITLE);
  });

  it('keeps the order of the blocks', () => {
    const all = squash(body2b);
    const positions = ['PITKÄALKU', 'SANAPITKÄ:', ':LOPPU', 'VIIMEINEN KAPPALE.'].map((s) => all.indexOf(squash(s)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('puts the header block and the page label `n (N)` on every page', () => {
    const n = pageCount(file2b);
    expect(n).toBeGreaterThan(3);
    for (let p = 1; p <= n; p++) {
      const page = pdftotext(file2b, { first: p, last: p });
      expect(page).toContain(pageLabel(tree.pageNumber, p, n));
      expect(page).toContain(`${p} (${n})`);
      for (const s of [tree.header.organisation, tree.header.unit, tree.header.docType, tree.header.date, tree.header.reference]) expect(page).toContain(s);
    }
  });
});

describe('renderPdf: file structure', () => {
  it('passes qpdf --check', () => {
    expect(qpdfCheck(file2b)).toMatch(/No syntax or stream encoding errors/);
  });

  it('embeds every font', () => {
    const fontsUsed = pdffonts(file2b);
    expect(fontsUsed.length).toBeGreaterThan(0);
    for (const f of fontsUsed) expect(f, f.name).toEqual({ name: f.name, embedded: true });
    expect(fontsUsed.every((f) => f.name.includes('KuntaraporttiSans'))).toBe(true);
  });

  it('sets title, author, subject, keywords and dates from the tree, never the clock', () => {
    const info = pdfinfo(file2b);
    expect(info.Title).toBe(TITLE);
    expect(info.Author).toBe(tree.meta.author);
    expect(info.Subject).toBe(tree.meta.subject);
    expect(info.Keywords).toBe(tree.meta.keywords.join(', '));
    expect(info.CreationDate).toMatch(/Oct 23 .*2023/);
    expect(info.ModDate).toMatch(/Oct 23 .*2023/);
    expect(Buffer.from(pdf2b).toString('latin1')).toContain('/Lang (fi-FI)');
  });

  it('has bookmarks for the headings marked so, nested by level', () => {
    const json = JSON.stringify(qpdfJson(file2b));
    const titles = tree.children.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading' && b.bookmark).map((h) => (h.code ? `${h.code} ${h.text}` : h.text));
    expect(titles.length).toBe(4);
    for (const t of titles) expect(json).toContain(JSON.stringify(`u:${t}`).slice(1, -1));
    expect(json).not.toContain('u:01.02.01');
  });

  it('gives identical bytes for identical input', async () => {
    const again = await renderPdf(fullTree({ attachments: false }), { fonts });
    expect(Buffer.from(again).equals(Buffer.from(pdf2b))).toBe(true);
  });
});

describe('renderPdf: PDF/A', () => {
  it('1b passes PDFBox Preflight', async () => {
    const file = tempPdf(await renderPdf(tree, { fonts, pdfa: '1b' }), 'full-1b');
    const { valid, report } = preflightA1b(file);
    expect(valid, report).toBe(true);
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors/);
  }, 60_000);

  it('2a (the default) has well-formed XMP with the escaped title, pdfaid:part 2 conformance A, PDF/UA-1, and no attachment', () => {
    const x = xmp(pdf2b);
    expect(x).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(x).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(x).toContain('<pdfuaid:part>1</pdfuaid:part>');
    // The pdfuaid schema is declared, as PDF/A asks of every schema it does not predefine.
    expect(x).toContain('<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>');
    expect(x).toContain('&#38; &#60;hallitus&#62; &#34;raportti&#34; &#39;liite&#39;');
    expect(x).not.toContain('& <hallitus>');
    expect(x).toContain('<xmp:ModifyDate>2023-10-23T00:00:00Z</xmp:ModifyDate>');
    expect(qpdfAttachments(file2b)).not.toContain('seuranta.csv');
  });

  it('1b and 2b refuse a tree that lists files to embed, rather than drop them silently', async () => {
    for (const pdfa of ['1b', '2b'] as const) await expect(renderPdf(fullTree({ attachments: true }), { fonts, pdfa })).rejects.toThrow(`PDF/A-${pdfa} cannot carry embedded files`);
  });

  it('3b embeds the attachments as associated files', async () => {
    const bytes = await renderPdf(fullTree({ attachments: true }), { fonts, pdfa: '3b' });
    const file = tempPdf(bytes, 'full-3b');
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors/);
    expect(xmp(bytes)).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(qpdfAttachments(file)).toContain('seuranta.csv');
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/AFRelationship \/Source/);
  });

  it("'none' writes no PDF/A identification", async () => {
    const bytes = await renderPdf(tree, { fonts, pdfa: 'none' });
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('pdfaid:part');
  });

  it('refuses a malformed date instead of using the clock', async () => {
    await expect(renderPdf({ ...tree, meta: { ...tree.meta, date: '23.10.2023' } }, { fonts })).rejects.toThrow(/VVVV-KK-PP/);
  });
});
