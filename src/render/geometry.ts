/**
 * SFS 2487 page geometry, in centimetres: the one source both renderers convert from (the PDF to
 * points in pdf/layout.ts, the DOCX to twentieths of a point in docx/styles.ts).
 */
export const SFS_2487 = {
  /** A4. */
  pageWidth: 21,
  pageHeight: 29.7,
  marginLeft: 2,
  /** At least 1 cm at the top and right. */
  marginRight: 1,
  marginBottom: 2,
  /** The header block starts 1 cm from the top edge. */
  headerTop: 1,
  /** One column of the 2.3 cm grid: the body text's indent. */
  indent: 2.3,
  /** The document type stands 9.2 cm (four grid columns) from the left margin. */
  headerColumn: 9.2,
} as const;

/** PDF points per centimetre. */
export const PT_PER_CM = 72 / 2.54;

/** Centimetres in twentieths of a point (Word's twips), rounded to whole ones. */
export const twips = (cm: number): number => Math.round((cm * 1440) / 2.54);
