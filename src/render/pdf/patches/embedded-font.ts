/**
 * pdfkit's EmbeddedFont: shaping and encoding per piece. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 *
 * pdfkit's layout is redone by character codes; its glyph encoding is done once per piece and
 * document; and the shaped pieces are shared with the line breaker (lines.ts), so body text is
 * shaped once. pdfkit's font classes are not exported: the prototype is that of the first font
 * parsed through a bare pdfkit document (pdfkit-bare.ts).
 */
import { advanceOf, forEachPiece, shapedRun, type SharedFace } from '../lines.js';
import { pdfNumber, type PdfKitDoc } from './common.js';
import type { PatchSet } from './patch.js';

/** SHA-256 of each patched method's source in pdfkit 0.19.1 (see patch.ts). */
export const ORIGINALS = {
  'EmbeddedFont.prototype.layout': '1bf021e3cd3ce4ae6282962e0eed695993014f2c2caa2a17659fba594ec61d07',
  'EmbeddedFont.prototype.layoutCached': '71aacd96de20a733a4f11a85c2b45c0c1b4a669767e29de56f0184c828945098',
  'EmbeddedFont.prototype.encode': '8829b1a80749bb7b54fec7a9b34cb9beb5a27f3418d86ff7352238b2604fca87',
};

/** On each of our faces' pdfkit fonts: the shared face whose pieces it uses (pdfmake-document.ts), or false. */
export const SHARED = Symbol('kuntaraportti.sharedFace');

export interface Run {
  glyphs: unknown[];
  positions: unknown[];
  advanceWidth: number;
}
export interface EmbeddedFont {
  layout(text: string, features?: unknown, onlyWidth?: boolean): Run;
  layoutRun(text: string, features?: unknown): Run;
  layoutCached(text: string): Run;
  encode(text: string, features?: unknown): [string[], unknown[]];
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: unknown[];
  scale: number;
  [ENCODED]?: Map<string, Encoded>;
}


export const ENCODED = Symbol('kuntaraportti.encoded');
let originalEncode: EmbeddedFont['encode'] | undefined;

interface Position {
  xAdvance: number;
  advanceWidth: number;
  xOffset?: number;
  yOffset?: number;
}
/** One shaped piece as a document's font writes it. */
interface Encoded {
  hex: string[];
  positions: Position[];
  /** The piece's part of a TJ array: glyph codes up to each kerned glyph, then its adjustment. */
  tj: { hex: string; kern: string | null }[];
  /** Whether a glyph is moved off the line (marks), which pdfkit draws with its own Tm. */
  offsets: boolean;
}


/** The pieces of `text` (cut after each space or tab, as pdfkit's layout cuts them), encoded. */
function encodedPieces(font: EmbeddedFont, text: string): Encoded[] {
  let cache = font[ENCODED];
  if (cache === undefined) font[ENCODED] = cache = new Map();
  const out: Encoded[] = [];
  forEachPiece(text, (piece) => {
    let encoded = cache.get(piece);
    if (encoded === undefined) {
      const run = font.layoutCached(piece);
      const positions = run.positions as Position[];
      const hex: string[] = [];
      const tj: Encoded['tj'] = [];
      let pending = '';
      let offsets = false;
      (run.glyphs as { id: number; advanceWidth: number; codePoints: number[] }[]).forEach((glyph, i) => {
        const gid = font.subset.includeGlyph(glyph.id);
        const code = `0000${gid.toString(16)}`.slice(-4);
        hex.push(code);
        if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
        if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
        const pos = positions[i]!;
        if (pos.xOffset || pos.yOffset) offsets = true;
        pending += code;
        const adjust = pos.xAdvance - pos.advanceWidth;
        if (adjust !== 0) {
          tj.push({ hex: pending, kern: `${pdfNumber(-adjust)}` });
          pending = '';
        }
      });
      if (pending) tj.push({ hex: pending, kern: null });
      encoded = { hex, positions, tj, offsets };
      cache.set(piece, encoded);
    }
    out.push(encoded);
  });
  return out;
}

