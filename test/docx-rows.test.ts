import { describe, expect, it } from 'vitest';
import type { DocumentTree } from '../src/document/types.js';
import { renderDocx } from '../src/render/docx/index.js';
import { mammothText, part } from './helpers/docx-tools.js';
import { fixtureTree } from './fixtures/docx/tree.js';

describe('DOCX table rows', () => {
  it('keeps short rows whole but lets a row taller than a page break, so Word cannot clip it', async () => {
    const long = 'Pitkä tilannekuvaus, joka jatkuu. '.repeat(800);
    const tree: DocumentTree = {
      ...fixtureTree(),
      children: [
        {
          type: 'table',
          caption: 'Rivit',
          columns: [
            { header: 'Koodi', width: 1 },
            { header: 'Teksti', width: 4 },
          ],
          rows: [
            [{ children: [{ type: 'text', value: '01.01.01' }] }, { children: [{ type: 'text', value: 'Lyhyt' }] }],
            [{ children: [{ type: 'text', value: '01.01.02' }] }, { children: [{ type: 'text', value: long }] }],
          ],
        },
      ],
    };
    const docx = await renderDocx(tree);
    const xml = part(docx, 'word/document.xml');
    const rows = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    const row = (code: string) => rows.find((r) => r.includes(code))!;
    expect(row('01.01.01')).toContain('<w:cantSplit/>');
    expect(row('01.01.02')).not.toContain('<w:cantSplit/>');
    expect((await mammothText(docx)).replace(/\s+/g, ' ')).toContain(long.trim());
  });

  it('keeps the header row and the last short row before a total with the row after them', async () => {
    const text = (value: string) => ({ children: [{ type: 'text' as const, value }] });
    const tree: DocumentTree = {
      ...fixtureTree(),
      children: [
        {
          type: 'table',
          caption: 'Jakauma',
          columns: [
            { header: 'Tavoite', width: 3 },
            { header: 'Lkm', width: 1 },
          ],
          rows: [
            [text('Ensimmäinen'), text('1')],
            [text('Viimeinen'), text('2')],
          ],
          footerRows: [[text('Yhteensä'), text('3')]],
        },
      ],
    };
    const xml = part(await renderDocx(tree), 'word/document.xml');
    const rows = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    const row = (s: string) => rows.find((r) => r.includes(s))!;
    const keeps = (r: string) => (r.match(/<w:keepNext\/>/g) ?? []).length;
    expect(keeps(row('Tavoite'))).toBe(2);
    expect(keeps(row('Ensimmäinen'))).toBe(0);
    expect(keeps(row('Viimeinen'))).toBe(2);
    expect(keeps(row('Yhteensä'))).toBe(0);
  });
});
