import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FontSet } from '../render/fonts.js';

/**
 * The bundled body font: Liberation Sans 2.1.5 with its OpenType layout tables removed and renamed
 * as the OFL requires (fonts/README.md, scripts/make-font.py). Same glyphs, metrics and kerning.
 */
export const BUNDLED_FAMILY = 'Kuntaraportti Sans';
const BUNDLED_PREFIX = 'KuntaraporttiSans';
/** Also read from a directory of the original faces, e.g. Debian's fonts-liberation2. */
const ORIGINAL_PREFIX = 'LiberationSans';

/** The four bundled face files: Regular, Bold, Italic, BoldItalic. */
export function bundledFontFiles(dir: string = defaultFontDir()): string[] {
  return ['Regular', 'Bold', 'Italic', 'BoldItalic'].map((face) => join(dir, `${BUNDLED_PREFIX}-${face}.ttf`));
}

/**
 * The project's fonts/ directory. This module sits at src/node/ (vitest) or dist/src/node/ (build),
 * so walk up until a fonts/ directory with the regular face appears.
 */
export function defaultFontDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fonts');
    if (existsSync(join(candidate, `${BUNDLED_PREFIX}-Regular.ttf`))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`fonts/${BUNDLED_PREFIX}-Regular.ttf ei löydy paketin hakemistosta`);
}

/**
 * Reads the four faces (Regular/Bold/Italic/BoldItalic) from `dir` (default: the project's fonts/):
 * KuntaraporttiSans-*.ttf, or LiberationSans-*.ttf where those are absent.
 */
export async function loadFonts(dir: string = defaultFontDir()): Promise<FontSet> {
  const prefix = !existsSync(join(dir, `${BUNDLED_PREFIX}-Regular.ttf`)) && existsSync(join(dir, `${ORIGINAL_PREFIX}-Regular.ttf`)) ? ORIGINAL_PREFIX : BUNDLED_PREFIX;
  const read = async (face: string): Promise<Uint8Array> => new Uint8Array(await readFile(join(dir, `${prefix}-${face}.ttf`)));
  const [regular, bold, italic, boldItalic] = await Promise.all([read('Regular'), read('Bold'), read('Italic'), read('BoldItalic')]);
  return { regular, bold, italic, boldItalic };
}
