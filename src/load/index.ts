import { DiagnosticSink, type Lang } from '../diagnostics.js';
import { mapColumns } from './columns.js';
import { decodeText, looksBinary, sniff } from './decode.js';
import { detectDelimiter, parseDelimited, type TextRecord } from './delimited.js';
import { DEFAULT_LIMITS, FIELDS, type Limits, type LoadResult, type RawRow, type RawTable } from './types.js';

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
  const kind = sniff(bytes);
  if (kind === 'zip') {
    // The workbook reader (and fflate, which checks the zip) only when a workbook comes.
    const { readXlsx } = await import('./xlsx.js');
    const sheet = await readXlsx(bytes, options.sheet, limits, sink);
    if (!sheet) return done(null);
    records = sheet.records;
    meta = { format: 'xlsx', encoding: 'xlsx', sheet: sheet.sheet };
  } else if (kind !== 'text') {
    sink.add('BINARY_FILE', 0, 0);
    return done(null);
  } else {
    const { text, encoding } = await decodeText(bytes);
    if (looksBinary(text)) {
      sink.add('BINARY_FILE', 0, 0);
      return done(null);
    }
    if (text.trim() === '') {
      sink.add('EMPTY_FILE', 0, 0);
      return done(null);
    }
    const delimiter = detectDelimiter(text);
    records = parseDelimited(text, delimiter, sink);
    if (!records) return done(null);
    meta = { format: delimiter === '\t' ? 'tsv' : 'csv', encoding };
  }

  return done(recordsToTable(records, options.file, meta, limits, sink));
}

function recordsToTable(records: TextRecord[], file: string, meta: Pick<RawTable, 'format' | 'encoding' | 'sheet'>, limits: Limits, sink: DiagnosticSink): RawTable | null {
  const headerIndex = records.findIndex((r) => r.cells.length > 0);
  const header = records[headerIndex];
  if (!header) {
    sink.add('EMPTY_FILE', 0, 0);
    return null;
  }
  const headers = header.cells.map((h) => h.trim());
  const columns = mapColumns(headers, header.line, sink);
  if (!columns) return null;

  const rows: RawRow[] = [];
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
      const value = record.cells[index] ?? '';
      if (value.length > limits.maxCellLength) {
        sink.add('CELL_TOO_LARGE', record.line, index + 1, { length: value.length, limit: limits.maxCellLength });
        continue;
      }
      row.cells[field] = { value, column: index + 1 };
    }
    rows.push(row);
  }
  if (blank > 0) sink.add('BLANK_LINES', firstBlank, 0, { count: blank });
  if (rows.length === 0) {
    sink.add('NO_ROWS', header.line, 0);
    return null;
  }
  return { file, ...meta, headers, rows };
}
