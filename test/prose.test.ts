/**
 * The generated sentences as a reader reads them: Finnish for 1 and for many, no zero counts in the
 * comparison, "ei raportoitu" in lower case mid-sentence, the previous period by its date, and a
 * visible title for an annual goal the table gave no name — in the tree and in the PDF's text.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareModels } from '../src/compare/index.js';
import { buildDocument, type BuildInput } from '../src/document/build.js';
import { parseSettings } from '../src/document/settings.js';
import type { DocumentTree } from '../src/document/types.js';
import type { Model } from '../src/model/types.js';
import type { Stats } from '../src/stats/types.js';
import { loadTemplate } from '../src/node/templates.js';
import { loadFonts } from '../src/node/fonts.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { pdftotext, tempPdf } from './helpers/pdf-tools.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'document');

async function handmade(): Promise<BuildInput> {
  const raw = JSON.parse(await readFile(join(FIXTURES, 'handmade.input.json'), 'utf8')) as { model: Model; stats: Stats; source: { name: string; sha256: string; rows: number } };
  return { model: raw.model, stats: raw.stats, diagnostics: [], source: { name: raw.source.name, sha256: raw.source.sha256, rows: raw.source.rows } };
}

const settings = (json: object = {}) => {
  const r = parseSettings({ organisation: { name: 'Esimerkkilän kunta' }, reportDate: '2023-09-30', ...json });
  if ('errors' in r) throw new Error(r.errors.join('\n'));
  return r.settings;
};

const all = (tree: DocumentTree): string =>
  tree.children
    .flatMap((b) => (b.type === 'paragraph' ? b.children.map((c) => c.value) : b.type === 'heading' ? [`${b.code ?? ''} ${b.text}`] : b.type === 'stageIndicator' ? [b.label] : []))
    .join('\n');

/** One theme, one goal, one action: the singular everywhere. */
function single(input: BuildInput): BuildInput {
  const theme = input.model.themes[0]!;
  const goal = { ...theme.goals[0]!, actions: [theme.goals[0]!.actions[0]!] };
  const model: Model = { ...input.model, themes: [{ ...theme, goals: [goal] }] };
  const d = { actions: 1, stages: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, unreported: 0 }, percentages: { 1: 0, 2: 0, 3: 100, 4: 0, 5: 0, unreported: 0 }, meanStage: 3 };
  const stats: Stats = { ...d, themes: [{ id: theme.id, title: theme.title, ...d, goals: [{ id: goal.id, title: goal.title, ...d }] }] };
  return { ...input, model, stats };
}

describe('Finnish grammar for 1 and for many', () => {
  it('says "1 toimenpide, joka kuuluu 1 vuositavoitteeseen" and "5 toimenpidettä, jotka kuuluvat"', async () => {
    const t = await loadTemplate('valtuusto-liite');
    const one = all(buildDocument(single(await handmade()), t, settings()));
    expect(one).toContain('Seurannassa on 1 toimenpide, joka kuuluu 1 vuositavoitteeseen ja 1 valtuustokauden tavoitteeseen.');
    const many = all(buildDocument(await handmade(), t, settings()));
    expect(many).toContain('Seurannassa on 5 toimenpidettä, jotka kuuluvat 3 vuositavoitteeseen ja 2 valtuustokauden tavoitteeseen.');
  });
});

describe('the comparison in words', () => {
  async function compared(previousDate?: string): Promise<DocumentTree> {
    const input = await handmade();
    // Before: 01.01.01 was not reported, 01.01.02 was at 3 (now 2); nothing added or removed.
    const previous: Model = structuredClone(input.model);
    previous.themes[0]!.goals[0]!.actions[0]!.stage = null;
    previous.themes[0]!.goals[0]!.actions[1]!.stage = { value: 3, label: '' };
    const result = compareModels(previous, input.model);
    return buildDocument({ ...input, comparison: { result, previousName: 'edellinen.csv', ...(previousDate ? { previousDate } : {}) } }, await loadTemplate('valtuusto-liite'), settings());
  }

  it('leaves out the kinds of change that did not happen, names the previous period by its date, and writes "ei raportoitu" in lower case', async () => {
    const text = all(await compared('2023-06-30'));
    expect(text).toContain('Edelliseen raporttiin (tilanne 30.6.2023) verrattuna 1 toimenpide on taantunut ja 1 toimenpiteelle on nyt ilmoitettu etenemisaste, joka aiemmin puuttui. 3 toimenpidettä on ennallaan.');
    expect(text).not.toMatch(/\b0 (toimenpi|taantun|poistun|uusi)/);
    expect(text).not.toContain('on 0');
    expect(text).toContain('► Nyt raportoitu edelliseen raporttiin verrattuna (ei raportoitu → 3)');
    expect(text).not.toContain('(Ei raportoitu');
  });

  it('names the previous table by its file when its date is not known', async () => {
    expect(all(await compared())).toContain('Edelliseen raporttiin (edellinen.csv) verrattuna');
  });

  it('reads the same in the PDF', async () => {
    const pdf = tempPdf(await renderPdf(await compared('2023-06-30'), { fonts: await loadFonts() }), 'prose');
    const text = pdftotext(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('(tilanne 30.6.2023) verrattuna 1 toimenpide on taantunut ja 1 toimenpiteelle on nyt ilmoitettu etenemisaste');
    expect(text).toContain('(ei raportoitu → 3)');
  });
});

describe('an annual goal without a name in the table', () => {
  it('gets a visible title in the heading and the bookmark, in every language', async () => {
    const t = await loadTemplate('valtuusto-liite');
    const expected = { fi: '(vuositavoitteen nimi puuttuu taulukosta)', sv: '(årsmålet saknar namn i tabellen)', en: '(the annual goal has no name in the table)' };
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const tree = buildDocument(await handmade(), t, settings({ lang }));
      const heading = tree.children.find((b) => b.type === 'heading' && b.code === '01.02');
      expect(heading).toMatchObject({ type: 'heading', text: expected[lang], bookmark: true });
    }
    // The PDF's bookmark carries it too.
    const pdf = tempPdf(await renderPdf(buildDocument(await handmade(), t, settings()), { fonts: await loadFonts() }), 'goal');
    const { execFileSync } = await import('node:child_process');
    const outline = execFileSync('qpdf', ['--json', '--json-key=outlines', pdf], { encoding: 'utf8' });
    expect(outline).toContain('01.02 (vuositavoitteen nimi puuttuu taulukosta)');
  });
});
