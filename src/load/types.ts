import type { Diagnostic } from '../diagnostics.js';

/** The columns the model understands; anything else is kept out with a warning. */
export const FIELDS = ['theme', 'goal', 'action', 'risks', 'overallStatus', 'stage', 'text'] as const;
export type Field = (typeof FIELDS)[number];

/** One cell as read: text exactly as in the input (line breaks normalised to `\n`). */
export interface RawCell {
  value: string;
  /** 1-based column of the cell in the input table. */
  column: number;
}

/** One non-blank data row, with the cells of the known columns picked out by header name. */
export interface RawRow {
  /** 1-based line (text) or row number (XLSX) where the row starts. */
  line: number;
  cells: Partial<Record<Field, RawCell>>;
}

export interface RawTable {
  file: string;
  sheet?: string;
  format: 'tsv' | 'csv' | 'xlsx';
  /** `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `windows-1252`, or `xlsx`. */
  encoding: string;
  headers: string[];
  rows: RawRow[];
}

export interface Limits {
  /** Bytes of input. */
  maxFileSize: number;
  /** Characters in one cell. */
  maxCellLength: number;
  /** Data rows. */
  maxRows: number;
  /** Bytes an XLSX may unpack to, summed over its entries. */
  maxUnzippedSize: number;
  /** Entries in an XLSX zip. */
  maxZipEntries: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileSize: 50 * 1024 * 1024,
  maxCellLength: 100_000,
  maxRows: 200_000,
  maxUnzippedSize: 200 * 1024 * 1024,
  maxZipEntries: 2_000,
};

export interface LoadResult {
  /** `null` when the input could not be read as a table at all. */
  table: RawTable | null;
  diagnostics: Diagnostic[];
}
