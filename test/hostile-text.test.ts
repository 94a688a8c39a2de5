// printable(): the one text policy both renderers apply, and the font coverage it relies on,
// checked against the font files with fontkit (a cmap reader we did not write).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FONT_COVERAGE } from '../src/render/font-coverage.js';
import { fontHas, printable, printableTree, REPLACEMENT } from '../src/render/text.js';
import type { DocumentTree } from '../src/document/types.js';

const require = createRequire(import.meta.url);
// fontkit comes with pdfkit (pdfmake's PDF engine): the same cmap reading the PDF is made with.
interface Run {
  advanceWidth: number;
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
}
interface Font {
  characterSet: number[];
  hasGlyphForCodePoint: (c: number) => boolean;
  familyName: string;
  postscriptName: string;
  layout: (s: string) => Run;
  glyphsForString: (s: string) => { advanceWidth: number }[];
}
const fontkit = require('fontkit') as { create: (b: Buffer) => Font };
const FACES = ['Regular', 'Bold', 'Italic', 'BoldItalic'];
const fontFile = (name: string) => readFileSync(new URL(`../fonts/KuntaraporttiSans-${name}.ttf`, import.meta.url));
const face = (name: string) => fontkit.create(fontFile(name));

describe('font coverage data', () => {
  it('is exactly the code points all four faces map to a glyph (fontkit)', () => {
    const faces = FACES.map(face);
    // 0xFFFF is only format 4's end-of-table marker.
    const sets = faces.map((f) => new Set(f.characterSet.filter((c) => c !== 0xffff)));
    const common = [...sets[0]!].filter((c) => sets.every((s) => s.has(c))).sort((a, b) => a - b);
    const ours: number[] = [];
    for (let i = 0; i < FONT_COVERAGE.length; i += 2) for (let c = FONT_COVERAGE[i]!; c <= FONT_COVERAGE[i + 1]!; c++) ours.push(c);
    expect(ours).toEqual(common);
    expect(common.length).toBeGreaterThan(2000);
  });

  it('is what the generator writes now', () => {
    expect(execFileSync('node', ['scripts/font-coverage.mjs', '--check'], { encoding: 'utf8' })).toContain('up to date');
  });

  it('has the fast path right: printable ASCII and Latin-1 are all in the font', () => {
    for (let c = 0x20; c <= 0xff; c++) if (c < 0x7f || c >= 0xa0) expect(fontHas(c), c.toString(16)).toBe(true);
    expect(fontHas(0x25a1)).toBe(true);
    expect(fontHas(0x1f600)).toBe(false);
    expect(fontHas(0x6f22)).toBe(false);
  });
});

describe('bundled font (fonts/README.md)', () => {
  it('carries no Reserved Font Name of the OFL original, in the name table or anywhere else', () => {
    for (const name of FACES) {
      const f = face(name);
      expect(f.familyName).toBe('Kuntaraportti Sans');
      expect(f.postscriptName).toBe(`KuntaraporttiSans-${name}`);
      const bytes = fontFile(name);
      for (const reserved of ['Liberation', 'Arimo', 'Tinos', 'Cousine']) {
        expect(bytes.includes(Buffer.from(reserved, 'latin1')), reserved).toBe(false);
        expect(bytes.includes(Buffer.from(reserved, 'utf16le').swap16()), reserved).toBe(false);
      }
    }
  });

  it('kerns as Liberation Sans 2.1.5 did (widths measured with the original faces)', () => {
    // [kerned, unkerned] advance of 'AVATA Wa To', in font units.
    const original: Record<string, [number, number]> = { Regular: [12254, 13315], Bold: [12854, 13766], Italic: [12484, 13315], BoldItalic: [12969, 13766] };
    for (const name of FACES) {
      const f = face(name);
      const plain = f.glyphsForString('AVATA Wa To').reduce((sum, g) => sum + g.advanceWidth, 0);
      expect([f.layout('AVATA Wa To').advanceWidth, plain], name).toEqual(original[name]);
    }
  });

  it('places a combining mark over its letter (decomposed ä takes no width of its own)', () => {
    const run = face('Regular').layout('a\u0308');
    expect(run.advanceWidth).toBe(face('Regular').layout('a').advanceWidth);
    expect(run.positions[1]!.xOffset).toBeLessThan(0);
  });
});

/** The documented removals (policy step 3), written out again here rather than imported. */
const INVISIBLE: [number, number][] = [[0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c], [0x180e, 0x180e], [0x200b, 0x200f], [0x2060, 0x2064], [0x206a, 0x206f], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xe0000, 0xe0fff]];

