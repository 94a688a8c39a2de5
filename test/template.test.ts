import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplate, TemplateError } from '../src/document/template.js';
import { DEFAULT_TEMPLATE_DIR, listTemplates, loadTemplate } from '../src/node/templates.js';

/** The files of a real template folder, as `parseTemplate` takes them. */
async function filesOf(name: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const f of await readdir(join(DEFAULT_TEMPLATE_DIR, name))) files[f] = await readFile(join(DEFAULT_TEMPLATE_DIR, name, f), 'utf8');
  for (const f of await readdir(join(DEFAULT_TEMPLATE_DIR, '_shared'))) files[`_shared/${f}`] = await readFile(join(DEFAULT_TEMPLATE_DIR, '_shared', f), 'utf8');
  return files;
}

function errorOf(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

describe('the shipped templates', () => {
  it('are the three report kinds', async () => {
    expect(await listTemplates()).toEqual(['arkisto', 'osavuosikatsaus', 'valtuusto-liite']);
  });

  it.each(['arkisto', 'osavuosikatsaus', 'valtuusto-liite'])('%s loads in fi, sv and en', async (name) => {
    const bundle = await loadTemplate(name);
    expect(bundle.langs).toEqual(['fi', 'sv', 'en']);
    expect(bundle.structure.sections[0]).toEqual({ type: 'title' });
  });

  it('formats with the helpers of the text’s language', async () => {
    const bundle = await loadTemplate('valtuusto-liite');
    const data = { reportDate: '2023-09-30', organisation: '', actions: 1, themes: 2, goals: 3, reported: 1, unreported: 0, meanStage: 2.25, attachment: 3 };
    const [first, second] = bundle.texts.fi?.list('intro', data) ?? [];
    expect(first).toContain('tilanteessa 30.9.2023');
    expect(first).toContain('Seurannassa on 1 toimenpide,');
    expect(second).toContain('keskiarvo on 2,3 asteikolla');
    expect(second).not.toContain('puuttuu');
    expect(bundle.texts.en?.text('reportDateLine', { reportDate: '2023-09-30' })).toBe('Status at 30 September 2023');
    expect(bundle.texts.fi?.text('countPercent', { count: 1234, percent: 45 })).toBe('1\u00a0234 (45\u00a0%)');
  });

  it('rejects names that could leave the templates folder', async () => {
    await expect(loadTemplate('../package')).rejects.toThrow(TemplateError);
    await expect(loadTemplate('ei-ole')).rejects.toThrow(/pohjaa ei löydy.*valtuusto-liite/);
  });
});

describe('template validation', () => {
  it('names the file and field of a bad structure', async () => {
    const files = await filesOf('valtuusto-liite');
    files['report.json'] = JSON.stringify({ sections: [{ type: 'title' }, { type: 'themes', detail: 'everything' }, { type: 'nonsense' }], extra: 1 });
    const e = errorOf(() => parseTemplate(files, 'valtuusto-liite'));
    expect(e.file).toBe('templates/valtuusto-liite/report.json');
    expect(e.message).toContain('templates/valtuusto-liite/report.json: sections[1].detail: pitää olla jokin näistä: "full", "compact" (annettu: "everything")');
    expect(e.message).toMatch(/sections\[2\]\.type: pitää olla jokin näistä: "title", .*\(annettu: "nonsense"\)/);
    expect(e.message).toContain('extra: tuntematon kenttä "extra"');
  });

  it('names the file of invalid JSON', async () => {
    const files = await filesOf('arkisto');
    files['texts.sv.json'] = '{ "title": ';
    expect(() => parseTemplate(files, 'arkisto')).toThrow(/^templates\/arkisto\/texts\.sv\.json: JSON /);
  });

  it('names the file, line and key of broken Handlebars', async () => {
    const files = await filesOf('valtuusto-liite');
    files['texts.fi.json'] = files['texts.fi.json']!.replace('"title": "Valtuustokauden', '"title": "{{#if reportDate}}Valtuustokauden');
    const e = errorOf(() => parseTemplate(files, 'valtuusto-liite'));
    expect(e.message).toMatch(/^templates\/valtuusto-liite\/texts\.fi\.json:3: title: Parse error on line 1/);
  });

  it('rejects unknown variables, unknown helpers and unknown keys when loading, not when rendering', async () => {
    const files = await filesOf('osavuosikatsaus');
    const base = files['texts.en.json']!;
    files['texts.en.json'] = base.replace('"title": "Implementation', '"title": "{{reprotDate}} Implementation');
    expect(() => parseTemplate(files, 'osavuosikatsaus')).toThrow(/texts\.en\.json:3: title: "reprotDate" not defined/);
    files['texts.en.json'] = base.replace('"title": "Implementation', '"title": "{{shout reportDate}} Implementation');
    expect(() => parseTemplate(files, 'osavuosikatsaus')).toThrow(/texts\.en\.json:3: title: .*unknown helper shout/);
    files['texts.en.json'] = base.replace('"title":', '"titel": "x", "title":');
    expect(() => parseTemplate(files, 'osavuosikatsaus')).toThrow(/texts\.en\.json:3: titel: tuntematon teksti/);
  });

  it('checks at load time that a text also renders when an optional value is missing', async () => {
    const files = await filesOf('valtuusto-liite');
    // meanStage is null when no action reports a stage: a bare {{number meanStage}} would fail then.
    files['texts.fi.json'] = files['texts.fi.json']!.replace('{{#if meanStage}} Ilmoitettujen etenemisasteiden keskiarvo on {{number meanStage 1}} asteikolla 1–5.{{/if}}', ' Keskiarvo {{number meanStage 1}}.');
    expect(() => parseTemplate(files, 'valtuusto-liite')).toThrow(/texts\.fi\.json:6: intro\[1\]: helper "number" needs a number, got null/);
  });

  it('gives plain texts back as written and still checks a text that Handlebars cannot read', async () => {
    // Texts without {{ skip Handlebars, which would give them back unchanged; a NUL still goes
    // through it and is a load-time error with file and line, as before.
    const files = await filesOf('valtuusto-liite');
    const texts = JSON.parse(files['texts.fi.json']!) as Record<string, unknown>;
    texts.risks = 'Riskit } {a} \\{ ~ ! \n toinen rivi';
    files['texts.fi.json'] = JSON.stringify(texts, null, 2);
    expect(parseTemplate(files, 'valtuusto-liite', { only: 'fi' }).texts.fi?.text('risks', {})).toBe('Riskit } {a} \\{ ~ ! \n toinen rivi');
    texts.risks = 'Riskit\u0000';
    files['texts.fi.json'] = JSON.stringify(texts, null, 2);
    expect(() => parseTemplate(files, 'valtuusto-liite', { only: 'fi' })).toThrow(/^templates\/valtuusto-liite\/texts\.fi\.json:\d+: risks: Lexical error/);
  });

  it('keeps TypeScript and other code out of the templates folder', async () => {
    const all: string[] = [];
    for (const dir of await readdir(DEFAULT_TEMPLATE_DIR, { withFileTypes: true })) {
      if (dir.isDirectory()) for (const f of await readdir(join(DEFAULT_TEMPLATE_DIR, dir.name))) all.push(`${dir.name}/${f}`);
    }
    expect(all.filter((f) => !/\.(json|md)$/.test(f))).toEqual([]);
  });

  it('names a missing text and the files where it may go', async () => {
    const files = await filesOf('valtuusto-liite');
    const labels = JSON.parse(files['_shared/labels.sv.json']!) as Record<string, string>;
    delete labels.risks;
    files['_shared/labels.sv.json'] = JSON.stringify(labels);
    expect(() => parseTemplate(files, 'valtuusto-liite')).toThrow('templates/valtuusto-liite/texts.sv.json: risks: teksti puuttuu (missing; add it here or to _shared/labels.sv.json)');
  });

  it('checks a list text is a list', async () => {
    const files = await filesOf('valtuusto-liite');
    files['texts.fi.json'] = files['texts.fi.json']!.replace(/"intro": \[[\s\S]*?\]/, '"intro": "yksi kappale"');
    expect(() => parseTemplate(files, 'valtuusto-liite')).toThrow(/texts\.fi\.json:6: intro: pitää olla lista/);
  });

  it('rejects stray files and languages', async () => {
    const files = await filesOf('valtuusto-liite');
    expect(() => parseTemplate({ ...files, 'texts.de.json': '{}' }, 'valtuusto-liite')).toThrow(/tuntematon kieli "de"/);
    expect(() => parseTemplate({ ...files, 'report.ts': '' }, 'valtuusto-liite')).toThrow(/tuntematon tiedosto "report.ts"/);
  });

  it('loads a template folder from another directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kuntaraportti-templates-'));
    await mkdir(join(dir, 'oma'));
    const files = await filesOf('valtuusto-liite');
    for (const [f, text] of Object.entries(files)) {
      if (!f.startsWith('_shared/') && f !== 'texts.fi.json') await writeFile(join(dir, 'oma', f), text);
    }
    // Without _shared and without Finnish, every text must be in the template's own files.
    await expect(loadTemplate('oma', dir)).rejects.toThrow(/oma\/texts\.sv\.json: defaultOrgan: teksti puuttuu/);
    const merged = { ...JSON.parse(files['_shared/labels.sv.json']!), ...JSON.parse(files['texts.sv.json']!) };
    await writeFile(join(dir, 'oma', 'texts.sv.json'), JSON.stringify(merged));
    await writeFile(join(dir, 'oma', 'texts.en.json'), JSON.stringify({ ...JSON.parse(files['_shared/labels.en.json']!), ...JSON.parse(files['texts.en.json']!) }));
    const bundle = await loadTemplate('oma', dir);
    expect(bundle.langs).toEqual(['sv', 'en']);
    expect(await listTemplates(dir)).toEqual(['oma']);
  });
});
