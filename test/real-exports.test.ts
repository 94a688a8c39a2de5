// Real exports and real faults (issue 13): each input written here, each run through the CLI,
// each asserting the exit code and the located message, and for a report that every action code
// and status text is in the PDF (pdftotext) and the DOCX (mammoth).
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse } from '../src/pipeline.js';
import { actionsOf, CLI_JS, cli, layoutPages, mammothText, squash } from './helpers/e2e.js';

const dir = mkdtempSync(join(tmpdir(), 'kr-real-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

const HEADER = ['Valtuustokauden tavoite', 'Vuositavoite', 'Toimenpide', 'Julkaistava etenemisaste', 'Julkaistava teksti'];
/** Four actions with Finnish letters in every text, so a misread encoding shows. */
const ROWS = [
  ['01. Hyvinvoiva kunta', '01.01 Lähipalvelut', '01.01.01 Kirjaston aukioloajat', '2 Suunnitteluvaiheessa, on edetty hieman', 'Kävijäkysely on tehty; äänestys syksyllä.'],
  ['01. Hyvinvoiva kunta', '01.01 Lähipalvelut', '01.01.02 Nuorisotilan remontti', '3 Toteutus on aloitettu, ei vielä valmis', 'Urakoitsija on valittu, työt alkavat elokuussa.'],
  ['01. Hyvinvoiva kunta', '01.02 Liikunta', '01.02.01 Lähiliikuntapaikat', '4 Lähellä valmistumista', 'Kolme kenttää on käytössä, neljäs kesällä.'],
  ['02. Elinvoimainen kunta', '02.01 Yritykset', '02.01.01 Yrityspalvelupiste', '5 Valmis', 'Piste avattiin 1.9.; asiakkaita 120 ensimmäisenä kuukautena.'],
];
const tsv = (rows: string[][]) => rows.map((r) => r.join('\t')).join('\n') + '\n';

/** The report of a table as PDF and DOCX: exit 0, and every action's code and status texts in both. */
async function expectReport(table: string, extra: string[] = []): Promise<{ pdfText: string; docxText: string; stderr: string[] }> {
  const out = mkdtempSync(join(dir, 'out-'));
  const run = await cli('report', table, '--format', 'pdf,docx', '--report-date', '2024-01-31', '--out', out, ...extra);
  expect(run.code, run.stderr.join('\n')).toBe(0);
  const written = readdirSync(out).sort();
  expect(written.map((f) => f.replace(/^.*\./, ''))).toEqual(['docx', 'pdf']);
  expect(run.stdout.sort()).toEqual(written.map((f) => join(out, f)));
  const pdfText = squash(layoutPages(join(out, written[1]!)).join('\n'));
  const docxText = squash(await mammothText(join(out, written[0]!)));
  const analysis = await analyse(new Uint8Array(readFileSync(table)), { file: table, ...(extra.includes('--sheet') ? { sheet: extra[extra.indexOf('--sheet') + 1]! } : {}) });
  const actions = actionsOf(analysis.model);
  expect(actions.length).toBeGreaterThan(0);
  for (const a of actions) {
    for (const want of [a.id, ...a.texts]) {
      expect(pdfText, `PDF: ${want}`).toContain(squash(want));
      expect(docxText, `DOCX: ${want}`).toContain(squash(want));
    }
    if (a.stage) {
      expect(pdfText).toContain(squash(`${a.stage.value}/5`));
      expect(docxText).toContain(squash(`${a.stage.value}/5`));
    }
  }
  return { pdfText, docxText, stderr: run.stderr };
}

async function workbook(sheets: { name: string; rows: unknown[][]; state?: 'hidden' | 'veryHidden' }[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.state ? { state: s.state } : {});
    for (const r of s.rows) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Edits the XML of a workbook's first sheet (or another part). */
function editPart(xlsx: Uint8Array, part: RegExp, edit: (xml: string) => string): Uint8Array {
  const parts = unzipSync(xlsx);
  const name = Object.keys(parts).find((k) => part.test(k))!;
  parts[name] = strToU8(edit(strFromU8(parts[name]!)));
  return zipSync(parts);
}

describe('finding the table', () => {
  it('sep=; line, title rows, a blank row and a group heading above annotated and plural headers: found, noted, reported', async () => {
    const lines = [
      'sep=;',
      'Strategian toteutumisen seuranta 2023;;;;',
      'Konsernipalvelut, tilanne 30.9.2023;;;;',
      ';;;;',
      'Tavoitteet;;Toteutus;;',
      'Valtuustokauden tavoitteet;Vuositavoitteet;Toimenpiteet;Julkaistava etenemisaste (1–5);Julkaistavat tekstit',
      ...ROWS.map((r) => r.join(';')),
    ];
    const path = file('otsikkorivit.csv', iconv.encode(lines.join('\r\n') + '\r\n', 'windows-1252'));
    const v = await cli('validate', path);
    expect(v.code).toBe(0);
    expect(v.stdout.join('\n')).toContain(`${path}:6:0: varoitus: otsikkorivi on rivillä 6; sen yläpuolelta ohitettiin rivejä: 3 (ensimmäinen: "Strategian toteutumisen seuranta 2023")`);
    // Nothing of the title rows is taken for a column or an action.
    expect(v.stdout.join('\n')).not.toMatch(/tuntematon sarake|MISSING|puuttuu/);
    const en = await cli('validate', path, '--lang', 'en');
    expect(en.stdout.join('\n')).toContain(`${path}:6:0: warning: the header row is line 6; rows above it skipped: 3 (the first: "Strategian toteutumisen seuranta 2023")`);
    await expectReport(path);
  });

  it('a stage given as its label only is matched to its number where the label is unambiguous', async () => {
    const rows = ROWS.map((r) => [...r]);
    rows[0]![3] = 'Suunnitteluvaiheessa, on edetty hieman';
    rows[1]![3] = 'jotain muuta';
    const path = file('selite.tsv', tsv([HEADER, rows[0]!, rows[2]!, rows[3]!]));
    const v = await cli('validate', path);
    expect(v.code).toBe(0);
    expect(v.stdout.join('\n')).toContain(`${path}:2:4: varoitus: etenemisaste on annettu vain selitteenä; tulkittiin asteeksi 2 ("Suunnitteluvaiheessa, on edetty hieman")`);
    const { pdfText } = await expectReport(path);
    expect(pdfText).toContain(squash('Etenemisaste 2/5: Suunnitteluvaiheessa, on edetty hieman'));
    const unknown = file('selite-tuntematon.tsv', tsv([HEADER, rows[1]!]));
    const bad = await cli('validate', unknown);
    expect(bad.code).toBe(1);
    expect(bad.stdout.join('\n')).toContain(`${unknown}:2:4: virhe: etenemisaste "jotain muuta" ei ole muotoa "N Selite", jossa N on 1–5`);
  });

  it('a workbook whose first sheet is hidden (last year) is read from its first visible sheet, which the note names', async () => {
    const lastYear = ROWS.map((r) => [r[0], r[1], r[2]!.replace('01.01.01', '09.09.09'), '1 Ei aloitettu', 'VIIME VUODEN TEKSTI']);
    const xlsx = file('piilotettu.xlsx', await workbook([{ name: 'Seuranta 2022', rows: [HEADER, ...lastYear], state: 'hidden' }, { name: 'Seuranta 2023', rows: [HEADER, ...ROWS] }]));
    const v = await cli('validate', xlsx);
    expect(v.code).toBe(0);
    expect(v.stdout.join('\n')).toContain(`${xlsx}:0:0: varoitus: luettiin välilehti "Seuranta 2023" (ensimmäinen näkyvä); muut välilehdet: "Seuranta 2022" (piilotettu); valitse toinen valitsimella --sheet`);
    const { pdfText, docxText } = await expectReport(xlsx);
    expect(pdfText).not.toContain('09.09.09');
    expect(docxText).not.toContain(squash('VIIME VUODEN TEKSTI'));
  });

  it('required columns on another sheet: the message names that sheet and --sheet', async () => {
    const xlsx = file('toinen.xlsx', await workbook([{ name: 'Ohje', rows: [['Täytä seurantataulukko välilehdelle Taulukko.'], ['Kysymykset: strategia@kunta.fi']] }, { name: 'Taulukko', rows: [['Seuranta 2023'], [], HEADER, ...ROWS] }]));
    const v = await cli('validate', xlsx);
    expect(v.code).toBe(1);
    expect(v.stdout.join('\n')).toContain(`${xlsx}:0:0: virhe: välilehdellä "Ohje" ei ole taulukon sarakkeita, mutta välilehdellä "Taulukko" on; anna --sheet "Taulukko"`);
    // Only that: the first sheet's missing columns would be beside the point.
    expect(v.stdout.join('\n')).not.toContain('pakollinen sarake');
    const sv = await cli('validate', xlsx, '--lang', 'sv');
    expect(sv.stdout.join('\n')).toContain('ange --sheet "Taulukko"');
    const ok = await cli('validate', xlsx, '--sheet', 'Taulukko');
    expect(ok.code).toBe(0);
    expect(ok.stdout.join('\n')).toContain(`${xlsx}:3:0: varoitus: otsikkorivi on rivillä 3`);
    await expectReport(xlsx, ['--sheet', 'Taulukko']);
  });
});

describe('never misread', () => {
  it('one stray byte in a UTF-8 file: read as UTF-8, the byte is □ with a warning at its line and column', async () => {
    const text = tsv([HEADER, ...ROWS]);
    const bytes = Buffer.from(text, 'utf8');
    // "Urakoitsija" on row 3 gets a Windows-1252 "ä" (0xE4) pasted in: "Urakoitsij\xE4".
    const at = bytes.indexOf(Buffer.from('Urakoitsija')) + 10;
    const stray = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe4]), bytes.subarray(at + 1)]);
    const path = file('harha-tavu.tsv', stray);
    const v = await cli('validate', path);
    expect(v.code).toBe(0);
    expect(v.stdout.join('\n')).toContain(`${path}:3:5: varoitus: tavu 0xE4 ei ole UTF-8-merkistöä; se näytetään merkkinä □ (muu tiedosto luettiin UTF-8:na)`);
    const a = await analyse(new Uint8Array(stray), { file: path });
    const texts = actionsOf(a.model).flatMap((x) => x.texts);
    expect(texts).toContain('Urakoitsij□ on valittu, työt alkavat elokuussa.');
    expect(texts.join('')).not.toContain('Ã');
    const { pdfText, docxText } = await expectReport(path);
    expect(pdfText).toContain(squash('Urakoitsij□ on valittu'));
    expect(docxText).toContain(squash('Urakoitsij□ on valittu'));
  });

  it('Windows-1252 only for a file with no valid multi-byte UTF-8 sequence; UTF-16 without BOM is recognised', async () => {
    const cp = file('cp1252.tsv', iconv.encode(tsv([HEADER, ...ROWS]), 'windows-1252'));
    const a = await analyse(new Uint8Array(readFileSync(cp)), { file: cp });
    expect(actionsOf(a.model)[0]!.texts[0]).toBe('Kävijäkysely on tehty; äänestys syksyllä.');
    expect(a.diagnostics.filter((d) => d.code === 'INVALID_BYTE')).toEqual([]);
    const u16 = file('utf16.tsv', iconv.encode(tsv([HEADER, ...ROWS]), 'utf-16le'));
    const v = await cli('validate', u16);
    expect(v.code).toBe(0);
    expect(v.stdout.join('\n')).toContain(`${u16}:0:0: varoitus: tiedosto tunnistettiin UTF-16-merkistöksi (UTF-16LE) ilman tavujärjestysmerkkiä (BOM)`);
    await expectReport(u16);
  });

  it('stages that are not exactly one of 1–5 are errors at their cell, in text and as workbook numbers', async () => {
    const values = ['3.5', '2-3', '3–4 Toteutus', '4.0000001'];
    const rows = values.map((s, i) => ['01. A', '01.01 B', `01.01.0${i + 1} C`, s, 'T']);
    const path = file('asteet.tsv', tsv([HEADER, ...rows]));
    const v = await cli('validate', path);
    expect(v.code).toBe(1);
    values.forEach((s, i) => expect(v.stdout.join('\n')).toContain(`${path}:${i + 2}:4: virhe: etenemisaste "${s}" ei ole muotoa`));
    const xlsx = file('asteet.xlsx', await workbook([{ name: 'S', rows: [HEADER, ['01. A', '01.01 B', '01.01.01 C', 3.5, 'T'], ['01. A', '01.01 B', '01.01.02 C', 4.0000001, 'T'], ['01. A', '01.01 B', '01.01.03 C', 4, 'T']] }]));
    const w = await cli('validate', xlsx);
    expect(w.code).toBe(1);
    expect(w.stdout.join('\n')).toContain(`${xlsx}:2:4: virhe: etenemisaste "3.5" ei ole muotoa`);
    expect(w.stdout.join('\n')).toContain(`${xlsx}:3:4: virhe: etenemisaste "4.0000001" ei ole muotoa`);
    expect(w.stdout.join('\n')).not.toContain(':4:4:');
  });

  it('formula cells without a stored result: a warning at each cell; a text column of nothing else is an error', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Kaavat');
    ws.addRow(HEADER);
    ROWS.forEach((r, i) => ws.addRow([r[0], r[1], r[2], r[3], { formula: `Lähde!A${i + 1}` }]));
    const all = file('kaavat.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(strFromU8(unzipSync(readFileSync(all))['xl/worksheets/sheet1.xml']!)).toMatch(/<f>[^<]+<\/f><\/c>/);
    const v = await cli('validate', all);
    expect(v.code).toBe(1);
    for (let line = 2; line <= 5; line++) expect(v.stdout.join('\n')).toContain(`${all}:${line}:5: varoitus: arvo puuttuu: kaava ilman tallennettua tulosta`);
    expect(v.stdout.join('\n')).toContain(`${all}:1:5: virhe: sarakkeen "Julkaistava teksti" kaikki solut ovat kaavoja ilman tallennettua tulosta`);
    // With stored results beside one formula without: warnings only, and a report with the results.
    const wb2 = new ExcelJS.Workbook();
    const ws2 = wb2.addWorksheet('Kaavat');
    ws2.addRow(HEADER);
    ROWS.forEach((r, i) => ws2.addRow([r[0], r[1], r[2], r[3], i === 3 ? { formula: 'Lähde!A4' } : { formula: `Lähde!A${i + 1}`, result: r[4] }]));
    const some = file('kaavat-osin.xlsx', new Uint8Array(await wb2.xlsx.writeBuffer()));
    const v2 = await cli('validate', some);
    expect(v2.code).toBe(0);
    expect(v2.stdout.join('\n')).toContain(`${some}:5:5: varoitus: arvo puuttuu: kaava ilman tallennettua tulosta`);
    const { pdfText } = await expectReport(some);
    expect(pdfText).toContain(squash(ROWS[0]![4]!));
  });

  it('a NUL or other control byte in a cell is a warning at the cell and shows as □, wherever in the file it is', async () => {
    for (const where of ['first', 'last'] as const) {
      const rows = ROWS.map((r) => [...r]);
      const row = where === 'first' ? 0 : rows.length - 1;
      rows[row]![4] = `Alku\u0000loppu\u0007.`;
      const path = file(`ohjaus-${where}.tsv`, tsv([HEADER, ...rows]));
      const v = await cli('validate', path);
      expect(v.code, where).toBe(0);
      expect(v.stdout.join('\n')).toContain(`${path}:${row + 2}:5: varoitus: solussa on ohjausmerkki U+0000 NUL; se näytetään merkkinä □`);
      expect(v.stdout.join('\n')).toContain(`${path}:${row + 2}:5: varoitus: solussa on ohjausmerkki U+0007; se näytetään merkkinä □`);
      if (where === 'last') {
        const { pdfText, docxText } = await expectReport(path);
        expect(pdfText).toContain('Alku□loppu□.');
        expect(docxText).toContain('Alku□loppu□.');
      }
    }
  });

  it('broken-but-readable XLSX: rows and cells without references are read; a bad shared-string index is refused at its cell', async () => {
    const xlsx = await workbook([{ name: 'S', rows: [HEADER, ...ROWS] }]);
    const noRefs = file('ei-viitteita.xlsx', editPart(xlsx, /sheet1\.xml$/, (x) => x.replace(/ r="[A-Z]*\d+"/g, '')));
    expect(strFromU8(unzipSync(readFileSync(noRefs))['xl/worksheets/sheet1.xml']!)).not.toMatch(/ r="/);
    const v = await cli('validate', noRefs);
    expect(v.code).toBe(0);
    await expectReport(noRefs);
    // Row 3's text cell points at shared string 9999, which does not exist.
    const badIndex = file(
      'huono-indeksi.xlsx',
      editPart(xlsx, /sheet1\.xml$/, (x) => x.replace(/(<c r="E3"[^>]*t="s"[^>]*><v>)\d+(<\/v>)/, '$19999$2')),
    );
    const b = await cli('validate', badIndex);
    expect(b.code).toBe(1);
    expect(b.stdout.join('\n')).toContain(`${badIndex}:3:5: virhe: solua ei voi lukea: jaettua merkkijonoa 9999 ei ole (työkirjassa on`);
    // Damaged compressed data and broken XML: the file's fault in our words, no library text.
    const parts = unzipSync(xlsx);
    parts['xl/worksheets/sheet1.xml'] = strToU8(strFromU8(parts['xl/worksheets/sheet1.xml']!).replace('</sheetData>', '<row><c><v>1</sheetData>'));
    const broken = file('rikki.xlsx', zipSync(parts));
    const r = await cli('validate', broken);
    expect(r.code).toBe(1);
    expect(r.stdout.join('\n')).toMatch(/rikki\.xlsx:0:0: virhe: XLSX-tiedostoa ei voi lukea: osan "xl\/worksheets\/sheet1\.xml" XML on rikki kohdassa \d+:\d+/);
    expect(r.stdout.join('\n')).not.toMatch(/Cannot read|undefined|Invalid row|Bug :/);
  });

  it('.ods and .xls are named as such, with the way to convert them', async () => {
    const ods = file('taulukko.ods', zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') }));
    const o = await cli('validate', ods);
    expect(o.code).toBe(1);
    expect(o.stdout.join('\n')).toContain(`${ods}:0:0: virhe: tiedosto on OpenDocument-laskentataulukko (.ods), jota ei lueta; tallenna se LibreOfficessa muodossa .xlsx tai CSV, tai muunna: soffice --headless --convert-to xlsx TIEDOSTO`);
    const xls = file('vanha.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]));
    const x = await cli('validate', xls, '--lang', 'en');
    expect(x.code).toBe(1);
    expect(x.stdout.join('\n')).toContain(`${xls}:0:0: error: the file is in the old Excel 97–2003 format (.xls), which is not read; save it in Excel as .xlsx or CSV, or convert it: soffice --headless --convert-to xlsx FILE`);
  });

  it('echoed text is bounded to ~80 characters, and a file name cannot forge a line', async () => {
    const long = `Vastuuhenkilö ${'ja varahenkilö '.repeat(40)}`;
    const path = file('pitka\notsikko.tsv', tsv([[...HEADER, long], ...ROWS.map((r) => [...r, 'x'])]));
    const v = await cli('validate', path);
    expect(v.code).toBe(0);
    const warning = v.stdout.find((l) => l.includes('tuntematon sarake'))!;
    expect(warning).toContain('pitka\\notsikko.tsv:1:6: varoitus: tuntematon sarake "Vastuuhenkilö ja varahenkilö');
    expect(warning.length).toBeLessThan(path.length + 150);
    expect(v.stdout.every((l) => !l.includes('\n'))).toBe(true);
  });
});

describe('limits before the cost', () => {
  it('a 20 GB (sparse) file over the limit is refused from its size, without reading it', async () => {
    const path = join(dir, 'iso.tsv');
    writeFileSync(path, '');
    truncateSync(path, 20 * 1024 ** 3);
    const v = await cli('validate', path);
    expect(v.code).toBe(1);
    expect(v.stdout.join('\n')).toContain(`${path}:0:0: virhe: tiedosto on liian suuri (${20 * 1024 ** 3} tavua, raja 52428800); nosta rajaa valitsimella --max-file-size`);
  });

  it('validate /dev/zero and standard input stop at the limit', () => {
    const zero = spawnSync(process.execPath, [CLI_JS, 'validate', '/dev/zero', '--max-file-size', '1000000'], { encoding: 'utf8', timeout: 60_000 });
    expect(zero.status).toBe(1);
    expect(zero.stdout).toContain('/dev/zero:0:0: virhe: syöte on liian suuri (yli 1000000 tavua); lukeminen lopetettiin rajaan; nosta rajaa valitsimella --max-file-size');
    const stdin = spawnSync(process.execPath, [CLI_JS, 'validate', '-', '--max-file-size', '100'], { input: 'x'.repeat(5000), encoding: 'utf8' });
    expect(stdin.status).toBe(1);
    expect(stdin.stdout).toContain('-:0:0: virhe: syöte on liian suuri (yli 100 tavua)');
  });

  it('XLSX rows are limited while the sheet streams: reading stops there, before XML broken further on', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => ['01. A', '01.01 B', `01.01.${String(i + 1).padStart(2, '0')} C`, '2', 'T']);
    const xlsx = await workbook([{ name: 'S', rows: [HEADER, ...rows] }]);
    // Row 300 is broken XML: a reader that went on past the limit would say so instead.
    const cut = editPart(xlsx, /sheet1\.xml$/, (x) => x.replace('<row r="300"', '<row r="300"><<<'));
    const path = file('rivit.xlsx', cut);
    const v = await cli('validate', path, '--max-rows', '100');
    expect(v.code).toBe(1);
    expect(v.stdout.join('\n')).toMatch(/rivit\.xlsx:\d+:0: virhe: taulukossa on liikaa rivejä \(yli 100\); nosta rajaa valitsimella --max-rows/);
    expect(v.stdout.join('\n')).not.toContain('XML');
    expect((await cli('validate', path, '--max-rows', '1000', '--lang', 'en')).stdout.join('\n')).toMatch(/the XML of part "xl\/worksheets\/sheet1\.xml" is broken at \d+:\d+/);
  });
});

