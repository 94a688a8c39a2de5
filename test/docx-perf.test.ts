import { describe, expect, it } from 'vitest';
import { renderDocx } from '../src/render/docx/index.js';
import { rasterizeSvg } from '../src/node/rasterize.js';
import { bigTree, fixtureTree } from './fixtures/docx/tree.js';
import { mammothText } from './helpers/docx-tools.js';

describe('DOCX render time', () => {
  it('renders 10,000 actions in reasonable time, losing none', async () => {
    const t0 = performance.now();
    await renderDocx(fixtureTree(), { rasterize: rasterizeSvg });
    const t1 = performance.now();
    const big = await renderDocx(bigTree(10_000));
    const t2 = performance.now();
    console.log(`fixture ${Math.round(t1 - t0)} ms; 10 000 actions ${Math.round(t2 - t1)} ms, ${big.length} bytes`);
    const text = await mammothText(big);
    expect(text).toContain('Tilannekuvaus 10000: edetään');
    expect(text.match(/Tilannekuvaus \d+:/g)?.length).toBe(10_000);
    expect(t2 - t1).toBeLessThan(60_000);
  }, 120_000);
});
