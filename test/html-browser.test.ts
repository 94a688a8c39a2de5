// The HTML report in a real browser (Debian's chromium via playwright-core): axe-core finds no
// accessibility violations, the page asks for nothing over the network, and printing gives A4
// pages with the header block and the page number `n (N)` on each.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../src/diagnostics.js';
import { renderHtmlString } from '../src/render/html/index.js';
import { ROOT, tempDir } from './helpers/e2e.js';
import { axeSource, openBrowser } from './helpers/html.js';
import { sampleTree } from './helpers/html.js';
import { pageCount, pdfinfo, pdftotext } from './helpers/pdf-tools.js';
import { HOSTILE_HEADER } from './fixtures/hostile/header.js';
import { fullTree } from './fixtures/trees/full.js';

/** Whether the logo's #08519c shows in the top 2 cm and the left 9 cm of a page, rendered by pdftoppm at 30 dpi. */
function blueAtTopLeft(file: string, page: number): boolean {
  const ppm = execFileSync('pdftoppm', ['-r', '30', '-f', String(page), '-l', String(page), file]);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40))!;
  const width = Number(header[1]);
  const start = header[0].length;
  const px = (cm: number): number => Math.round((cm / 2.54) * 30);
  for (let y = 0; y < px(2.2); y++) {
    for (let x = 0; x < px(9); x++) {
      const i = start + (y * width + x) * 3;
      if (Math.abs(ppm[i]! - 8) < 12 && Math.abs(ppm[i + 1]! - 81) < 12 && Math.abs(ppm[i + 2]! - 156) < 12) return true;
    }
  }
  return false;
}

let browser: Awaited<ReturnType<typeof openBrowser>>;
const dir = tempDir('html-browser');

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[];
  passes: { id: string }[];
}

/** Opens the HTML as a file would open (no server), returning the page and every request it made. */
async function open(html: string, width = 1100) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 1000 });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests };
}

const CASES: [string, { lang: Lang; previous?: boolean; file?: string; template?: string }][] = [
  ['fi', { lang: 'fi' }],
  ['sv', { lang: 'sv' }],
  ['en', { lang: 'en' }],
  ['fi with --previous', { lang: 'fi', previous: true }],
  // Markup, controls, bidi overrides, a 5,000-character word: still no violation.
  ['osavuosikatsaus (en)', { lang: 'en', template: 'osavuosikatsaus' }],
  ['arkisto (sv), with the data-check appendix', { lang: 'sv', template: 'arkisto' }],
  ['the hostile table', { lang: 'fi', file: join(ROOT, 'test/fixtures/hostile/hostile.tsv') }],
];