describe('output and process faults', () => {
  const big = () => file('iso-taulukko.tsv', tsv([HEADER, ...Array.from({ length: 3000 }, (_, i) => ['01. A', '01.01 B', `01.01.${i + 1} C`, 'kolme', 'T'])]));

  it('a closed standard output (| head -1) ends quietly; a full one (> /dev/full) with one line and exit 1', () => {
    const path = big();
    const head = spawnSync('sh', ['-c', `node "${CLI_JS}" validate "${path}" | head -1`], { encoding: 'utf8' });
    expect(head.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(head.stderr).toBe('');
    const fd = openSync('/dev/full', 'w');
    try {
      const full = spawnSync(process.execPath, [CLI_JS, 'validate', path], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expect(full.status).toBe(1);
      expect(full.stderr.trim().split('\n')).toEqual(['kuntaraportti: vakiotulosteeseen ei voi kirjoittaa: levy on täynnä (ENOSPC)']);
    } finally {
      closeSync(fd);
    }
  });

  it('an output directory that is not a directory is named, exit 1, no "unexpected error"', async () => {
    const table = file('ok.tsv', tsv([HEADER, ...ROWS]));
    const blocker = file('tiedosto-ei-hakemisto', 'x');
    const r = await cli('report', table, '--report-date', '2024-01-31', '--out', join(blocker, 'out'));
    expect(r.code).toBe(1);
    expect(r.stderr.join('\n')).toContain(`kuntaraportti: ei voi kirjoittaa hakemistoon ${join(blocker, "out")}/: polun osa ei ole hakemisto (ENOTDIR)`);
    expect(r.stderr.join('\n')).not.toContain('odottamaton');
    expect(r.stdout).toEqual([]);
  });

  // Permission and full disk need another user and a small file system: as root (CI's container),
  // with setpriv and a tmpfs mount; elsewhere these two are skipped (the ENOTDIR case always runs).
  const root = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

  it.skipIf(!root)('permission denied: the directory is named, exit 1 (run as nobody by setpriv)', () => {
    // The table readable by nobody; the directory to write into (mkdtemp's 0700, root's) not writable.
    chmodSync(dir, 0o755);
    const table = file('lupa.tsv', tsv([HEADER, ...ROWS]));
    const locked = mkdtempSync(join(dir, 'locked-'));
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI_JS, 'report', table, '--report-date', '2024-01-31', '--out', join(locked, 'out')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`kuntaraportti: ei voi kirjoittaa hakemistoon ${join(locked, 'out')}/: lupa evätty (EACCES)`);
    expect(r.stdout).toBe('');
  });

  it.skipIf(!root)('a full disk: the directory is named, exit 1, nothing left behind (a 64 KiB tmpfs)', () => {
    const table = file('taysi.tsv', tsv([HEADER, ...ROWS]));
    const small = mkdtempSync(join(dir, 'small-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]);
    if (mounted.status !== 0) throw new Error(`mount tmpfs: ${String(mounted.stderr)}`);
    try {
      const r = spawnSync(process.execPath, [CLI_JS, 'report', table, '--format', 'pdf,docx', '--report-date', '2024-01-31', '--out', join(small, 'out')], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`kuntaraportti: ei voi kirjoittaa hakemistoon ${join(small, 'out')}/: levy on täynnä (ENOSPC)`);
      expect(r.stdout).toBe('');
      expect(readdirSync(join(small, 'out'))).toEqual([]);
    } finally {
      spawnSync('umount', [small]);
    }
  });

  it('--format pdf,docx is all or nothing: an existing different DOCX keeps the PDF from being written too', async () => {
    const table = file('kaikki/taulu.tsv', tsv([HEADER, ...ROWS]));
    const out = mkdtempSync(join(dir, 'aon-'));
    const docx = join(out, 'taulu-valtuusto-liite.docx');
    writeFileSync(docx, 'vanha');
    const r = await cli('report', table, '--format', 'pdf,docx', '--report-date', '2024-01-31', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toEqual([]);
    expect(r.stderr.join('\n')).toContain(`kuntaraportti: ${docx} on jo olemassa ja eroaa uudesta; sitä ei korvattu (käytä --force tai toista --out-hakemistoa)`);
    expect(r.stderr.join('\n')).toContain(`kuntaraportti: siksi mitään tiedostoa ei kirjoitettu; kirjoittamatta jäi myös: ${join(out, 'taulu-valtuusto-liite.pdf')}`);
    expect(readdirSync(out)).toEqual(['taulu-valtuusto-liite.docx']);
    expect(readFileSync(docx, 'utf8')).toBe('vanha');
  });

  it('two runs writing the same name at once (delay injected before the link): one file and one clear refusal', async () => {
    const a = file('kisa-a/taulu.tsv', tsv([HEADER, ROWS[0]!, ROWS[1]!]));
    const b = file('kisa-b/taulu.tsv', tsv([HEADER, ROWS[2]!, ROWS[3]!]));
    const out = mkdtempSync(join(dir, 'race-'));
    process.env.KUNTARAPORTTI_TEST_LINK_DELAY_MS = '400';
    let runs;
    try {
      runs = await Promise.all([a, b].map((t) => cli('report', t, '--format', 'pdf,docx', '--report-date', '2024-01-31', '--out', out)));
    } finally {
      delete process.env.KUNTARAPORTTI_TEST_LINK_DELAY_MS;
    }
    expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
    const loser = runs.find((r) => r.code === 1)!;
    const winner = runs.find((r) => r.code === 0)!;
    expect(loser.stdout).toEqual([]);
    expect(loser.stderr.join('\n')).toMatch(/ilmestyi kirjoituksen aikana \(toinen ajo kirjoitti samaan aikaan\); sitä ei korvattu/);
    expect(readdirSync(out).sort()).toEqual(['taulu-valtuusto-liite.docx', 'taulu-valtuusto-liite.pdf']);
    expect(winner.stdout.sort()).toEqual(readdirSync(out).sort().map((f) => join(out, f)));
    // Both files are the winner's, not one of each.
    const winnerTable = winner === runs[0] ? a : b;
    const codes = actionsOf((await analyse(new Uint8Array(readFileSync(winnerTable)), { file: winnerTable })).model).map((x) => x.id);
    const pdf = squash(layoutPages(join(out, 'taulu-valtuusto-liite.pdf')).join('\n'));
    const docx = squash(await mammothText(join(out, 'taulu-valtuusto-liite.docx')));
    for (const c of codes) {
      expect(pdf).toContain(c);
      expect(docx).toContain(c);
    }
    expect(existsSync(join(out, 'taulu-valtuusto-liite.pdf'))).toBe(true);
  });

  it('the same race between two processes of the built command: one exit 0, one refusal, no temporaries left', async () => {
    const a = file('prosessi-a/taulu.tsv', tsv([HEADER, ROWS[0]!, ROWS[1]!]));
    const b = file('prosessi-b/taulu.tsv', tsv([HEADER, ROWS[2]!, ROWS[3]!]));
    const out = mkdtempSync(join(dir, 'race-proc-'));
    const { spawn } = await import('node:child_process');
    const runs = await Promise.all(
      [a, b].map(
        (t) =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
            const child = spawn(process.execPath, [CLI_JS, 'report', t, '--format', 'pdf,docx', '--report-date', '2024-01-31', '--out', out], { env: { ...process.env, KUNTARAPORTTI_TEST_LINK_DELAY_MS: '1500' } });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
            child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
            child.on('close', (code) => done({ code, stdout, stderr }));
          }),
      ),
    );
    expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
    const loser = runs.find((r) => r.code === 1)!;
    expect(loser.stdout).toBe('');
    // Usually the two overlap in the delay (raced); on a very loaded machine one may finish before
    // the other checks (exists). Either way: one file set, one clear refusal.
    expect(loser.stderr).toMatch(/ilmestyi kirjoituksen aikana \(toinen ajo kirjoitti samaan aikaan\); sitä ei korvattu|on jo olemassa ja eroaa uudesta; sitä ei korvattu/);
    expect(loser.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out).sort()).toEqual(['taulu-valtuusto-liite.docx', 'taulu-valtuusto-liite.pdf']);
  });
});

describe('encoding decision', () => {
  it('a Windows-1252 file where two letters happen to form a UTF-8 sequence ("Ö—" is D6 97) stays Windows-1252', async () => {
    const rows = ROWS.map((r) => [...r]);
    rows[0]![4] = 'Ö—tilanne: kävijäkysely tehty.';
    const path = file('cp1252-pari.tsv', iconv.encode(tsv([HEADER, ...rows]), 'windows-1252'));
    const v = await cli('validate', path);
    expect(v.code).toBe(0);
    expect(v.stdout.join('\n')).not.toContain('UTF-8');
    const a = await analyse(new Uint8Array(readFileSync(path)), { file: path });
    expect(actionsOf(a.model)[0]!.texts[0]).toBe('Ö—tilanne: kävijäkysely tehty.');
  });
});
