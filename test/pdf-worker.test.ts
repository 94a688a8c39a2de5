// The command's PDF worker (src/node/pdf-in-worker.ts): the same bytes as rendering in this
// thread, errors that come back as one message, and no worker when run from the sources. The
// worker script is the built one (dist/node/pdf-worker.js), as the command uses it.
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../src/node/fonts.js';
import { startPdfWorker as fromSources } from '../src/node/pdf-in-worker.js';
import { renderPdf } from '../src/render/pdf/index.js';
import type { FontSet } from '../src/render/fonts.js';
import { fullTree } from './fixtures/trees/full.js';

type Module = typeof import('../src/node/pdf-in-worker.js');
let built: Module;
let fonts: FontSet;

beforeAll(async () => {
  built = (await import(pathToFileURL(new URL('../dist/node/pdf-in-worker.js', import.meta.url).pathname).href)) as Module;
  fonts = await loadFonts();
});

describe('PDF worker', () => {
  it('renders the same bytes as this thread, for each PDF/A level', async () => {
    for (const pdfa of ['2b', '3b'] as const) {
      // Only PDF/A-3 may carry the attachments.
      const tree = fullTree({ attachments: pdfa === '3b' });
      const worker = built.startPdfWorker();
      expect(worker).toBeDefined();
      try {
        const [there, here] = await Promise.all([worker!.render(tree, pdfa), renderPdf(tree, { fonts, pdfa })]);
        expect(Buffer.from(there).equals(Buffer.from(here))).toBe(true);
      } finally {
        await worker!.close();
        await worker!.close();
      }
    }
  }, 60_000);

  it('returns a rendering error as its message', async () => {
    const worker = built.startPdfWorker()!;
    try {
      const tree = fullTree();
      await expect(worker.render({ ...tree, meta: { ...tree.meta, date: '30.9.2023' } }, '2b')).rejects.toThrow('asiakirjan päiväys "30.9.2023" ei ole muotoa VVVV-KK-PP');
    } finally {
      await worker.close();
    }
  }, 60_000);

  it('is not started from the sources, where there is no built worker script', () => {
    expect(fromSources()).toBeUndefined();
  });
});
