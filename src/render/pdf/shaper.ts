/**
 * Shaping of plain Latin text without fontkit's layout engine, giving exactly what fontkit gives.
 *
 * Our fonts have no GSUB, GPOS or morx table (fonts/README.md), so for text with no combining
 * marks, no default-ignorable characters, no surrogates or variation selectors and no
 * right-to-left letters, fontkit's `layout` is: one glyph per character from the cmap, each
 * advanced by its hmtx width plus the `kern` table's value for it and the next glyph. fontkit
 * spends ~40 µs per word on the machinery around that (script detection, feature objects, a
 * binary search per pair); here a word costs a few table lookups. Any other text, or a font this
 * does not describe, goes to fontkit (`shape` returns undefined). test/shaper.test.ts compares
 * both on every character of the plain set, every letter pair and random words.
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
  codePoints: number[];
}
interface ShapingFont {
  GSUB?: unknown;
  GPOS?: unknown;
  morx?: unknown;
  glyphForCodePoint(c: number): { id: number };
}

/** The font's own tables, read straight from its bytes (TrueType, big-endian). */
class Tables {
  private readonly view: DataView;
  private readonly offsets = new Map<string, [number, number]>();

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = this.view.getUint16(4);
    for (let i = 0; i < count; i++) {
      const at = 12 + 16 * i;
      const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
      this.offsets.set(tag, [this.view.getUint32(at + 8), this.view.getUint32(at + 12)]);
    }
  }

  has(tag: string): boolean {
    return this.offsets.has(tag);
  }

  /** Advance widths by glyph id; glyphs past the last long metric take its advance, as in fontkit. */
  advances(): Uint16Array | null {
    const hhea = this.offsets.get('hhea');
    const hmtx = this.offsets.get('hmtx');
    if (!hhea || !hmtx) return null;
    const count = this.view.getUint16(hhea[0] + 34);
    if (count === 0 || count * 4 > hmtx[1]) return null;
    const advances = new Uint16Array(count);
    for (let i = 0; i < count; i++) advances[i] = this.view.getUint16(hmtx[0] + 4 * i);
    return advances;
  }

  /**
   * The kerning fontkit applies (its KernProcessor over a version 0 `kern` table): every
   * horizontal, not cross-stream subtable's value for the pair, summed. null when fontkit would do
   * something else: another table version or subtable format, an override flag, or pairs out of
   * order (fontkit binary-searches them).
   */
  kerning(): Map<number, number> | null {
    const kerning = new Map<number, number>();
    const kern = this.offsets.get('kern');
    if (!kern) return kerning;
    const v = this.view;
    if (v.getUint16(kern[0]) !== 0) return null;
    let at = kern[0] + 4;
    for (let t = v.getUint16(kern[0] + 2); t > 0; t--) {
      const coverage = v.getUint16(at + 4);
      const format = coverage >> 8;
      const horizontal = (coverage & 1) !== 0;
      const crossStream = (coverage & 4) !== 0;
      const override = (coverage & 8) !== 0;
      const pairs = format === 0 ? v.getUint16(at + 6) : 0;
      // A format 0 subtable's 16-bit length overflows past 10,921 pairs; its pair count does not.
      const length = format === 0 ? 14 + 6 * pairs : v.getUint16(at + 2);
      if (!crossStream && horizontal) {
        if (format !== 0 || override) return null;
        let last = -1;
        for (let i = 0; i < pairs; i++) {
          const p = at + 14 + 6 * i;
          const key = v.getUint16(p) * 0x10000 + v.getUint16(p + 2);
          if (key <= last) return null;
          last = key;
          const value = v.getInt16(p + 4);
          if (value !== 0) kerning.set(key, (kerning.get(key) ?? 0) + value);
        }
      }
      at += length;
    }
    return kerning;
  }
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
    private readonly advances: Uint16Array,
    private readonly kerning: Map<number, number>,
    private readonly scale: number,
  ) {}

  /**
   * The shaper for a font, or null when fontkit would do more than cmap, hmtx and kern for it.
   * Widths and kerning are read from the font's bytes: fontkit decodes those tables field by
   * field, and for each glyph's width it also decodes the outline (for vertical metrics).
   */
  static for(fontkitFont: FontkitFont, bytes: Uint8Array, scale: number): PlainShaper | null {
    const font = fontkitFont as unknown as ShapingFont;
    if (font.GSUB || font.GPOS || font.morx) return null;
    const tables = new Tables(bytes);
    if (tables.has('GSUB') || tables.has('GPOS') || tables.has('morx')) return null;
    const advances = tables.advances();
    const kerning = tables.kerning();
    if (advances === null || kerning === null) return null;
    return new PlainShaper(font, advances, kerning, scale);
  }

  private glyph(c: number): Glyph {
    let glyph = this.glyphs[c];
    if (glyph === undefined) {
      const id = this.font.glyphForCodePoint(c).id;
      const advance = this.advances[Math.min(id, this.advances.length - 1)]!;
      this.glyphs[c] = glyph = { id, advanceWidth: advance, codePoints: [c] };
    }
    return glyph;
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
    for (let i = 0; i < n; i++) glyphs[i] = this.glyph(text.charCodeAt(i));
    for (let i = 0; i < n; i++) {
      const advance = glyphs[i]!.advanceWidth;
      const kern = i + 1 < n ? (this.kerning.get(glyphs[i]!.id * 0x10000 + glyphs[i + 1]!.id) ?? 0) : 0;
      // Same fields, order and arithmetic as fontkit's GlyphPosition after pdfkit's scaling.
      positions[i] = { xAdvance: (advance + kern) * scale, yAdvance: 0 * scale, xOffset: 0 * scale, yOffset: 0 * scale, advanceWidth: advance * scale };
    }
    return new PlainRun(glyphs, positions);
  }
}
