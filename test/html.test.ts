// The HTML report read back with parse5: structure, words, escaping, determinism; and the same
// words and order as the PDF of the same tree (pdftotext).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DocumentTree } from '../src/document/types.js';
import { loadFonts } from '../src/node/fonts.js';
import { analyse } from '../src/pipeline.js';
import { renderHtml, renderHtmlString } from '../src/render/html/index.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { allCases } from './fixtures/hostile/cases.js';
import { HOSTILE_HEADER } from './fixtures/hostile/header.js';
import { ROOT, SAMPLE } from './helpers/e2e.js';
import { sampleTree } from './helpers/html.js';
import { all, byTag, parseHtml, text, visibleText, type El } from './helpers/html-read.js';
import { pdftotext, tempPdf } from './helpers/pdf-tools.js';

const HOSTILE = `${ROOT}test/fixtures/hostile/hostile.tsv`;
const squash = (s: string): string => s.replace(/\s+/g, '');

function headingRanks(doc: El): number[] {
  return all(doc, (e) => /^h[1-6]$/.test(e.tag)).map((e) => Number(e.tag[1]));
}

/** Structure every report must have, whatever its content. */
function checkStructure(html: string, lang: string): El {
  const doc = parseHtml(html);
  expect(byTag(doc, 'html')[0]!.attrs.lang).toBe(lang);
  // One h1, and each heading at most one level below the one before it.
  const ranks = headingRanks(doc);
  expect(ranks.filter((r) => r === 1)).toHaveLength(1);
  expect(ranks[0]).toBe(1);
  for (let i = 1; i < ranks.length; i++) expect(ranks[i]!).toBeLessThanOrEqual(ranks[i - 1]! + 1);
  // Every table has its caption first; every header cell says what it heads.
  const tables = byTag(doc, 'table');
  expect(tables.length).toBeGreaterThan(0);
  for (const t of tables) {
    const first = t.children.find((c) => 'tag' in c) as El;
    expect(first.tag).toBe('caption');
    expect(text(first).trim()).not.toBe('');
  }
  for (const th of byTag(doc, 'th')) expect(['col', 'row']).toContain(th.attrs.scope);
  for (const th of byTag(doc, 'th')) expect(text(th).trim()).not.toBe('');
  // Nothing runs, nothing is fetched: no script, no link to anything outside the file.
  expect(byTag(doc, 'script', 'iframe', 'object', 'embed', 'link', 'base', 'form', 'a')).toEqual([]);
  for (const e of all(doc)) {
    for (const [name, value] of Object.entries(e.attrs)) {
      expect(name).not.toMatch(/^on/i);
      if (['src', 'href', 'xlink:href', 'srcset', 'action', 'poster', 'data'].includes(name)) expect(value).toMatch(/^(data:image\/(png|svg\+xml);base64,|#)/);
    }
  }
  const css = byTag(doc, 'style').map((s) => text(s)).join('\n');
  expect(css).not.toMatch(/@import|url\(\s*['"]?(?!#|data:image\/svg\+xml;base64,)/i);
  // No address in any attribute or rule (a cell may say `http://…`: as text, which it stays).
  for (const e of all(doc)) for (const value of Object.values(e.attrs)) expect(value).not.toMatch(/\/\//);
  expect(css).not.toMatch(/\/\//);
  // The chart: an SVG image with its alternative text, and its figures as a table.
  const charts = all(doc, (e) => e.tag === 'svg' && e.attrs.role === 'img');
  expect(charts.length).toBeGreaterThan(0);
  for (const svg of charts) {
    expect(svg.parent!.tag).toBe('figure');
    expect(svg.attrs['aria-label']!.length).toBeGreaterThan(50);
    expect(all(svg.parent!, (e) => e.tag === 'table')).toHaveLength(1);
  }
  // Ids, where there are any, are unique.
  const ids = all(doc, (e) => e.attrs.id !== undefined).map((e) => e.attrs.id);
  expect(new Set(ids).size).toBe(ids.length);
  return doc;
}

describe('HTML report of the sample', () => {
  it.each([
    ['fi', 'fi-FI'],
    ['sv', 'sv-FI'],
    ['en', 'en-GB'],
  ] as const)('%s: one h1, nested headings, captions, th scope, lang, no script, no external URL', async (lang, tag) => {
    checkStructure(renderHtmlString(await sampleTree({ lang })), tag);
  });

  it.each([
    ['osavuosikatsaus', 'fi'],
    ['arkisto', 'sv'],
  ] as const)('the %s template (%s) too', async (template, lang) => {
    checkStructure(renderHtmlString(await sampleTree({ template, lang })), lang === 'fi' ? 'fi-FI' : 'sv-FI');
  });

  it('with --previous (the comparison section) too', async () => {
    const tree = await sampleTree({ previous: true });
    expect(tree.children.some((b) => b.type === 'table' && b !== tree.children.find((x) => x.type === 'table'))).toBe(true);
    checkStructure(renderHtmlString(tree), 'fi-FI');
  });

  it('every action code, title and status text of the table is there, in the order of the tree', async () => {
    const analysis = await analyse(new Uint8Array(readFileSync(SAMPLE)), { file: 'sample.tsv' });
    const doc = parseHtml(renderHtmlString(await sampleTree()));
    const headings = all(doc, (e) => /^h[2-6]$/.test(e.tag)).map((h) => text(h).replace(/\s+/g, ' ').trim());
    const actions = analysis.model.themes.flatMap((t) => t.goals.flatMap((g) => g.actions));
    expect(actions.length).toBe(51);
    for (const a of actions) expect(headings).toContain(`${a.id} ${a.title}`.replace(/\s+/g, ' ').trim());
    const seen = visibleText(doc);
    for (const t of actions.flatMap((a) => a.texts)) expect(squash(seen)).toContain(squash(t));
    // Stage texts: each action's indicator label.
    const labels = all(doc, (e) => e.attrs.class === 'kr-stage-label').map((e) => text(e));
    expect(labels).toHaveLength(51);
    expect(labels.filter((l) => /^Etenemisaste \d\/5: /.test(l))).toHaveLength(49);
    // Codes in the order of the table.
    const codes = headings.map((h) => /^(\d\d\.\d\d\.\d\d) /.exec(h)?.[1]).filter((c) => c !== undefined);
    expect(codes).toEqual(actions.map((a) => a.id));
  });

  it('shows the same words as the PDF of the same tree, and the codes in the same order', async () => {
    const tree = await sampleTree();
    const pdf = tempPdf(await renderPdf(tree, { fonts: await loadFonts(), pdfa: 'none' }), 'html-cmp');
    const pdfText = pdftotext(pdf);
    const html = visibleText(parseHtml(renderHtmlString(tree)));
    // pdftotext's page furniture: the page numbers `2 (11)`.
    const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter((w) => w !== '' && !/^\(\d+\)$/.test(w)));
    const inPdf = words(pdfText);
    const inHtml = words(html);
    // pdftotext joins a word broken at a hyphen or slash at the end of a line with the next one:
    // such a word is still found in the text without spaces and hyphens.
    const flat = (s: string): string => s.replace(/[\s-]+/g, '');
    const pdfFlat = flat(pdfText);
    const htmlFlat = flat(html);
    expect([...inHtml].filter((w) => !inPdf.has(w) && !pdfFlat.includes(flat(w)))).toEqual([]);
    expect([...inPdf].filter((w) => !inHtml.has(w) && !htmlFlat.includes(flat(w)) && !/^\d+$/.test(w))).toEqual([]);
    const codes = (s: string): string[] => [...s.matchAll(/\b\d\d\.\d\d\.\d\d\b/g)].map((m) => m[0]);
    expect(codes(html)).toEqual(codes(pdfText));
    // The shares of the summary table and the key figures, `(p %)`: the same ones (pdftotext reads
    // a table's wrapped cells in an order of its own, so compared as a multiset).
    const figures = (s: string): string[] => [...s.replace(/\s+/g, ' ').matchAll(/\(\d+ %\)/g)].map((m) => m[0]);
    expect(figures(html).length).toBeGreaterThan(40);
    expect(figures(html).sort()).toEqual(figures(pdfText).sort());
  });

  it('is deterministic: the same tree gives the same bytes, whatever object it comes in', async () => {
    const tree = await sampleTree({ previous: true });
    const a = await renderHtml(tree);
    const b = await renderHtml(JSON.parse(JSON.stringify(tree)) as DocumentTree);
    expect(a).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(a)).toBe(renderHtmlString(tree));
  });

  it('the style sheet is the one the file\'s Content-Security-Policy allows (its SHA-256)', async () => {
    const html = renderHtmlString(await sampleTree());
    const doc = parseHtml(html);
    const csp = all(doc, (e) => e.attrs['http-equiv'] === 'Content-Security-Policy')[0]!.attrs.content!;
    expect(csp).toMatch(/default-src 'none'/);
    const css = byTag(doc, 'style')[0]!.children.map((c) => ('text' in c ? c.text : '')).join('');
    const { createHash } = await import('node:crypto');
    expect(csp).toContain(`'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
  });
});

describe('HTML report of the hostile table', () => {
  let html: string;
  let doc: El;
  it('renders', async () => {
    html = renderHtmlString(await sampleTree({ file: HOSTILE }));
    doc = checkStructure(html, 'fi-FI');
  });

  const cases = allCases().filter((c, i, every) => every.findIndex((d) => d.input === c.input) === i);
  it.each(cases.map((c) => [c.name, c] as const))('shows %s literally (or as its documented replacement)', (_, c) => {
    expect(squash(visibleText(doc))).toContain(squash(c.shown));
  });

  it('no cell became markup: only the renderer\'s own elements, and unsafe characters replaced', () => {
    const tags = new Set(all(doc).map((e) => e.tag));
    const own = ['#document', 'html', 'head', 'meta', 'title', 'style', 'body', 'div', 'header', 'main', 'p', 'h1', 'h2', 'h3', 'h4', 'span', 'strong', 'em', 'br', 'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'figure', 'figcaption', 'ul', 'li', 'svg', 'rect', 'path', 'text', 'tspan', 'desc', 'img'];
    expect([...tags].filter((t) => !own.includes(t))).toEqual([]);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<w:t>');
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]|\p{Extended_Pictographic}/u);
  });
});

describe('HTML of hand-made trees', () => {
  it('every block type, markup-like text and a hostile header stay text', async () => {
    const { fullTree, MARKUP_TEXT, TITLE } = await import('./fixtures/trees/full.js');
    const tree = { ...fullTree(), header: { ...fullTree().header, ...HOSTILE_HEADER } };
    const html = renderHtmlString(tree);
    const doc = parseHtml(html);
    expect(text(byTag(doc, 'title')[0]!).trim()).toBe(TITLE);
    expect(text(byTag(doc, 'h1')[0]!).trim()).toBe(TITLE);
    expect(squash(visibleText(doc))).toContain(squash(MARKUP_TEXT));
    // One style element, one script-free head and body: the header's text did not end the style.
    expect(byTag(doc, 'style')).toHaveLength(1);
    expect(byTag(doc, 'script', 'b')).toEqual([]);
    const css = byTag(doc, 'style')[0]!.children.map((c) => ('text' in c ? c.text : '')).join('');
    expect(css).not.toMatch(/<\/style|@import|body\{display:none\}/i);
    const header = byTag(doc, 'header')[0]!;
    for (const v of Object.values(HOSTILE_HEADER)) expect(squash(text(header))).toContain(squash(v));
    const types = new Set(tree.children.map((b) => b.type));
    for (const t of ['title', 'heading', 'paragraph', 'field', 'keyFigures', 'table', 'chart', 'stageIndicator', 'list', 'pageBreak']) expect(types.has(t as never), t).toBe(true);
    expect(byTag(doc, 'ul').length).toBeGreaterThan(1);
  });

  it('the table\'s own text in another language carries its lang; abbreviated headers are named in full', async () => {
    const tree = await sampleTree({ lang: 'sv' });
    // The fields the tagged PDF adds to the tree (issue 15), set by hand here.
    const marked = {
      ...tree,
      children: tree.children.map((b) => {
        if (b.type === 'heading' && b.code) return { ...b, lang: 'fi-FI' };
        if (b.type === 'table') return { ...b, columns: b.columns.map((c, i) => (i === 1 ? { ...c, expansion: '1 Inte påbörjad' } : c)) };
        if (b.type === 'paragraph' && b.style === 'body') return { ...b, children: b.children.map((c) => ({ ...c, lang: 'fi-FI' })) };
        if (b.type === 'stageIndicator' && b.stage !== 'unreported') return { ...b, labelData: { from: b.label.indexOf(':') + 2, lang: 'fi-FI' } };
        return b;
      }),
    } as DocumentTree;
    const doc = parseHtml(renderHtmlString(marked));
    expect(byTag(doc, 'html')[0]!.attrs.lang).toBe('sv-FI');
    const h = all(doc, (e) => e.tag === 'h4')[0]!;
    const span = all(h, (e) => e.attrs.lang !== undefined)[0]!;
    expect(span.attrs.lang).toBe('fi-FI');
    // The code is the document's, the title the table's.
    expect(text(span)).not.toMatch(/^\d/);
    expect(all(doc, (e) => e.tag === 'th' && e.attrs['aria-label'] === '1 Inte påbörjad')).toHaveLength(1);
    const stage = all(doc, (e) => e.attrs.class === 'kr-stage-label')[0]!;
    expect(text(stage)).toMatch(/^Framstegsgrad 3\/5: /);
    expect(all(stage, (e) => e.attrs.lang === 'fi-FI').map((e) => text(e))[0]).toBe(text(stage).slice(text(stage).indexOf(':') + 2));
    // Without the fields, no lang but the document's.
    const bare = JSON.parse(JSON.stringify(tree, (k, v: unknown) => (k === 'lang' || k === 'labelData' ? undefined : v))) as DocumentTree;
    expect(bare.meta.lang).toBeUndefined();
    expect(all(parseHtml(renderHtmlString({ ...bare, meta: tree.meta })), (e) => e.attrs.lang !== undefined)).toHaveLength(1);
  });
});

describe('report --format html', () => {
  it('the command writes the HTML beside the PDF and the DOCX, the bytes createReport makes', async () => {
    const { cli, tempDir } = await import('./helpers/e2e.js');
    const { createReport } = await import('../src/report/index.js');
    const { loadTemplate } = await import('../src/node/templates.js');
    const { parseSettings } = await import('../src/document/settings.js');
    const dir = tempDir('html-cli');
    const run = await cli('report', SAMPLE, '--format', 'pdf,docx,html', '--out', dir);
    expect(run.code, run.stderr.join('\n')).toBe(0);
    const name = 'tuusula-strategia-seuranta-2023-valtuusto-liite';
    expect(run.stdout.map((l) => l.slice(dir.length + 1))).toEqual([`${name}.pdf`, `${name}.docx`, `${name}.html`]);
    const written = readFileSync(`${dir}/${name}.html`);
    const bytes = new Uint8Array(readFileSync(SAMPLE));
    const parsed = parseSettings(JSON.parse(readFileSync(SAMPLE.replace(/\.tsv$/, '.kuntaraportti.json'), 'utf8')));
    if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
    const { files } = await createReport(
      { analysis: await analyse(bytes, { file: SAMPLE }), source: { name: `${name.replace(/-valtuusto-liite$/, '')}.tsv`, bytes } },
      { template: await loadTemplate('valtuusto-liite'), settings: parsed.settings, outputs: [{ format: 'html' }] },
    );
    expect(files.map((f) => f.fileName)).toEqual([`${name}.html`]);
    expect(Buffer.from(files[0]!.bytes).equals(written)).toBe(true);
    checkStructure(written.toString('utf8'), 'fi-FI');
    // Again, alone: the same bytes (the command refuses to overwrite a file that differs).
    const again = await cli('report', SAMPLE, '--format', 'html', '--out', dir);
    expect(again.code, again.stderr.join('\n')).toBe(0);
  }, 60_000);
});
