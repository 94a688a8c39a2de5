import { Inflate } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { DiagnosticSink } from '../diagnostics.js';
import type { Limits } from './types.js';
import { HEADER_SCAN, type TextRecord } from './delimited.js';
import { findLyingEntry, inspectZip, type ZipEntryInfo } from './zip.js';

export interface SheetRecords {
  sheet: string;
  records: TextRecord[];
  /**
   * The first other sheet (visible ones first) whose first rows `accept`s, read only as far as
   * the header can be; null when none does.
   */
  findOther: (accept: (records: TextRecord[]) => boolean) => Promise<string | null>;
}

interface SheetInfo {
  name: string;
  hidden: boolean;
  path: string | null;
}

/** Cells a sheet may hold (dense, up to each row's last value) per allowed data row. */
const CELLS_PER_ROW = 50;
/** Excel's own last column, XFD. */
const MAX_COLUMN = 16_384;
const STEP = 64 * 1024;

/** Thrown inside SAX handlers to stop reading once the answer is known (not an error). */
class Stop extends Error {}

/** A problem found while reading, already reported. */
class Refused extends Error {}

const HIDDEN = { fi: 'piilotettu', sv: 'dold', en: 'hidden' } as const;

/** What is wrong, in the user's language: never a library's exception text. */
const PHRASES = {
  fi: {
    noDirectory: () => 'zip-paketin hakemistoa ei löydy (tiedosto on katkennut tai ei ole zip)',
    noHeader: (p: string) => `osan "${p}" paikallista otsaketta ei löydy`,
    method: (p: string, m: number) => `osa "${p}" on pakattu tuntemattomalla tavalla (${m})`,
    damaged: (p: string) => `osan "${p}" pakattu data on vioittunut`,
    xml: (p: string, at: string) => `osan "${p}" XML on rikki kohdassa ${at}`,
    structure: () => 'työkirjan rakenne on lukukelvoton',
    rowNumber: (r: string) => `rivinumero "${r}" on virheellinen tai ei kasva`,
    cellRef: (r: string) => `soluviittaus "${r}" on virheellinen tai ei kasva`,
    stringNumber: (v: string) => `jaetun merkkijonon numero "${v}" on virheellinen`,
    noString: (i: number, n: number) => `jaettua merkkijonoa ${i} ei ole (työkirjassa on ${n})`,
  },
  sv: {
    noDirectory: () => 'zip-paketets katalog hittas inte (filen är avbruten eller ingen zip)',
    noHeader: (p: string) => `delens "${p}" lokala huvud hittas inte`,
    method: (p: string, m: number) => `delen "${p}" är packad på ett okänt sätt (${m})`,
    damaged: (p: string) => `delens "${p}" packade data är skadade`,
    xml: (p: string, at: string) => `delens "${p}" XML är trasig vid ${at}`,
    structure: () => 'arbetsbokens struktur är oläslig',
    rowNumber: (r: string) => `radnumret "${r}" är felaktigt eller växer inte`,
    cellRef: (r: string) => `cellreferensen "${r}" är felaktig eller växer inte`,
    stringNumber: (v: string) => `numret "${v}" för en delad sträng är felaktigt`,
    noString: (i: number, n: number) => `den delade strängen ${i} finns inte (arbetsboken har ${n})`,
  },
  en: {
    noDirectory: () => 'the zip directory is not found (the file is cut short or not a zip)',
    noHeader: (p: string) => `the local header of part "${p}" is not found`,
    method: (p: string, m: number) => `part "${p}" is compressed in an unknown way (${m})`,
    damaged: (p: string) => `the compressed data of part "${p}" is damaged`,
    xml: (p: string, at: string) => `the XML of part "${p}" is broken at ${at}`,
    structure: () => 'the structure of the workbook is unreadable',
    rowNumber: (r: string) => `row number "${r}" is wrong or does not increase`,
    cellRef: (r: string) => `cell reference "${r}" is wrong or does not increase`,
    stringNumber: (v: string) => `shared string number "${v}" is wrong`,
    noString: (i: number, n: number) => `shared string ${i} does not exist (the workbook has ${n})`,
  },
};

/**
 * Read the first visible sheet (or the named one) of an XLSX workbook as records, streaming: the
 * zip's directory is checked against the limits before anything is unpacked, and the sheet's XML
 * goes through a SAX parser as it inflates, so the row and cell limits stop the reading at the row
 * that passes them, whatever the workbook's size. Shared strings are read after the sheet, and
 * only as far as the sheet refers to them. Never throws on bad data.
 */
