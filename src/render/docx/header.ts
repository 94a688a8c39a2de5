/**
 * The SFS 2487 header block of every page: organisation (and logo) and unit at the left; from
 * 9.2 cm the document type in bold, the date and the reference; the page number `1 (12)` at the
 * right, built from Word's PAGE and NUMPAGES fields so it stays right after edits.
 */
import { BorderStyle, Header, ImageRun, PageNumber, Paragraph, Table, TableCell, TableLayoutType, TableRow, TabStopType, TextRun, WidthType, type ParagraphChild } from 'docx';
import type { PageHeader } from '../../document/types.js';
import type { Rasterize } from './handlers.js';
import { textRuns } from './handlers.js';
import { base64ToBytes, pngSize, svgSize, utf8 } from './images.js';
import { HEADER_COLUMN, STYLE, TEXT_WIDTH, cm } from './styles.js';

/** `{page} ({pages})` → text runs and field runs, in the pattern's order. */
export function pageNumberRuns(pattern: string): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const part of pattern.split(/(\{page\}|\{pages\})/)) {
    if (part === '{page}') out.push(new TextRun({ children: [PageNumber.CURRENT] }));
    else if (part === '{pages}') out.push(new TextRun({ children: [PageNumber.TOTAL_PAGES] }));
    else if (part !== '') out.push(...textRuns(part));
  }
  return out;
}

/** Logo 1.2 cm high, at most 5 cm wide; an SVG needs a PNG fallback, so without a rasteriser it is left out. */
function logoRun(logo: PageHeader['logo'], organisation: string, rasterize: Rasterize | undefined): ImageRun | undefined {
  if (logo === undefined) return undefined;
  const maxH = (cm(1.2) / 1440) * 96;
  const maxW = (cm(5) / 1440) * 96;
  const fit = (w: number, h: number): { width: number; height: number } => {
    const scale = Math.min(maxH / h, maxW / w);
    return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
  };
  // Only the organisation's own name: no interface word in any language.
  const altText = { name: 'logo', title: organisation, description: organisation };
  if (logo.format === 'png') {
    const data = base64ToBytes(logo.data);
    const size = pngSize(data);
    if (size === undefined) return undefined;
    return new ImageRun({ type: 'png', data, transformation: fit(size.width, size.height), altText });
  }
  const size = svgSize(logo.data);
  if (size === undefined || rasterize === undefined) return undefined;
  const t = fit(size.width, size.height);
  return new ImageRun({ type: 'svg', data: utf8(logo.data), fallback: { type: 'png', data: rasterize(logo.data, t.width * 4) }, transformation: t, altText });
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' };

/** Width of the header block under a letterhead: 9.2 cm and 7 cm, so it fits a 16.2 cm text column. */
export const LETTERHEAD_BLOCK_WIDTH = HEADER_COLUMN + cm(7);

/**
 * The header block. `letterhead`: the block goes under the municipality's own header, which has
 * its name and logo already, so the left column stays empty and the block is narrower.
 */
export function pageHeader(header: PageHeader, pageNumber: string, rasterize: Rasterize | undefined, opts: { letterhead?: boolean; omitPageNumber?: boolean } = {}): Header {
  const p = (children: ParagraphChild[]): Paragraph => new Paragraph({ style: STYLE.header, children });
  const logo = opts.letterhead ? undefined : logoRun(header.logo, header.organisation, rasterize);
  const left = opts.letterhead
    ? [p([])]
    : [
        ...(logo === undefined ? [] : [new Paragraph({ style: STYLE.header, spacing: { after: 60 }, children: [logo] })]),
        p(textRuns(header.organisation, { bold: true })),
        p(textRuns(header.unit)),
      ];
  const width = opts.letterhead ? LETTERHEAD_BLOCK_WIDTH : TEXT_WIDTH;
  const right = [
    new Paragraph({ style: STYLE.header, tabStops: [{ type: TabStopType.RIGHT, position: width - HEADER_COLUMN }], children: [...textRuns(header.docType, { bold: true }), ...(opts.omitPageNumber ? [] : [new TextRun({ children: ['\t'] }), ...pageNumberRuns(pageNumber)])] }),
    // The case number (asianumero) under the document type, as in the PDF.
    ...(header.caseNumber ? [p(textRuns(header.caseNumber))] : []),
    p(textRuns(header.date)),
    p(textRuns(header.reference)),
  ];
  const margins = { top: 0, bottom: 0, left: 0, right: 0 };
  const table = new Table({
    columnWidths: [HEADER_COLUMN, width - HEADER_COLUMN],
    width: { size: width, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: HEADER_COLUMN, type: WidthType.DXA }, margins, children: left }),
          new TableCell({ width: { size: width - HEADER_COLUMN, type: WidthType.DXA }, margins, children: right }),
        ],
      }),
    ],
  });
  // Word requires a paragraph after a table at the end of a header.
  return new Header({ children: [table, new Paragraph({ style: STYLE.header, children: [] })] });
}
