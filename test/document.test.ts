import { compareModels } from '../src/compare/index.js';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildDocument, type BuildInput } from '../src/document/build.js';
import { parseSettings, resolveSettings, type ReportSettings, type ResolvedSettings } from '../src/document/settings.js';
import type { TemplateBundle } from '../src/document/template.js';
import type { Block, DocumentTree } from '../src/document/types.js';
import type { Model } from '../src/model/types.js';
import type { Stats } from '../src/stats/types.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { loadTemplate } from '../src/node/templates.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'document');

interface HandmadeInput {
  settings: ReportSettings;
  source: { name: string; sha256: string; rows: number; text: string };
  diagnostics: Diagnostic[];
  model: Model;
  stats: Stats;
}

/** The hand-made input; `embedSource` adds the source bytes, as the CLI does for PDF/A-3b. */
async function handmade(embedSource = false): Promise<{ input: BuildInput; settings: ReportSettings }> {
  const raw = JSON.parse(await readFile(join(FIXTURES, 'handmade.input.json'), 'utf8')) as HandmadeInput;
  const { text, ...source } = raw.source;
  return {
    input: { model: raw.model, stats: raw.stats, diagnostics: raw.diagnostics, source: embedSource ? { ...source, data: new TextEncoder().encode(text) } : source },
    settings: raw.settings,
  };
}

function settingsOf(json: unknown): ResolvedSettings {
  const r = parseSettings(json);
  if ('errors' in r) throw new Error(r.errors.join('\n'));
  return r.settings;
}

/** Bytes are shown as text in the fixture so a reviewer can read them. */
function serialise(tree: DocumentTree): string {
  return `${JSON.stringify(tree, (_k, v: unknown) => (v instanceof Uint8Array ? { bytes: v.length, utf8: new TextDecoder().decode(v) } : v), 2)}\n`;
}

async function golden(file: string, tree: DocumentTree): Promise<void> {
  const path = join(FIXTURES, file);
  const actual = serialise(tree);
  if (process.env.UPDATE === '1') await writeFile(path, actual);
  expect(actual).toBe(await readFile(path, 'utf8'));
}

