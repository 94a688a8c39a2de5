// createReport, the one call that makes a report: its rules (date, source embedding, names,
// errors) and that the command is I/O around it (same bytes).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/pipeline.js';
import { parseSettings, type ResolvedSettings } from '../src/document/settings.js';
import { createReport, formatReportError, ReportError, type Renderer } from '../src/report/index.js';
import { loadFonts } from '../src/node/fonts.js';
import { loadTemplate } from '../src/node/templates.js';
import { rasterizeSvg } from '../src/node/rasterize.js';
import { CLI_JS, ROOT, SAMPLE, cli, tempDir } from './helpers/e2e.js';

const SETTINGS = join(ROOT, 'samples/tuusula-strategia-seuranta-2023.kuntaraportti.json');
const bytes = new Uint8Array(readFileSync(SAMPLE));

function settingsOf(json: unknown): ResolvedSettings {
  const parsed = parseSettings(json);
  if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
  return parsed.settings;
}
const sampleSettings = () => settingsOf(JSON.parse(readFileSync(SETTINGS, 'utf8')));
const source = { name: 'tuusula-strategia-seuranta-2023.tsv', bytes };

describe('createReport', () => {
  it('refuses a report without a date with a coded error, worded in each language', async () => {
    const analysis = await analyse(bytes, { file: SAMPLE });
    const template = await loadTemplate('valtuusto-liite');
    const error = await createReport({ analysis, source }, { template, settings: settingsOf({}), outputs: [{ format: 'docx' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportError);
    expect((error as ReportError).code).toBe('REPORT_DATE_MISSING');
    expect(formatReportError(error as ReportError, 'sv')).toMatch(/^rapportens datum saknas/);
    expect(formatReportError(error as ReportError, 'fi')).toMatch(/^raportin päivä puuttuu/);
  });

  it('refuses a table with errors and hands back every diagnostic, with its parameters', async () => {
    const bad = new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/bad-stage.csv')));
    const analysis = await analyse(bad, { file: 'bad-stage.csv' });
    const template = await loadTemplate('valtuusto-liite');
    const error = (await createReport({ analysis, source: { name: 'bad-stage.csv', bytes: bad } }, { template, settings: sampleSettings(), outputs: [{ format: 'docx' }] }).catch((e: unknown) => e)) as ReportError;
    expect(error.code).toBe('TABLE_HAS_ERRORS');
    const stage = error.diagnostics.find((d) => d.code === 'INVALID_STAGE');
    expect(stage?.params).toMatchObject({ value: '7 Valmis' });
    expect(stage?.line).toBe(3);
  });

  it('renders each format once, in the order asked, named after the table and the template', async () => {
    const analysis = await analyse(bytes, { file: SAMPLE });
    const template = await loadTemplate('osavuosikatsaus');
    const seen: string[] = [];
    const fake = (ext: string): (() => Promise<Renderer>) => async () => ({
      extension: ext,
      mediaType: 'x/y',
      render: async (tree) => {
        seen.push(ext);
        return new TextEncoder().encode(`${ext}:${tree.meta.title}`);
      },
    });
    const result = await createReport(
      { analysis, source },
      { template, settings: sampleSettings(), outputs: [{ format: 'docx' }, { format: 'pdf' }], renderers: { pdf: fake('pdf'), docx: fake('docx') } },
    );
    expect(result.files.map((f) => f.fileName)).toEqual(['tuusula-strategia-seuranta-2023-osavuosikatsaus.docx', 'tuusula-strategia-seuranta-2023-osavuosikatsaus.pdf']);
    expect(seen.sort()).toEqual(['docx', 'pdf']);
    expect(result.diagnostics.some((d) => d.code === 'UNREPORTED')).toBe(true);
    await expect(createReport({ analysis, source }, { template, settings: sampleSettings(), outputs: [{ format: 'pdf' }, { format: 'pdf' }] })).rejects.toMatchObject({ code: 'FORMAT_REPEATED' });
  });

  it('decides once which file carries the source: the archive PDF/A-3a (its default) does, its DOCX and a 2b PDF do not', async () => {
    const analysis = await analyse(bytes, { file: SAMPLE });
    const template = await loadTemplate('arkisto');
    const trees: Record<string, unknown[]> = {};
    const capture = (key: string): (() => Promise<Renderer>) => async () => ({
      extension: key,
      mediaType: 'x/y',
      render: async (tree, output) => {
        (trees[`${key}:${'pdfa' in output ? String(output.pdfa) : ''}`] ??= []).push(tree.attachments ?? []);
        return new Uint8Array();
      },
    });
    await createReport({ analysis, source }, { template, settings: sampleSettings(), outputs: [{ format: 'pdf' }, { format: 'docx' }], renderers: { pdf: capture('pdf'), docx: capture('docx') } });
    await createReport({ analysis, source }, { template, settings: sampleSettings(), outputs: [{ format: 'pdf', pdfa: '2b' }], renderers: { pdf: capture('pdf') } });
    const pdf3 = trees['pdf:3a']![0] as { name: string; data: Uint8Array }[];
    expect(pdf3.map((a) => a.name)).toEqual(['tuusula-strategia-seuranta-2023.tsv']);
    expect(Buffer.from(pdf3[0]!.data).equals(Buffer.from(bytes))).toBe(true);
    expect(trees['docx:']).toEqual([[]]);
    expect(trees['pdf:2b']).toEqual([[]]);
  });

  it('gives the bytes the command writes, for PDF and DOCX of every template', async () => {
    const analysis = await analyse(bytes, { file: SAMPLE });
    const fonts = await loadFonts();
    for (const name of ['valtuusto-liite', 'osavuosikatsaus', 'arkisto']) {
      const dir = tempDir('report-api');
      const run = await cli('report', SAMPLE, '--format', 'pdf,docx', '--template', name, '--out', dir);
      expect(run.code, run.stderr.join('\n')).toBe(0);
      const template = await loadTemplate(name);
      const { files } = await createReport({ analysis, source }, { template, settings: sampleSettings(), outputs: [{ format: 'pdf' }, { format: 'docx' }], fonts, rasterize: rasterizeSvg });
      for (const f of files) expect(Buffer.from(f.bytes).equals(readFileSync(join(dir, f.fileName))), `${name} ${f.format}`).toBe(true);
    }
  }, 60_000);

  it('examples/report.mjs, using only the package entry points, writes what the built command writes', () => {
    const viaCli = tempDir('report-cli');
    const viaApi = tempDir('report-example');
    const a = spawnSync(process.execPath, [CLI_JS, 'report', SAMPLE, '--format', 'pdf,docx', '--out', viaCli], { encoding: 'utf8' });
    expect(a.status, a.stderr).toBe(0);
    const b = spawnSync(process.execPath, [join(ROOT, 'examples/report.mjs'), SAMPLE, SETTINGS, viaApi], { encoding: 'utf8', cwd: ROOT });
    expect(b.status, b.stderr).toBe(0);
    for (const ext of ['pdf', 'docx']) {
      const name = `tuusula-strategia-seuranta-2023-valtuusto-liite.${ext}`;
      expect(readFileSync(join(viaApi, name)).equals(readFileSync(join(viaCli, name))), ext).toBe(true);
    }
  }, 60_000);
});
