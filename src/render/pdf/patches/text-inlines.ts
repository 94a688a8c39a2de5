/**
 * pdfmake's TextInlines: the style stack's answers looked up once per text measured. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import textInlinesModule from 'pdfmake/js/TextInlines.js';
import { classOf } from '../pdfkit-bare.js';
import { MEASURING, PATCHED, type StyleStack } from './common.js';

export function patchInlines(): void {
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
