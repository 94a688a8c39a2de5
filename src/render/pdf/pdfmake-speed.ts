/**
 * Speed-ups of pdfmake 0.3.11's and pdfkit 0.19's internals that change no byte of the output
 * (checked by comparing the sample's and a 10,000-action report's bytes before and after each).
 * Measured with `npm run bench` (see the commit messages for the figures).
 *
 * 1. Style lookups. pdfmake resolves ~20 style properties for every text it measures, each by
 *    pushing it on the style stack, calling a fresh closure and allocating a `Set` per named
 *    style looked at. The replacement walks the same stack in the same order without allocating;
 *    it differs only where a style `extends` another, which it hands to pdfmake's own code.
 *
 * 2. Words drawn together. pdfmake draws every word as its own text object. Consecutive words of
 *    one line in the same face, size, colour and opacity, placed edge to edge, are drawn as one
 *    text: pdfkit shapes text in space-separated pieces, so only words that end in a space are
 *    joined, and each piece gets exactly the glyphs and advances it had as a word of its own.
 *    Words with links, decoration, background, sup/sub, font features, character spacing or page
 *    references are never joined, nor are justified words (they are not edge to edge).
 *
 * 3. Plain lines go straight to pdfkit's `_fragment` (see renderPlainLine).
 *
 * 4. Lines of one paragraph measured alike (see patchMeasure).
 *
 * 5. Shaping and encoding per piece. pdfkit's layout is redone by character codes; its glyph
 *    encoding is done once per piece and document; and the shaped pieces are shared with the line
 *    breaker (lines.ts), so body text is shaped once.
 *
 * 6. Page content kept as text until the page is finished (see patchReferences).
 *
 * 7. Smaller records of where each line went (see patchPositions), and no undo closures kept
 *    for a second layout that never comes, and laid-out blocks let go at once (see patchLayout).
 *
 * 8. Name trees sorted by byte, as the PDF standard says, not through ICU (see patchNameTree).
 *
 * 9. Output pushed in 64 KB Buffers rather than one per line of each PDF object (see patchOutput).
 */
import rendererModule from 'pdfmake/js/Renderer.js';
import styleStackModule from 'pdfmake/js/StyleContextStack.js';
import textInlinesModule from 'pdfmake/js/TextInlines.js';
import pdfmakeDocumentModule from 'pdfmake/js/PDFDocument.js';
import docMeasureModule from 'pdfmake/js/DocMeasure.js';
import documentContextModule from 'pdfmake/js/DocumentContext.js';
import layoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import { bareDocument, beforeEachPage, classOf } from './pdfkit-bare.js';
import { advanceOf, fontFiles, forEachPiece, PARAGRAPH, shapedRun, sharedFace, type SharedFace } from './lines.js';


const PATCHED = Symbol.for('kuntaraportti.pdfmake.speed');
/** On a style stack while pdfmake measures the words of one text: the stack's values by property. */
const MEASURING = Symbol('kuntaraportti.measuring');

