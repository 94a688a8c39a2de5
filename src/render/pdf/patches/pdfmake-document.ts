/**
 * pdfmake's PDFDocument: each of our faces shares the line breaker's shaped pieces, and pdfkit's
 * EmbeddedFont is patched (embedded-font.ts) through the first font pdfmake makes. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import pdfmakeDocumentModule from 'pdfmake/js/PDFDocument.js';
import { classOf } from '../pdfkit-bare.js';
import { fontFiles, sharedFace } from '../lines.js';
import { SHARED } from './embedded-font.js';
import type { PatchSet } from './patch.js';

/** SHA-256 of each patched method's source in pdfmake 0.3.11 (see patch.ts). */
export const ORIGINALS = {
  'pdfmake.PDFDocument.prototype.provideFont': 'd82bb3f99bf3e9c5a8c03a351dd0dbec646160f05ae5ec80135d99ef02231a86',
};

interface PdfmakeDocument {
  fonts?: Record<string, Record<string, unknown> | undefined>;
  getFontType(bold: boolean, italics: boolean): string;
  provideFont(family: string, bold: boolean, italics: boolean): unknown;
}
interface PdfmakeDocumentClass {
  prototype: Record<string | symbol, unknown> & PdfmakeDocument;
}


/**
 * Each of our faces shares the line breaker's cache of shaped pieces (lines.ts), which has
 * the shape of pdfkit's own: the body text has already been shaped once, so it is not shaped again.
 * (Only the cache: pdfkit keeps its own fontkit font, which it compares by its decoded tables when
 * deduplicating faces.)
 */
export function provideFontPatches(set: PatchSet): void {
  const proto = classOf(pdfmakeDocumentModule as unknown as PdfmakeDocumentClass).prototype;
  set.method(proto, 'pdfmake.PDFDocument.prototype.provideFont', (provideFont) => function (this: PdfmakeDocument, family: string, bold: boolean, italics: boolean): unknown {
    const font = provideFont.call(this, family, bold, italics) as Record<string | symbol, unknown> | null;
    if (typeof font !== 'object' || font === null) return font;
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
  });
}
