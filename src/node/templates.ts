/** Reads report templates from disk; parsing and validation are the core's (`parseTemplate`). */
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../diagnostics.js';
import { parseTemplate, TemplateError, type TemplateBundle } from '../document/template.js';

/**
 * The project's templates/ folder. This module sits at src/node/ or dist/node/, or is bundled into
 * dist/bundle/ (scripts/bundle-cli.mjs): all two levels below the package root, so the same
 * relative path works from sources, the build and the bundle.
 */
export const DEFAULT_TEMPLATE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

// Folder names only: a name must never reach outside the templates folder.
const NAME = /^[a-z0-9][a-z0-9-]*$/;

async function readFolder(dir: string, prefix: string, into: Record<string, string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isFile()) into[prefix + e.name] = await readFile(join(dir, e.name), 'utf8');
  }
}

/** Reads and validates templates/NAME/ together with templates/_shared/. */
export async function loadTemplate(name: string, dir: string = DEFAULT_TEMPLATE_DIR, options: { only?: Lang } = {}): Promise<TemplateBundle> {
  if (!NAME.test(name)) {
    throw new TemplateError(name, [`pohjan nimi saa sisältää vain kirjaimia a–z, numeroita ja viivoja (invalid template name); pohjat: ${(await listTemplates(dir)).join(', ')}`]);
  }
  const files: Record<string, string> = {};
  try {
    await readFolder(join(dir, name), '', files);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new TemplateError(join(dir, name), [`pohjaa ei löydy (template not found); pohjat: ${(await listTemplates(dir)).join(', ')}`]);
    }
    throw e;
  }
  try {
    await readFolder(join(dir, '_shared'), '_shared/', files);
  } catch (e) {
    // A template folder outside the project may bring every text itself.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return parseTemplate(files, name, { root: dir, ...options });
}

/** Names of the template folders (those with a report.json), sorted. */
export async function listTemplates(dir: string = DEFAULT_TEMPLATE_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !NAME.test(e.name)) continue;
    const inner = await readdir(join(dir, e.name));
    if (inner.includes('report.json')) names.push(e.name);
  }
  return names.sort();
}
