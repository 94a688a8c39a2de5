/**
 * Two speed-ups of pdfmake 0.3.11's internals that change no output but the PDF's own drawing
 * operators. Measured with `npm run bench` (see the commit messages for the figures).
 *
 * 1. Style lookups. pdfmake resolves ~20 style properties for every word it measures, each by
 *    pushing the word on the style stack, calling a fresh closure and allocating a `Set` per named
 *    style looked at. The replacement walks the same stack in the same order without allocating;
 *    it differs only where a style `extends` another, which it hands to pdfmake's own code.
 *
 * 2. Text drawing. pdfmake draws every word as its own text object (save, matrix, BT, Tm, Tf, TJ,
 *    ET, restore, plus colour and opacity), which makes the content streams ~5× longer than the
 *    text and makes pdfkit and zlib do that much more work. Consecutive words of one line in the
 *    same face, size, colour and opacity, placed edge to edge, are drawn as one text: pdfkit shapes
 *    text in space-separated pieces, so only words that end in a space are joined, and each piece
 *    gets exactly the glyphs and advances it had as a word of its own. Words with links,
 *    decoration, background, sup/sub, font features, character spacing or page references are
 *    never joined, nor are justified words (they are not edge to edge).
 */
import rendererModule from 'pdfmake/js/Renderer.js';
import styleStackModule from 'pdfmake/js/StyleContextStack.js';
import textInlinesModule from 'pdfmake/js/TextInlines.js';
import pdfmakeDocumentModule from 'pdfmake/js/PDFDocument.js';

/** Node's CJS interop gives module.exports ({ default: class }); bundlers may give the class itself. */
function classOf<T>(mod: { default?: T } | T): T {
  const m = mod as { default?: T };
  return m.default ?? (mod as T);
}

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
  prototype: Record<string | symbol, unknown> & { renderLine(line: Line, x: number, y: number): void };
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

function patchRenderer(): void {
  const Renderer = classOf(rendererModule as unknown as RendererClass);
  const proto = Renderer.prototype;
  if (proto[PATCHED]) return;
  const original = proto.renderLine;
  proto.renderLine = function (this: unknown, line: Line, x: number, y: number): void {
    original.call(this, joinedLine(line), x, y);
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
  let last = 0;
  const n = text.length;
  for (let index = 0; index < n; index++) {
    const c = text.charCodeAt(index);
    if (c !== 32 && c !== 9 && index !== n - 1) continue;
    const run = this.layoutCached(text.slice(last, index + 1));
    if (glyphs !== null && positions !== null) {
      for (const g of run.glyphs) glyphs.push(g);
      for (const p of run.positions) positions.push(p);
    }
    advanceWidth += run.advanceWidth;
    last = index + 1;
  }
  return { glyphs: glyphs as unknown[], positions: positions as unknown[], advanceWidth };
}

interface PdfmakeDocumentClass {
  prototype: Record<string | symbol, unknown> & { provideFont(family: string, bold: boolean, italics: boolean): unknown };
}

/** pdfkit's font classes are not exported: patch EmbeddedFont through the first font pdfmake makes. */
function patchFonts(): void {
  const Doc = classOf(pdfmakeDocumentModule as unknown as PdfmakeDocumentClass);
  const proto = Doc.prototype;
  if (proto[PATCHED]) return;
  const provideFont = proto.provideFont;
  proto.provideFont = function (this: unknown, family: string, bold: boolean, italics: boolean): unknown {
    const font = provideFont.call(this, family, bold, italics);
    const fontProto = (typeof font === 'object' && font !== null ? Object.getPrototypeOf(font) : null) as Record<string | symbol, unknown> | null;
    if (fontProto !== null && !fontProto[PATCHED] && typeof fontProto.layoutCached === 'function' && typeof fontProto.layout === 'function' && (fontProto.layout as () => unknown).length === 3) {
      fontProto.layout = fastLayout;
      fontProto[PATCHED] = true;
    }
    return font;
  };
  proto[PATCHED] = true;
}

export function patchPdfmakeSpeed(): void {
  patchStyles();
  patchRenderer();
  patchFonts();
}
