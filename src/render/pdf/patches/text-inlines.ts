/**
 * pdfmake's TextInlines: the style stack's answers looked up once per text measured. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import textInlinesModule from 'pdfmake/js/TextInlines.js';
import { classOf } from '../pdfkit-bare.js';
import { MEASURING, type StyleStack } from './common.js';
import type { PatchSet } from './patch.js';

/** SHA-256 of each patched method's source in pdfmake 0.3.11 (see patch.ts). */
export const ORIGINALS = {
  'TextInlines.prototype.measure': 'cb17af19531a9de1c73b790bea462553e9c1cce4d9ad1287ffae59aa42c6d87c',
};

export function inlinesPatches(set: PatchSet): void {
  // While the words of one text are measured, nothing changes the style stack (pdfmake's measure
  // only writes to the words), so the stack's answer per property is looked up once per text.
  const Inlines = classOf(textInlinesModule as unknown as { prototype: object });
  set.method(Inlines.prototype, 'TextInlines.prototype.measure', (measure) => function (this: unknown, array: unknown[], stack?: StyleStack): unknown {
    if (!stack || stack[MEASURING]) return measure.call(this, array, stack);
    stack[MEASURING] = new Map();
    try {
      return measure.call(this, array, stack);
    } finally {
      stack[MEASURING] = undefined;
    }
  });
}
