/** The PDF/A levels the PDF renderer writes; kept apart from index.ts so the core can list them without loading pdfmake. */
import { pdfaAllowsAttachments, type PdfA } from '../../document/pdfa.js';

export { DEFAULT_PDFA, PDFA_LEVELS, pdfaPart, type PdfA } from '../../document/pdfa.js';

/** PDF/A-1 and -2 forbid embedded files that are not PDF/A themselves; PDF/A-3 (and plain PDF) may carry the source. */
export function mayEmbedFiles(pdfa: PdfA): boolean {
  return pdfaAllowsAttachments(pdfa);
}
