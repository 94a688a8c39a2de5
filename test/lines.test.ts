// The PDF's own line breaking of body text (src/render/pdf/lines.ts): the same lines pdfmake makes
// itself, read back from two PDFs with pdftotext, and nothing lost or wider than the column.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { create } from 'fontkit';
import pdfmake from 'pdfmake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../src/node/fonts.js';
import type { FontSet } from '../src/render/fonts.js';
import { breakLines, TextMeasure, type Segment } from '../src/render/pdf/lines.js';
import { INDENT, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, TEXT_COLUMN } from '../src/render/pdf/layout.js';
import { execFileSync } from 'node:child_process';

let fonts: FontSet;
let dir: string;
beforeAll(async () => {
  fonts = await loadFonts();
  dir = mkdtempSync(join(tmpdir(), 'kr-lines-'));
  const faces = { regular: fonts.regular, bold: fonts.bold, italic: fonts.italic, boldItalic: fonts.boldItalic };
  for (const [face, bytes] of Object.entries(faces)) pdfmake.virtualfs.writeFileSync(`lines-test-${face}.ttf`, Buffer.from(bytes));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WORDS = ['kunta', 'valtuusto', 'hyväksyi', 'tavoitteen', 'Åland', 'kunta-alue', '100/200', '(sulut)', '–', '5\u00a0000\u00a0€', 'AVATA', 'Tarkastuslautakunta', 'e.g.', '"lainaus"', 'ja', 'on', 'T-paita'];
const word = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-zåäö]{20,120}$/) },
);
const sep = fc.constantFrom(' ', ' ', ' ', ' ', '  ', '\n', '\n\n', ' \n');
const paragraph = fc.array(fc.tuple(word, sep), { minLength: 1, maxLength: 90, size: 'large' }).map((parts) => parts.map(([w, s]) => w + s).join('').trimEnd());

/** pdfmake's fonts for these tests. */
function setFonts(): void {
  pdfmake.setFonts({ T: { normal: 'lines-test-regular.ttf', bold: 'lines-test-bold.ttf', italics: 'lines-test-italic.ttf', bolditalics: 'lines-test-boldItalic.ttf' } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
}

async function pdf(content: object[], name: string): Promise<string> {
  setFonts();
  const doc = pdfmake.createPdf({ pageSize: 'A4', pageMargins: [MARGIN_LEFT, 60, MARGIN_RIGHT, MARGIN_BOTTOM], defaultStyle: { font: 'T', fontSize: 11, lineHeight: 1 }, content });
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await doc.getBuffer());
  return file;
}

/** Each word pdftotext finds, with its page and line (the baseline's y, rounded). */
function wordsByLine(file: string): string[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const out: string[] = [];
  let page = 0;
  for (const m of html.matchAll(/<page |<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0].startsWith('<page')) page++;
    else out.push(`${page}:${Number(m[1]).toFixed(1)}:${m[2]}`);
  }
  return out;
}

describe('breakLines', () => {
  it('makes the lines pdfmake makes itself (random paragraphs, read back with pdftotext -bbox)', async () => {
    const paragraphs = fc.sample(fc.tuple(paragraph, fc.constantFrom(11, 10, 9.5), fc.boolean(), fc.boolean()), { numRuns: 40, seed: 20231023 });
    const m = new TextMeasure(fonts);
    const own = paragraphs.map(([text, size, bold, italics]) => ({
      stack: breakLines([{ text, bold, italics }], size, TEXT_COLUMN, m).map((line) => ({ text: line.map((s) => s.text).join(''), noWrap: true })),
      fontSize: size,
      bold,
      italics,
      margin: [INDENT, 0, 0, 10],
    }));
    const theirs = paragraphs.map(([text, size, bold, italics]) => ({ text, fontSize: size, bold, italics, margin: [INDENT, 0, 0, 10] }));
    const a = wordsByLine(await pdf(own, 'own'));
    const b = wordsByLine(await pdf(theirs, 'pdfmake'));
    expect(a.length).toBeGreaterThan(1000);
    expect(a).toEqual(b);
  });

  it('loses nothing and keeps every line within the column, in any face and size (fast-check)', () => {
    const m = new TextMeasure(fonts);
    const faces = { regular: create(fonts.regular), bold: create(fonts.bold), italic: create(fonts.italic), boldItalic: create(fonts.boldItalic) };
    const run = fc.record({ text: fc.oneof(paragraph, fc.string({ unit: 'grapheme', maxLength: 300 })), bold: fc.boolean(), italics: fc.boolean() });
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 4 }), fc.constantFrom(9.5, 11, 13), fc.constantFrom(TEXT_COLUMN, 120, 20), (runs: Segment[], size, width) => {
        const lines = breakLines(runs, size, width, m);
        const text = runs.map((r) => r.text).join('');
        // Every character but the line breaks, in order.
        expect(lines.flat().map((s) => s.text).join('')).toBe(text.replace(/\r\n|\r|\n/g, ''));
        for (const line of lines) {
          // The width as drawn, measured with fontkit directly: each segment shaped as a whole.
          let drawn = 0;
          for (const s of line) {
            const face = faces[s.bold ? (s.italics ? 'boldItalic' : 'bold') : s.italics ? 'italic' : 'regular'];
            drawn += (face.layout(s.text.replace(/\s+$/, '')).positions.reduce((a, p) => a + p.xAdvance, 0) / face.unitsPerEm) * size;
          }
          const chars = [...line.map((s) => s.text).join('').trim()].length;
          if (chars > 1) expect(drawn).toBeLessThanOrEqual(width + 0.5);
        }
      }),
      { numRuns: 300, seed: 20231023 },
    );
  });

  it('cuts a word wider than the column between characters, never inside a surrogate pair or before a combining mark', () => {
    const m = new TextMeasure(fonts);
    const text = 'x'.repeat(50) + 'e\u0301'.repeat(40) + '𝄞'.repeat(30);
    const lines = breakLines([{ text, bold: false, italics: false }], 11, 60, m).map((l) => l.map((s) => s.text).join(''));
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.join('')).toBe(text);
    for (const l of lines) {
      expect(l).not.toMatch(/^\p{M}/u);
      expect(l).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
  });

  it('keeps blank lines and the empty paragraph as empty lines', () => {
    const m = new TextMeasure(fonts);
    const text = (t: string) => breakLines([{ text: t, bold: false, italics: false }], 11, TEXT_COLUMN, m).map((l) => l.map((s) => s.text).join(''));
    expect(text('')).toEqual(['']);
    expect(text('a\n\nb')).toEqual(['a', '', 'b']);
    expect(text('a\n')).toEqual(['a']);
  });
});
