// `kuntaraportti/docx`: the DOCX renderer (loads docx). createReport loads it by itself; import it
// to render a document tree directly.
export { renderDocx, DocxTemplateError, type DocxOptions, type DocxTemplateErrorCode, type Rasterize } from './render/docx/index.js';
export { docxRenderer } from './render/docx/renderer.js';