type Style = Record<string, unknown> & { extends?: unknown };
interface StyleStack {
  [MEASURING]?: Map<string, unknown>;
  styleDictionary: Record<string, Style | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: unknown[];
  getProperty(property: string): unknown;
}
interface StyleStackClass {
  prototype: StyleStack & Record<symbol, unknown>;
  getStyleProperty(item: unknown, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown;
}

const isValue = (v: unknown): boolean => v !== undefined && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string' || v instanceof String;

function patchStyles(): void {
  const Stack = classOf(styleStackModule as unknown as StyleStackClass);
  const proto = Stack.prototype;
  if (proto[PATCHED]) return;
  const originalGetProperty = proto.getProperty;

  /** A named style's own value, or `undefined`; `null` when pdfmake's own lookup must decide (extends). */
  const fromStyle = (stack: StyleStack, name: string, property: string): unknown => {
    const style = stack.styleDictionary[name];
    if (!style) return undefined;
    const value = style[property];
    if (isValue(value)) return value;
    return style.extends ? null : undefined;
  };

  /** The style stack's value for `property`, as pdfmake's getProperty computes it. */
  function getProperty(this: StyleStack, property: string): unknown {
    const overrides = this.styleOverrides;
    for (let i = overrides.length - 1; i >= 0; i--) {
      const item = overrides[i];
      if (isString(item)) {
        const value = fromStyle(this, String(item), property);
        if (value === null) return originalGetProperty.call(this, property);
        if (value !== undefined) return value;
      } else {
        const value = (item as Record<string, unknown>)[property];
        if (isValue(value)) return value;
      }
    }
    return this.defaultStyle && this.defaultStyle[property];
  }

  /**
   * pdfmake's `auto(item, () => stack.getProperty(property))` without pushing: the item's own
   * value, then its named styles (last first), then the stack.
   */
  function getStyleProperty(item: unknown, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
    const own = (item as Record<string, unknown>)[property];
    if (isValue(own)) return own;
    if (!stack) return defaultValue;
    if (!isString(item) && (item as { section?: unknown }).section === undefined) {
      const style = (item as { style?: unknown }).style;
      if (style) {
        const names = Array.isArray(style) ? (style as unknown[]) : [style];
        for (let i = names.length - 1; i >= 0; i--) {
          const value = fromStyle(stack, String(names[i]), property);
          if (value === null) return original(item, stack, property, defaultValue);
          if (value !== undefined) return value;
        }
      }
    }
    const cache = stack[MEASURING];
    let value: unknown;
    if (cache === undefined) value = getProperty.call(stack, property);
    else if (cache.has(property)) value = cache.get(property);
    else cache.set(property, (value = getProperty.call(stack, property)));
    return isValue(value) ? value : defaultValue;
  }
  const original = Stack.getStyleProperty.bind(Stack);

  proto.getProperty = getProperty;
  Stack.getStyleProperty = getStyleProperty;
  proto[PATCHED] = true;

  // While the words of one text are measured, nothing changes the style stack (pdfmake's measure
  // only writes to the words), so the stack's answer per property is looked up once per text.
  const Inlines = classOf(textInlinesModule as unknown as { prototype: Record<string | symbol, unknown> & { measure(array: unknown[], stack?: StyleStack): unknown } });
  const inlinesProto = Inlines.prototype;
  if (inlinesProto[PATCHED]) return;
  const measure = inlinesProto.measure;
  inlinesProto.measure = function (this: unknown, array: unknown[], stack?: StyleStack): unknown {
    if (!stack || stack[MEASURING]) return measure.call(this, array, stack);
    stack[MEASURING] = new Map();
    try {
      return measure.call(this, array, stack);
    } finally {
      stack[MEASURING] = undefined;
    }
  };
  inlinesProto[PATCHED] = true;
}

interface Inline {
  text: string;
  x: number;
  width: number;
  height?: number;
  font: unknown;
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  characterSpacing?: number;
  fontFeatures?: unknown;
  link?: unknown;
  linkToPage?: unknown;
  linkToDestination?: unknown;
  alignment?: unknown;
  decoration?: unknown;
  decorationColor?: unknown;
  decorationStyle?: unknown;
  decorationThickness?: unknown;
  background?: unknown;
  sup?: unknown;
  sub?: unknown;
  justifyShift?: number;
  _pageNodeRef?: unknown;
}
interface Line {
  inlines: Inline[];
  _pageNodeRef?: unknown;
}
interface RendererClass {
  prototype: Record<string | symbol, unknown> & { renderLine(line: Line, x: number, y: number): void; renderPages(pages: unknown[]): unknown };
}

/** Can `inline` be drawn on its own as part of one text with others? */
const plain = (i: Inline): boolean =>
  !i.characterSpacing && !i.fontFeatures && !isValue(i.link) && !isValue(i.linkToPage) && !isValue(i.linkToDestination) && !i.decoration && !i.background && !i.sup && !i.sub && !i.justifyShift && !i._pageNodeRef;

/** Does `b` continue `a` in the same look, edge to edge, after a space? */
const joins = (a: Inline, b: Inline): boolean =>
  (a.text.endsWith(' ') || a.text.endsWith('\t')) &&
  plain(b) &&
  b.font === a.font &&
  b.fontSize === a.fontSize &&
  b.color === a.color &&
  b.opacity === a.opacity &&
  b.height === a.height &&
  Math.abs(a.x + a.width - b.x) < 1e-6;

/**
 * A copy with every property pdfmake's renderLine and TextDecorator read, in one fixed shape
 * (a spread of pdfmake's ~27-property inlines, or a prototype link to them, costs far more).
 */
const copyInline = (i: Inline): Inline => ({
  text: i.text,
  x: i.x,
  width: i.width,
  height: i.height,
  font: i.font,
  fontSize: i.fontSize,
  color: i.color,
  opacity: i.opacity,
  characterSpacing: i.characterSpacing,
  fontFeatures: i.fontFeatures,
  link: i.link,
  linkToPage: i.linkToPage,
  linkToDestination: i.linkToDestination,
  alignment: i.alignment,
  decoration: i.decoration,
  decorationColor: i.decorationColor,
  decorationStyle: i.decorationStyle,
  decorationThickness: i.decorationThickness,
  background: i.background,
  sup: i.sup,
  sub: i.sub,
  justifyShift: i.justifyShift,
  _pageNodeRef: i._pageNodeRef,
});

/** The line with runs of joinable words merged; the line itself when nothing joins. */
export function joinedLine<L extends Line>(line: L): L {
  const inlines = line.inlines;
  if (inlines.length < 2 || line._pageNodeRef) return line;
  const out: Inline[] = [];
  let changed = false;
  /** Whether the last inline in `out` is our own copy (pdfmake's inline objects stay as they were). */
  let own = false;
  for (const inline of inlines) {
    const last = out[out.length - 1];
    if (last !== undefined && plain(last) && joins(last, inline)) {
      const merged = own ? last : copyInline(last);
      merged.text += inline.text;
      merged.width += inline.width;
      out[out.length - 1] = merged;
      own = true;
      changed = true;
    } else {
      out.push(inline);
      own = false;
    }
  }
  if (!changed) return line;
  const copy = Object.create(line) as L;
  copy.inlines = out;
  return copy;
}

interface PdfKitDoc {
  x: number;
  y: number;
  _font: unknown;
  opacity(o: number): void;
  fill(color: unknown): void;
  resolveColor(color: unknown, fallback: string): unknown;
  fontSize(size: number): void;
  _fragment(text: string, x: number, y: number, options: Record<string, unknown>): void;
}
interface RenderLine extends Line {
  _outline?: unknown;
  id?: unknown;
  getHeight(): number;
  getAscenderHeight(): number;
}

/**
 * pdfmake's renderLine for a line of plain text, drawing each text as pdfkit's `text()` would but
 * straight through `_fragment`: `text()` also sets up options for wrapping that a laid-out line
 * never uses, splits at line breaks a line does not contain, and measures the text once more only
 * to move the cursor. The operators written are the same, in the same order.
 */
function renderPlainLine(doc: PdfKitDoc, line: RenderLine, x: number, y: number): void {
  const lineHeight = line.getHeight();
  const descent = lineHeight - line.getAscenderHeight();
  for (const inline of line.inlines) {
    const font = inline.font as { ascender: number };
    const shiftToBaseline = lineHeight - (font.ascender / 1000) * inline.fontSize - descent;
    doc.opacity(typeof inline.opacity === 'number' ? inline.opacity : 1);
    doc.fill(doc.resolveColor(inline.color, 'black'));
    doc._font = inline.font;
    doc.fontSize(inline.fontSize);
    const ix = x + inline.x;
    const iy = y + shiftToBaseline;
    doc.x = ix;
    doc.y = iy;
    const options = { lineBreak: false, textWidth: inline.width, characterSpacing: inline.characterSpacing, wordCount: 1, link: inline.link, columns: 0, columnGap: 18, rotation: 0 };
    const fragment = (): void => doc._fragment(inline.text, ix, iy, options);
    if (typeof (inline.font as EmbeddedFont).layoutCached === 'function') plainFragment(doc as FragmentDoc, inline.text, ix, iy, fragment);
    else fragment();
    doc.x = ix + inline.width;
  }
}

function patchRenderer(): void {
  const Renderer = classOf(rendererModule as unknown as RendererClass);
  const proto = Renderer.prototype;
  if (proto[PATCHED]) return;
  const original = proto.renderLine;
  proto.renderLine = function (this: { pdfDocument: PdfKitDoc }, line: Line, x: number, y: number): void {
    const joined = joinedLine(line) as RenderLine;
    if (!joined._outline && !joined._pageNodeRef && joined.id === undefined && joined.inlines.every((i) => plain(i) && !i.text.includes('\n'))) {
      renderPlainLine(this.pdfDocument, joined, x || 0, y || 0);
    } else original.call(this, joined, x, y);
  };
  // A drawn page's laid-out lines are not needed again: let them go while the next pages are
  // drawn instead of holding every page's lines until the end (~50 MB at 10,000 actions).
  const renderPages = proto.renderPages;
  proto.renderPages = function (this: { pdfDocument: PdfKitDoc & { addPage: (...args: unknown[]) => unknown } }, pages: { items: unknown[] }[]): unknown {
    let started = 0;
    return beforeEachPage(
      this.pdfDocument,
      () => {
        if (started > 0 && started <= pages.length) pages[started - 1]!.items = [];
        started++;
      },
      () => renderPages.call(this, pages),
    );
  };
  proto[PATCHED] = true;
}

interface Run {
  glyphs: unknown[];
  positions: unknown[];
  advanceWidth: number;
}
interface EmbeddedFont {
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

const ENCODED = Symbol('kuntaraportti.encoded');
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

const pdfNumber = (n: number): number => Math.round(n * 1e6) / 1e6;

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
function fastEncode(this: EmbeddedFont, text: string, features?: unknown): [string[], unknown[]] {
  if (features) return originalEncode!.call(this, text, features);
  const hex: string[] = [];
  const positions: unknown[] = [];
  for (const encoded of encodedPieces(this, text)) {
    for (const h of encoded.hex) hex.push(h);
    for (const p of encoded.positions) positions.push(p);
  }
  return [hex, positions];
}

interface FragmentDoc extends PdfKitDoc {
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
function plainFragment(doc: FragmentDoc, text: string, x: number, y: number, fallback: () => void): void {
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
function fastLayout(this: EmbeddedFont, text: string, features?: unknown, onlyWidth?: boolean): Run {
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

interface PdfmakeDocument {
  fonts?: Record<string, Record<string, unknown> | undefined>;
  getFontType(bold: boolean, italics: boolean): string;
  provideFont(family: string, bold: boolean, italics: boolean): unknown;
}
interface PdfmakeDocumentClass {
  prototype: Record<string | symbol, unknown> & PdfmakeDocument;
}

const SHARED = Symbol('kuntaraportti.sharedFace');

/**
 * pdfkit's font classes are not exported: patch EmbeddedFont through the first font pdfmake makes.
 * Each of our faces also shares the line breaker's cache of shaped pieces (lines.ts), which has
 * the shape of pdfkit's own: the body text has already been shaped once, so it is not shaped again.
 * (Only the cache: pdfkit keeps its own fontkit font, which it compares by its decoded tables when
 * deduplicating faces.)
 */
function patchFonts(): void {
  const Doc = classOf(pdfmakeDocumentModule as unknown as PdfmakeDocumentClass);
  const proto = Doc.prototype;
  if (proto[PATCHED]) return;
  const provideFont = proto.provideFont;
  proto.provideFont = function (this: PdfmakeDocument, family: string, bold: boolean, italics: boolean): unknown {
    const font = provideFont.call(this, family, bold, italics) as Record<string | symbol, unknown> | null;
    if (typeof font !== 'object' || font === null) return font;
    const fontProto = Object.getPrototypeOf(font) as Record<string | symbol, unknown> | null;
    if (fontProto !== null && !fontProto[PATCHED] && typeof fontProto.layoutCached === 'function' && typeof fontProto.layout === 'function' && (fontProto.layout as () => unknown).length === 3 && typeof fontProto.encode === 'function') {
      fontProto.layout = fastLayout;
      const layoutCached = fontProto.layoutCached as (this: Record<symbol, unknown>, text: string) => unknown;
      // Pieces not shaped yet (table cells, headers, labels) are shaped by the shared face too,
      // not by pdfkit's own parse of the font.
      fontProto.layoutCached = function (this: Record<symbol, unknown> & { layoutCache?: unknown }, text: string): unknown {
        const face = this[SHARED] as SharedFace | false | undefined;
        return face && this.layoutCache === face.runs ? shapedRun(face, text) : layoutCached.call(this, text);
      };
      originalEncode = fontProto.encode as EmbeddedFont['encode'];
      fontProto.encode = fastEncode;
      fontProto[PATCHED] = true;
    }
    if (font[SHARED] === undefined) {
      const file = this.fonts?.[family]?.[this.getFontType(bold, italics)];
      const bytes = typeof file === 'string' ? fontFiles.get(file) : undefined;
      if (bytes !== undefined && typeof font.layoutCache === 'object' && font.layoutCache !== null) {
        const face = sharedFace(bytes);
        font.layoutCache = face.runs;
        font[SHARED] = face;
      } else font[SHARED] = false;
    }
    return font;
  };
  proto[PATCHED] = true;
}



interface MeasuredInline extends Inline {
  leadingCut: number;
  trailingCut: number;
  leadingIndent?: unknown;
  lineEnd?: unknown;
  noNewLine?: unknown;
}
interface LeafNode {
  text: unknown;
  bold?: unknown;
  italics?: unknown;
  _inlines?: MeasuredInline[];
  _minWidth?: number;
  _maxWidth?: number;
  [PARAGRAPH]?: Record<string, { inline: MeasuredInline; preserveLeading: boolean; preserveTrailing: boolean }>;
}
interface DocMeasureClass {
  prototype: Record<string | symbol, unknown> & { measureLeaf(node: LeafNode): LeafNode; styleStack: StyleStack & { clone(): StyleStack & { push(item: unknown): void } } };
}
interface MeasureFont {
  widthOfString(text: string, size: number, features?: unknown): number;
}

/**
 * Line nodes that share a PARAGRAPH marker (lines.ts) have the same style around them, so every
 * style property pdfmake resolves for their text (~20 lookups each) is the same for all of them
 * in the same face. The first line of each face is measured by pdfmake; the others get a copy of
 * its inline with their own text, width and cuts, computed as pdfmake's TextInlines.measure does.
 */
function patchMeasure(): void {
  const Measure = classOf(docMeasureModule as unknown as DocMeasureClass);
  const Stack = classOf(styleStackModule as unknown as StyleStackClass);
  const proto = Measure.prototype;
  if (proto[PATCHED]) return;
  const measureLeaf = proto.measureLeaf;
  const LEADING = /^(\s)+/;
  const TRAILING = /(\s)+$/;
  proto.measureLeaf = function (this: DocMeasureClass['prototype'], node: LeafNode): LeafNode {
    const paragraph = node[PARAGRAPH];
    if (paragraph === undefined || typeof node.text !== 'string') return measureLeaf.call(this, node);
    const key = `${String(node.bold)}/${String(node.italics)}`;
    const known = paragraph[key];
    if (known === undefined) {
      const measured = measureLeaf.call(this, node);
      const inline = measured._inlines?.[0];
      if (measured._inlines?.length === 1 && inline && !inline.leadingIndent && !inline.lineEnd && !inline.noNewLine && !inline.characterSpacing) {
        const stack = this.styleStack.clone();
        stack.push(node);
        paragraph[key] = {
          inline: { ...inline },
          preserveLeading: Stack.getStyleProperty(inline, stack, 'preserveLeadingSpaces', false) === true,
          preserveTrailing: Stack.getStyleProperty(inline, stack, 'preserveTrailingSpaces', false) === true,
        };
      }
      return measured;
    }
    const text = node.text;
    const font = known.inline.font as MeasureFont;
    const size = known.inline.fontSize;
    const width = (t: string): number => font.widthOfString(t, size, known.inline.fontFeatures);
    // The shared style stays on the prototype: a spread copy of pdfmake's ~27 properties got a
    // hidden class (and descriptor array) of its own per line, ~0.9 KB each at 10,000 actions.
    const inline = Object.create(known.inline) as MeasuredInline;
    inline.text = text;
    inline.width = width(text);
    inline.leadingCut = 0;
    inline.trailingCut = 0;
    const leading = known.preserveLeading ? null : LEADING.exec(text);
    if (leading) inline.leadingCut = width(leading[0]);
    const trailing = known.preserveTrailing ? null : TRAILING.exec(text);
    if (trailing) inline.trailingCut = width(trailing[0]);
    node._inlines = [inline];
    // With noWrap, pdfmake's minimum width is the maximum: the text less its cuts.
    node._minWidth = node._maxWidth = Math.max(0, inline.width - inline.leadingCut - inline.trailingCut);
    return node;
  };
  proto[PATCHED] = true;
}

interface ReferenceProto {
  write(this: Reference, chunk: unknown): void;
  finalize(this: Reference): void;
  [PATCHED]?: boolean;
}
interface Reference {
  data: { Length?: number; Filter?: string };
  buffer: unknown[];
  compress: boolean;
  uncompressedLength: number;
  [PENDING]?: string;
}
const PENDING = Symbol('kuntaraportti.pendingContent');

/**
 * pdfkit sorts the keys of a name tree (named destinations, embedded files) with localeCompare:
 * the first call sets up an ICU collator (~15 ms) and each comparison goes through it. ISO 32000
 * asks for the keys in lexical order of their bytes, which is what this sorts by; for our keys
 * (`h1`, `h2`, …, file names) both orders are the same, so the bytes are too.
 */
function patchNameTree(): void {
  const proto = Object.getPrototypeOf(bareDocument()._root.data.Names.data.Dests) as Record<string | symbol, unknown> & { _compareKeys?: unknown };
  if (proto[PATCHED] || typeof proto._compareKeys !== 'function') return;
  proto._compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  proto[PATCHED] = true;
}

/**
 * pdfkit turns every operator written to a page (hundreds per page) into a small Buffer of its
 * own, cut from Node's shared 8 KB pool, and the PDF objects written in between are cut from the
 * same slabs. Those objects stay buffered until the end, so each keeps its whole slab of operator
 * bytes alive: ~70 MB at 10,000 actions. Here the text of a stream is collected as a string and
 * made into one Buffer when the stream ends, at the same place among the chunks, with the same
 * length bookkeeping, so the bytes are the same.
 */
function patchReferences(): void {
  const proto = Object.getPrototypeOf(bareDocument().ref({})) as ReferenceProto;
  if (proto[PATCHED] || proto.write.length !== 1 || proto.finalize.length !== 0) return;
  const write = proto.write;
  const finalize = proto.finalize;
  const flush = (ref: Reference): void => {
    const text = ref[PENDING];
    if (text === undefined) return;
    ref[PENDING] = undefined;
    ref.buffer.push(Buffer.from(text, 'binary'));
  };
  proto.write = function (chunk) {
    if (chunk instanceof Uint8Array) {
      flush(this);
      write.call(this, chunk);
      return;
    }
    const text = (chunk as string) + '\n';
    this[PENDING] = this[PENDING] === undefined ? text : this[PENDING] + text;
    this.uncompressedLength += text.length;
    if (this.data.Length == null) this.data.Length = 0;
    this.data.Length += text.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  proto.finalize = function () {
    flush(this);
    finalize.call(this);
  };
  proto[PATCHED] = true;
}

const OUTPUT = Symbol('kuntaraportti.pendingOutput');
const OUTPUT_PATCHED = Symbol.for('kuntaraportti.pdfkit.output');
/** Text output is gathered up to this many bytes before it becomes one Buffer. */
const OUTPUT_CHUNK = 64 * 1024;

interface OutputDoc {
  _offset: number;
  [OUTPUT]?: string;
  push(chunk: unknown, encoding?: unknown): boolean;
}

/**
 * pdfkit writes every line of a PDF object (`12 0 obj`, the dictionary, `endobj`) as a Buffer of
 * its own, and the stream holds each until the document is read: three or more Buffer objects per
 * PDF object, and ~60,000 structure elements at 10,000 actions. Text output is gathered here as a
 * string and pushed as one Buffer per 64 KB, before any binary chunk and before the end, with
 * the same offsets; the bytes read out are the same, in fewer chunks.
 */
function patchOutput(): void {
  const proto = Object.getPrototypeOf(bareDocument()) as Record<string | symbol, unknown> & { _write(data: unknown): void; push: OutputDoc['push'] };
  // A marker of its own: pdfmake's document class inherits from this prototype, and patchFonts
  // checks PATCHED on that class.
  if (proto[OUTPUT_PATCHED] || proto._write.length !== 1) return;
  const push = proto.push;
  const flush = (doc: OutputDoc): void => {
    const text = doc[OUTPUT];
    if (text === undefined) return;
    doc[OUTPUT] = undefined;
    push.call(doc, Buffer.from(text, 'binary'));
  };
  proto._write = function (this: OutputDoc, data: unknown): void {
    if (typeof data === 'string') {
      const text = this[OUTPUT] === undefined ? data + '\n' : this[OUTPUT] + data + '\n';
      this._offset += data.length + 1;
      this[OUTPUT] = text;
      if (text.length >= OUTPUT_CHUNK) flush(this);
      return;
    }
    flush(this);
    const bytes = data as Uint8Array;
    push.call(this, bytes);
    this._offset += bytes.length;
  };
  proto.push = function (this: OutputDoc, chunk: unknown, encoding?: unknown): boolean {
    if (chunk === null) flush(this);
    return push.call(this, chunk, encoding);
  };
  proto[OUTPUT_PATCHED] = true;
}

/** What a page's positions share: its inner size and top-left margins. */
interface PageGeometry {
  height: number;
  width: number;
  top: number;
  left: number;
}

/**
 * pdfmake's record of where a line, vector or block was written, with the same values: the page
 * geometry is shared by the positions on a page and the two ratios are computed when read, with
 * the same arithmetic as pdfmake's eager version.
 */
class LinePosition {
  constructor(
    public pageNumber: number,
    public pageOrientation: unknown,
    public left: number,
    public top: number,
    private readonly page: PageGeometry,
  ) {}
  get pageInnerHeight(): number {
    return this.page.height;
  }
  get pageInnerWidth(): number {
    return this.page.width;
  }
  get verticalRatio(): number {
    return (this.top - this.page.top) / this.page.height;
  }
  get horizontalRatio(): number {
    return (this.left - this.page.left) / this.page.width;
  }
}

interface PositionContext {
  page: number;
  x: number;
  y: number;
  pageMargins: { top: number; bottom: number; left: number; right: number };
  getCurrentPage(): { pageSize: { width: number; height: number; orientation: unknown } };
}

/**
 * pdfmake records a position (eight fields, six of them boxed doubles) for every line and vector
 * it writes, keeps it on the node and copies the reference into every enclosing node: ~185,000 of
 * them at 10,000 actions. Only the page number and top are read in our documents.
 */
function patchPositions(): void {
  const Context = classOf(documentContextModule as unknown as { prototype: Record<string | symbol, unknown> & { getCurrentPosition(): unknown } });
  const proto = Context.prototype;
  if (proto[PATCHED] || proto.getCurrentPosition.length !== 0) return;
  let last: PageGeometry | undefined;
  proto.getCurrentPosition = function (this: PositionContext): LinePosition {
    const pageSize = this.getCurrentPage().pageSize;
    const m = this.pageMargins;
    const height = pageSize.height - m.top - m.bottom;
    const width = pageSize.width - m.left - m.right;
    if (last === undefined || last.height !== height || last.width !== width || last.top !== m.top || last.left !== m.left) {
      last = { height, width, top: m.top, left: m.left };
    }
    return new LinePosition(this.page + 1, pageSize.orientation, this.x, this.y, last);
  };
  proto[PATCHED] = true;
}

interface LayoutNode {
  resetXY?: unknown;
  stack?: unknown[];
  canvas?: unknown;
  positions?: unknown[];
}
/** Arrays up to this length are copied to their exact size once filled (see patchLayout). */
const TRIM = 16;
const SINGLE_PASS = Symbol('kuntaraportti.singlePass');
/** The document's content array while it is laid out in a single pass. */
const ROOT = Symbol('kuntaraportti.layoutRoot');

/**
 * pdfmake gives every node and every vector a closure that restores its coordinates, for laying
 * the document out again when a `pageBreakBefore` function asks for a break. Without that
 * function there is one pass and the closures are never called, yet each node kept its own
 * (~120 bytes with its context; ~70,000 at 2,000 actions). They are dropped as soon as the node is
 * laid out.
 *
 * Also, V8 gives an array 17 slots on its first push. Every line node's list of positions and
 * every line's list of inlines holds one entry or a few, and all of them live until the end:
 * once filled they are copied to their exact size (~40 MB at 10,000 actions).
 */
function patchLayout(): void {
  type Builder = { [SINGLE_PASS]?: boolean; [ROOT]?: unknown[]; linearNodeList?: unknown[]; processNode(node: LayoutNode): unknown };
  const Layout = classOf(layoutBuilderModule as unknown as { prototype: Record<string | symbol, unknown> & { layoutDocument(...args: unknown[]): unknown; processNode(node: LayoutNode, ...rest: unknown[]): unknown } });
  const proto = Layout.prototype;
  if (proto[PATCHED] || proto.layoutDocument.length !== 9 || typeof proto.buildNextLine !== 'function' || typeof proto.processVerticalContainer !== 'function') return;
  const layoutDocument = proto.layoutDocument;
  const processNode = proto.processNode;
  const buildNextLine = proto.buildNextLine as (this: Builder, node: unknown) => { inlines: unknown[] } | null;
  proto.buildNextLine = function (this: Builder, node: unknown): unknown {
    const line = buildNextLine.call(this, node);
    if (line !== null && Array.isArray(line.inlines) && line.inlines.length <= TRIM) line.inlines = line.inlines.slice();
    return line;
  };
  proto.layoutDocument = function (this: Builder, ...args: unknown[]): unknown {
    this[SINGLE_PASS] = typeof args[8] !== 'function';
    this[ROOT] = this[SINGLE_PASS] && Array.isArray(args[0]) ? args[0] : undefined;
    try {
      return layoutDocument.apply(this, args);
    } finally {
      this[ROOT] = undefined;
      if (this[SINGLE_PASS]) this.linearNodeList = [];
    }
  };
  // The document's top-level blocks, each let go as soon as it is laid out: drawing needs only the
  // pages' items, and a block's nodes (measured texts, styles, positions) are ~13 KB per action,
  // 130 MB at 10,000 actions that were all alive at the end of layout. Their positions are kept,
  // as pdfmake keeps them.
  const processVerticalContainer = proto.processVerticalContainer as (this: Builder, node: LayoutNode) => unknown;
  proto.processVerticalContainer = function (this: Builder, node: LayoutNode): unknown {
    const items = node.stack as (LayoutNode | null)[];
    if (items !== this[ROOT]) return processVerticalContainer.call(this, node);
    const positions = node.positions as unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      this.processNode(item);
      for (const position of item.positions as unknown[]) positions.push(position);
      items[i] = null;
    }
    return undefined;
  };
  proto.processNode = function (this: Builder, node: LayoutNode, ...rest: unknown[]): unknown {
    const result = processNode.call(this, node, ...rest);
    if (this[SINGLE_PASS] === true) {
      // Assigned, not deleted: deleting would turn every node into a slow dictionary object.
      node.resetXY = undefined;
      if (Array.isArray(node.canvas)) for (const vector of node.canvas as LayoutNode[]) vector.resetXY = undefined;
      // The list of every node is only for pageBreakBefore's second pass: keep none.
      this.linearNodeList!.length = 0;
    }
    if (Array.isArray(node.positions) && node.positions.length <= TRIM) node.positions = node.positions.slice();
    return result;
  };
  proto[PATCHED] = true;
}

export function patchPdfmakeSpeed(): void {
  patchOutput();
  patchNameTree();
  patchLayout();
  patchPositions();
  patchReferences();
  patchStyles();
  patchMeasure();
  patchRenderer();
  patchFonts();
}
