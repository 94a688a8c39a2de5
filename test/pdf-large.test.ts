import { describe, expect, it } from 'vitest';
import { renderPdf } from '../src/render/pdf/index.js';
import { loadFonts } from '../src/node/fonts.js';
import { text } from '../src/document/types.js';
import { fullTree, longText } from './fixtures/trees/full.js';
import { pageCount, pdftotext, tempPdf } from './helpers/pdf-tools.js';

const squash = (s: string): string => s.replace(/\s+/g, '');

describe('renderPdf with a 1 MB status text', () => {
  it('renders all of it (200+ pages)', async () => {
    const fonts = await loadFonts();
    const big = longText(1_000_000, 'MEGAALKU') + ' MEGALOPPU';
    const tree = fullTree();
    tree.children = [{ type: 'title', text: 'Iso' }, { type: 'heading', level: 1, code: '01.', text: 'Teema', bookmark: true }, { type: 'paragraph', children: [text(big)] }];
    const bytes = await renderPdf(tree, { fonts });
    const file = tempPdf(bytes, 'large');
    expect(pageCount(file)).toBeGreaterThan(200);
    // pdftotext separates pages by form feeds: drop each page's header strings and label line.
    const pages = pdftotext(file).split('\f').filter((p) => p.trim());
    const h = tree.header;
    const cleaned = pages
      .map((page, i) => {
        let rest = page;
        for (const s of [h.organisation, h.unit, h.docType, h.date, h.reference]) rest = rest.replace(s, '');
        return rest.split('\n').filter((l) => l.trim() !== `${i + 1} (${pages.length})`).join('\n');
      })
      .join('');
    expect(pages.length).toBe(pageCount(file));
    expect(squash(cleaned)).toContain(squash(big));
  }, 120_000);
});
