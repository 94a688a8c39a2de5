import type ExcelJS from 'exceljs';
import type { DiagnosticSink } from '../diagnostics.js';
import type { Limits } from './types.js';
import type { TextRecord } from './delimited.js';
import { findLyingEntry, inspectZip } from './zip.js';

export interface SheetRecords {
  sheet: string;
  records: TextRecord[];
}

/**
 * Read the first sheet (or the named one) of an XLSX workbook as records. The zip's directory is
 * checked against the limits before anything is unpacked, so a zip bomb is refused unopened.
 */
export async function readXlsx(bytes: Uint8Array, sheetName: string | undefined, limits: Limits, sink: DiagnosticSink): Promise<SheetRecords | null> {
  const zip = inspectZip(bytes);
  if (!zip) {
    sink.add('XLSX_INVALID', 0, 0, { detail: 'zip directory not found' });
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
  // The directory's sizes are only claims: check them against the data before exceljs unpacks it.
  const liar = findLyingEntry(bytes, zip.list);
  if (liar?.badHeader) {
    sink.add('XLSX_INVALID', 0, 0, { detail: `"${liar.name}": local file header not found` });
    return null;
  }
  if (liar) {
    sink.add('XLSX_SIZE_MISMATCH', 0, 0, { entry: liar.name, declared: liar.declared });
    return null;
  }
  // Loaded on demand: exceljs takes longer to import than the rest of a text-table run.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // exceljs's typings want a Node Buffer; an ArrayBuffer works in both Node and browsers.
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    sink.add('XLSX_INVALID', 0, 0, { detail: String((error as Error).message ?? error).replace(/\s+/g, ' ').slice(0, 200) });
    return null;
  }
  const sheets = workbook.worksheets;
  const sheet = sheetName === undefined ? sheets[0] : sheets.find((s) => s.name === sheetName);
  if (!sheet) {
    sink.add('SHEET_NOT_FOUND', 0, 0, { sheet: sheetName ?? '', sheets: sheets.map((s) => `"${s.name}"`).join(', ') || '–' });
    return null;
  }
  const records: TextRecord[] = [];
  // eachRow skips empty rows, so a sheet with a million formatted-but-empty rows costs nothing.
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    records.push({ line: rowNumber, cells: cells.every((c) => c.trim() === '') ? [] : cells });
  });
  return { sheet: sheet.name, records };
}

/** The text a spreadsheet shows for the cell; formulas give their cached result, never the formula. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'formula' in v) return v.result === undefined || v.result === null ? '' : String(typeof v.result === 'object' && 'error' in v.result ? v.result.error : v.result);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(cell.text ?? v).replace(/\r\n?/g, '\n');
}