export async function readXlsx(bytes: Uint8Array, sheetName: string | undefined, limits: Limits, sink: DiagnosticSink): Promise<SheetRecords | null> {
  const zip = inspectZip(bytes);
  if (!zip) {
    sink.add('XLSX_INVALID', 0, 0, { detail: PHRASES[sink.lang].noDirectory() });
    return null;
  }
  if (zip.entries > limits.maxZipEntries) {
    sink.add('XLSX_TOO_MANY_ENTRIES', 0, 0, { entries: zip.entries, limit: limits.maxZipEntries });
    return null;
  }
  if (zip.uncompressedSize > limits.maxUnzippedSize) {
    sink.add('XLSX_TOO_LARGE', 0, 0, { size: zip.uncompressedSize, limit: limits.maxUnzippedSize });
    return null;
  }
  // The directory's sizes are only claims: check them against the data before reading it. The
  // sheets are checked as they stream (stream() below), so a large sheet is not inflated twice.
  const liar = findLyingEntry(
    bytes,
    zip.list.filter((e) => !/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)),
  );
  if (liar?.badHeader) {
    sink.add('XLSX_INVALID', 0, 0, { detail: PHRASES[sink.lang].noHeader(liar.name) });
    return null;
  }
  if (liar) {
    sink.add('XLSX_SIZE_MISMATCH', 0, 0, { entry: liar.name, declared: liar.declared });
    return null;
  }
  const entries = new Map(zip.list.map((e) => [e.name, e]));
  const reader = new WorkbookReader(bytes, entries, limits, sink);
  try {
    return await reader.read(sheetName);
  } catch (error) {
    if (error instanceof Refused) return null;
    // Whatever else went wrong, the user gets the file's fault in our words, not a library's text.
    sink.add('XLSX_INVALID', 0, 0, { detail: PHRASES[sink.lang].structure() });
    return null;
  }
}