describe('printable', () => {
  const R = REPLACEMENT;
  it.each([
    ['plain Finnish and €–§ stays', 'Äänestys – 5 € § 87 «ok»', 'Äänestys – 5 € § 87 «ok»'],
    ['markup is not touched', '{{#each this}}<w:t>]]></w:t>&amp;=HYPERLINK("x")', '{{#each this}}<w:t>]]></w:t>&amp;=HYPERLINK("x")'],
    ['CR LF, CR, LS, PS are line breaks; TAB a space', 'a\r\nb\rc\u2028d\u2029e\tf', 'a\nb\nc\nd\ne f'],
    ['C0, DEL and C1 become □', 'a\u0000b\u0001c\u001bd\u007fe\u0080f\u0085g\u009fh', `a${R}b${R}c${R}d${R}e${R}f${R}g${R}h`],
    ['bidi overrides and isolates become □', 'x\u202ay\u202bz\u202c1\u202d2\u202e3\u20664\u20675\u20686\u20697', `x${R}y${R}z${R}1${R}2${R}3${R}4${R}5${R}6${R}7`],
    ['invisible format characters are removed', 'a\u200bb\u200cc\u200dd\u200ee\u200ff\u2060g\ufeffh\u00adi\u061cj\ufe0fk', 'abcdefghijk'],
    ['emoji and CJK become one □ per code point', 'ok 😀 漢字 🇫🇮', `ok ${R} ${R}${R} ${R}${R}`],
    ['lone surrogates and noncharacters become □', 'a\ud800b\udc00c\ufffed\ufdd0e', `a${R}b${R}c${R}d${R}e`],
    ['private use becomes □', '\ue000', R],
    ['non-breaking hyphen becomes the hyphen', 'kartoitus\u2011 ja', 'kartoitus\u2010 ja'],
    ['Greek, Cyrillic and Hebrew are in the font', 'αβγ жзи שלום', 'αβγ жзи שלום'],
    ['a letter and its combining accent become the precomposed letter', 'Ha\u0308meenlinna A\u030aland a\u200b\u0308', 'Hämeenlinna Åland ä'],
  ])('%s', (_, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it('never leaves anything XML 1.0 forbids or the font lacks, keeps every visible character, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const p = printable(s);
        expect(printable(p)).toBe(p);
        for (const ch of p) {
          const cp = ch.codePointAt(0)!;
          expect(cp === 0x0a || fontHas(cp)).toBe(true);
          expect(cp >= 0xd800 && cp <= 0xdfff).toBe(false);
        }
        // Removal is only ever of the invisible format characters: count the rest (in normal form C,
        // where a letter and its accent are one).
        const visible = [...s.replace(/\r\n/g, '\n')].filter((ch) => !INVISIBLE.some(([lo, hi]) => ch.codePointAt(0)! >= lo && ch.codePointAt(0)! <= hi));
        expect([...p].length).toBe([...visible.join('').normalize('NFC')].length);
      }),
      { numRuns: 500 },
    );
  });

  it('is applied to every string of a tree except the logo and attachments', () => {
    const tree = {
      type: 'document',
      meta: { title: 'T\u0001', subject: 's', author: 'a', keywords: ['k\u202e'], lang: 'fi-FI', date: '2024-01-01' },
      header: { organisation: 'O😀', unit: 'u', docType: 'd', date: 'x', reference: 'r', logo: { format: 'svg', data: '<svg>\t\u0001</svg>' } },
      pageNumber: '{page} ({pages})',
      children: [{ type: 'future-node', deep: [{ text: 'a\u0007' }] }],
      attachments: [{ name: 'n', mimeType: 'm', description: 'd', data: new Uint8Array([1]) }],
    } as unknown as DocumentTree;
    const out = printableTree(tree) as unknown as typeof tree & { children: { deep: { text: string }[] }[] };
    expect(out.meta.title).toBe(`T${REPLACEMENT}`);
    expect(out.meta.keywords).toEqual([`k${REPLACEMENT}`]);
    expect(out.header.organisation).toBe(`O${REPLACEMENT}`);
    expect(out.header.logo!.data).toBe('<svg>\t\u0001</svg>');
    expect(out.children[0]!.deep[0]!.text).toBe(`a${REPLACEMENT}`);
    expect(out.attachments![0]!.data).toBe(tree.attachments![0]!.data);
    expect(tree.meta.title).toBe('T\u0001');
  });
});
