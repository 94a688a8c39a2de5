/**
 * Tagged PDF: the report's logical structure (headings, paragraphs, tables, lists, the chart as a
 * figure with its alternative text) beside what is drawn, so a screen reader reads the report in
 * order and the chart by its description, and the page header, table rules and repeated table
 * headers are marked as artifacts it skips.
 *
 * The handlers build the plan (a tree of StructNodes) with the pdfmake definition and tag their
 * content with it; pdfmake-tags.ts marks the drawn content and writes the tree.
 */

/** Content tagged with an element of the structure, in the order of the report. */
export interface StructNode {
  role: string;
  /** Alternative text (the chart). */
  alt: string | undefined;
  /** For table header cells: the cells they head. */
  scope: 'Column' | 'Row' | undefined;
  /** Its language when not its parent's (`/Lang`): the table's own text in a report of another language. */
  lang: string | undefined;
  /** What an abbreviation stands for (`/E`, ISO 32000-1 14.9.5). */
  expansion: string | undefined;
  kids: StructNode[];
  /**
   * Where its content was drawn: page dictionary and marked-content id, in pairs. Made on the
   * first mark at its exact size (a pushed-to empty array takes 17 slots; ~60,000 elements at
   * 10,000 actions, most marked once).
   */
  marks: unknown[] | undefined;
  /** Its PDF object number, once written. */
  id: number | undefined;
}

/** Drawn content that is not part of the text: page furniture (`Pagination`) or decoration (`Layout`). */
export interface Artifact {
  artifact: 'Pagination' | 'Layout';
}

export type Tag = StructNode | Artifact;

/**
 * The property that carries a tag on pdfmake nodes, lines and vectors. A string key: pdfmake
 * copies lines and vectors with for…in, which skips symbol keys.
 */
export const TAG = '_krTag';

export const LAYOUT: Artifact = { artifact: 'Layout' };
export const PAGINATION: Artifact = { artifact: 'Pagination' };

export const isArtifact = (tag: Tag): tag is Artifact => 'artifact' in tag;

export function structRoot(): StructNode {
  return { role: 'Document', alt: undefined, scope: undefined, lang: undefined, expansion: undefined, kids: [], marks: undefined, id: undefined };
}

export interface StructExtra {
  alt?: string;
  scope?: 'Column' | 'Row';
  lang?: string;
  expansion?: string;
}

/** A new element as the last child of `parent`. */
export function struct(parent: StructNode, role: string, extra: StructExtra = {}): StructNode {
  // One shape for every element.
  const node: StructNode = { role, alt: extra.alt, scope: extra.scope, lang: extra.lang, expansion: extra.expansion, kids: [], marks: undefined, id: undefined };
  parent.kids.push(node);
  return node;
}

/** `content` with everything in it drawn as part of `tag` (nearer tags inside win). */
export function tagged<T extends object>(content: T, tag: Tag): T {
  (content as Record<string, unknown>)[TAG] = tag;
  return content;
}
