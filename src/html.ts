// `kuntaraportti/html`: the HTML renderer (no dependencies; the browser page's preview uses it).
// createReport loads it by itself; import it to render a document tree directly.
export { renderHtml, renderHtmlString, type HtmlOptions } from './render/html/index.js';
export { htmlRenderer } from './render/html/renderer.js';
