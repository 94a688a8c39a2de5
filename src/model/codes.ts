/** Codes as they appear in the table: `01.` theme, `01.02` goal, `01.02.01` action. */

export type CodeParts = number[];

/** Normalised code: two-digit parts joined by dots (`1.2.3` → `01.02.03`). */
export function formatCode(parts: CodeParts): string {
  return parts.map((n) => String(n).padStart(2, '0')).join('.');
}

/** Numeric order of codes, so `01.10` comes after `01.09`. */
export function compareCodes(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export type CodeParse =
  | { kind: 'ok'; parts: CodeParts; title: string }
  | { kind: 'empty' }
  | { kind: 'nocode'; text: string }
  | { kind: 'malformed'; code: string; title: string };

/**
 * Split `01.02.01 Title` into code parts and title. A leading token of digits and dots that does
 * not have `depth` parts is malformed; text without such a token has no code.
 */
export function parseCode(cell: string, depth: 1 | 2 | 3): CodeParse {
  const text = cell.trim();
  if (text === '') return { kind: 'empty' };
  const m = /^(\d[\d.,]*)(?=\s|$)\s*([\s\S]*)$/.exec(text);
  if (!m) return { kind: 'nocode', text };
  const token = m[1]!;
  const title = m[2]!.trim();
  const parts = token.replace(/\.$/, '').split('.');
  if (parts.length !== depth || parts.some((p) => !/^\d{1,3}$/.test(p))) {
    return { kind: 'malformed', code: token, title };
  }
  return { kind: 'ok', parts: parts.map(Number), title };
}

export const CODE_SHAPES = { 1: 'NN.', 2: 'NN.NN', 3: 'NN.NN.NN' } as const;
