// The council attachment made from the real sample through the CLI, read back as a PDF reader
// sees it: poppler (pdftotext, pdfinfo, pdffonts, pdfdetach), qpdf and PDFBox Preflight.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../src/pipeline.js';
import { pdffonts, preflightA1b, qpdfAttachments, qpdfCheck } from './helpers/pdf-tools.js';
import {
  actionsInOrder,
  actionsOf,
  analyseFile,
  catalogLang,
  layoutPages,
  pageLabels,
  pdfinfo,
  report,
  SAMPLE,
  SAMPLE_HEADER,
  splitHeader,
  squash,
} from './helpers/e2e.js';

let analysis: Analysis;
let pdf: string;
let pages: string[];
let bodies: string[];

beforeAll(async () => {
  analysis = await analyseFile(SAMPLE);
  pdf = (await report([SAMPLE])).pdf!;
  pages = layoutPages(pdf);
  bodies = pages.map((p, i) => splitHeader(p, SAMPLE_HEADER, i + 1, pages.length).body);
});

describe('council attachment PDF from the sample: text', () => {
  it('has every theme and goal title, every action code, title, stage and status text, each in its own place', () => {
    const all = bodies.join('\n');
    const flat = squash(all);
    for (const theme of analysis.model.themes) {
      expect(flat, theme.id).toContain(squash(`${theme.id}. ${theme.title}`));
      for (const goal of theme.goals) expect(flat, goal.id).toContain(squash(`${goal.id} ${goal.title}`));
    }
    const actions = actionsOf(analysis.model);
    expect(actions).toHaveLength(51);
    expect(actionsInOrder(all, actions)).toEqual([]);
    // The one text that ends mid-sentence is shown as it is, not trimmed or "fixed".
    const cut = actions.find((a) => a.id === '01.06.02')!.texts[0]!;
    expect(flat).toContain(squash(cut));
  });

  it('shows "Ei raportoitu" for the two actions without a stage, never stage 1', () => {
    const flat = squash(bodies.join('\n'));
    for (const id of ['06.08.01', '10.05.04']) {
      const at = flat.indexOf(id, flat.indexOf('01.01.01'));
      expect(flat.slice(at, at + 200), id).toMatch(/Eiraportoitu/);
      expect(flat.slice(at, at + 200), id).not.toMatch(/Etenemisaste1\/5/);
    }
  });

  it('puts the SFS 2487 header block and one page label `n (N)` on every page, and nothing else looks like one', () => {
    expect(pages.length).toBe(Number(pdfinfo(pdf).Pages));
    expect(pages.length).toBeGreaterThan(5);
    const problems = pages.flatMap((p, i) => splitHeader(p, SAMPLE_HEADER, i + 1, pages.length).problems);
    expect(problems).toEqual([]);
    pages.forEach((p, i) => expect(pageLabels(p), `sivu ${i + 1}`).toEqual([`${i + 1} (${pages.length})`]));
  });

  it('has the title and the meeting reference in the body of page 1, not only in the header', () => {
    const lines = bodies[0]!.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines[0]).toBe(SAMPLE_HEADER.title);
    expect(lines[1]).toBe(SAMPLE_HEADER.reference);
    expect(lines[2]).toBe('Tilanne 30.9.2023');
  });

  it('writes numbers and percentages the Finnish way (no-break space before %, decimal comma)', () => {
    const text = bodies.slice(0, 2).join('\n');
    expect(text).toContain('keskiarvo on 2,8 asteikolla 1–5');
    // pdftotext turns the no-break space into a plain one.
    expect(text).toContain('14 (27 %)');
    expect(text).toContain('32 (63 %)');
  });
});

describe('council attachment PDF from the sample: file', () => {
  it('passes qpdf --check and embeds every font', () => {
    expect(qpdfCheck(pdf)).toMatch(/No syntax or stream encoding errors found/);
    const fonts = pdffonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
  });

  it('carries title, author, subject and language in its metadata, and the report date, never the clock', () => {
    const info = pdfinfo(pdf);
    expect(info.Title).toBe(SAMPLE_HEADER.title);
    expect(info.Author).toBe('Tuusulan kunta');
    expect(info.Subject).toBe('Strategian toimenpiteiden etenemisaste 30.9.2023');
    expect(info.CreationDate).toMatch(/Sep 30 00:00:00 2023/);
    expect(info['Page size']).toMatch(/595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(catalogLang(pdf)).toBe('fi-FI');
  });

  it('is byte-identical when made again', async () => {
    const again = (await report([SAMPLE])).pdf!;
    expect(createHash('sha256').update(readFileSync(again)).digest('hex')).toBe(createHash('sha256').update(readFileSync(pdf)).digest('hex'));
  });

  it('--pdfa 1b passes PDFBox Preflight', async () => {
    const a1b = (await report([SAMPLE, '--pdfa', '1b'])).pdf!;
    const result = preflightA1b(a1b);
    expect(result.valid, result.report).toBe(true);
  });

  it('--pdfa 3b of the council attachment embeds the source table too, as `report --help` says, byte for byte', async () => {
    const out = await report([SAMPLE, '--pdfa', '3b']);
    expect(qpdfAttachments(out.pdf!)).toMatch(/^tuusula-strategia-seuranta-2023\.tsv -> /m);
    qpdfCheck(out.pdf!);
    // pdfdetach (poppler) gets the same bytes back out.
    expect(execFileSync('pdfdetach', ['-list', out.pdf!], { encoding: 'utf8' })).toContain('1: tuusula-strategia-seuranta-2023.tsv');
    const saved = join(out.dir, 'detached.tsv');
    execFileSync('pdfdetach', ['-save', '1', '-o', saved, out.pdf!]);
    expect(Buffer.compare(readFileSync(saved), readFileSync(SAMPLE))).toBe(0);
  });
});
