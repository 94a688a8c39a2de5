// Comparison with the previous period, the other templates and the other languages, through the
// CLI, read back from both PDF (pdftotext) and DOCX (mammoth).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../src/model/types.js';
import { unzipSync } from 'fflate';
import { pdftotext, qpdfAttachments, xmp } from './helpers/pdf-tools.js';
import { part } from './helpers/docx-tools.js';
import {
  actionsInOrder,
  actionsOf,
  analyseFile,
  catalogLang,
  docxTables,
  layoutPages,
  mammothText,
  pdfinfo,
  PREVIOUS,
  report,
  SAMPLE,
  SAMPLE_HEADER,
  splitHeader,
  squash,
} from './helpers/e2e.js';

interface Read {
  /** PDF page bodies, header blocks removed. */
  pages: string[];
  /** PDF body text, header blocks removed (pdftotext -layout). */
  pdf: string;
  /** PDF text in reading order (pdftotext without -layout: table cells one after another). */
  pdfRaw: string;
  docx: string;
  tables: string[][][];
  file: { pdf?: string; docx?: string };
}

/** The interim report and the archive copy are their own kinds of document, not the meeting's attachment. */
const OWN_KIND = (docType: string) => ({ ...SAMPLE_HEADER, docType, reference: '' });

async function read(out: { pdf?: string; docx?: string }, header = SAMPLE_HEADER): Promise<Read> {
  const pages = layoutPages(out.pdf!);
  const problems = pages.flatMap((p, i) => splitHeader(p, header, i + 1, pages.length).problems);
  if (problems.length) throw new Error(problems.join('\n'));
  // Page bodies joined so that a table row split by a page break reads on: the repeated header
  // row at the top of the next page and the blank lines around the break are left out.
  const bodies = pages.map((p, i) =>
    splitHeader(p, header, i + 1, pages.length)
      .body.replace(/^\s*\n/, '')
      .replace(/^\s*Koodi\s+Toimenpide\s.*\n/, '')
      .trimEnd(),
  );
  return {
    pages: bodies,
    pdf: bodies.join('\n'),
    pdfRaw: pdftotext(out.pdf!),
    docx: await mammothText(out.docx!),
    tables: await docxTables(out.docx!),
    file: out,
  };
}

/** The words of a PDF table row: from the line starting with `code` to the next row or blank line. */
function pdfRowWords(text: string, code: string, after: number): string[] {
  const lines = text.slice(after).split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith(`${code} `));
  if (start < 0) return [];
  const block = [lines[start]!];
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '' || /^\s*\d\d\.\d\d\.\d\d\s/.test(l)) break;
    block.push(l);
  }
  return words(block.join(' '));
}

/** Words, split at white space and after a slash or hyphen (a line may break after `asunnottomuutta/` or `toiminta-`). */
const words = (s: string) => s.split(/\s+|(?<=[/-])(?=\p{L})/u).filter(Boolean);

/** Every word of `want` (with repeats) is among `words`. */
function missingWords(have: string[], want: string[]): string[] {
  const pool = [...have];
  return want.flatMap(words).filter((w) => {
    const i = pool.indexOf(w);
    if (i < 0) return true;
    pool.splice(i, 1);
    return false;
  });
}

const HEADING = 'Muutokset edelliseen raporttiin';
const NO_CHANGES = 'Minkään toimenpiteen etenemisaste ei ole muuttunut.';

let current: Action[];
let previousActions: Action[];
const title = (id: string) => (current.find((a) => a.id === id) ?? previousActions.find((a) => a.id === id))!.title;
let expectedChanged: string[][];
let expectedMarkers: Record<string, string>;
let firstGoal: string;

beforeAll(async () => {
  const model = (await analyseFile(SAMPLE)).model;
  current = actionsOf(model);
  firstGoal = model.themes[0]!.goals[0]!.title;
  previousActions = actionsOf((await analyseFile(PREVIOUS)).model);
  expectedChanged = [
    ['01.01.01', title('01.01.01'), '2', '3', '▲ Edennyt'],
    ['01.05.02', title('01.05.02'), 'Ei raportoitu', '3', '► Nyt raportoitu'],
    ['06.08.01', title('06.08.01'), '2', 'Ei raportoitu', '○ Ei enää raportoitu'],
    ['07.03.01', title('07.03.01'), '5', '4', '▼ Taantunut'],
  ];
  expectedMarkers = {
    '01.01.01': '▲ Edennyt edelliseen raporttiin verrattuna (2 → 3)',
    // Lower case mid-sentence.
    '01.05.02': '► Nyt raportoitu edelliseen raporttiin verrattuna (ei raportoitu → 3)',
    '06.08.01': '○ Ei enää raportoitu edelliseen raporttiin verrattuna (2 → ei raportoitu)',
    '07.03.01': '▼ Taantunut edelliseen raporttiin verrattuna (5 → 4)',
    '14.02.03': '● Uusi toimenpide edelliseen raporttiin verrattuna',
  };
});

