/**
 * End-to-end helpers: run the CLI in-process into a temporary directory, and read what it wrote
 * with programs we did not write (poppler's pdftotext/pdfinfo/pdfimages, qpdf, mammoth).
 * A missing tool makes the calling test fail, never skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mammoth from 'mammoth';
import { main } from '../../src/cli.js';
import type { Action, Model } from '../../src/model/types.js';
import { analyse, type Analysis } from '../../src/pipeline.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE = join(ROOT, 'samples/tuusula-strategia-seuranta-2023.tsv');
export const PREVIOUS = join(ROOT, 'test/fixtures/compare/edellinen-2023-06.csv');
export const LETTERHEAD = join(ROOT, 'samples/kirjepohja.docx');
export const CLI_JS = join(ROOT, 'dist/cli.js');

/** The header block the sample's sidecar settings give (SFS 2487). */
export const SAMPLE_HEADER = {
  organisation: 'Tuusulan kunta',
  unit: 'Konsernipalvelut',
  docType: 'LIITE 3',
  date: '30.9.2023',
  reference: 'Kunnanvaltuusto 23.10.2023 § 87',
  title: 'Valtuustokauden strategian toteutumisen seuranta',
};

export interface CliRun {
  code: number;
  stdout: string[];
  stderr: string[];
}

/** `main(argv)` in this process, lines collected. */
export async function cli(...argv: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout, stderr };
}

export function tempDir(name = 'e2e'): string {
  return mkdtempSync(join(tmpdir(), `kr-${name}-`));
}

/**
 * Runs `report` into a fresh directory and returns the paths it printed, by extension. Fails
 * with the CLI's own stderr when it did not exit 0.
 */
export async function report(argv: string[], dir = tempDir('report')): Promise<{ dir: string; pdf?: string; docx?: string; run: CliRun }> {
  const run = await cli('report', ...argv, '--out', dir);
  if (run.code !== 0) throw new Error(`report ${argv.join(' ')} → ${run.code}\n${run.stderr.join('\n')}`);
  const files = readdirSync(dir).map((f) => join(dir, f));
  const pdf = files.find((f) => f.endsWith('.pdf'));
  const docx = files.find((f) => f.endsWith('.docx'));
  // stdout names exactly the files written.
  if ([...run.stdout].sort().join('\n') !== files.filter((f) => !f.split('/').pop()!.startsWith('.')).sort().join('\n')) {
    throw new Error(`stdout ${run.stdout.join(', ')} ≠ files ${files.join(', ')}`);
  }
  return { dir, run, ...(pdf ? { pdf } : {}), ...(docx ? { docx } : {}) };
}

export async function analyseFile(path: string): Promise<Analysis> {
  return analyse(new Uint8Array(readFileSync(path)), { file: path, lang: 'fi' });
}

export function actionsOf(model: Model): Action[] {
  return model.themes.flatMap((t) => t.goals.flatMap((g) => g.actions));
}

/** What the report must say for an action's stage (fi): the unit's own wording after the number. */
export function stageIndicatorFi(a: Action): string {
  return a.stage ? `Etenemisaste ${a.stage.value}/5: ${a.stage.label.trim()}` : 'Ei raportoitu';
}

/** Whitespace (any kind, no-break spaces too) removed: line breaks of a reader do not matter. */
export function squash(s: string): string {
  return s.replace(/[\s\u00a0\u202f\u00ad]+/g, '');
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} ei käynnisty (${r.error.message}); asenna se (.ci/run asentaa)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** pdftotext -layout, one string per page (split at form feeds). */
export function layoutPages(pdf: string): string[] {
  const pages = run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-']).split('\f');
  if (pages.at(-1)!.trim() === '') pages.pop();
  return pages;
}

export interface HeaderCheck {
  organisation: string;
  unit: string;
  docType: string;
  date: string;
  reference: string;
}

/**
 * Splits a page into its header block (the first three non-empty lines) and its body, and says
 * what is wrong with the header, if anything: every part of the SFS 2487 block, and the page
 * label `page (pages)` at the right of the first line.
 */
