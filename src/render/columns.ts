import type { TableCell, TableColumn } from '../document/types.js';

/**
 * How a table's width is shared out among its columns by their weights (TableColumn.width), one
 * rule for both renderers: each column gets its weight's share of the whole. A weight of zero,
 * below zero or not a number counts as 1, so no column is ever drawn zero wide (Word cannot show
 * one) and the shares still add up to the whole.
 */

/** The weights as shared out: a zero, negative or non-finite weight counts as 1. */
export function columnWeights(weights: readonly number[]): number[] {
  return weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 1));
}

/**
 * Shares `total` by `weights`. In whole units (`'whole'`, the DOCX's twips) each share is rounded
 * down and the remainder goes to the first column, so the columns fill `total` exactly; in
 * hundredths (`'hundredths'`, the PDF's points) each share is rounded down to 0.01, so the columns
 * never exceed `total`.
 */
export function shareWidths(weights: readonly number[], total: number, rounding: 'whole' | 'hundredths'): number[] {
  const w = columnWeights(weights);
  const sum = w.reduce((a, b) => a + b, 0);
  if (rounding === 'hundredths') return w.map((x) => Math.floor((x / sum) * total * 100) / 100);
  const widths = w.map((x) => Math.floor((total * x) / sum));
  if (widths.length > 0) widths[0]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

/** Width of a text in points, in the table's font and size. */
export type Measure = (text: string, bold: boolean) => number;

export interface FitOptions {
  /** Width the renderer puts before a cell's text when the cell has a stage swatch. */
  swatch: number;
  /** Measures the header row (bold). */
  headers: string[];
  /** Whether the footer rows are bold. */
  boldFooter: boolean;
  /** Room a cell takes around its content (the DOCX's cell margins, when `usable` is the whole width). */
  padding?: number;
}

const words = (s: string): string[] => s.split(/[ \n\t]+/).filter((w) => w !== '');

function cellText(c: TableCell | undefined): { main: string; detail: string } {
  return { main: c ? c.children.map((t) => t.value).join('') : '', detail: c?.detail ? c.detail.map((t) => t.value).join('') : '' };
}

/**
 * Content widths of a table's columns: shared out by the columns' weights, but no column narrower
 * than its widest unbreakable piece (a word, `12 345` with its swatch, `(100 %)`), so a count, its
 * square and its share stay one unit at every width the data can give. What a column needs
 * beyond its share is taken from the columns that have room to spare, in proportion to that room.
 */
export function fitColumns(columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[], footerRows: readonly (readonly TableCell[])[], usable: number, measure: Measure, o: FitOptions): number[] {
  const n = columns.length;
  const weights = columnWeights(columns.map((c) => c.width));
  const sum = weights.reduce((a, b) => a + b, 0) || n;
  const share = weights.map((w) => (w / sum) * usable);
  const min = columns.map((_, i) => {
    let need = Math.max(0, ...words(o.headers[i] ?? '').map((w) => measure(w, true)));
    const visit = (r: readonly TableCell[], bold: boolean) => {
      const c = r[i];
      const { main, detail } = cellText(c);
      const pieces = words(main).map((w) => measure(w, bold));
      // The swatch goes with the first word: it must never stand alone on a line.
      if (c?.stage !== undefined) pieces[0] = (pieces[0] ?? 0) + o.swatch;
      need = Math.max(need, ...pieces, ...words(detail).map((w) => measure(w, bold)));
    };
    for (const r of rows) visit(r, false);
    for (const r of footerRows) visit(r, o.boldFooter);
    return Math.ceil(need * 100) / 100 + 0.5 + (o.padding ?? 0);
  });
  if (min.reduce((a, b) => a + b, 0) >= usable) {
    // Not even the pieces fit side by side: share by need, so every column loses alike.
    const total = min.reduce((a, b) => a + b, 0);
    return min.map((m) => Math.floor(((m / total) * usable) * 100) / 100);
  }
  const out = share.slice();
  for (let round = 0; round < n; round++) {
    const deficit = out.reduce((a, w, i) => a + Math.max(0, (min[i] ?? 0) - w), 0);
    if (deficit <= 0.001) break;
    const slack = out.map((w, i) => Math.max(0, w - (min[i] ?? 0)));
    const room = slack.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) {
      const need = (min[i] ?? 0) - (out[i] ?? 0);
      if (need > 0) out[i] = min[i] ?? 0;
      else out[i] = (out[i] ?? 0) - (room > 0 ? ((slack[i] ?? 0) / room) * Math.min(deficit, room) : 0);
    }
  }
  return out.map((w) => Math.floor(w * 100) / 100);
}