function expectComparisonSection(r: Read) {
  // DOCX: the tables, row by row, exactly.
  const byHeader = (h: string[]) => r.tables.find((t) => JSON.stringify(t[0]) === JSON.stringify(h));
  expect(byHeader(['Koodi', 'Toimenpide', 'Edellinen', 'Nykyinen', 'Muutos'])?.slice(1)).toEqual(expectedChanged);
  const lists = r.tables.filter((t) => JSON.stringify(t[0]) === JSON.stringify(['Koodi', 'Toimenpide', 'Etenemisaste']));
  expect(lists.map((t) => t.slice(1))).toEqual([[['14.02.03', title('14.02.03'), '3']], [['10.06.01', 'Poistunut toimenpide', '3']]]);
  const docxAt = r.docx.indexOf(HEADING);
  expect(docxAt).toBeGreaterThan(0);
  expect(r.docx.slice(docxAt)).toMatch(/Uudet toimenpiteet[\s\S]*14\.02\.03[\s\S]*Poistuneet toimenpiteet[\s\S]*10\.06\.01/);
  // PDF: the same rows, whatever the line breaks in the cells.
  const pdfAt = r.pdf.indexOf(HEADING);
  expect(pdfAt).toBeGreaterThan(0);
  for (const row of expectedChanged) {
    const words = pdfRowWords(r.pdf, row[0]!, pdfAt);
    expect(words[0], row[0]).toBe(row[0]);
    expect(missingWords(words, row), row[0]).toEqual([]);
  }
  expect(missingWords(pdfRowWords(r.pdf, '14.02.03', pdfAt), ['14.02.03', title('14.02.03'), '3'])).toEqual([]);
  expect(missingWords(pdfRowWords(r.pdf, '10.06.01', pdfAt), ['10.06.01', 'Poistunut toimenpide', '3'])).toEqual([]);
  const intro =
    'Edelliseen raporttiin (edellinen-2023-06.csv) verrattuna 1 toimenpide on edennyt, 1 toimenpide on taantunut, 1 toimenpiteelle on nyt ilmoitettu etenemisaste, joka aiemmin puuttui, 1 toimenpiteeltä etenemisaste puuttuu nyt, 1 toimenpide on uusi ja 1 toimenpide on poistunut. 46 toimenpidettä on ennallaan.';
  expect(squash(r.pdf)).toContain(squash(intro));
  expect(r.docx).toContain(intro);
}

describe('council attachment with --previous, PDF and DOCX', () => {
  let r: Read;
  beforeAll(async () => {
    r = await read(await report([SAMPLE, '--previous', PREVIOUS, '--format', 'pdf,docx']));
  });

  it('has the section "Muutokset edelliseen raporttiin" with every changed, added and removed action', () => {
    expectComparisonSection(r);
  });

  it('marks each changed action in the detail part, and only those', () => {
    for (const [name, text] of [
      ['pdf', r.pdf],
      ['docx', r.docx],
    ] as const) {
      const flat = squash(text);
      // The detail part starts at the first goal heading (goals are headed only there).
      const detail = flat.indexOf(squash(`01.01 ${firstGoal}`));
      expect(detail, name).toBeGreaterThan(0);
      const ids = current.map((a) => a.id);
      const positions = ids.map((id) => flat.indexOf(id, detail));
      ids.forEach((id, i) => {
        const segment = flat.slice(positions[i]!, positions[i + 1] ?? flat.length);
        const want = expectedMarkers[id];
        if (want) expect(segment, `${name} ${id}`).toContain(squash(want));
        else expect(segment, `${name} ${id}`).not.toContain(squash('edelliseen raporttiin verrattuna'));
      });
      expect(actionsInOrder(text, current, detail), name).toEqual([]);
    }
  });
});