describe('HTML report in chromium', () => {
  it.each(CASES)('%s: axe-core (WCAG 2.1 AA and best practices) finds no violations; nothing is requested', async (_, options) => {
    const { page, requests } = await open(renderHtmlString(await sampleTree(options)));
    await page.evaluate(axeSource());
    const result = (await page.evaluate(() =>
      (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } }).axe.run(document, { resultTypes: ['violations'] }),
    )) as AxeResult;
    const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`).join('\n  ')}`);
    expect(summary).toEqual([]);
    // The rules that matter here did run.
    const ran = (await page.evaluate(() =>
      (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } }).axe.run(document, { resultTypes: ['passes'] }),
    )) as AxeResult;
    const passed = new Set(ran.passes.map((p) => p.id));
    for (const rule of ['html-has-lang', 'html-lang-valid', 'document-title', 'page-has-heading-one', 'heading-order', 'th-has-data-cells', 'td-headers-attr', 'svg-img-alt', 'color-contrast', 'landmark-one-main', 'region']) {
      expect(passed.has(rule), rule).toBe(true);
    }
    expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
    await page.close();
  });

  it('the style sheet applies under the file\'s own Content-Security-Policy, and nothing is blocked', async () => {
    // A context that keeps the CSP (the others bypass it to run axe).
    const context = await browser.context.browser()?.newContext();
    const page = context ? await context.newPage() : await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => violations.push(m.text()));
    await page.setContent(renderHtmlString(await sampleTree()), { waitUntil: 'load' });
    const indent = await page.evaluate(() => getComputedStyle(document.querySelector('main > p')!).marginLeft);
    // 2.3 cm at 96 px per inch.
    expect(Number.parseFloat(indent)).toBeCloseTo((2.3 / 2.54) * 96, 0);
    expect(violations.filter((v) => /Content Security Policy|Refused/.test(v))).toEqual([]);
    await page.close();
    await context?.close();
  });

  it('narrow window (320 px, as at 400 % zoom): nothing to scroll sideways', async () => {
    const { page } = await open(renderHtmlString(await sampleTree({ previous: true })), 320);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('prints as A4 pages, the header block and the page number `n (N)` on every page', async () => {
    const { page } = await open(renderHtmlString(await sampleTree()));
    const file = join(dir, 'print.pdf');
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
    await page.close();
    const info = pdfinfo(file);
    expect(info['Page size']).toMatch(/^59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(5);
    for (const n of [1, 2, pages]) {
      const text = pdftotext(file, { first: n, last: n });
      const head = text.split('\n').slice(0, 10).join(' ').replace(/\s+/g, ' ');
      expect(head).toContain('Tuusulan kunta');
      expect(head).toContain('LIITE 3');
      expect(head).toMatch(new RegExp(`${n}\\s*\\(${pages}\\)`));
      expect(head).toContain('Kunnanvaltuusto 23.10.2023');
    }
    // The title and meeting reference are in the text of page 1, not only in the header (SFS 2487).
    expect(pdftotext(file, { first: 1, last: 1 })).toContain('Valtuustokauden strategian toteutumisen seuranta');
  });

  it('a header that tries to leave its CSS string is printed literally on the pages', async () => {
    const tree = fullTree();
    const { page } = await open(renderHtmlString({ ...tree, header: { ...tree.header, ...HOSTILE_HEADER } }));
    const file = join(dir, 'hostile-header.pdf');
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
    await page.close();
    const squash = (s: string): string => s.replace(/\s+/g, '');
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);
    for (const n of [1, pages]) {
      const text = squash(pdftotext(file, { first: n, last: n }));
      for (const v of Object.values(HOSTILE_HEADER)) expect(text).toContain(squash(v));
      expect(text).toContain(`${n}(${pages})`);
    }
  });

  it('a logo that tries to run script and fetch an image: shown on screen and in print, nothing runs, nothing is fetched', async () => {
    const tree = await sampleTree();
    const logo = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40" viewBox="0 0 120 40">' +
      '<script>document.title = "pwned"</script><image href="http://example.invalid/x.png" width="10" height="10"/>' +
      '<rect width="40" height="40" fill="#08519c"/><text x="48" y="27" font-size="18" fill="#08519c">Tuusula</text></svg>';
    const { page, requests } = await open(renderHtmlString({ ...tree, header: { ...tree.header, logo: { format: 'svg', data: logo } } }));
    const box = await page.evaluate(() => {
      const img = document.querySelector('header img')!;
      const r = img.getBoundingClientRect();
      return { complete: (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, height: r.height, title: document.title };
    });
    expect(box.complete).toBe(true);
    // At most 1.2 cm high, as in the PDF.
    expect(box.height).toBeLessThanOrEqual((1.2 / 2.54) * 96 + 0.5);
    expect(box.title).toBe(tree.meta.title);
    const file = join(dir, 'logo.pdf');
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
    expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
    await page.close();
    // The printed pages carry the logo in their header: its blue square is drawn at the top left
    // of every page (poppler renders the page; the body starts below the header block).
    const pages = pageCount(file);
    for (const n of [1, pages]) expect(blueAtTopLeft(file, n), `page ${n}`).toBe(true);
  });

  it('as the page\'s preview: in a sandboxed srcdoc iframe under the file\'s own CSP, styled, nothing blocked', async () => {
    const context = await browser.context.browser()?.newContext();
    const page = context ? await context.newPage() : await browser.context.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    const report = renderHtmlString(await sampleTree());
    await page.setContent('<!DOCTYPE html><title>preview</title><iframe id="p" sandbox="" title="preview" style="width:900px;height:600px"></iframe>');
    await page.evaluate((html) => new Promise<void>((resolve) => {
      const frame = document.getElementById('p') as HTMLIFrameElement;
      frame.addEventListener('load', () => resolve(), { once: true });
      frame.srcdoc = html;
    }), report);
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    const indent = await frame.evaluate(() => getComputedStyle(document.querySelector('main > p')!).marginLeft);
    expect(Number.parseFloat(indent)).toBeCloseTo((2.3 / 2.54) * 96, 0);
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('fi-FI');
    expect(messages.filter((v) => /Content Security Policy|Refused|Blocked/i.test(v))).toEqual([]);
    await page.close();
    await context?.close();
  });
});
