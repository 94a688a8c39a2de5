/**
 * Speed-ups of pdfmake 0.3.11's and pdfkit 0.19.1's internals that change no byte of the output,
 * one file per upstream class they patch. Every patch goes through patch.ts: checked against the
 * source hash of the method it was written for, and in force only during our own rendering. The
 * differential test (test/pdf-differential.test.ts) renders with them on and off; the golden hash
 * of the sample's PDF catches any byte change. Measured with `npm run bench`.
 *
 * 1. Style lookups without allocating (style-context-stack.ts, text-inlines.ts).
 * 2. Words of one line drawn together, plain lines straight to pdfkit's `_fragment` (renderer.ts).
 * 3. Lines of one paragraph measured alike (doc-measure.ts).
 * 4. Shaping and encoding per piece, shared with the line breaker (embedded-font.ts,
 *    pdfmake-document.ts).
 * 5. Page content kept as text until the page is finished (pdfkit-reference.ts).
 * 6. Smaller records of where each line went (document-context.ts); no undo closures for a second
 *    layout that never comes, and laid-out blocks let go at once (layout-builder.ts).
 * 7. Name trees sorted by byte, as the PDF standard says, not through ICU (pdfkit-name-tree.ts).
 * 8. Output pushed in 64 KB Buffers rather than one per line of each PDF object (pdfkit-document.ts).
 */
import { PatchSet } from './patch.js';
import { ORIGINALS as OUTPUT, outputPatches } from './pdfkit-document.js';
import { ORIGINALS as NAME_TREE, nameTreePatches } from './pdfkit-name-tree.js';
import { ORIGINALS as LAYOUT, layoutPatches } from './layout-builder.js';
import { ORIGINALS as POSITIONS, positionPatches } from './document-context.js';
import { ORIGINALS as REFERENCES, referencePatches } from './pdfkit-reference.js';
import { ORIGINALS as STYLES, stylesPatches } from './style-context-stack.js';
import { ORIGINALS as INLINES, inlinesPatches } from './text-inlines.js';
import { ORIGINALS as MEASURE, measurePatches } from './doc-measure.js';
import { ORIGINALS as RENDERER, rendererPatches } from './renderer.js';
import { ORIGINALS as PROVIDE_FONT, provideFontPatches } from './pdfmake-document.js';
import { ORIGINALS as EMBEDDED_FONT, embeddedFontPatches } from './embedded-font.js';

export { joinedLine } from './renderer.js';

/** What the speed-ups were written for; package.json pins exactly these. */
export const UPSTREAM = 'pdfmake 0.3.11, pdfkit 0.19.1';

let speed: PatchSet | undefined;

/**
 * The speed-ups as one set: all of them or, if any original differs, none (patch.ts). pdfkit's
 * EmbeddedFont class is not exported: its prototype comes from a font already parsed.
 */
export function speedPatches(fontPrototype: object): PatchSet {
  if (speed === undefined) {
    const set = new PatchSet('speed-ups', 'speed', UPSTREAM, { ...OUTPUT, ...NAME_TREE, ...LAYOUT, ...POSITIONS, ...REFERENCES, ...STYLES, ...INLINES, ...MEASURE, ...RENDERER, ...PROVIDE_FONT, ...EMBEDDED_FONT });
    outputPatches(set);
    nameTreePatches(set);
    layoutPatches(set);
    positionPatches(set);
    referencePatches(set);
    stylesPatches(set);
    inlinesPatches(set);
    measurePatches(set);
    rendererPatches(set);
    provideFontPatches(set);
    embeddedFontPatches(set, fontPrototype);
    speed = set;
  }
  return speed;
}
