/**
 * HTML report helpers: the sample's document tree built as the command builds it, and Debian's
 * chromium driven by playwright-core (no browser download: `npx playwright install` cannot reach
 * its servers here), each run with a fresh profile.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { compareModels } from '../../src/compare/index.js';
import { buildDocument } from '../../src/document/build.js';
import { parseSettings } from '../../src/document/settings.js';
import type { DocumentTree } from '../../src/document/types.js';
import type { Lang } from '../../src/diagnostics.js';
import { loadTemplate } from '../../src/node/templates.js';
import { analyse } from '../../src/pipeline.js';
import { PREVIOUS, SAMPLE } from './e2e.js';

export async function sampleTree(options: { lang?: Lang; previous?: boolean; template?: string; file?: string } = {}): Promise<DocumentTree> {
  const file = options.file ?? SAMPLE;
  const bytes = new Uint8Array(readFileSync(file));
  const analysis = await analyse(bytes, { file: basename(file) });
  const lang = options.lang ?? 'fi';
  const parsed = parseSettings({ ...JSON.parse(readFileSync(SAMPLE.replace(/\.tsv$/, '.kuntaraportti.json'), 'utf8')), lang });
  if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
  let comparison;
  if (options.previous) {
    const previous = await analyse(new Uint8Array(readFileSync(PREVIOUS)), { file: basename(PREVIOUS) });
    comparison = { result: compareModels(previous.model, analysis.model, { lang }), previousName: basename(PREVIOUS) };
  }
  return buildDocument(
    {
      model: analysis.model,
      stats: analysis.stats,
      diagnostics: analysis.diagnostics,
      source: { name: basename(file), sha256: createHash('sha256').update(bytes).digest('hex'), rows: analysis.rows },
      ...(comparison ? { comparison } : {}),
    },
    await loadTemplate(options.template ?? 'valtuusto-liite', undefined, { only: lang }),
    parsed.settings,
  );
}

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** Chromium with a fresh profile; close() removes the profile. */
export async function openBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'kr-chromium-'));
  // The report's own CSP forbids every script, axe's too: the test's page may bypass it.
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, bypassCSP: true, offline: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type { Browser };

/** axe-core's browser script, from the installed package. */
export function axeSource(): string {
  return readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
}
