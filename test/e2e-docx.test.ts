// The same reports as DOCX through the CLI, read back with mammoth and LibreOffice, and compared
// with what pdftotext reads from the PDF of the same table.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../src/pipeline.js';
import { libreOfficePages, part } from './helpers/docx-tools.js';
import {
  actionsInOrder,
  actionsOf,
  analyseFile,
  cli,
  CLI_JS,
  docxHtml,
  imagePages,
  layoutPages,
  LETTERHEAD,
  mammothText,
  report,
  SAMPLE,
  SAMPLE_HEADER,
  splitHeader,
  squash,
  tempDir,
} from './helpers/e2e.js';

const CODES = /\b\d\d\.\d\d\.\d\d\b/g;
/** Action codes in reading order, from the first action heading on (the detail part). */
function codesFrom(text: string, first: string): string[] {
  return [...text.slice(text.indexOf(first)).matchAll(CODES)].map((m) => m[0]);
}
const uniqueInOrder = (codes: string[]) => codes.filter((c, i) => codes.indexOf(c) === i);

let sample: Analysis;
let samplePdf: string;
let sampleDocx: string;
let sampleDocxBytes: Buffer;
let docxText: string;
let pdfText: string;

beforeAll(async () => {
  sample = await analyseFile(SAMPLE);
  const out = await report([SAMPLE, '--format', 'pdf,docx']);
  samplePdf = out.pdf!;
  sampleDocx = out.docx!;
  sampleDocxBytes = readFileSync(sampleDocx);
  docxText = await mammothText(sampleDocx);
  const pages = layoutPages(samplePdf);
  pdfText = pages.map((p, i) => splitHeader(p, SAMPLE_HEADER, i + 1, pages.length).body).join('\n');
});

