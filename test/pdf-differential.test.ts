// The speed-ups (src/render/pdf/patches/) against stock pdfmake: the sample, the full-tree fixture,
// the hostile table and a generated 300-action table, each rendered with the speed-ups on and off,
// must give the same pages, the same words at the same places (poppler's pdftotext -bbox) and the
// same pixels (pdftoppm; a small tolerance for anti-aliasing only). A golden SHA-256 of the
// sample's PDF catches any byte change at all; it is rewritten only with UPDATE=1, on purpose.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../src/render/pdf/index.js';
import { loadFonts } from '../src/node/fonts.js';
import { loadTemplate } from '../src/node/templates.js';
import { analyse } from '../src/pipeline.js';
import { buildDocument } from '../src/document/build.js';
import { resolveSettings } from '../src/document/settings.js';
import type { FontSet } from '../src/render/fonts.js';
import type { DocumentTree } from '../src/document/types.js';
import { fullTree } from './fixtures/trees/full.js';
import { hostileTsv } from './fixtures/hostile/cases.js';
import { generateTable } from '../scripts/generate-table.mjs';
import { report, SAMPLE } from './helpers/e2e.js';

const GOLDEN = fileURLToPath(new URL('fixtures/golden/sample-valtuusto-liite.pdf.sha256', import.meta.url));
/** Rendering resolution for the pixel comparison: enough to see a moved or missing glyph. */
const DPI = 50;
/** A pixel differs when its grey level differs by more than this (anti-aliasing moves a few levels). */
const LEVEL = 48;
/** At most this share of a page's pixels may differ that much. */
const SHARE = 0.0005;

let dir: string;
let fonts: FontSet;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kr-differential-'));
  fonts = await loadFonts();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function treeOf(bytes: Uint8Array, name: string): Promise<DocumentTree> {
  const analysis = await analyse(bytes, { file: name });
  const settings = resolveSettings({ organisation: { name: 'Tuusulan kunta', unit: 'Konsernipalvelut' }, meeting: { organ: 'Kunnanvaltuusto', date: '2023-10-23', section: 87, attachment: 3 }, reportDate: '2023-09-30' });
  const template = await loadTemplate('valtuusto-liite', undefined, { only: settings.lang });
  return buildDocument({ model: analysis.model, stats: analysis.stats, diagnostics: analysis.diagnostics, source: { name, sha256: '', rows: analysis.rows } }, template, settings);
}

interface Word {
  page: number;
  text: string;
  box: number[];
}

/** Every word with its page and box, as pdftotext -bbox reads them. */
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const out: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, text: m[5]!, box: [m[1], m[2], m[3], m[4]].map((v) => Math.round(Number(v) * 100) / 100) });
  }
  return out;
}

/** Each page as grey levels (pdftoppm -gray: binary PGM). */
function pixels(file: string, prefix: string): { width: number; height: number; data: Uint8Array }[] {
  execFileSync('pdftoppm', ['-gray', '-r', String(DPI), file, join(dir, prefix)]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 64).toString('latin1'));
      if (!header) throw new Error(`${f}: not a binary PGM`);
      return { width: Number(header[1]), height: Number(header[2]), data: new Uint8Array(bytes.subarray(header[0].length)) };
    });
}

const pageCount = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

const cases: { name: string; tree: () => Promise<DocumentTree>; pdfa?: '3b' }[] = [
  { name: 'sample', tree: () => treeOf(new Uint8Array(readFileSync(SAMPLE)), 'tuusula-strategia-seuranta-2023.tsv') },
  // With the source attached, as the archive's PDF/A-3b carries it.
  { name: 'full tree', tree: () => Promise.resolve(fullTree({ attachments: true })), pdfa: '3b' },
  { name: 'hostile table', tree: () => treeOf(new TextEncoder().encode(hostileTsv()), 'hostile.tsv') },
  { name: 'generated 300 actions', tree: () => treeOf(new TextEncoder().encode(generateTable(300)), 'generated-300.tsv') },
];

describe('speed-ups on and off give the same document', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const tree = await c.tree();
      const slug = c.name.replace(/\W+/g, '-');
      const fast = join(dir, `${slug}-fast.pdf`);
      const stock = join(dir, `${slug}-stock.pdf`);
      const pdfa = c.pdfa ?? '2b';
      writeFileSync(fast, await renderPdf(tree, { fonts, pdfa }));
      writeFileSync(stock, await renderPdf(tree, { fonts, pdfa, speed: false }));

      const pages = pageCount(stock);
      expect(pages).toBeGreaterThan(0);
      expect(pageCount(fast)).toBe(pages);

      const stockWords = words(stock);
      expect(stockWords.length).toBeGreaterThan(50);
      expect(words(fast)).toEqual(stockWords);

      const a = pixels(fast, `${slug}-fast`);
      const b = pixels(stock, `${slug}-stock`);
      expect(a).toHaveLength(pages);
      expect(b).toHaveLength(pages);
      for (let p = 0; p < pages; p++) {
        const x = a[p]!;
        const y = b[p]!;
        expect([x.width, x.height]).toEqual([y.width, y.height]);
        let differing = 0;
        for (let i = 0; i < x.data.length; i++) if (Math.abs(x.data[i]! - y.data[i]!) > LEVEL) differing++;
        expect(differing / x.data.length, `page ${p + 1}: ${differing} pixels differ`).toBeLessThanOrEqual(SHARE);
      }
    });
  }
});

describe('golden SHA-256 of the sample PDF', () => {
  it('the command writes the same bytes as recorded (UPDATE=1 to record on purpose)', async () => {
    const { pdf } = await report([SAMPLE, '--format', 'pdf'], mkdtempSync(join(dir, 'golden-')));
    const sha = createHash('sha256').update(readFileSync(pdf!)).digest('hex');
    if (process.env.UPDATE === '1') writeFileSync(GOLDEN, `${sha}\n`);
    expect(sha).toBe(readFileSync(GOLDEN, 'utf8').trim());
  });
});
