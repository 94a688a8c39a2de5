import { describe, expect, it } from 'vitest';
import { renderDocx } from '../src/render/docx/index.js';
import { bigTree } from './fixtures/docx/tree.js';
import { mammothText } from './helpers/docx-tools.js';

// Speed is measured by `npm run bench`; this only proves nothing is lost in a long document.
describe('DOCX with many actions', () => {
  it('keeps every status text of 3,000 actions', async () => {
    const big = await renderDocx(bigTree(3_000));
    const text = await mammothText(big);
    expect(text).toContain('Tilannekuvaus 3000: edetään');
    expect(text.match(/Tilannekuvaus \d+:/g)?.length).toBe(3_000);
  });
});
