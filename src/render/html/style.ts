/**
 * The report's style sheet: SFS 2487 as CSS (layout.md). On screen a white A4 sheet on grey that
 * reflows on a narrow window; in print A4 pages with the standard's margins and the header block
 * repeated on every page in the page margins, with the page number `1 (12)` counted there.
 */
import { wrapText } from '../../document/chart-svg.js';
import type { Logo, PageHeader } from '../../document/types.js';
import { base64 } from './base64.js';
import { SFS_2487 as G } from '../geometry.js';
import { cssString, escapeHtml } from './escape.js';

const FONT = '"Liberation Sans", Arial, Helvetica, sans-serif';

/** Lines of a header column of `widthCm` at 10 pt, estimated as the PDF's header does (8 % slack for bold). */
const linesOf = (s: string, widthCm: number): number => (s === '' ? 0 : s.split('\n').reduce((a, part) => a + wrapText(part, (widthCm * 72) / 2.54 / 1.08, 10).length, 0));

/** `{page} ({pages})` as CSS content: literal parts as strings, the numbers as page counters. */
function pageNumberContent(pattern: string): string {
  const parts = pattern.split(/(\{page\}|\{pages\})/).filter((p) => p !== '');
  return parts.map((p) => (p === '{page}' ? 'counter(page)' : p === '{pages}' ? 'counter(pages)' : cssString(p))).join(' ') || 'none';
}

/**
 * The document type and the page number on one line, the page number at the right as in the PDF:
 * the line is justified and the one space between them is its only stretchable space (the others
 * are four-per-em spaces, as wide as a space, still breakable, never stretched). The date and
 * the reference below it.
 */
