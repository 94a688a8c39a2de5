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
import { patchOutput } from './pdfkit-document.js';
import { patchNameTree } from './pdfkit-name-tree.js';
import { patchLayout } from './layout-builder.js';
import { patchPositions } from './document-context.js';
import { patchReferences } from './pdfkit-reference.js';
import { patchStyles } from './style-context-stack.js';
import { patchInlines } from './text-inlines.js';
import { patchMeasure } from './doc-measure.js';
import { patchRenderer } from './renderer.js';
import { patchFonts } from './pdfmake-document.js';

export { joinedLine } from './renderer.js';

export function patchPdfmakeSpeed(): void {
  patchOutput();
  patchNameTree();
  patchLayout();
  patchPositions();
  patchReferences();
  patchStyles();
  patchInlines();
  patchMeasure();
  patchRenderer();
  patchFonts();
}
