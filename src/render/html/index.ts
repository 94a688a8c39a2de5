/**
 * The HTML renderer: the document tree as one self-contained, accessible web page. Inline style
 * sheet and SVG, no script, no external resource (a Content-Security-Policy in the file says so
 * to the browser too), and the same words, figures and order as the PDF. Output depends on the
 * tree only: the same tree gives the same bytes.
 */
import type { DocumentTree, PageHeader } from '../../document/types.js';
import { printableTree } from '../text.js';
import { escapeHtml, textHtml } from './escape.js';
import { renderBlocks, type HtmlContext } from './handlers.js';
import { sha256 } from '@noble/hashes/sha2';
import { base64 } from './base64.js';
import { logoDataUrl, styleSheet } from './style.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- room for options without breaking callers
export interface HtmlOptions {}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The logo as an image from a data URL: an SVG there can run no script and load nothing. */
function logo(h: PageHeader): string {
  const src = logoDataUrl(h.logo);
  if (src === undefined) return '';
  // The organisation's name stands beside it in text, so the image itself says nothing more.
  return `<img class="kr-logo" src="${escapeHtml(src)}" alt="">`;
}

const line = (cls: string, value: string): string => (value === '' ? '' : `<p class="${cls}">${textHtml(value)}</p>`);

/** The SFS 2487 header block, in the text of the first page (the page margins repeat it in print). */
function headerBlock(h: PageHeader): string {
  return (
    `<header class="kr-header"><div class="kr-from">${logo(h)}${line('kr-org', h.organisation)}${line('kr-unit', h.unit)}</div>` +
    `<div class="kr-doc">${line('kr-doctype', h.docType)}${h.caseNumber ? line('kr-case', h.caseNumber) : ''}${line('kr-date', h.date)}${line('kr-reference', h.reference)}</div></header>`
  );
}

/** The report as an HTML string (what renderHtml encodes). */
export function renderHtmlString(input: DocumentTree, _options: HtmlOptions = {}): string {
  // The same text policy as the PDF and the DOCX (text.ts), so the three say the same.
  const tree = printableTree(input);
  const ctx: HtmlContext = { rank: 1, tables: 0, css: [] };
  const body = renderBlocks(tree.children, ctx);
  const css = styleSheet(tree.header, tree.pageNumber, ctx.css);
  const hash = base64(sha256(utf8(css)));
  const { meta } = tree;
  // Nothing may load or run: only the style sheet of this file, and images from data URLs (the logo).
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const metaTag = (name: string, content: string): string => (content === '' ? '' : `<meta name="${name}" content="${escapeHtml(content)}">\n`);
  return (
    `<!DOCTYPE html>\n<html lang="${escapeHtml(meta.lang)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(meta.title.replace(/\n/g, ' '))}</title>\n` +
    metaTag('author', meta.author) +
    metaTag('description', meta.subject) +
    metaTag('keywords', meta.keywords.join(', ')) +
    metaTag('dcterms.created', meta.date) +
    metaTag('generator', 'kuntaraportti') +
    `<style>${css}</style>\n</head>\n<body>\n<div class="kr-page">\n${headerBlock(tree.header)}\n<main>\n${body}</main>\n</div>\n</body>\n</html>\n`
  );
}

/** The report as one self-contained `.html` file, UTF-8. */
export async function renderHtml(tree: DocumentTree, options: HtmlOptions = {}): Promise<Uint8Array> {
  return utf8(renderHtmlString(tree, options));
}
