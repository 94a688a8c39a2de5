/**
 * Workaround: pdfmake 0.3.11 hands svg-to-pdfkit a font *file name* for SVG text, and pdfkit then
 * reads that name from disk (ENOENT for fonts in pdfmake's virtual file system, so the chart text
 * silently falls back to nothing). We make pdfmake's document resolve such names from its virtual
 * file system, registered under its name so pdfkit caches it (and dedups it with pdfmake's own copy by
 * PostScript name, so each face is embedded once).
 */
import pdfmakeDocument from 'pdfmake/js/PDFDocument.js';

type FontFn = (this: PatchedDoc, src: unknown, ...rest: unknown[]) => unknown;
interface PatchedDoc {
  virtualfs?: { existsSync(name: string): boolean; readFileSync(name: string): Buffer };
  _registeredFonts?: Record<string, unknown>;
  _fontFamilies?: Record<string, unknown>;
  fonts?: Record<string, Record<string, unknown>>;
  registerFont?(name: string, src: Buffer): void;
  provideFont?(family: string, bold: boolean, italics: boolean): unknown;
}

const FACES: Record<string, [boolean, boolean]> = { normal: [false, false], bold: [true, false], italics: [false, true], bolditalics: [true, true] };

/**
 * The font pdfmake itself opened from the same file, if any. pdfkit's own dedup by PostScript name
 * returns before caching under the file name, so without this every SVG text element re-parsed
 * the font file (~20 ms each).
 */
function pdfmakeFont(doc: PatchedDoc, src: string): unknown {
  for (const [family, faces] of Object.entries(doc.fonts ?? {})) {
    for (const [type, file] of Object.entries(faces)) {
      const face = FACES[type];
      if (file === src && face !== undefined && doc.provideFont) return doc.provideFont(family, face[0], face[1]);
    }
  }
  return undefined;
}

const PATCHED = Symbol.for('kuntaraportti.pdfmake.svgFonts');

export function patchSvgFonts(): void {
  // Node's CJS interop gives module.exports ({ default: class }); bundlers may give the class itself.
  const mod = pdfmakeDocument as unknown as { default?: { prototype: object }; prototype: object };
  const proto = (mod.default?.prototype ?? mod.prototype) as Record<string | symbol, unknown>;
  if (proto[PATCHED]) return;
  const original = proto.font as FontFn;
  const patched: FontFn = function (src, ...rest) {
    if (typeof src === 'string' && rest.length === 0 && this.virtualfs?.existsSync(src)) {
      if (this._fontFamilies && this._fontFamilies[src] === undefined) {
        const font = pdfmakeFont(this, src);
        if (font !== undefined) this._fontFamilies[src] = font;
      }
      if (!this._fontFamilies?.[src] && !this._registeredFonts?.[src]) this.registerFont?.(src, this.virtualfs.readFileSync(src));
      return original.call(this, src);
    }
    return original.call(this, src, ...rest);
  };
  proto.font = patched;
  proto[PATCHED] = true;
}
