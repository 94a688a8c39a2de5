/**
 * pdfmake's DocMeasure: lines of one paragraph measured alike. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import docMeasureModule from 'pdfmake/js/DocMeasure.js';
import styleStackModule from 'pdfmake/js/StyleContextStack.js';
import { classOf } from '../pdfkit-bare.js';
import type { PatchSet } from './patch.js';
import { PARAGRAPH } from '../lines.js';
import { type Inline, type StyleStack, type StyleStackClass } from './common.js';

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
/** SHA-256 of each patched method's source in pdfmake 0.3.11 (see patch.ts). */
export const ORIGINALS = {
  'DocMeasure.prototype.measureLeaf': 'f85585f0d251badfc5f34e91f8f3f03a72bf9ab273d6184bf5532d94821461fa',
};

export function measurePatches(set: PatchSet): void {
  const Measure = classOf(docMeasureModule as unknown as DocMeasureClass);
  const Stack = classOf(styleStackModule as unknown as StyleStackClass);
  const LEADING = /^(\s)+/;
  const TRAILING = /(\s)+$/;
  set.method(Measure.prototype, 'DocMeasure.prototype.measureLeaf', (measureLeaf) => function (this: DocMeasureClass['prototype'], node: LeafNode): LeafNode {
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
  });
}
