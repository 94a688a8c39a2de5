import { DiagnosticSink, type Lang } from '../diagnostics.js';
import { FIELD_NAMES, mapColumns, REQUIRED_COUNT, requiredNamed } from './columns.js';
import { CONTROL_RE, decodeText, INVALID_BASE, isInvalidMark, looksBinary, sniff } from './decode.js';
import { detectDelimiter, HEADER_SCAN, parseDelimited, sepLine, type TextRecord } from './delimited.js';
import { DEFAULT_LIMITS, FIELDS, type Field, type Limits, type LoadResult, type RawRow, type RawTable } from './types.js';

export interface LoadOptions {
  /** Name shown in diagnostics and reports (a path, or `-` for standard input). */
  file: string;
  /** XLSX only: the sheet to read; default the first. */
  sheet?: string;
  lang?: Lang;
  limits?: Partial<Limits>;
}

/**
 * Read any export of the tracking table (TSV, `;`/`,` CSV in UTF-8/UTF-16/Windows-1252, or XLSX)
 * into raw rows keyed by field. Never throws on bad data: every problem becomes a diagnostic.
 */
export async function loadTable(bytes: Uint8Array, options: LoadOptions): Promise<LoadResult> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const sink = new DiagnosticSink(options.file, options.lang);
  const done = (table: RawTable | null): LoadResult => ({ table, diagnostics: sink.items });

  if (bytes.length === 0) {
    sink.add('EMPTY_FILE', 0, 0);
    return done(null);
  }
  if (bytes.length > limits.maxFileSize) {
    sink.add('FILE_TOO_LARGE', 0, 0, { size: bytes.length, limit: limits.maxFileSize });
    return done(null);
  }

  let records: TextRecord[] | null;
  let meta: Pick<RawTable, 'format' | 'encoding' | 'sheet'>;
  let otherSheets: ((accept: (records: TextRecord[]) => boolean) => Promise<string | null>) | undefined;
  const kind = sniff(bytes);
  if (kind === 'zip') {
    // The workbook reader (and fflate, which checks the zip) only when a workbook comes.
    const { readXlsx } = await import('./xlsx.js');
    const sheet = await readXlsx(bytes, options.sheet, limits, sink);
    if (!sheet) return done(null);
    records = sheet.records;
    meta = { format: 'xlsx', encoding: 'xlsx', sheet: sheet.sheet };
    if (options.sheet === undefined) otherSheets = sheet.findOther;
  } else if (kind === 'ole') {
    // An OLE container is Excel 97–2003 (or another old Office file): name it and the way out.
    sink.add('XLS_FILE', 0, 0);
    return done(null);
  } else if (kind !== 'text') {
    sink.add('BINARY_FILE', 0, 0);
    return done(null);
  } else {
    const decoded = await decodeText(bytes);
    let { text } = decoded;
    const { encoding } = decoded;
    if (looksBinary(text)) {
      sink.add('BINARY_FILE', 0, 0);
      return done(null);
    }
    if (text.trim() === '') {
      sink.add('EMPTY_FILE', 0, 0);
      return done(null);
    }
    if ((encoding === 'utf-16le' || encoding === 'utf-16be') && bytes[0] !== 0xff && bytes[0] !== 0xfe) sink.add('UTF16_NO_BOM', 0, 0, { encoding: encoding.toUpperCase() });
    // Excel's `sep=;` line names the delimiter; it is left out as a line of its own (numbering kept).
    const sep = sepLine(text);
    if (sep) text = text.replace(/^[^\n]*/, '');
    const delimiter = sep ?? detectDelimiter(text);
    records = parseDelimited(text, delimiter, sink);
    if (!records) return done(null);
    meta = { format: delimiter === '\t' ? 'tsv' : 'csv', encoding };
    if (sep) records = records.filter((r) => r.line !== 1);
  }

  const table = recordsToTable(records, options.file, meta, limits, sink);
  if (!table && otherSheets && sink.items.some((d) => d.code === 'MISSING_COLUMN')) {
    // The table may be on another sheet: say which, rather than only what this one lacks.
    const other = await otherSheets((recs) => findHeader(recs).complete);
    if (other !== null) {
      // That sheet's missing and unknown columns say nothing about the table: one clear message instead.
      const noise = new Set(['MISSING_COLUMN', 'EXTRA_COLUMN', 'DUPLICATE_COLUMN', 'CONTROL_CHAR', 'INVALID_BYTE']);
      sink.items.splice(0, sink.items.length, ...sink.items.filter((d) => !noise.has(d.code)));
      sink.add('COLUMNS_ON_OTHER_SHEET', 0, 0, { sheet: meta.sheet ?? '', other });
    }
  }
  return done(table);
}

