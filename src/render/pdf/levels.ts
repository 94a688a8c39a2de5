/** The PDF/A levels the PDF renderer writes; kept apart from index.ts so the core can list them without loading pdfmake. */
export const PDFA_LEVELS = ['1b', '2b', '3b', 'none'] as const;
export type PdfA = (typeof PDFA_LEVELS)[number];

/** PDF/A-1 and -2 forbid embedded files that are not PDF/A themselves; PDF/A-3 (and plain PDF) may carry the source. */
export function mayEmbedFiles(pdfa: PdfA): boolean {
  return pdfa === '3b' || pdfa === 'none';
}
