import { parse } from 'csv-parse/sync';
import type { DiagnosticSink } from '../diagnostics.js';
import { REQUIRED_COUNT, requiredNamed } from './columns.js';

export type Delimiter = '\t' | ';' | ',';

/** A parsed record with the line it starts on. */
export interface TextRecord {
  line: number;
  cells: string[];
  /** XLSX: 0-based columns whose cell is a formula without a stored result. */
  noValue?: number[];
}

/** Excel's `sep=;` first line, which names the delimiter and is not part of the table. */
export function sepLine(text: string): Delimiter | null {
  const m = /^\s*"?sep=(.)"?\s*(?:\r?\n|$)/i.exec(text.slice(0, 16));
  const d = m?.[1];
  return d === '\t' || d === ';' || d === ',' ? d : null;
}

/** Lines looked at for the header row: title rows above a table are a few, never dozens. */
export const HEADER_SCAN = 30;

/**
 * Pick the delimiter that makes a header row: the first of the first lines that, split by one of
 * tab, `;` or `,`, names every required column. Without such a line, the most frequent of the three
 * outside quotes on the first non-blank line (csv-parse's own `delimiter_auto` crashes on
 * non-ASCII text). Ties go to tab, then `;`.
 */
export function detectDelimiter(text: string): Delimiter {
  const order: Delimiter[] = ['\t', ';', ','];
  let start = 0;
  for (let n = 0; n < HEADER_SCAN && start < text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    for (const d of order) if (requiredNamed(splitLine(line, d)) === REQUIRED_COUNT) return d;
  }
  const header = firstNonBlankLine(text);
  const counts: Record<Delimiter, number> = { '\t': 0, ';': 0, ',': 0 };
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\t' || ch === ';' || ch === ',')) counts[ch]++;
  }
  return order.reduce((best, d) => (counts[d] > counts[best] ? d : best), '\t');
}

/** One line split at `d` outside quotes, quotes removed: enough to recognise a header. */
function splitLine(line: string, d: Delimiter): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

function firstNonBlankLine(text: string): string {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
    start = end + 1;
  }
  return '';
}

/**
 * Parse delimited text into records with their starting line. Blank records are kept (as empty
 * cell lists) so the caller can count them. Returns `null` after reporting when the text cannot
 * be parsed.
 */
export function parseDelimited(text: string, delimiter: Delimiter, sink: DiagnosticSink): TextRecord[] | null {
  // One line-break convention: csv-parse's own detection stumbles on mixed CRLF/LF files.
  const normalised = text.replace(/\r\n?/g, '\n');
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(normalised, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: '\n',
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as { code?: string; message?: string; lines?: number };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      const at = findUnclosedQuote(normalised, delimiter);
      sink.add('UNCLOSED_QUOTE', at.line, at.column);
    } else {
      sink.add('PARSE_ERROR', e.lines ?? 0, 0, { detail: String(e.message ?? error).replace(/\s+/g, ' ') });
    }
    return null;
  }
  const records: TextRecord[] = [];
  let previousEnd = 0;
  for (const { record, info } of parsed) {
    const blank = record.every((cell) => cell.trim() === '');
    records.push({ line: previousEnd + 1, cells: blank ? [] : record });
    previousEnd = info.lines;
  }
  return records;
}

/** Where the quote that never closes was opened: line and 1-based column (field number). */
function findUnclosedQuote(text: string, delimiter: string): { line: number; column: number } {
  let line = 1;
  let field = 1;
  let atFieldStart = true;
  let open: { line: number; column: number } | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (open) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else open = null;
      }
      if (ch === '\n') line++;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      open = { line, column: field };
      atFieldStart = false;
    } else if (ch === delimiter) {
      field++;
      atFieldStart = true;
    } else if (ch === '\n') {
      line++;
      field = 1;
      atFieldStart = true;
    } else {
      atFieldStart = false;
    }
  }
  return open ?? { line, column: field };
}
