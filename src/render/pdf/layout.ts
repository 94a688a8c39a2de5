/** Page geometry and type sizes of SFS 2487, in PDF points. */
export const CM = 72 / 2.54;
export const PAGE_WIDTH = 21 * CM;
export const MARGIN_LEFT = 2 * CM;
export const MARGIN_RIGHT = 1 * CM;
export const MARGIN_BOTTOM = 2 * CM;
/** The header block starts 1 cm from the top edge. */
export const HEADER_TOP = 1 * CM;
/** One column of the 2.3 cm grid: the body indent. */
export const INDENT = 2.3 * CM;
/** The body line: from the indent to the right margin, 15.7 cm. */
export const BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT - INDENT;
/** The same line as pdfmake computes it for body text (its A4 is 595.28 pt wide), for breaking lines. */
export const TEXT_COLUMN = 595.28 - MARGIN_LEFT - MARGIN_RIGHT - INDENT;
/** The document type stands 9.2 cm (four grid columns) from the left margin. */
export const HEADER_RIGHT_X = 9.2 * CM;

export const BODY_SIZE = 11;
export const HEADER_SIZE = 10;
/** Liberation Sans' own line height is 1.149 em, so pdfmake's factor 1 gives SFS 2487's 1.1–1.2. */
export const LINE_FACTOR = 1.149;
export const PARAGRAPH_GAP = 10;
export const FONT_FAMILY = 'Liberation Sans';