/**
 * The header row: the first of the first non-blank rows that names every required column (title
 * rows, a group-heading row or a blank row may stand above it). Without one, the row naming the
 * most, so the message lists what that row has; ties go to the first.
 */
export function findHeader(records: readonly TextRecord[]): { index: number; complete: boolean } {
  let best = -1;
  let bestCount = 0;
  let seen = 0;
  for (let i = 0; i < records.length && seen < HEADER_SCAN; i++) {
    const r = records[i]!;
    if (r.cells.length === 0) continue;
    if (best < 0) best = i;
    seen++;
    const count = requiredNamed(r.cells);
    if (count === REQUIRED_COUNT) return { index: i, complete: true };
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  }
  return { index: best, complete: false };
}

const CONTROL_NAMES: Record<number, string> = { 0: 'NUL' };

/**
 * A cell's text with control characters and stray bytes as □, each reported at its own line
 * (within a cell with line breaks) and column.
 */
function cleanCell(value: string, line: number, column: number, sink: DiagnosticSink): string {
  CONTROL_RE.lastIndex = 0;
  if (!CONTROL_RE.test(value)) return value;
  CONTROL_RE.lastIndex = 0;
  return value.replace(CONTROL_RE, (c: string, offset: number) => {
    const at = line + (value.slice(0, offset).match(/\n/g)?.length ?? 0);
    const code = c.charCodeAt(0);
    if (isInvalidMark(code)) {
      sink.add('INVALID_BYTE', at, column, { byte: (code - INVALID_BASE + 0x80).toString(16).toUpperCase() });
    } else {
      sink.add('CONTROL_CHAR', at, column, { char: `U+${code.toString(16).toUpperCase().padStart(4, '0')}${CONTROL_NAMES[code] ? ` ${CONTROL_NAMES[code]}` : ''}` });
    }
    return '□';
  });
}

function recordsToTable(records: TextRecord[], file: string, meta: Pick<RawTable, 'format' | 'encoding' | 'sheet'>, limits: Limits, sink: DiagnosticSink): RawTable | null {
  const found = findHeader(records);
  const headerIndex = found.index;
  const header = records[headerIndex];
  if (!header) {
    sink.add('EMPTY_FILE', 0, 0);
    return null;
  }
  const headers = header.cells.map((h, i) => cleanCell(h, header.line, i + 1, sink).trim());
  const firstNonBlank = records.findIndex((r) => r.cells.length > 0);
  if (found.complete && headerIndex !== firstNonBlank) {
    const above = records.slice(0, headerIndex).filter((r) => r.cells.length > 0);
    const first = above[0]!.cells.map((c) => c.trim()).filter((c) => c !== '').join(' ');
    sink.add('HEADER_ROW', header.line, 0, { line: header.line, skipped: above.length, first });
  }
  const columns = mapColumns(headers, header.line, sink);
  if (!columns) return null;

  const rows: RawRow[] = [];
  const noValue: Partial<Record<Field, number>> = {};
  let blank = 0;
  let firstBlank = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.cells.length === 0) {
      blank++;
      firstBlank ||= record.line;
      continue;
    }
    if (i <= headerIndex) continue;
    if (rows.length >= limits.maxRows) {
      sink.add('TOO_MANY_ROWS', record.line, 0, { limit: limits.maxRows });
      return null;
    }
    const row: RawRow = { line: record.line, cells: {} };
    for (const field of FIELDS) {
      const index = columns[field];
      if (index === undefined) continue;
      const raw = record.cells[index] ?? '';
      if (raw.length > limits.maxCellLength) {
        sink.add('CELL_TOO_LARGE', record.line, index + 1, { length: raw.length, limit: limits.maxCellLength });
        continue;
      }
      if (record.noValue?.includes(index)) {
        sink.add('FORMULA_NO_VALUE', record.line, index + 1);
        noValue[field] = (noValue[field] ?? 0) + 1;
      }
      row.cells[field] = { value: cleanCell(raw, record.line, index + 1, sink), column: index + 1 };
    }
    rows.push(row);
  }
  if (blank > 0) sink.add('BLANK_LINES', firstBlank, 0, { count: blank });
  if (rows.length === 0) {
    sink.add('NO_ROWS', header.line, 0);
    return null;
  }
  // A column whose every cell is a formula without a result would make a report of empty texts.
  for (const field of FIELDS) {
    const count = noValue[field] ?? 0;
    const index = columns[field];
    if (count > 0 && index !== undefined && rows.every((r) => (r.cells[field]?.value ?? '') === '')) {
      sink.add('FORMULA_COLUMN_EMPTY', header.line, index + 1, { column: headers[index] ?? FIELD_NAMES[field] });
    }
  }
  return { file, ...meta, headers, rows };
}