describe('DOCX of the sample, read with mammoth, says what the PDF says', () => {
  it('every action in order with its code, title, stage label and status texts', () => {
    const actions = actionsOf(sample.model);
    expect(actionsInOrder(docxText, actions)).toEqual([]);
    expect(actionsInOrder(pdfText, actions)).toEqual([]);
  });

  it('the same action codes in the same order as pdftotext reads from the PDF', () => {
    const fromDocx = codesFrom(docxText, '01.01.01');
    const fromPdf = codesFrom(pdfText, '01.01.01');
    expect(fromDocx).toEqual(fromPdf);
    expect(uniqueInOrder(fromDocx)).toEqual(actionsOf(sample.model).map((a) => a.id));
  });

  it('the same stage labels, counted, as the PDF', () => {
    const labels = (text: string) => {
      const flat = squash(text);
      const count = (s: string) => flat.split(squash(s)).length - 1;
      return {
        stage2: count('Etenemisaste 2/5: Suunnitteluvaiheessa, on edetty hieman'),
        stage3: count('Etenemisaste 3/5: Toteutus on aloitettu, ei vielä valmis'),
        stage4: count('Etenemisaste 4/5: Toteutusvaiheessa lähellä valmistumista, ei vielä viimeistelty/käyttöön otettu'),
      };
    };
    expect(labels(docxText)).toEqual({ stage2: 14, stage3: 32, stage4: 3 });
    expect(labels(pdfText)).toEqual(labels(docxText));
  });

  it('theme and goal titles as headings, the document title and the meeting reference', async () => {
    const html = await docxHtml(sampleDocx);
    expect(html).toMatch(new RegExp(`^<p>${SAMPLE_HEADER.title}</p><p>${SAMPLE_HEADER.reference}</p><p>Tilanne 30.9.2023</p>`));
    const headings = [...html.matchAll(/<h(\d)>(.*?)<\/h\1>/g)].map((m) => `${m[1]} ${m[2]!.replace(/<[^>]+>/g, '').replace(/\t/g, ' ').trim()}`);
    for (const theme of sample.model.themes) {
      expect(headings).toContain(`1 ${theme.id}. ${theme.title}`);
      // A goal the table gave no name is titled so, never an empty heading.
      for (const goal of theme.goals) expect(headings).toContain(`2 ${goal.id} ${goal.title || '(vuositavoitteen nimi puuttuu taulukosta)'}`);
    }
    for (const a of actionsOf(sample.model)) expect(headings).toContain(`3 ${a.id} ${a.title}`);
  });

  it('carries the chart with the alternative text that says its figures', () => {
    const xml = part(sampleDocxBytes, 'word/document.xml');
    const descr = [...xml.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    expect(descr).toHaveLength(1);
    const alt = descr[0]!;
    expect(alt).toMatch(/^Pinottu palkkikaavio /);
    for (const th of sample.stats.themes) expect(alt).toContain(`${th.id}. ${th.title}, ${th.actions} toimenpide`);
    expect(alt).toContain('Yhteensä, 51 toimenpidettä: 2 Suunnitteluvaiheessa 14 (27\u00a0%), 3 Toteutus on aloitettu 32 (63\u00a0%), 4 Lähellä valmistumista 3 (6\u00a0%) ja Ei raportoitu 2 (4\u00a0%).');
  });
});

describe('a generated table of 300 actions', () => {
  it('PDF and DOCX both carry every action in order with its stage label and texts', async () => {
    const { generateTable } = (await import('../scripts/generate-table.mjs')) as { generateTable: (n: number, seed: number) => string };
    const dir = tempDir('gen');
    const file = join(dir, 'generoitu.tsv');
    writeFileSync(file, generateTable(300, 2023));
    const analysis = await analyseFile(file);
    const actions = actionsOf(analysis.model);
    expect(actions).toHaveLength(300);
    expect(actions.some((a) => a.stage === null)).toBe(true);
    const out = await report([file, '--format', 'pdf,docx', '--report-date', '2023-09-30']);
    const docx = await mammothText(out.docx!);
    expect(actionsInOrder(docx, actions)).toEqual([]);
    const pages = layoutPages(out.pdf!);
    const header = { organisation: '', unit: '', docType: 'RAPORTTI', date: '30.9.2023', reference: '' };
    // Without settings the header is the document type, the date and the page label.
    const bodies = pages.map((p) => p.split('\n'));
    pages.forEach((p, i) => {
      const head = p.split('\n').filter((l) => l.trim() !== '').slice(0, 2);
      expect(head[0], `sivu ${i + 1}`).toMatch(new RegExp(`^\\s*${header.docType}\\s+${i + 1} \\(${pages.length}\\)$`));
      expect(head[1]!.trim(), `sivu ${i + 1}`).toBe(header.date);
    });
    const pdf = bodies.map((lines) => lines.filter((l, i) => !(i < 4 && /RAPORTTI|^\s*30\.9\.2023\s*$/.test(l))).join('\n')).join('\n');
    expect(actionsInOrder(pdf, actions)).toEqual([]);
    expect(codesFrom(pdf, '01.01.01')).toEqual(codesFrom(docx, '01.01.01'));
  });
});

describe('DOCX determinism', () => {
  it('two runs give the same bytes, and so does a run after another document (the 300 actions) in the same process, and the built CLI', async () => {
    const again = (await report([SAMPLE, '--format', 'docx'])).docx!;
    expect(Buffer.compare(readFileSync(again), sampleDocxBytes)).toBe(0);
    const dir = tempDir('spawn');
    const r = spawnSync('node', [CLI_JS, 'report', SAMPLE, '--format', 'docx', '--out', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const path = join(dir, 'tuusula-strategia-seuranta-2023-valtuusto-liite.docx');
    expect(r.stdout.trim().split('\n')).toEqual([path]);
    expect(Buffer.compare(readFileSync(path), sampleDocxBytes)).toBe(0);
  });
});

describe('DOCX through LibreOffice', () => {
  let pages: string[];
  let pdf: string;
  beforeAll(() => {
    pdf = join(tempDir('lo'), 'lo.pdf');
    pages = libreOfficePages(sampleDocxBytes, pdf);
  });

  it('shows the header block and `i (N)` on every page', () => {
    expect(pages.length).toBeGreaterThan(5);
    expect(pages.flatMap((p, i) => splitHeader(p, SAMPLE_HEADER, i + 1, pages.length).problems)).toEqual([]);
  });

  it('draws the chart as an image on the page of its caption, and keeps every action', () => {
    // Pictures: the chart, and the stage swatches (drawn as pictures) on the pages that have them.
    const images = imagePages(pdf);
    const caption = pages.findIndex((p) => squash(p).includes(squash('Toimenpiteiden etenemisasteiden osuudet valtuustokauden tavoitteittain'))) + 1;
    expect(caption).toBeGreaterThan(0);
    expect(images).toContain(caption);
    const text = pages.map((p, i) => splitHeader(p, SAMPLE_HEADER, i + 1, pages.length).body).join('\n');
    expect(actionsInOrder(text, actionsOf(sample.model))).toEqual([]);
  });
});

describe('--docx-template', () => {
  it('keeps the letterhead header and footer and puts the report between its paragraphs', async () => {
    const out = await report([SAMPLE, '--format', 'docx', '--docx-template', LETTERHEAD]);
    const bytes = readFileSync(out.docx!);
    const files = unzipSync(bytes);
    const headerText = Object.keys(files)
      .filter((n) => /^word\/(header|footer)\d*\.xml$/.test(n))
      .map((n) => strFromU8(files[n]!).replace(/<[^>]+>/g, ''))
      .join('\n');
    expect(headerText).toContain('Tuusulan kunta');
    expect(headerText).toContain('Konsernihallinto');
    expect(headerText).toContain('PL 60, 04301 Tuusula');
    const text = await mammothText(out.docx!);
    expect(text).not.toContain('{{');
    const before = text.indexOf('Tämä asiakirja on laadittu Tuusulan kunnan asiakirjapohjaan.');
    const title = text.indexOf(SAMPLE_HEADER.title);
    const last = text.indexOf('14.02.03');
    const after = text.indexOf('Lisätietoja antaa konsernihallinto.');
    expect(before).toBeGreaterThanOrEqual(0);
    expect(before < title && title < last && last < after).toBe(true);
    expect(actionsInOrder(text, actionsOf(sample.model))).toEqual([]);
  });

  it('refuses a template without the placeholder and a file that is not a DOCX: exit 1, one line, nothing written', async () => {
    const dir = tempDir('tpl');
    const files = unzipSync(new Uint8Array(readFileSync(LETTERHEAD)));
    // Word splits the placeholder into runs, as here: `{{rap` + `ortti}}`; remove both.
    files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml']!).replace('{{rap', '').replace('ortti}}', ''));
    const noPlaceholder = join(dir, 'ilman-paikkaa.docx');
    writeFileSync(noPlaceholder, zipSync(files));
    const notDocx = join(dir, 'kirje.docx');
    writeFileSync(notDocx, 'Tämä ei ole Word-tiedosto.\n');
    for (const template of [noPlaceholder, notDocx]) {
      const outDir = join(dir, 'out');
      const r = await cli('report', SAMPLE, '--format', 'docx', '--docx-template', template, '--out', outDir);
      expect(r.code, template).toBe(1);
      const errors = r.stderr.filter((l) => !/^(asetukset: |.*: varoitus: )/.test(l));
      expect(errors, template).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^kuntaraportti: ${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\S`));
      expect(r.stdout).toEqual([]);
      expect(spawnSync('ls', [outDir]).stdout?.toString() ?? '').toBe('');
    }
  });
});
