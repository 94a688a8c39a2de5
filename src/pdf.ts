// `kuntaraportti/pdf`: the PDF renderer (loads pdfmake). createReport loads it by itself; import it
// to render a document tree directly.
export { renderPdf, PdfPatchError, PDFA_LEVELS, type PdfOptions, type PdfA } from './render/pdf/index.js';
export { pdfRenderer } from './render/pdf/renderer.js';
export type { FontSet } from './render/fonts.js';
