/**
 * PDF/A-1 (ISO 19005-1 6.3.5) wants the CIDSet of a subset CIDFont to list every glyph in the font
 * program. pdfkit 0.19 lists those the text used, but fontkit's subsetter also copies the
 * components of composite glyphs (ä, ö: a and the dieresis) into the program, after the used
 * ones; pdfkit's list misses them. Here each of a document's fonts records those components as
 * glyphs of the subset (their own widths), before pdfkit writes its CIDSet and /W from that record.
 */

interface Glyph {
  advanceWidth: number;
}
interface Subset {
  glyphs: number[];
  encode(...args: unknown[]): unknown;
}
interface Font {
  font?: { getGlyph(id: number): Glyph };
  subset?: Subset;
  widths?: (number | null | undefined)[];
  scale?: number;
  embed?: (this: Font) => unknown;
}

/** Call on a pdfkit document after drawing and before its end(), which embeds the fonts. */
export function completeCidSets(pdf: unknown): void {
  const doc = pdf as { subset?: number; _fontFamilies?: Record<string, Font> };
  if (doc.subset !== 1 || !doc._fontFamilies) return;
  for (const font of new Set(Object.values(doc._fontFamilies))) {
    const embed = font.embed;
    const subset = font.subset;
    if (typeof embed !== 'function' || !subset || !font.font || !font.widths || typeof subset.encode !== 'function') continue;
    const encode = subset.encode;
    subset.encode = function (this: Subset, ...args: unknown[]): unknown {
      // Encoding adds the components to `glyphs`: only then is the program's glyph list complete.
      const program = encode.apply(this, args);
      for (let gid = 0; gid < this.glyphs.length; gid++) {
        if (font.widths![gid] == null) font.widths![gid] = font.font!.getGlyph(this.glyphs[gid]!).advanceWidth * (font.scale ?? 1);
      }
      return program;
    };
  }
}
