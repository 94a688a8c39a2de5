/** The SFS 2487 header block repeated on every page. */
import type { PageHeader } from '../../document/types.js';
import { wrapText } from '../../document/chart-svg.js';
import { lineNodes, type Content, type PdfContext } from './handlers.js';
import { PAGINATION, tagged } from './tags.js';
import { CM, HEADER_RIGHT_X, HEADER_SIZE, HEADER_TOP, LINE_FACTOR, MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH } from './layout.js';

const PAGE_NO_WIDTH = 2.3 * CM;
const MIDDLE_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT - HEADER_RIGHT_X - PAGE_NO_WIDTH;
const LEFT_WIDTH = HEADER_RIGHT_X - 0.3 * CM;
const LOGO_BOX: [number, number] = [4 * CM, 1.2 * CM];
const GAP_BELOW = 0.8 * CM;

export function pageLabel(pattern: string, page: number, pages: number): string {
  return pattern.replace(/\{page\}/g, String(page)).replace(/\{pages\}/g, String(pages));
}

function linesOf(s: string, width: number): number {
  // Bold text is wider than the regular metrics; 8 % slack keeps the estimate on the safe side.
  return s.split('\n').reduce((a, part) => a + wrapText(part, width / 1.08, HEADER_SIZE).length, 0);
}

/** Height the header needs, so the body's top margin never lets the two overlap. */
export function headerHeight(h: PageHeader): number {
  const line = HEADER_SIZE * LINE_FACTOR;
  const left = (h.logo ? LOGO_BOX[1] + 4 : 0) + (linesOf(h.organisation, LEFT_WIDTH) + linesOf(h.unit, LEFT_WIDTH)) * line;
  const middle = (linesOf(h.docType, MIDDLE_WIDTH) + (h.caseNumber ? linesOf(h.caseNumber, MIDDLE_WIDTH) : 0) + linesOf(h.date, MIDDLE_WIDTH) + linesOf(h.reference, MIDDLE_WIDTH)) * line;
  return HEADER_TOP + Math.max(left, middle, line) + GAP_BELOW;
}

/**
 * The header of each page: pdfmake lays it out afresh on every page, so its texts come as lines
 * broken here (of one kind, so their style is measured once for the whole document).
 */
export function headerContent(h: PageHeader, pattern: string, ctx: PdfContext): (page: number, pages: number) => Content {
  const logo: Content[] = [];
  if (h.logo?.format === 'svg') logo.push({ svg: h.logo.data, fit: LOGO_BOX, margin: [0, 0, 0, 4] });
  if (h.logo?.format === 'png') logo.push({ image: 'logo', fit: LOGO_BOX, margin: [0, 0, 0, 4] });
  // Broken once; each page gets fresh copies of the nodes, which pdfmake annotates as it lays out.
  const text = (value: string, bold: boolean, width: number): (() => Content) => {
    const nodes = lineNodes([{ text: value, bold, italics: false }], HEADER_SIZE, width, ctx, 'header');
    return () => ({ stack: nodes.map((n) => ({ ...n })) });
  };
  const organisation = text(h.organisation, true, LEFT_WIDTH);
  const unit = text(h.unit, false, LEFT_WIDTH);
  const docType = text(h.docType, true, MIDDLE_WIDTH);
  const date = text(h.date, false, MIDDLE_WIDTH);
  const reference = text(h.reference, false, MIDDLE_WIDTH);
  // The case number (asianumero) identifies the document: under its type, as SFS 2487 places it.
  const caseNumber = h.caseNumber ? text(h.caseNumber, false, MIDDLE_WIDTH) : undefined;
  // Page furniture: a screen reader skips it.
  return (page, pages) => tagged({
    margin: [MARGIN_LEFT, HEADER_TOP, MARGIN_RIGHT, 0],
    fontSize: HEADER_SIZE,
    columns: [
      { width: HEADER_RIGHT_X, stack: [...logo, organisation(), unit()], margin: [0, 0, 0.3 * CM, 0] },
      { width: MIDDLE_WIDTH, stack: [docType(), ...(caseNumber ? [caseNumber()] : []), date(), reference()] },
      { width: PAGE_NO_WIDTH, text: pageLabel(pattern, page, pages), alignment: 'right' },
    ],
    columnGap: 0,
  }, PAGINATION);
}
