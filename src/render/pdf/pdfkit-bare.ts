/**
 * A pdfkit document with no page and no font (pdfmake's document class extends pdfkit's), to reach
 * what pdfkit does not export: its fontkit, and the classes patches/ patches.
 */
import pdfmakeDocumentModule from 'pdfmake/js/PDFDocument.js';

/** Node's CJS interop gives module.exports ({ default: class }); bundlers may give the class itself. */
export function classOf<T>(mod: { default?: T } | T): T {
  const m = mod as { default?: T };
  return m.default ?? (mod as T);
}

export interface BareDocument {
  font(src: Uint8Array): { _font: { font: unknown } };
  ref(data: object): object;
  _root: { data: { Names: { data: { Dests: object } } } };
}

export function bareDocument(): BareDocument {
  const mod = pdfmakeDocumentModule as unknown as { default?: object; prototype?: object };
  const PdfKitDocument = Object.getPrototypeOf((mod.default ?? mod) as object) as new (options: object) => BareDocument;
  return new PdfKitDocument({ autoFirstPage: false, font: null });
}

let fontPrototype: object | undefined;

/** A font parsed by pdfkit (its EmbeddedFont, whose prototype is kept for embeddedFontPrototype). */
export function pdfkitFont(bytes: Uint8Array): { font: unknown } {
  const font = bareDocument().font(bytes)._font;
  fontPrototype ??= Object.getPrototypeOf(font) as object;
  return font;
}

/** pdfkit's EmbeddedFont.prototype, once a font has been parsed through pdfkitFont. */
export function embeddedFontPrototype(): object | undefined {
  return fontPrototype;
}

/** Runs `run` with `before` called ahead of each of `doc`'s addPage calls, then puts addPage back. */
export function beforeEachPage<T>(doc: { addPage(...args: unknown[]): unknown }, before: () => void, run: () => T): T {
  const addPage = doc.addPage;
  const own = Object.prototype.hasOwnProperty.call(doc, 'addPage');
  doc.addPage = function (this: unknown, ...args: unknown[]): unknown {
    before();
    return addPage.apply(this, args);
  };
  try {
    return run();
  } finally {
    if (own) doc.addPage = addPage;
    else delete (doc as Partial<typeof doc>).addPage;
  }
}
