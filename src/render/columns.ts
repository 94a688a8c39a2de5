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