describe('osavuosikatsaus with --previous', () => {
  let r: Read;
  beforeAll(async () => {
    r = await read(await report([SAMPLE, '--previous', PREVIOUS, '--template', 'osavuosikatsaus', '--format', 'pdf,docx']), OWN_KIND('OSAVUOSIKATSAUS'));
  });

  it('has the same comparison section', () => {
    expectComparisonSection(r);
  });

  it('lists every action code and title with its stage and change, but none of the long status texts', () => {
    const compact = r.tables.filter((t) => JSON.stringify(t[0]) === JSON.stringify(['Koodi', 'Toimenpide', 'Etenemisaste', 'Muutos'])).flatMap((t) => t.slice(1));
    const change: Record<string, string> = { '01.01.01': '▲ Edennyt', '01.05.02': '► Nyt raportoitu', '06.08.01': '○ Ei enää raportoitu', '07.03.01': '▼ Taantunut', '14.02.03': '● Uusi toimenpide' };
    // The short configured stage names (not the units' long wording) in the compact list.
    const short = { 1: '1 Ei aloitettu', 2: '2 Suunnitteluvaiheessa', 3: '3 Toteutus on aloitettu', 4: '4 Lähellä valmistumista', 5: '5 Valmis' };
    expect(compact).toEqual(current.map((a) => [a.id, a.title, a.stage ? short[a.stage.value] : 'Ei raportoitu', change[a.id] ?? '']));
    // The PDF shows the same: each action's row has its short stage name and its change.
    const at = r.pdf.indexOf('01. Tarjoamme laadukkaita ja saavutettavat palvelut uudistuvassa ympäristössä: toimenpiteet'.slice(0, 30), r.pdf.lastIndexOf('Etenemisasteet:'));
    expect(at).toBeGreaterThan(0);
    for (const a of current) {
      const words = pdfRowWords(r.pdf, a.id, at);
      expect(words[0], a.id).toBe(a.id);
      expect(missingWords(words, [a.title, a.stage ? short[a.stage.value] : 'Ei raportoitu', change[a.id] ?? '']), a.id).toEqual([]);
      expect(words.join(' '), a.id).not.toMatch(/ei vielä valmis|on edetty hieman/);
    }
    // None of the long status texts. pdftotext without -layout joins a word hyphenated at a line end ("yhdenvertaisuus-" + "ja"
    // → "yhdenvertaisuusja"), so hyphens are left out of this comparison.
    const loose = (t: string) => squash(t).replace(/-/g, '');
    const raw = loose(r.pdfRaw);
    const long = current.flatMap((a) => a.texts).filter((t) => t.length > 60);
    expect(long.length).toBeGreaterThan(30);
    for (const t of long) {
      expect(raw).not.toContain(loose(t.slice(0, 60)));
      expect(squash(r.docx)).not.toContain(squash(t.slice(0, 60)));
    }
  });
  // Rows that are surely shorter than a page are kept whole (dontBreakRows); once row 08.02.01
  // started at the foot of page 6 and went on at the top of page 7.
  it('never splits a table row across pages', async () => {
    const pages = layoutPages(r.file.pdf!).map((p, i, all) => splitHeader(p, SAMPLE_HEADER, i + 1, all.length).body.split('\n').filter((l) => l.trim() !== ''));
    const split = pages.flatMap((lines, i) => (/^\s*Koodi\s+Toimenpide\s/.test(lines[0] ?? '') && !/^\s*\d\d\.\d\d\.\d\d\s/.test(lines[1] ?? '') ? [`sivu ${i + 1}: ${lines[1]}`] : []));
    expect(split).toEqual([]);
  });
});

describe('the same table as --previous', () => {
  it('reports no changes and marks no action', async () => {
    const out = await report([SAMPLE, '--previous', SAMPLE]);
    const text = pdftotext(out.pdf!);
    const flat = squash(text);
    expect(flat).toContain(squash(HEADING));
    expect(flat).toContain(squash(NO_CHANGES));
    // No zero counts spelled out.
    expect(flat).toContain(squash('verrattuna minkään toimenpiteen etenemisaste ei ole muuttunut'));
    expect(flat).not.toMatch(/on0|0toimenpi/);
    expect(flat).toContain(squash('51 toimenpidettä on ennallaan'));
    expect(flat).not.toContain(squash('edelliseen raporttiin verrattuna'));
    expect(text).not.toMatch(/Uudet toimenpiteet|Poistuneet toimenpiteet|Toimenpiteet, joiden etenemisaste on muuttunut/);
  });
});

