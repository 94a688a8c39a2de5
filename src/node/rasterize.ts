import { Resvg } from '@resvg/resvg-js';
import { BUNDLED_FAMILY, bundledFontFiles } from './fonts.js';

let fontFiles: string[] | undefined;

/** The bundled faces only: system fonts would make the PNG machine-dependent. */
function bundledFonts(): string[] {
  fontFiles ??= bundledFontFiles();
  return fontFiles;
}

/**
 * Renders an SVG to PNG `widthPx` pixels wide with resvg, using only the project's fonts, so the
 * DOCX fallback image is the same on every machine. Every font family resolves to the bundled
 * face: a family it does not have (the charts ask for Arial or Liberation Sans) falls back to
 * defaultFontFamily, and the generic families are mapped to it too.
 */
export function rasterizeSvg(svg: string, widthPx: number): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.max(1, Math.round(widthPx)) },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: bundledFonts(),
      defaultFontFamily: BUNDLED_FAMILY,
      sansSerifFamily: BUNDLED_FAMILY,
      serifFamily: BUNDLED_FAMILY,
      monospaceFamily: BUNDLED_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
  });
  return new Uint8Array(resvg.render().asPng());
}
