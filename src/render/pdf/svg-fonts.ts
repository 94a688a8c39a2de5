/**
 * Workaround: pdfmake 0.3.11 hands svg-to-pdfkit a font *file name* for SVG text, and pdfkit then
 * reads that name from disk (ENOENT for fonts in pdfmake's virtual file system, so the chart text
 * silently falls back to nothing). We make pdfmake's document resolve such names from its virtual
 * file system, registered under its name so pdfkit caches it (and dedups it with pdfmake's own copy by
 * PostScript name, so each face is embedded once).
 */
import pdfmakeDocument from 'pdfmake/js/PDFDocument.js';
import { PatchSet } from './patches/patch.js';

/** SHA-256 of the patched method's source in pdfkit 0.19.1 (see patches/patch.ts): a mismatch throws. */
const ORIGINALS = {
  'PDFDocument.prototype.font': '652a31ad704fa7e8b4bf0a6566a8475968aa7ec1cf6bce5c709b53680767153a',
};

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

let svgFonts: PatchSet | undefined;

/** The workaround as a set of patches, for patches/patch.ts's withPatches. */
export function svgFontPatches(): PatchSet {
  if (svgFonts !== undefined) return svgFonts;
  svgFonts = new PatchSet('SVG font workaround', 'required', 'pdfmake 0.3.11, pdfkit 0.19.1', ORIGINALS);
  // Node's CJS interop gives module.exports ({ default: class }); bundlers may give the class itself.
  const mod = pdfmakeDocument as unknown as { default?: { prototype: object }; prototype: object };
  const proto = (mod.default?.prototype ?? mod.prototype) as Record<string | symbol, unknown>;
  // pdfkit's font(), which pdfmake's document inherits: the patch goes on pdfmake's class.
  svgFonts.method(proto, 'PDFDocument.prototype.font', (original: FontFn) => function (this: PatchedDoc, src: unknown, ...rest: unknown[]): unknown {
    if (typeof src === 'string' && rest.length === 0 && this.virtualfs?.existsSync(src)) {
      if (this._fontFamilies && this._fontFamilies[src] === undefined) {
        const font = pdfmakeFont(this, src);
        if (font !== undefined) this._fontFamilies[src] = font;
      }
      if (!this._fontFamilies?.[src] && !this._registeredFonts?.[src]) this.registerFont?.(src, this.virtualfs.readFileSync(src));
      return original.call(this, src);
    }
    return original.call(this, src, ...rest);
  });
  return svgFonts;
}
