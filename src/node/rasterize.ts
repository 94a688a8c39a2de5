import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { defaultFontDir } from './fonts.js';

const FACES = ['Regular', 'Bold', 'Italic', 'BoldItalic'] as const;
let fontFiles: string[] | undefined;

/** The bundled Liberation Sans faces: system fonts would make the PNG machine-dependent. */
function bundledFonts(): string[] {
  fontFiles ??= FACES.map((face) => join(defaultFontDir(), `LiberationSans-${face}.ttf`));
  return fontFiles;
}

/**
 * Renders an SVG to PNG `widthPx` pixels wide with resvg, using only the project's fonts, so the
 * DOCX fallback image is the same on every machine. Every font family resolves to Liberation Sans.
 */
export function rasterizeSvg(svg: string, widthPx: number): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.max(1, Math.round(widthPx)) },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: bundledFonts(),
      defaultFontFamily: 'Liberation Sans',
      sansSerifFamily: 'Liberation Sans',
      serifFamily: 'Liberation Sans',
      monospaceFamily: 'Liberation Sans',
    },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
  });
  return new Uint8Array(resvg.render().asPng());
}
