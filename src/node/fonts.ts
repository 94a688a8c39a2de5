import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FontSet } from '../render/fonts.js';

/**
 * The project's fonts/ directory. This module sits at src/node/ (vitest) or dist/src/node/ (build),
 * so walk up until a fonts/ directory with the regular face appears.
 */
export function defaultFontDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fonts');
    if (existsSync(join(candidate, 'LiberationSans-Regular.ttf'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('fonts/LiberationSans-Regular.ttf ei löydy paketin hakemistosta');
}

/** Reads Liberation Sans Regular/Bold/Italic/BoldItalic from `dir` (default: the project's fonts/). */
export async function loadFonts(dir: string = defaultFontDir()): Promise<FontSet> {
  const read = async (face: string): Promise<Uint8Array> => new Uint8Array(await readFile(join(dir, `LiberationSans-${face}.ttf`)));
  const [regular, bold, italic, boldItalic] = await Promise.all([read('Regular'), read('Bold'), read('Italic'), read('BoldItalic')]);
  return { regular, bold, italic, boldItalic };
}
