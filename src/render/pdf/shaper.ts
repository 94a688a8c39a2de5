/**
 * Shaping of plain Latin text without fontkit's layout engine, giving exactly what fontkit gives.
 *
 * Our fonts have no GSUB, GPOS or morx table (fonts/README.md), so for text with no combining
 * marks, no default-ignorable characters, no surrogates or variation selectors and no
 * right-to-left letters, fontkit's `layout` is: one glyph per character from the cmap, each
 * advanced by its hmtx width plus the `kern` table's value for it and the next glyph. fontkit
 * spends ~40 µs per word on the machinery around that (script detection, feature objects, a
 * binary search per pair); here a word costs a few table lookups. Any other text, or a font this
 * does not describe, goes to fontkit (`shapePlain` returns undefined). test/shaper.test.ts
 * compares both on every character of the plain set and on random words.
 */
import type { FontkitFont } from 'fontkit';

/** Characters shaped here: Latin letters and common punctuation, none a mark or ignorable. */
function isPlain(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0x24f && c !== 0xad) ||
    (c >= 0x2010 && c <= 0x2027) ||
    (c >= 0x2030 && c <= 0x205e) ||
    c === 0x20ac ||
    c === 0x2122 ||
    c === 0x2212
  );
}

const PLAIN_LIMIT = 0x2213;
const PLAIN = new Uint8Array(PLAIN_LIMIT);
for (let c = 0; c < PLAIN_LIMIT; c++) PLAIN[c] = isPlain(c) ? 1 : 0;

interface Glyph {
  id: number;
  advanceWidth: number;
}
interface KernTable {
  version: number;
  format: number;
  coverage: { crossStream?: boolean; horizontal?: boolean; vertical?: boolean; variation?: boolean; override?: boolean };
  subtable: { pairs?: { left: number; right: number; value: number }[] };
}
interface ShapingFont {
  GSUB?: unknown;
  GPOS?: unknown;
  morx?: unknown;
  kern?: { tables: KernTable[] };
  glyphForCodePoint(c: number): Glyph;
}

/** A shaped piece, in the shape of fontkit's GlyphRun as pdfkit scales it (see lines.ts Run). */
class PlainRun {
  constructor(
    readonly glyphs: Glyph[],
    readonly positions: Record<string, number>[],
  ) {}

  /** Summed in order, as fontkit's GlyphRun does. */
  get advanceWidth(): number {
    let width = 0;
    for (const position of this.positions) width += position.xAdvance!;
    return width;
  }
}

export class PlainShaper {
  private readonly glyphs: (Glyph | undefined)[] = [];
  private constructor(
    private readonly font: ShapingFont,
    private readonly kerning: Map<number, number>,
    private readonly scale: number,
  ) {}

  /**
   * The shaper for a font, or null when fontkit would do more than cmap, hmtx and kern for it.
   * fontkit's KernProcessor searches each table for the pair and sums the hits; a font with a
   * table flagged override, of another format, or with pairs out of order is left to fontkit.
   */
  static for(fontkitFont: FontkitFont, scale: number): PlainShaper | null {
    const font = fontkitFont as unknown as ShapingFont;
    if (font.GSUB || font.GPOS || font.morx) return null;
    const kerning = new Map<number, number>();
    for (const table of font.kern?.tables ?? []) {
      if (table.coverage.crossStream) continue;
      if (table.version === 0) {
        if (!table.coverage.horizontal) continue;
      } else if (table.version === 1) {
        if (table.coverage.vertical || table.coverage.variation) continue;
      } else return null;
      const pairs = table.subtable.pairs;
      if (table.format !== 0 || table.coverage.override || !pairs) return null;
      let last = -1;
      for (const pair of pairs) {
        const key = pair.left * 0x10000 + pair.right;
        // fontkit binary-searches the pairs: exact only when they are sorted and unique.
        if (key <= last) return null;
        last = key;
        if (pair.value !== 0) kerning.set(key, (kerning.get(key) ?? 0) + pair.value);
      }
    }
    return new PlainShaper(font, kerning, scale);
  }

  /** The run fontkit would give for `text`, scaled as pdfkit scales it, or undefined. */
  shape(text: string): PlainRun | undefined {
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= PLAIN_LIMIT || PLAIN[c] === 0) return undefined;
    }
    const glyphs: Glyph[] = new Array<Glyph>(n);
    const positions: Record<string, number>[] = new Array<Record<string, number>>(n);
    const scale = this.scale;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      let glyph = this.glyphs[c];
      if (glyph === undefined) this.glyphs[c] = glyph = this.font.glyphForCodePoint(c);
      glyphs[i] = glyph;
    }
    for (let i = 0; i < n; i++) {
      const advance = glyphs[i]!.advanceWidth;
      const kern = i + 1 < n ? (this.kerning.get(glyphs[i]!.id * 0x10000 + glyphs[i + 1]!.id) ?? 0) : 0;
      // Same fields, order and arithmetic as fontkit's GlyphPosition after pdfkit's scaling.
      positions[i] = { xAdvance: (advance + kern) * scale, yAdvance: 0 * scale, xOffset: 0 * scale, yOffset: 0 * scale, advanceWidth: advance * scale };
    }
    return new PlainRun(glyphs, positions);
  }
}
