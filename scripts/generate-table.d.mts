/** A tracking table of `n` actions shaped like the real sample (TSV); the same n and seed give the same text. */
export function generateTable(n: number, seed?: number): string;