/** Every string anywhere in the tree, for "does it appear" checks. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) for (const v of Object.values(value)) strings(v, out);
  return out;
}

const templates = new Map<string, Promise<TemplateBundle>>();
const template = (name: string): Promise<TemplateBundle> => {
  if (!templates.has(name)) templates.set(name, loadTemplate(name));
  return templates.get(name)!;
};

describe('buildDocument golden trees (hand-made model)', () => {
  it('council attachment, Finnish', async () => {
    const { input, settings } = await handmade();
    await golden('handmade-valtuusto-liite.json', buildDocument(input, await template('valtuusto-liite'), settingsOf(settings)));
  });
  it('interim report, English', async () => {
    const { input, settings } = await handmade();
    await golden('handmade-osavuosikatsaus.en.json', buildDocument(input, await template('osavuosikatsaus'), settingsOf({ ...settings, lang: 'en', meeting: undefined })));
  });
  it('archive copy, Swedish, with the source attached', async () => {
    const { input, settings } = await handmade(true);
    await golden('handmade-arkisto.sv.json', buildDocument(input, await template('arkisto'), settingsOf({ ...settings, lang: 'sv' })));
  });
});

describe('buildDocument', () => {
  it('puts the title and meeting reference in the body of page 1 and in the header', async () => {
    const { input, settings } = await handmade();
    const tree = buildDocument(input, await template('valtuusto-liite'), settingsOf(settings));
    expect(tree.children.slice(0, 3)).toEqual([
      { type: 'title', text: 'Valtuustokauden strategian toteutumisen seuranta' },
      { type: 'paragraph', style: 'meta', children: [{ type: 'text', value: 'Kunnanvaltuusto 23.10.2023 § 87' }] },
      { type: 'paragraph', style: 'meta', children: [{ type: 'text', value: 'Tilanne 30.9.2023' }] },
    ]);
    expect(tree.header).toEqual({
      organisation: 'Esimerkkilän kunta',
      unit: 'Konsernipalvelut',
      docType: 'LIITE 3',
      date: '30.9.2023',
      reference: 'Kunnanvaltuusto 23.10.2023 § 87',
    });
    expect(tree.meta).toMatchObject({ title: 'Valtuustokauden strategian toteutumisen seuranta', author: 'Esimerkkilän kunta', lang: 'fi-FI', date: '2023-09-30' });
    expect(tree.pageNumber).toBe('{page} ({pages})');
    expect(tree.attachments).toBeUndefined();
  });

  it('works without any settings: neutral header, template document type, no date from the clock', async () => {
    const { input } = await handmade();
    const tree = buildDocument(input, await template('valtuusto-liite'), resolveSettings());
    expect(tree.header).toEqual({ organisation: '', unit: '', docType: 'RAPORTTI', date: '', reference: '' });
    expect(tree.meta.date).toBe('');
    expect(tree.children[1]?.type).toBe('paragraph');
    expect(strings(tree.children[1])).not.toContain('Kunnanvaltuusto');
  });

  it('takes an empty configured title as not given', async () => {
    const { input } = await handmade();
    const tree = buildDocument(input, await template('valtuusto-liite'), settingsOf({ title: '  ' }));
    expect(tree.meta.title).toBe('Valtuustokauden strategian toteutumisen seuranta');
  });

  it('uses the neutral organ when a meeting has no organ', async () => {
    const { input } = await handmade();
    const tree = buildDocument(input, await template('valtuusto-liite'), settingsOf({ meeting: { section: 12, attachment: 1 } }));
    expect(tree.header.reference).toBe('Valtuusto § 12');
  });

  it('shows every action, and every status text in order, in the full-detail templates', async () => {
    const { input, settings } = await handmade();
    for (const name of ['valtuusto-liite', 'arkisto']) {
      const tree = buildDocument(input, await template(name), settingsOf(settings));
      const actions = input.model.themes.flatMap((t) => t.goals.flatMap((g) => g.actions));
      const headings = tree.children.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading' && b.level === 3);
      expect(headings.map((h) => h.code)).toEqual(actions.map((a) => a.id));
      const paragraphs = tree.children.flatMap((b) => (b.type === 'paragraph' && b.style === 'body' ? [b.children.map((c) => c.value).join('')] : []));
      const texts = actions.flatMap((a) => a.texts);
      expect(paragraphs.filter((p) => texts.includes(p))).toEqual(texts);
    }
  });

  it('labels stages with the unit’s wording, the configured label when there is none, and unreported apart', async () => {
    const { input, settings } = await handmade();
    const tree = buildDocument(input, await template('valtuusto-liite'), settingsOf({ ...settings, stageLabels: { 2: 'Suunnitteilla' } }));
    const indicators = tree.children.filter((b) => b.type === 'stageIndicator');
    expect(indicators).toEqual([
      { type: 'stageIndicator', stage: '3', label: 'Etenemisaste 3/5: Toteutus on aloitettu, ei vielä valmis' },
      { type: 'stageIndicator', stage: '2', label: 'Etenemisaste 2/5: Suunnitteilla' },
      { type: 'stageIndicator', stage: 'unreported', label: 'Ei raportoitu' },
      { type: 'stageIndicator', stage: '3', label: 'Etenemisaste 3/5: Toteutus on aloitettu, ei vielä valmis' },
      { type: 'stageIndicator', stage: '5', label: 'Etenemisaste 5/5: Valmis' },
    ]);
  });

  it('gives the chart an alternative text with every figure in words', async () => {
    const { input, settings } = await handmade();
    const tree = buildDocument(input, await template('valtuusto-liite'), settingsOf(settings));
    const chart = tree.children.find((b) => b.type === 'chart');
    expect(chart?.type === 'chart' && chart.alt).toBe(
      'Pinottu palkkikaavio toimenpiteiden etenemisasteiden osuuksista. ' +
        '01. Tarjoamme laadukkaita palveluita, 4 toimenpidettä: 2 Suunnitteluvaiheessa 1 (25\u00a0%), 3 Toteutus on aloitettu 2 (50\u00a0%) ja Ei raportoitu 1 (25\u00a0%). ' +
        '06. Kestävä kasvu, 1 toimenpide: 5 Valmis 1 (100\u00a0%). ' +
        'Yhteensä, 5 toimenpidettä: 2 Suunnitteluvaiheessa 1 (20\u00a0%), 3 Toteutus on aloitettu 2 (40\u00a0%), 5 Valmis 1 (20\u00a0%) ja Ei raportoitu 1 (20\u00a0%).',
    );
  });

  it('places a comparison only when one is given, with a marker on each changed action', async () => {
    const { input, settings } = await handmade();
    const bundle = await template('valtuusto-liite');
    const without = buildDocument(input, bundle, settingsOf(settings));
    expect(strings(without)).not.toContain('Muutokset edelliseen raporttiin');
    // The previous period: the first action one stage lower, so it has advanced since.
    const previous = structuredClone(input.model);
    const first = previous.themes[0]!.goals[0]!.actions[0]!;
    first.stage = { value: 1, label: 'Ei aloitettu' };
    const result = compareModels(previous, input.model);
    const withIt = buildDocument({ ...input, comparison: { result, previousName: 'edellinen.csv' } }, bundle, settingsOf(settings));
    const at = withIt.children.findIndex((b) => b.type === 'heading' && b.text === 'Muutokset edelliseen raporttiin');
    expect(at).toBeGreaterThan(0);
    // Before the themes, after the chart, as report.json orders it.
    expect(withIt.children[at - 1]?.type).toBe('chart');
    const all = strings(withIt);
    expect(all).toContain('▲ Edennyt');
    expect(all).toContain(`▲ Edennyt edelliseen raporttiin verrattuna (1 → ${input.model.themes[0]!.goals[0]!.actions[0]!.stage?.value ?? 'Ei raportoitu'})`);
  });

  it('refuses a language the template does not have, naming the template', async () => {
    const { input } = await handmade();
    const bundle = await template('valtuusto-liite');
    const fiOnly: TemplateBundle = { ...bundle, langs: ['fi'], texts: { fi: bundle.texts.fi } };
    expect(() => buildDocument(input, fiOnly, settingsOf({ lang: 'sv' }))).toThrow(/templates\/valtuusto-liite.*"sv".*kielet: fi/);
  });

  it('is deterministic', async () => {
    const { input, settings } = await handmade();
    const bundle = await template('arkisto');
    expect(serialise(buildDocument(input, bundle, settingsOf(settings)))).toBe(serialise(buildDocument(input, bundle, settingsOf(settings))));
  });
});

describe('table values are never template syntax', () => {
  const NASTY = ['{{title}}', '{{#each this}}x{{/each}}', '{{constructor.constructor}}', '<b>lihava</b>', '# Otsikko', '*tähti*', '1. Kohta', '{{> partial}}', '\\{{escaped}}', '{{{triple}}}'];

  function modelWith(value: string): BuildInput {
    const action = { id: '01.01.01', title: value, stage: { value: 3 as const, label: value }, risks: [value], overallStatus: [value], texts: [value, `${value} ${value}`], sources: [{ file: 'a.tsv', line: 2 }] };
    const model: Model = { file: 'a.tsv', themes: [{ id: '01', title: value, source: { file: 'a.tsv', line: 2 }, goals: [{ id: '01.01', title: value, source: { file: 'a.tsv', line: 2 }, actions: [action] }] }] };
    const d = { actions: 1, stages: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, unreported: 0 }, percentages: { 1: 0, 2: 0, 3: 100, 4: 0, 5: 0, unreported: 0 }, meanStage: 3 };
    const stats: Stats = { ...d, themes: [{ id: '01', title: value, ...d, goals: [{ id: '01.01', title: value, ...d }] }] };
    return { model, stats, diagnostics: [{ severity: 'warning', code: 'TITLE_MISSING', message: value, file: value, line: 2, column: 1 }], source: { name: value, sha256: 'abc', rows: 1, data: new Uint8Array([1]) } };
  }

  it.each(NASTY)('%s appears literally everywhere it is used', async (value) => {
    const settings = settingsOf({ title: value, organisation: { name: value, unit: value }, meeting: { organ: value, date: '2023-10-23', section: 1, attachment: 1 }, stageLabels: { 4: value }, reports: { osavuosikatsaus: { meeting: { attachment: 1 } }, arkisto: { meeting: { attachment: 1 } } } });
    for (const name of ['valtuusto-liite', 'osavuosikatsaus', 'arkisto']) {
      const tree = buildDocument(modelWith(value), await template(name), settings);
      const all = strings(tree);
      expect(tree.children[0]).toEqual({ type: 'title', text: value });
      expect(tree.meta.title).toBe(value);
      expect(tree.meta.author).toBe(value);
      expect(tree.header.organisation).toBe(value);
      expect(tree.header.reference).toBe(`${value} 23.10.2023 § 1`);
      expect(all).toContain(`01. ${value}`);
      if (name !== 'osavuosikatsaus') {
        expect(all).toContain(value); // status text, risk, overall status, theme heading
        expect(all).toContain(`${value} ${value}`); // the second text, whole
        expect(all).toContain(`Etenemisaste 3/5: ${value}`);
      } else {
        expect(all).toContain(value); // the action's title in the compact table
      }
      // The configured label ends up in the stage legend and the chart series.
      expect(all).toContain(`4 ${value}`);
      expect(all.some((s) => s.includes(`4 = ${value}`))).toBe(true);
    }
  });

  it('holds for any text (property)', async () => {
    const bundle = await template('valtuusto-liite');
    const settings = resolveSettings();
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '#', '/', '>', '&', '<', ' ', 'a', '.', '\\', '"', '\n', '=', '@', '!') , maxLength: 40 }), (value) => {
        const tree = buildDocument(modelWith(value), bundle, settings);
        const texts = tree.children.flatMap((b) => (b.type === 'paragraph' && b.style === 'body' ? [b.children.map((c) => c.value).join('')] : []));
        expect(texts).toContain(value);
        expect(texts).toContain(`${value} ${value}`);
        expect(tree.children).toContainEqual({ type: 'heading', level: 3, code: '01.01.01', text: value, bookmark: false });
      }),
      { numRuns: 200 },
    );
  });
});