/**
 * pdfkit's EmbeddedFont.encode, which turns every glyph of every text into its subset's hex code
 * and records its width and characters, here done once per shaped piece of a document's font and
 * reused: the same codes, recorded in the same first-seen order.
 */
export function fastEncode(this: EmbeddedFont, text: string, features?: unknown): [string[], unknown[]] {
  if (features) return originalEncode!.call(this, text, features);
  const hex: string[] = [];
  const positions: unknown[] = [];
  for (const encoded of encodedPieces(this, text)) {
    for (const h of encoded.hex) hex.push(h);
    for (const p of encoded.positions) positions.push(p);
  }
  return [hex, positions];
}

export interface FragmentDoc extends PdfKitDoc {
  _font: EmbeddedFont & { id: string; ascender: number; ref(): unknown };
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  save(): void;
  restore(): void;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  addContent(s: string): void;
}

/**
 * pdfkit's `_fragment` for text with no options (no width, alignment, spacing, link, decoration or
 * font features), writing the same operators, with each piece's part of the TJ array made once per
 * document. Falls back to pdfkit's own for a piece with glyphs moved off the line.
 */
export function plainFragment(doc: FragmentDoc, text: string, x: number, y: number, fallback: () => void): void {
  if (text.length === 0) return;
  const font = doc._font;
  const pieces = encodedPieces(font, text);
  if (pieces.some((p) => p.offsets)) return fallback();
  doc.save();
  doc.transform(1, 0, 0, -1, 0, doc.page.height);
  const dy = (font.ascender / 1000) * doc._fontSize;
  const baseline = doc.page.height - y - dy;
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  doc.addContent('BT');
  doc.addContent(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(baseline)} Tm`);
  doc.addContent(`/${font.id} ${pdfNumber(doc._fontSize)} Tf`);
  const commands: string[] = [];
  let pending = '';
  for (const piece of pieces) {
    for (const segment of piece.tj) {
      pending += segment.hex;
      if (segment.kern !== null) {
        commands.push(`<${pending}> ${segment.kern}`);
        pending = '';
      }
    }
  }
  if (pending) commands.push(`<${pending}> 0`);
  if (commands.length > 0) doc.addContent(`[${commands.join(' ')}] TJ`);
  doc.addContent('ET');
  doc.restore();
}

/**
 * pdfkit 0.19's EmbeddedFont.layout cuts a text after every space or tab and shapes each piece
 * once (cached), testing each character with `[' ', '\t'].includes(...)` and concatenating the
 * glyph arrays piece by piece. The same cuts, cache and result, by character codes and push.
 */
export function fastLayout(this: EmbeddedFont, text: string, features?: unknown, onlyWidth?: boolean): Run {
  if (features) return this.layoutRun(text, features);
  const glyphs: unknown[] | null = onlyWidth ? null : [];
  const positions: unknown[] | null = onlyWidth ? null : [];
  let advanceWidth = 0;
  forEachPiece(text, (piece) => {
    const run = this.layoutCached(piece);
    if (glyphs !== null && positions !== null) {
      for (const g of run.glyphs) glyphs.push(g);
      for (const p of run.positions) positions.push(p);
    }
    advanceWidth += advanceOf(run);
  });
  return { glyphs: glyphs as unknown[], positions: positions as unknown[], advanceWidth };
}

export function embeddedFontPatches(set: PatchSet, fontPrototype: object): void {
  set.method(fontPrototype, 'EmbeddedFont.prototype.layout', () => fastLayout);
  // Pieces not shaped yet (table cells, headers, labels) are shaped by the shared face too,
  // not by pdfkit's own parse of the font.
  set.method(fontPrototype, 'EmbeddedFont.prototype.layoutCached', (layoutCached) => function (this: Record<symbol, unknown> & { layoutCache?: unknown }, text: string): unknown {
    const face = this[SHARED] as SharedFace | false | undefined;
    return face && this.layoutCache === face.runs ? shapedRun(face, text) : layoutCached.call(this, text);
  });
  set.method(fontPrototype, 'EmbeddedFont.prototype.encode', (encode) => {
    originalEncode = encode as EmbeddedFont['encode'];
    return fastEncode;
  });
}
