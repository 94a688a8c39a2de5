/**
 * pdfmake's PDFDocument: each of our faces shares the line breaker's shaped pieces, and pdfkit's
 * EmbeddedFont is patched (embedded-font.ts) through the first font pdfmake makes. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import pdfmakeDocumentModule from 'pdfmake/js/PDFDocument.js';
import { classOf } from '../pdfkit-bare.js';
import { fontFiles, shapedRun, sharedFace, type SharedFace } from '../lines.js';
import { PATCHED } from './common.js';
import { fastEncode, fastLayout, setOriginalEncode, type EmbeddedFont } from './embedded-font.js';

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
export function patchFonts(): void {
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
      setOriginalEncode(fontProto.encode as EmbeddedFont['encode']);
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
}
