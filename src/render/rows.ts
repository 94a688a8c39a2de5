import type { TableCell } from '../document/types.js';

/**
 * Whether a table row is surely far shorter than a page, from a generous estimate of 10 pt text
 * (about 6 pt a character, 14 pt a line). Both renderers keep only such rows from breaking: a
 * row that may not break is dropped by pdfmake (#2560) and clipped by Word when it outgrows a page.
 */
export function rowSurelyShort(row: readonly (TableCell | undefined)[], widthsPt: readonly number[]): boolean {
  return row.every((cell, i) => {
    const text = cell ? cell.children.map((t) => t.value).join('') : '';
    const perLine = Math.max(1, Math.floor((widthsPt[i] ?? 10) / 6));
    const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
    return lines * 14 < 400;
  });
}