describe('arkisto', () => {
  let r: Read;
  beforeAll(async () => {
    r = await read(await report([SAMPLE, '--template', 'arkisto', '--format', 'pdf,docx']), OWN_KIND('ARKISTOKAPPALE'));
  });

  it('has the diagnostics appendix with every diagnostic of the sample, and the source block', async () => {
    const analysis = await analyseFile(SAMPLE);
    expect(analysis.diagnostics).toHaveLength(6);
    const sha = createHash('sha256').update(readFileSync(SAMPLE)).digest('hex');
    for (const [name, text] of [
      ['pdf', r.pdf],
      ['docx', r.docx],
    ] as const) {
      const flat = squash(text);
      const appendix = flat.indexOf(squash('Aineiston tarkistus'));
      expect(appendix, name).toBeGreaterThan(0);
      for (const d of analysis.diagnostics) expect(flat.slice(appendix), `${name}: ${d.message}`).toContain(squash(d.message));
      expect(flat.slice(appendix)).toContain(squash('tarkistuksessa löytyi 0 virhettä ja 6 varoitusta'));
      expect(flat.slice(appendix)).toContain(squash('Tiedosto: tuusula-strategia-seuranta-2023.tsv'));
      expect(flat.slice(appendix)).toContain(squash(`SHA-256-tiiviste: ${sha}`));
      expect(flat.slice(appendix)).toContain(squash('Tietorivejä (otsikkorivi ja tyhjät rivit pois lukien): 52'));
    }
    // The diagnostics table in the DOCX: line, kind, message.
    const diag = r.tables.find((t) => JSON.stringify(t[0]) === JSON.stringify(['Rivi', 'Laji', 'Huomautus']))!;
    expect(diag.slice(1)).toEqual(analysis.diagnostics.map((d) => [String(d.line), 'varoitus', d.message]));
  });

  it('is PDF/A-3b by default and carries the source table it says it carries', () => {
    expect(qpdfAttachments(r.file.pdf!)).toMatch(/^tuusula-strategia-seuranta-2023\.tsv -> /m);
    expect(xmp(readFileSync(r.file.pdf!))).toMatch(/pdfaid:part(>|=")3/);
    expect(squash(r.pdf)).toContain(squash('Lähdetaulukko tuusula-strategia-seuranta-2023.tsv on liitetty tähän tiedostoon sellaisenaan.'));
  });

  it('with --pdfa 2b embeds nothing and does not claim to', async () => {
    const out = await report([SAMPLE, '--template', 'arkisto', '--pdfa', '2b']);
    expect(qpdfAttachments(out.pdf!)).toMatch(/has no embedded files/);
    expect(pdftotext(out.pdf!)).not.toContain('on liitetty tähän tiedostoon');
  });

  // With --format pdf,docx each format gets its own tree: the DOCX, which carries no attachment,
  // must not say it does (it once did).
  it('the DOCX does not claim to carry the source table, which it does not', () => {
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(r.file.docx!)))).some((n) => n.endsWith('.tsv'))).toBe(false);
    expect(r.docx).not.toContain('on liitetty tähän tiedostoon');
  });
});

describe('--lang sv and --lang en', () => {
  it('write Swedish and English headings and labels, and declare sv-FI and en-GB', async () => {
    const cases = [
      { lang: 'sv', tag: 'sv-FI', docType: 'BILAGA 3', labels: ['Uppföljning av strategin för fullmäktigeperioden', 'Läge 30.9.2023', 'Nyckeltal', 'Åtgärdernas framstegsgrad per mål för fullmäktigeperioden (antal och andel)', 'Framstegsgrad 3/5: Toteutus on aloitettu, ei vielä valmis', 'Inte rapporterad'] },
      { lang: 'en', tag: 'en-GB', docType: 'APPENDIX 3', labels: ['Monitoring of the council-term strategy', 'Status at 30 September 2023', 'Key figures', 'Progress of the actions by council-term goal (number and share)', 'Progress stage 3/5: Toteutus on aloitettu, ei vielä valmis', 'Not reported'] },
    ];
    for (const c of cases) {
      // Swedish as PDF and DOCX, English as PDF only (each conversion costs CI time).
      const out = await report([SAMPLE, '--lang', c.lang, '--format', c.lang === 'sv' ? 'pdf,docx' : 'pdf']);
      const pages = layoutPages(out.pdf!);
      expect(pages[0]!.split('\n')[0], c.lang).toContain(c.docType);
      const pdf = squash(pages.join('\n'));
      const docx = out.docx ? squash(await mammothText(out.docx)) : '';
      for (const l of c.labels) {
        expect(pdf, `${c.lang} pdf: ${l}`).toContain(squash(l));
        if (out.docx) expect(docx, `${c.lang} docx: ${l}`).toContain(squash(l));
      }
      // No Finnish label left behind.
      for (const fi of ['Tunnusluvut', 'Etenemisaste 3/5', 'Ei raportoitu', 'Valtuustokauden strategian toteutumisen seuranta']) {
        expect(pdf, `${c.lang} pdf: ${fi}`).not.toContain(squash(fi));
        expect(docx, `${c.lang} docx: ${fi}`).not.toContain(squash(fi));
      }
      expect(catalogLang(out.pdf!)).toBe(c.tag);
      expect(pdfinfo(out.pdf!).Title).toBe(c.labels[0]);
      if (!out.docx) continue;
      const docxBytes = new Uint8Array(readFileSync(out.docx));
      expect(part(docxBytes, 'docProps/core.xml')).toContain(`<dc:language>${c.tag}</dc:language>`);
      expect(part(docxBytes, 'word/styles.xml')).toContain(`w:val="${c.tag}"`);
    }
  });
});
