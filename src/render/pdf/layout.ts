/** Page geometry (SFS 2487, src/render/geometry.ts) and type sizes of the PDF, in points. */
import { PT_PER_CM, SFS_2487 as G } from '../geometry.js';

export const CM = PT_PER_CM;
export const PAGE_WIDTH = G.pageWidth * CM;
export const MARGIN_LEFT = G.marginLeft * CM;
export const MARGIN_RIGHT = G.marginRight * CM;
export const MARGIN_BOTTOM = G.marginBottom * CM;
/** The header block starts 1 cm from the top edge. */
export const HEADER_TOP = G.headerTop * CM;
/** One column of the 2.3 cm grid: the body indent. */
export const INDENT = G.indent * CM;
/** The body line: from the indent to the right margin, 15.7 cm. */
export const BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT - INDENT;
/** The same line as pdfmake computes it for body text (its A4 is 595.28 pt wide), for breaking lines. */
export const TEXT_COLUMN = 595.28 - MARGIN_LEFT - MARGIN_RIGHT - INDENT;
/** The document type stands 9.2 cm (four grid columns) from the left margin. */
export const HEADER_RIGHT_X = G.headerColumn * CM;

export const BODY_SIZE = 11;
export const HEADER_SIZE = 10;
/** Liberation Sans' own line height is 1.149 em, so pdfmake's factor 1 gives SFS 2487's 1.1–1.2. */
export const LINE_FACTOR = 1.149;
export const PARAGRAPH_GAP = 10;
export const FONT_FAMILY = 'Liberation Sans';