class WorkbookReader {
  private strings: string[] | null = null;
  private positions = false;
  private stringsRead = 0;
  private date1904 = false;
  private dateStyles = new Set<number>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly entries: Map<string, ZipEntryInfo>,
    private readonly limits: Limits,
    private readonly sink: DiagnosticSink,
  ) {}

  async read(sheetName: string | undefined): Promise<SheetRecords | null> {
    const mimetype = this.entries.has('mimetype') ? this.whole('mimetype') : '';
    if (mimetype.startsWith('application/vnd.oasis.opendocument')) {
      this.sink.add('ODS_FILE', 0, 0);
      return null;
    }
    const workbookPath = this.officeDocument();
    if (!this.entries.has(workbookPath)) {
      this.sink.add('NOT_A_WORKBOOK', 0, 0, { part: workbookPath });
      return null;
    }
    const sheets = this.sheets(workbookPath);
    this.readStyles(workbookPath);
    const worksheets = sheets.filter((s) => s.path !== null);
    const visible = worksheets.filter((s) => !s.hidden);
    const sheet = sheetName === undefined ? visible[0] : sheets.find((s) => s.name === sheetName);
    const list = sheets.map((s) => `"${s.name}"${s.hidden ? ` (${HIDDEN[this.sink.lang]})` : ''}`).join(', ') || '–';
    if (!sheet || sheet.path === null || !this.entries.has(sheet.path)) {
      this.sink.add('SHEET_NOT_FOUND', 0, 0, { sheet: sheetName ?? '', sheets: list });
      return null;
    }
    if (sheetName === undefined && sheets.length > 1) {
      const others = sheets.filter((s) => s !== sheet).map((s) => `"${s.name}"${s.hidden ? ` (${HIDDEN[this.sink.lang]})` : ''}`);
      this.sink.add('SHEET_USED', 0, 0, { sheet: sheet.name, others: others.join(', ') });
    }
    const records = this.readSheet(sheet.path, Infinity);
    const findOther = async (accept: (records: TextRecord[]) => boolean) => {
      for (const other of [...visible, ...worksheets.filter((s) => s.hidden)]) {
        if (other === sheet || other.path === null || !this.entries.has(other.path)) continue;
        try {
          // A quiet sink: this sheet's problems are not the table's.
          const quiet = new WorkbookReader(this.bytes, this.entries, this.limits, new DiagnosticSink(this.sink.file, this.sink.lang));
          quiet.dateStyles = this.dateStyles;
          if (accept(quiet.readSheet(other.path, HEADER_SCAN))) return other.name;
        } catch {
          // A broken other sheet is no answer.
        }
      }
      return null;
    };
    return { sheet: sheet.name, records, findOther };
  }

  /** An entry's whole text; only for the small parts (the directory has bounded the total). */
  private whole(name: string): string {
    const parts: string[] = [];
    this.stream(name, (t) => parts.push(t));
    return parts.join('');
  }

  /** Inflates an entry step by step, handing on its text; a Stop thrown by `onText` ends it. */
  private stream(name: string, onText: (text: string) => void): void {
    const e = this.entries.get(name)!;
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const at = e.localOffset;
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = this.bytes.subarray(start, Math.min(this.bytes.length, start + e.compressedSize));
    const decoder = new TextDecoder('utf-8');
    let produced = 0;
    const lying = () => {
      this.sink.add('XLSX_SIZE_MISMATCH', 0, 0, { entry: name, declared: e.uncompressedSize });
      return new Refused();
    };
    try {
      if (e.method === 0) {
        if (data.length > e.uncompressedSize) throw lying();
        for (let i = 0; i < data.length; i += STEP) onText(decoder.decode(data.subarray(i, i + STEP), { stream: true }));
      } else if (e.method === 8) {
        const inflater = new Inflate((chunk) => {
          produced += chunk.length;
          if (produced > e.uncompressedSize) throw lying();
          onText(decoder.decode(chunk, { stream: true }));
        });
        for (let i = 0; i < data.length; i += STEP) inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
      } else {
        this.sink.add('XLSX_INVALID', 0, 0, { detail: PHRASES[this.sink.lang].method(name, e.method) });
        throw new Refused();
      }
      onText(decoder.decode());
    } catch (error) {
      if (error instanceof Stop || error instanceof Refused || error instanceof XmlError) throw error;
      this.sink.add('XLSX_INVALID', 0, 0, { detail: PHRASES[this.sink.lang].damaged(name) });
      throw new Refused();
    }
  }

  /** SAX over an entry: handlers get the local name (namespace prefix dropped) and attributes. */
  private sax(name: string, handlers: { open?: (tag: string, attrs: Record<string, string>) => void; close?: (tag: string) => void; text?: (t: string) => void }): void {
    // Positions are tracked only to say where broken XML is: a second pass finds it then.
    const parser = new SaxesParser({ xmlns: false, position: this.positions });
    const local = (n: string) => n.slice(n.indexOf(':') + 1);
    parser.on('error', (e) => {
      throw new XmlError(`${parser.line}:${parser.column + 1}`, e);
    });
    if (handlers.open) parser.on('opentag', (t: SaxesTagPlain) => handlers.open!(local(t.name), t.attributes));
    if (handlers.close) parser.on('closetag', (t: SaxesTagPlain) => handlers.close!(local(t.name)));
    if (handlers.text) {
      parser.on('text', handlers.text);
      parser.on('cdata', handlers.text);
    }
    try {
      this.stream(name, (t) => {
        if (t !== '') parser.write(t);
      });
      parser.close();
    } catch (error) {
      if (error instanceof Stop) return;
      if (error instanceof XmlError && !this.positions) {
        // Once more, with positions and no handlers, only to say where (the fast pass tracks none).
        const checker = new WorkbookReader(this.bytes, this.entries, this.limits, this.sink);
        checker.positions = true;
        checker.sax(name, {});
      }
      if (error instanceof XmlError) {
        this.sink.add('XLSX_INVALID', 0, 0, { detail: PHRASES[this.sink.lang].xml(name, error.where) });
        throw new Refused();
      }
      throw error;
    }
  }

  private rels(of: string): Map<string, { target: string; type: string }> {
    const dir = of.slice(0, of.lastIndexOf('/') + 1);
    const relsPath = `${dir}_rels/${of.slice(dir.length)}.rels`;
    const map = new Map<string, { target: string; type: string }>();
    if (!this.entries.has(relsPath)) return map;
    this.sax(relsPath, {
      open: (tag, a) => {
        if (tag !== 'Relationship' || !a.Id || !a.Target) return;
        const target = a.Target.startsWith('/') ? a.Target.slice(1) : normalisePath(dir + a.Target);
        map.set(a.Id, { target, type: a.Type ?? '' });
      },
    });
    return map;
  }

  private officeDocument(): string {
    for (const r of this.rels('').values()) if (r.type.endsWith('/officeDocument')) return r.target;
    return 'xl/workbook.xml';
  }

  private sheets(workbookPath: string): SheetInfo[] {
    const rels = this.rels(workbookPath);
    const sheets: SheetInfo[] = [];
    this.sax(workbookPath, {
      open: (tag, a) => {
        if (tag === 'workbookPr') this.date1904 = a.date1904 === '1' || a.date1904 === 'true';
        if (tag !== 'sheet') return;
        const rel = rels.get(a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '');
        // Chart sheets have no cells: never the table.
        const path = rel && !rel.type.endsWith('/chartsheet') ? rel.target : null;
        sheets.push({ name: a.name ?? '', hidden: a.state === 'hidden' || a.state === 'veryHidden', path });
      },
    });
    return sheets;
  }

  /** Number formats that show a date: a number cell in one is shown as its date, as Excel does. */
  private readStyles(workbookPath: string): void {
    const rel = [...this.rels(workbookPath).values()].find((r) => r.type.endsWith('/styles'));
    const path = rel?.target ?? 'xl/styles.xml';
    if (!this.entries.has(path)) return;
    const custom = new Map<number, string>();
    let inXfs = false;
    let index = 0;
    this.sax(path, {
      open: (tag, a) => {
        if (tag === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (tag === 'cellXfs') inXfs = true;
        else if (tag === 'xf' && inXfs) {
          const id = Number(a.numFmtId ?? 0);
          if (isDateFormat(id, custom.get(id))) this.dateStyles.add(index);
          index++;
        }
      },
      close: (tag) => {
        if (tag === 'cellXfs') inXfs = false;
      },
    });
  }

  /**
   * The sheet's rows as records, stopping after `maxRecords` non-blank rows. The row limit (with
   * room for title rows above the header) and the cell limit are checked as each row ends.
   */
  private readSheet(path: string, maxRecords: number): TextRecord[] {
    const records: TextRecord[] = [];
    // Shared-string cells hold their index (a number) until the strings are read, after the sheet.
    let maxShared = -1;
    const rowLimit = this.limits.maxRows + HEADER_SCAN;
    const cellLimit = this.limits.maxRows * CELLS_PER_ROW;
    let cells = 0;
    let rowNumber = 0;
    let cells_: (string | number)[] = [];
    let noValue: number[] = [];
    let col = 0;
    let type = '';
    let style = 0;
    let hasFormula = false;
    let value: string | null = null;
    let text = '';
    let inValue = false;
    let inInline = false;
    let inPhonetic = false;
    let inText = false;
    let rowHasValue = false;
    const sink = this.sink;
    const refuse = (code: 'XLSX_BAD_CELL', line: number, column: number, detail: string): never => {
      sink.add(code, line, column, { detail });
      throw new Refused();
    };
    this.sax(path, {
      open: (tag, a) => {
        if (tag === 'row') {
          const r = a.r === undefined ? rowNumber + 1 : Number(a.r);
          if (!Number.isInteger(r) || r <= rowNumber || r > 1_048_576) refuse('XLSX_BAD_CELL', rowNumber + 1, 0, PHRASES[sink.lang].rowNumber(a.r ?? ''));
          rowNumber = r;
          cells_ = [];
          noValue = [];
          col = 0;
          rowHasValue = false;
        } else if (tag === 'c') {
          const c = a.r === undefined ? col + 1 : columnOf(a.r);
          if (c === null || c <= col || c > MAX_COLUMN) refuse('XLSX_BAD_CELL', rowNumber, col + 1, PHRASES[sink.lang].cellRef(a.r ?? ''));
          col = c!;
          type = a.t ?? 'n';
          style = Number(a.s ?? 0);
          hasFormula = false;
          value = null;
        } else if (tag === 'f') hasFormula = true;
        else if (tag === 'v') {
          inValue = true;
          text = '';
        } else if (tag === 'is') {
          inInline = true;
          text = '';
        } else if (tag === 'rPh') inPhonetic = true;
        else if (tag === 't' && inInline && !inPhonetic) inText = true;
      },
      text: (t) => {
        if (inValue || inText) text += t;
      },
      close: (tag) => {
        if (tag === 'v') {
          inValue = false;
          value = text;
        } else if (tag === 't') inText = false;
        else if (tag === 'rPh') inPhonetic = false;
        else if (tag === 'is') {
          inInline = false;
          value = text;
        } else if (tag === 'c') {
          const i = col - 1;
          if (value === null || (value === '' && hasFormula)) {
            if (hasFormula) {
              noValue.push(i);
              cells_[i] = '';
              rowHasValue = true;
            }
            return;
          }
          if (type === 's') {
            const index = Number(value);
            if (!Number.isInteger(index) || index < 0) refuse('XLSX_BAD_CELL', rowNumber, col, PHRASES[sink.lang].stringNumber(value.slice(0, 20)));
            cells_[i] = index;
            if (index > maxShared) maxShared = index;
          } else {
            cells_[i] = this.cellText(type, value, style);
          }
          rowHasValue = true;
        } else if (tag === 'row') {
          if (!rowHasValue) return;
          for (let i = 0; i < cells_.length; i++) cells_[i] ??= '';
          cells += cells_.length;
          if (cells > cellLimit) {
            sink.add('TOO_MANY_CELLS', rowNumber, 0, { limit: cellLimit });
            throw new Refused();
          }
          const record: TextRecord = { line: rowNumber, cells: cells_ as string[] };
          if (noValue.length) record.noValue = noValue;
          records.push(record);
          if (records.length > rowLimit) {
            sink.add('TOO_MANY_ROWS', rowNumber, 0, { limit: this.limits.maxRows });
            throw new Refused();
          }
          if (records.length >= maxRecords) throw new Stop();
        }
      },
    });
    if (maxShared >= 0) {
      const strings = this.sharedStrings(maxShared);
      for (const record of records) {
        const cells = record.cells as (string | number)[];
        for (let c = 0; c < cells.length; c++) {
          const index = cells[c];
          if (typeof index !== 'number') continue;
          const text = strings[index];
          if (text === undefined) refuse('XLSX_BAD_CELL', record.line, c + 1, PHRASES[sink.lang].noString(index, strings.length));
          cells[c] = text!;
        }
      }
    }
    for (const r of records) if (r.cells.every((c) => c.trim() === '') && !r.noValue) r.cells = [];
    return records;
  }

  /** The shared strings up to `upTo`: the rest are never needed, so never read. */
  private sharedStrings(upTo: number): string[] {
    if (this.strings && this.stringsRead > upTo) return this.strings;
    const workbookPath = this.officeDocument();
    const rel = [...this.rels(workbookPath).values()].find((r) => r.type.endsWith('/sharedStrings'));
    const path = rel?.target ?? 'xl/sharedStrings.xml';
    const strings: string[] = [];
    if (this.entries.has(path)) {
      let text = '';
      let inText = false;
      let inPhonetic = false;
      this.sax(path, {
        open: (tag) => {
          if (tag === 'si') text = '';
          else if (tag === 'rPh') inPhonetic = true;
          else if (tag === 't' && !inPhonetic) inText = true;
        },
        text: (t) => {
          if (inText) text += t;
        },
        close: (tag) => {
          if (tag === 't') inText = false;
          else if (tag === 'rPh') inPhonetic = false;
          else if (tag === 'si') {
            strings.push(unescapeXstring(text));
            if (strings.length > upTo) throw new Stop();
          }
        },
      });
    }
    this.strings = strings;
    this.stringsRead = strings.length;
    return strings;
  }

  /** The text a spreadsheet shows for a cell that is not a shared string. */
  private cellText(type: string, value: string, style: number): string {
    switch (type) {
      case 'inlineStr':
      case 'str':
        return unescapeXstring(value);
      case 'b':
        return value === '1' ? 'TRUE' : 'FALSE';
      case 'e':
        return value;
      default: {
        const n = Number(value);
        if (value.trim() === '' || !Number.isFinite(n)) return value;
        if (this.dateStyles.has(style)) return serialDate(n, this.date1904);
        return String(n);
      }
    }
  }
}

class XmlError extends Error {
  constructor(
    readonly where: string,
    cause: Error,
  ) {
    super(cause.message);
  }
}

/** `B12` → 2; null for anything that is not a cell reference. */
function columnOf(ref: string): number | null {
  const m = /^\$?([A-Za-z]{1,3})\$?\d*$/.exec(ref);
  if (!m) return null;
  let n = 0;
  for (const ch of m[1]!.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function normalisePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

/** OOXML writes characters XML cannot carry as `_xHHHH_`; line breaks are normalised to `\n`. */
function unescapeXstring(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\r\n?/g, '\n');
}

const BUILTIN_DATES = new Set([14, 15, 16, 17, 22, 27, 30, 36, 50, 57]);

function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return BUILTIN_DATES.has(id);
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dy]/i.test(bare) || /m{3,}/i.test(bare);
}

/** A date serial as ISO `YYYY-MM-DD` (times of day dropped, as the cell shows a date). */
function serialDate(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}
