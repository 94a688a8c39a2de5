/**
 * The PDF/A levels a report can be written to: the national preservation list's PDF/A-1a/1b,
 * 2a/2b and 3a/3b, or none. Level A (accessible: tagged, with Unicode text and the language
 * said) is the default; part 3 is the one that may carry the source table inside the file.
 * Plain data, so the template schema, the renderer and the command share one list.
 */
export const PDFA_LEVELS = ['1a', '1b', '2a', '2b', '3a', '3b', 'none'] as const;
export type PdfA = (typeof PDFA_LEVELS)[number];

/** The level used where neither the template nor the caller says one. */
export const DEFAULT_PDFA: PdfA = '2a';

/** The PDF/A part (1, 2, 3), or undefined for `none`. */
export function pdfaPart(level: PdfA): 1 | 2 | 3 | undefined {
  return level === 'none' ? undefined : (Number(level[0]) as 1 | 2 | 3);
}

/** Whether the file may carry embedded files: only PDF/A-3 of the PDF/A parts (and plain PDF). */
export function pdfaAllowsAttachments(level: PdfA): boolean {
  return level === 'none' || pdfaPart(level) === 3;
}