export function splitHeader(page: string, h: HeaderCheck, pageNo: number, pages: number): { body: string; problems: string[] } {
  const lines = page.split('\n');
  const firstNonEmpty = lines.findIndex((l) => l.trim() !== '');
  const head: string[] = [];
  let at = firstNonEmpty;
  // A report that is no attachment has no meeting reference: its block is two lines.
  const wanted = h.reference === '' ? 2 : 3;
  while (head.length < wanted && at < lines.length) {
    if (lines[at]!.trim() !== '') head.push(lines[at]!);
    at++;
  }
  const problems: string[] = [];
  const expect = (cond: boolean, what: string) => {
    if (!cond) problems.push(`sivu ${pageNo}: ${what}: ${JSON.stringify(head)}`);
  };
  expect(head[0] !== undefined && head[0].trimStart().startsWith(h.organisation), 'organisaatio ei ole ylhäällä vasemmalla');
  expect(head[0] !== undefined && head[0].includes(h.docType), 'asiakirjan laji puuttuu');
  expect(head[0] !== undefined && head[0].trimEnd().endsWith(`${pageNo} (${pages})`), `sivunumero ${pageNo} (${pages}) puuttuu oikealta`);
  expect(head[1] !== undefined && head[1].trimStart().startsWith(h.unit) && head[1].trimEnd().endsWith(h.date), 'yksikkö tai päivämäärä puuttuu');
  if (wanted === 3) expect(head[2] !== undefined && head[2].trim() === h.reference, 'kokousviite puuttuu');
  // The date and the reference stand under the document type (SFS 2487: one column from 9.2 cm).
  if (head.length === wanted) {
    const col = head[0]!.indexOf(h.docType);
    expect(Math.abs(head[1]!.indexOf(h.date) - col) <= 2 && (wanted === 2 || Math.abs(head[2]!.indexOf(h.reference) - col) <= 2), 'päivämäärä ja viite eivät ole lajin alla');
  }
  return { body: lines.slice(at).join('\n'), problems };
}

/** Every `n (N)` page label in a text. */
export function pageLabels(text: string): string[] {
  return [...text.matchAll(/(?<![\d(])(\d+) \((\d+)\)/g)].map((m) => m[0]);
}

export function pdfinfo(pdf: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', ['-enc', 'UTF-8', pdf]).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!;
  }
  return out;
}

/** The document catalogue's /Lang, read with qpdf. */
export function catalogLang(pdf: string): string | undefined {
  const json = JSON.parse(run('qpdf', ['--json=2', '--json-key=qpdf', pdf])) as { qpdf: [unknown, Record<string, { value: Record<string, unknown> }>] };
  const objects = json.qpdf[1];
  const root = objects.trailer!.value['/Root'] as string;
  const lang = objects[`obj:${root}`]!.value['/Lang'] as string | undefined;
  return lang?.replace(/^u:/, '');
}

/** pdfimages -list: page numbers of the images (not their soft masks). */
export function imagePages(pdf: string): number[] {
  return run('pdfimages', ['-list', pdf])
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols[2] === 'image')
    .map((cols) => Number(cols[0]));
}

export async function mammothText(docx: string | Uint8Array): Promise<string> {
  const buffer = typeof docx === 'string' ? readFileSync(docx) : Buffer.from(docx);
  return (await mammoth.extractRawText({ buffer })).value;
}

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

/** The tables of a DOCX as mammoth reads them: tables → rows → cell texts (whitespace normalised). */
export async function docxTables(docx: string | Uint8Array): Promise<string[][][]> {
  const buffer = typeof docx === 'string' ? readFileSync(docx) : Buffer.from(docx);
  const html = (await mammoth.convertToHtml({ buffer })).value;
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) =>
    [...t[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => decode(c[1]!))),
  );
}

/** The HTML mammoth makes of a DOCX (headings as <h1>…, paragraphs, tables). */
export async function docxHtml(docx: string | Uint8Array): Promise<string> {
  const buffer = typeof docx === 'string' ? readFileSync(docx) : Buffer.from(docx);
  return (await mammoth.convertToHtml({ buffer })).value;
}

/**
 * Checks, in order, that each action's code, title, stage indicator and status texts stand
 * between its own code and the next action's code (whitespace ignored). Returns the problems.
 */
export function actionsInOrder(text: string, actions: Action[], from = 0): string[] {
  const flat = squash(text);
  const problems: string[] = [];
  let at = from;
  const positions: number[] = [];
  for (const a of actions) {
    const heading = squash(`${a.id}${a.title}`);
    const p = flat.indexOf(heading, at);
    if (p < 0) {
      problems.push(`${a.id}: otsikkoa "${a.id} ${a.title}" ei löydy järjestyksessä`);
      continue;
    }
    positions.push(p);
    at = p + heading.length;
  }
  if (problems.length) return problems;
  actions.forEach((a, i) => {
    const segment = flat.slice(positions[i]!, positions[i + 1] ?? flat.length);
    for (const want of [stageIndicatorFi(a), ...a.texts, ...a.risks]) {
      if (!segment.includes(squash(want))) problems.push(`${a.id}: puuttuu omalta kohdaltaan: ${want.slice(0, 80)}`);
    }
  });
  return problems;
}