function docColumn(h: PageHeader, pattern: string): string {
  const fixed = (s: string): string => s.replace(/ /g, '\u2005');
  const number = pageNumberContent(fixed(pattern));
  const rest = [h.date, h.reference].filter((v) => v !== '').map((v) => ` "\\A" ${cssString(fixed(v))}`);
  return h.docType === '' ? `${number}${rest.join('')}` : `${cssString(`${fixed(h.docType)} `)} ${number}${rest.join('')}`;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The logo as a data URL (base64: nothing in it needs escaping in an attribute or a CSS string). */
export function logoDataUrl(logo: Logo | undefined): string | undefined {
  if (logo === undefined) return undefined;
  return logo.format === 'png' ? `data:image/png;base64,${logo.data}` : `data:image/svg+xml;base64,${base64(utf8(logo.data))}`;
}

/**
 * The logo for the page margin: generated content cannot be sized, so the logo goes into an SVG
 * box of 4 × 1.2 cm (as in the PDF) that fits it in, keeping its proportions.
 */
function marginLogo(logo: Logo | undefined): string {
  const inner = logoDataUrl(logo);
  if (inner === undefined) return '';
  const box =
    `<svg xmlns="http://www.w3.org/2000/svg" width="4cm" height="1.2cm" viewBox="0 0 400 120">` +
    `<image href="${escapeHtml(inner)}" x="0" y="0" width="400" height="120" preserveAspectRatio="xMinYMid meet"/></svg>`;
  return `url("data:image/svg+xml;base64,${base64(utf8(box))}") "\\A" `;
}

const lines = (values: string[]): string => {
  const kept = values.filter((v) => v !== '');
  return kept.length === 0 ? 'none' : kept.map(cssString).join(' "\\A" ');
};

/** The text width, 18 cm, and the header's right column beside the 9.2 cm left one. */
const TEXT = G.pageWidth - G.marginLeft - G.marginRight;
const RIGHT = TEXT - G.headerColumn;
const cm = (v: number): string => `${Math.round(v * 100) / 100}cm`;

export function styleSheet(header: PageHeader, pageNumber: string, tableRules: string[]): string {
  const left = linesOf(header.organisation, G.headerColumn - 0.3) + linesOf(header.unit, G.headerColumn - 0.3) + (header.logo ? (1.2 * 72) / 2.54 / (10 * 1.149) + 0.4 : 0);
  const middle = linesOf(header.docType, RIGHT - G.indent) + linesOf(header.date, RIGHT) + linesOf(header.reference, RIGHT);
  // The top margin of every printed page holds the header block: 1 cm above it, 0.8 cm below (as the PDF).
  const top = (G.headerTop + (Math.max(left, middle, 1) * 10 * 1.149 * 2.54) / 72 + 0.8).toFixed(2);
  const margin = `font:10pt/1.149 ${FONT};color:#000;vertical-align:top;padding-top:${cm(G.headerTop)};white-space:pre-wrap`;
  return [
    `html{background:#d9d9d9;color:#000}`,
    `body{margin:0;font:11pt/1.149 ${FONT};overflow-wrap:anywhere}`,
    `.kr-page{box-sizing:border-box;max-width:${cm(G.pageWidth)};margin:1.5rem auto;padding:${cm(G.headerTop)} ${cm(G.marginRight)} ${cm(G.marginBottom)} ${cm(G.marginLeft)};background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.35)}`,
    // The header block (SFS 2487): organisation and unit at the left, from 9.2 cm the document type.
    `.kr-header{display:grid;grid-template-columns:${cm(G.headerColumn)} 1fr;font-size:10pt;margin-bottom:.8cm}`,
    `.kr-header p{margin:0}`,
    `.kr-header .kr-org,.kr-header .kr-doctype{font-weight:bold}`,
    `.kr-header .kr-from{padding-right:.3cm}`,
    `.kr-logo{display:block;max-width:4cm;max-height:1.2cm;margin-bottom:4pt}`,
    // Body text starts at the 2.3 cm grid line; headings hang at the margin.
    `main>*{margin:0 0 10pt ${cm(G.indent)}}`,
    `main>h1{margin:0 0 10pt;font-size:14pt}`,
    `h2,h3,h4,h5,h6{margin:0 0 6pt;padding-left:${cm(G.indent)};text-indent:-${cm(G.indent)};break-after:avoid}`,
    `.kr-h1{font-size:13pt;margin-top:16pt}.kr-h2{font-size:12pt;margin-top:12pt}.kr-h3{font-size:11pt;margin-top:8pt}`,
    `.kr-code{display:inline-block;min-width:${cm(G.indent)};text-indent:0}`,
    `.kr-meta{font-size:10pt;margin-bottom:2pt}`,
    `.kr-note{font-size:9.5pt;font-style:italic}`,
    `.kr-caption{display:block;font-weight:bold;font-size:10pt;margin:0 0 4pt;text-align:left}`,
    `figure{padding:0}`,
    `.kr-figures ul{display:grid;grid-template-columns:repeat(3,1fr);list-style:none;margin:0;padding:0;border-top:.5pt solid #808080;border-left:.5pt solid #808080}`,
    `.kr-figures li{padding:4pt;border-right:.5pt solid #808080;border-bottom:.5pt solid #808080}`,
    `.kr-value{font-weight:bold;font-size:14pt}.kr-label{display:block;font-size:9pt}`,
    `.kr-swatch{vertical-align:-1pt}`,
    `table{border-collapse:collapse;table-layout:fixed;width:calc(100% - ${cm(G.indent)});font-size:10pt}`,
    `caption{caption-side:top;text-align:left;font-weight:bold;padding:0 0 2pt}`,
    `th,td{padding:3pt 4pt;text-align:left;vertical-align:top;border-bottom:.4pt solid #808080}`,
    `thead th,thead td{background:#e6e6e6;font-weight:bold;border-top:.8pt solid #808080;border-bottom:.8pt solid #808080}`,
    `tbody th{font-weight:normal}`,
    `tfoot th,tfoot td{font-weight:bold;border-bottom:.8pt solid #808080}`,
    `.kr-r{text-align:right}.kr-c{text-align:center}`,
    `.kr-chart{display:block;width:100%;max-width:15.7cm;height:auto}`,
    `.kr-stage{display:flex;align-items:flex-start;font-size:10pt}`,
    `.kr-boxes{flex:none;width:62pt;margin-right:4pt;white-space:nowrap;line-height:1}`,
    `.kr-boxes .kr-swatch{vertical-align:0}`,
    `.kr-list{padding-left:.6cm}`,
    `.kr-list li{margin-bottom:3pt}`,
    `.kr-sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}`,
    ...tableRules,
    // A narrow window (a phone, 400 % zoom): one column, no indent, nothing to scroll sideways.
    `@media screen and (max-width:44rem){.kr-page{margin:0;padding:1rem;box-shadow:none}.kr-header{grid-template-columns:1fr;row-gap:.5rem}main>*{margin-left:0}table{width:100%}h2,h3,h4,h5,h6{padding-left:0;text-indent:0}.kr-code{min-width:0}.kr-figures ul{grid-template-columns:1fr 1fr}}`,
    // Print: A4, left and bottom margin 2 cm, right 1 cm, and on every page the header block in
    // the top margin with the page number counted there (the header in the text is for the screen).
    `@page{size:A4;margin:${top}cm ${cm(G.marginRight)} ${cm(G.marginBottom)} ${cm(G.marginLeft)};` +
      `@top-left{content:${marginLogo(header.logo)}${lines([header.organisation, header.unit])};width:${cm(G.headerColumn)};${margin}}` +
      `@top-right{content:${docColumn(header, pageNumber)};width:${cm(RIGHT)};text-align:left;text-align-last:justify;${margin}}}`,
    `@media print{html{background:none}.kr-header{display:none}.kr-page{max-width:${cm(TEXT)};margin:0;padding:0;box-shadow:none}` +
      `tr,figure,.kr-stage{break-inside:avoid}caption{break-after:avoid}thead{display:table-header-group}.kr-page-break{break-after:page}}`,
  ].join('\n');
}
