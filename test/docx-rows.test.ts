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
});
