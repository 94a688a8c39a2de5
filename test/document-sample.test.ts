import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { analyse } from '../src/index.js';
import { buildDocument } from '../src/document/build.js';
import { parseSettings } from '../src/document/settings.js';
import type { DocumentTree } from '../src/document/types.js';
import { loadTemplate } from '../src/node/templates.js';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = 'tuusula-strategia-seuranta-2023.tsv';
const GOLDEN = join(ROOT, 'test', 'fixtures', 'document', 'sample-valtuusto-liite.json');

it('builds the council attachment of the real sample (golden tree)', async () => {
  const bytes = new Uint8Array(await readFile(join(ROOT, 'samples', SAMPLE)));
  const analysis = await analyse(bytes, { file: SAMPLE });
  const parsed = parseSettings({
    organisation: { name: 'Tuusulan kunta', unit: 'Konsernipalvelut' },
    meeting: { organ: 'Kunnanvaltuusto', date: '2023-10-23', section: 87, attachment: 3 },
    reportDate: '2023-09-30',
  });
  if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
  const tree: DocumentTree = buildDocument(
    { model: analysis.model, stats: analysis.stats, diagnostics: analysis.diagnostics, source: { name: SAMPLE, sha256: createHash('sha256').update(bytes).digest('hex'), rows: analysis.rows } },
    await loadTemplate('valtuusto-liite'),
    parsed.settings,
  );

  // Nothing lost: every action of the model has its heading, every status text its paragraph.
  const actions = analysis.model.themes.flatMap((t) => t.goals.flatMap((g) => g.actions));
  expect(actions.length).toBeGreaterThan(0);
  const codes = tree.children.flatMap((b) => (b.type === 'heading' && b.level === 3 ? [b.code] : []));
  expect(codes).toEqual(actions.map((a) => a.id));
  const paragraphs = new Set(tree.children.flatMap((b) => (b.type === 'paragraph' ? [b.children.map((c) => c.value).join('')] : [])));
  for (const t of actions.flatMap((a) => a.texts)) expect(paragraphs.has(t)).toBe(true);

  const actual = `${JSON.stringify(tree, null, 2)}\n`;
  if (process.env.UPDATE === '1') await writeFile(GOLDEN, actual);
  expect(actual).toBe(await readFile(GOLDEN, 'utf8'));
});
