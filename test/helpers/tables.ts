// Writers for the same table in the shapes real spreadsheets export, used to prove that the
// loader gives the same model whatever the export looked like.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SAMPLE = fileURLToPath(new URL('../../samples/tuusula-strategia-seuranta-2023.tsv', import.meta.url));
export const sampleBytes = (): Uint8Array => new Uint8Array(readFileSync(SAMPLE));

/** The sample's header and non-blank rows as a grid (the sample has no quoting). */
export function sampleGrid(): string[][] {
  return readFileSync(SAMPLE, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
}

export interface TextOptions {
  delimiter: '\t' | ';' | ',';
  encoding?: 'utf-8' | 'windows-1252' | 'utf-16le';
  bom?: boolean;
  crlf?: boolean;
  /** Quote every cell, as some exporters do. */
  quoteAll?: boolean;
}

/** RFC 4180 style: quote cells holding the delimiter, a quote or a line break. */
export function writeText(grid: string[][], o: TextOptions): Uint8Array {
  const eol = o.crlf ? '\r\n' : '\n';
  const cell = (v: string) => (o.quoteAll || v.includes(o.delimiter) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = grid.map((row) => row.map(cell).join(o.delimiter)).join(eol) + eol;
  const encoding = o.encoding ?? 'utf-8';
  const body = iconv.encode(text, encoding);
  const bom = !o.bom ? Buffer.alloc(0) : encoding === 'utf-16le' ? Buffer.from([0xff, 0xfe]) : Buffer.from([0xef, 0xbb, 0xbf]);
  return new Uint8Array(Buffer.concat([bom, body]));
}

export async function writeXlsx(grid: string[][], sheetName = 'Seuranta', extraSheets: string[] = []): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const name of extraSheets) wb.addWorksheet(name).addRow(['muuta']);
  const ws = wb.addWorksheet(sheetName);
  for (const row of grid) ws.addRow(row);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Move columns: `order` lists source column indexes. */
export function reorder(grid: string[][], order: number[]): string[][] {
  return grid.map((row) => order.map((i) => row[i] ?? ''));
}
