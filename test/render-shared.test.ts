// The rules both renderers share, each in one module: SFS 2487 page geometry (src/render/geometry.ts)
// and column widths by weight, a zero weight included (src/render/columns.ts).
import { describe, expect, it } from 'vitest';
import { columnWeights, shareWidths } from '../src/render/columns.js';
import { PT_PER_CM, SFS_2487, twips } from '../src/render/geometry.js';
import { BODY_WIDTH as PDF_BODY, MARGIN_LEFT, PAGE_WIDTH } from '../src/render/pdf/layout.js';
import { BODY_WIDTH as DOCX_BODY, PAGE } from '../src/render/docx/styles.js';
import { pdfDefinition } from '../src/render/pdf/index.js';
import { renderDocx } from '../src/render/docx/index.js';
import { rasterizeSvg } from '../src/node/rasterize.js';
import { loadFonts } from '../src/node/fonts.js';
import type { DocumentTree, Table } from '../src/document/types.js';
import { fullTree } from './fixtures/trees/full.js';
import { part } from './helpers/docx-tools.js';

describe('page geometry (SFS 2487), one source in cm', () => {
  it('is A4 with the standard margins in both units', () => {
    expect(PAGE_WIDTH).toBeCloseTo(595.28, 2);
    expect(MARGIN_LEFT).toBeCloseTo(2 * PT_PER_CM, 9);
    expect([PAGE.width, PAGE.height]).toEqual([11906, 16838]);
    expect(PAGE.marginLeft).toBe(twips(SFS_2487.marginLeft));
    // The body line is 15.7 cm in both renderers.
    expect(PDF_BODY / PT_PER_CM).toBeCloseTo(15.7, 9);
    expect(DOCX_BODY).toBe(twips(21) - twips(2) - twips(1) - twips(2.3));
    expect(Math.abs(DOCX_BODY - twips(15.7))).toBeLessThanOrEqual(1);
  });
});

describe('column widths by weight', () => {
  it('a zero, negative or non-finite weight counts as 1', () => {
    expect(columnWeights([5, 0, -2, Number.NaN, 1.3])).toEqual([5, 1, 1, 1, 1.3]);
  });

  it('in whole units the columns fill the width exactly; in hundredths they never exceed it', () => {
    for (const weights of [[5, 1.3, 1.3, 1.9], [1, 0, 1], [0, 0, 0], [7], [1.3, 5, 2.4, 1.6]]) {
      const whole = shareWidths(weights, 9355, 'whole');
      expect(whole.reduce((a, b) => a + b, 0)).toBe(9355);
      expect(Math.min(...whole)).toBeGreaterThan(0);
      const pt = shareWidths(weights, 400.5, 'hundredths');
      expect(pt.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(400.5);
      expect(pt.reduce((a, b) => a + b, 0)).toBeGreaterThan(400.5 - 0.01 * weights.length);
      expect(Math.min(...pt)).toBeGreaterThan(0);
    }
    expect(shareWidths([1, 0, 1], 300, 'whole')).toEqual([100, 100, 100]);
  });

  it('both renderers give a zero-weight column the share of weight 1', async () => {
    const tree: DocumentTree = fullTree();
    const table = tree.children.find((b): b is Table => b.type === 'table')!;
    const weights = table.columns.map((c) => c.width);
    table.columns = table.columns.map((c, i) => (i === 1 ? { ...c, width: 0 } : c));
    // Short texts, so no column needs more than its share for its widest word (fitColumns).
    table.columns = table.columns.map((c) => ({ ...c, header: 'h' }));
    const short = (r: Table['rows'][number]) => r.map(() => ({ children: [{ type: 'text' as const, value: 'x' }] }));
    table.rows = table.rows.map(short);
    if (table.footerRows) table.footerRows = table.footerRows.map(short);
    const asOne = weights.map((w, i) => (i === 1 ? 1 : w));
    // PDF: the table's widths in the pdfmake definition.
    const definition = JSON.stringify(pdfDefinition(tree, await loadFonts()));
    expect(definition).toContain(JSON.stringify(shareWidths(asOne, PDF_BODY - 8 * weights.length - 1, 'hundredths')));
    // DOCX: the table grid.
    const xml = part(await renderDocx(tree, { rasterize: rasterizeSvg }), 'word/document.xml');
    const grids = [...xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) => [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((g) => Number(g[1])));
    expect(grids).toContainEqual(shareWidths(asOne, DOCX_BODY, 'whole'));
  });
});
