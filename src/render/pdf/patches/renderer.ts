/**
 * pdfmake's Renderer: words drawn together, plain lines straight to pdfkit. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 *
 * pdfmake draws every word as its own text object. Consecutive words of one line in the same
 * face, size, colour and opacity, placed edge to edge, are drawn as one text: pdfkit shapes text
 * in space-separated pieces, so only words that end in a space are joined, and each piece gets
 * exactly the glyphs and advances it had as a word of its own. Words with links, decoration,
 * background, sup/sub, font features, character spacing or page references are never joined, nor
 * are justified words (they are not edge to edge).
 */
import rendererModule from 'pdfmake/js/Renderer.js';
import { beforeEachPage, classOf } from '../pdfkit-bare.js';
import { isValue, type Inline, type Line, type PdfKitDoc } from './common.js';
import { plainFragment, type EmbeddedFont, type FragmentDoc } from './embedded-font.js';
import type { PatchSet } from './patch.js';

/** SHA-256 of each patched method's source in pdfmake 0.3.11 (see patch.ts). */
export const ORIGINALS = {
  'Renderer.prototype.renderLine': 'b71f57566c6b6c5f91ec87ea7772c610eb02d5ed6515fd81ab67bb33d4df5acc',
  'Renderer.prototype.renderPages': '429c66b67fe2b5a6f4e5a84b34e33240ed8a1b870670d913b90852684a9979f6',
};

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

export function rendererPatches(set: PatchSet): void {
  const proto = classOf(rendererModule as unknown as RendererClass).prototype;
  set.method(proto, 'Renderer.prototype.renderLine', (original) => function (this: { pdfDocument: PdfKitDoc }, line: Line, x: number, y: number): void {
    const joined = joinedLine(line) as RenderLine;
    if (!joined._outline && !joined._pageNodeRef && joined.id === undefined && joined.inlines.every((i) => plain(i) && !i.text.includes('\n'))) {
      renderPlainLine(this.pdfDocument, joined, x || 0, y || 0);
    } else original.call(this, joined, x, y);
  });
  // A drawn page's laid-out lines are not needed again: let them go while the next pages are
  // drawn instead of holding every page's lines until the end (~50 MB at 10,000 actions).
  set.method(proto, 'Renderer.prototype.renderPages', (renderPages) => function (this: { pdfDocument: PdfKitDoc & { addPage: (...args: unknown[]) => unknown } }, pages: { items: unknown[] }[]): unknown {
    let started = 0;
    return beforeEachPage(
      this.pdfDocument,
      () => {
        if (started > 0 && started <= pages.length) pages[started - 1]!.items = [];
        started++;
      },
      () => renderPages.call(this, pages),
    );
  });
}
