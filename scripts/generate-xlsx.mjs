#!/usr/bin/env node
// Writes an honest XLSX workbook of N action rows, streaming (the XML is never whole in memory),
// shaped as a spreadsheet saves it: workbook, styles, shared strings, one sheet with cell
// references. For the benchmark of the row limit (`npm run bench -- xlsx-rows 1000000`).
//   node scripts/generate-xlsx.mjs 1000000 /tmp/1m.xlsx
import { closeSync, openSync, writeSync } from 'node:fs';
import { strToU8, Zip, ZipDeflate } from 'fflate';

const HEADER = ['Valtuustokauden tavoite', 'Vuositavoite', 'Toimenpide', 'Julkaistava etenemisaste', 'Julkaistava teksti'];
const STAGES = ['1 Ei aloitettu', '2 Suunnitteluvaiheessa, on edetty hieman', '3 Toteutus on aloitettu, ei vielä valmis', '4 Lähellä valmistumista', '5 Valmis'];
const TEXTS = Array.from({ length: 200 }, (_, i) => `Tilanne ${i + 1}: työ etenee suunnitelman mukaan, seuraava vaihe alkaa syksyllä.`);
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function generateXlsx(n, path) {
  const fd = openSync(path, 'w');
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    writeSync(fd, chunk);
  });
  const small = (name, text) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    f.push(strToU8(text), true);
  };
  small('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>');
  small('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  small('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Seuranta" sheetId="1" r:id="rId1"/></sheets></workbook>');
  small('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>');
  small('xl/styles.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>');

  // Shared strings: the header, 10 themes, 100 goals, the stages, the texts, then each action's own title.
  const fixed = [...HEADER, ...Array.from({ length: 10 }, (_, t) => `${String(t + 1).padStart(2, '0')}. Teema ${t + 1}`), ...Array.from({ length: 100 }, (_, g) => `${String(Math.floor(g / 10) + 1).padStart(2, '0')}.${String((g % 10) + 1).padStart(2, '0')} Vuositavoite ${g + 1}`), ...STAGES, ...TEXTS];
  const THEME = HEADER.length;
  const GOAL = THEME + 10;
  const STAGE = GOAL + 100;
  const TEXT = STAGE + STAGES.length;
  const ACTION = TEXT + TEXTS.length;
  const actionTitle = (i) => {
    const g = i % 100;
    return `${String(Math.floor(g / 10) + 1).padStart(2, '0')}.${String((g % 10) + 1).padStart(2, '0')}.${String(Math.floor(i / 100) + 1).padStart(2, '0')} Toimenpide ${i + 1}`;
  };

  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
  zip.add(sheet);
  let buffer = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:E${n + 1}"/><sheetData>`;
  const flush = (final) => {
    sheet.push(strToU8(buffer), final);
    buffer = '';
  };
  const row = (r, idx) => `<row r="${r}" spans="1:5">${idx.map((s, c) => `<c r="${'ABCDE'[c]}${r}" t="s"><v>${s}</v></c>`).join('')}</row>`;
  buffer += row(1, [0, 1, 2, 3, 4]);
  for (let i = 0; i < n; i++) {
    const g = i % 100;
    buffer += row(i + 2, [THEME + Math.floor(g / 10), GOAL + g, ACTION + i, STAGE + (i % 5), TEXT + (i % TEXTS.length)]);
    if (buffer.length > 1 << 20) flush(false);
  }
  buffer += '</sheetData></worksheet>';
  flush(true);

  const strings = new ZipDeflate('xl/sharedStrings.xml', { level: 6 });
  zip.add(strings);
  buffer = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${(n + 1) * 5}" uniqueCount="${fixed.length + n}">`;
  const sflush = (final) => {
    strings.push(strToU8(buffer), final);
    buffer = '';
  };
  for (const s of fixed) buffer += `<si><t>${esc(s)}</t></si>`;
  for (let i = 0; i < n; i++) {
    buffer += `<si><t>${esc(actionTitle(i))}</t></si>`;
    if (buffer.length > 1 << 20) sflush(false);
  }
  buffer += '</sst>';
  sflush(true);
  zip.end();
  closeSync(fd);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [n, path] = process.argv.slice(2);
  generateXlsx(Number(n), path);
}
