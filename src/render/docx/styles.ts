/**
 * Page geometry and named styles of the DOCX. Every look lives in a named style, so a user can
 * restyle the whole report in Word in one place (e.g. change "Leipäteksti" once).
 */
import { AlignmentType, LineRuleType, type IParagraphStyleOptions, type IStylesOptions } from 'docx';
import type { LangTag } from '../../document/types.js';
import { SFS_2487 as G, twips } from '../geometry.js';

/** Centimetres in twentieths of a point. */
export const cm = twips;

/** SFS 2487 (src/render/geometry.ts): A4, left 2 cm, bottom 2 cm, top/right at least 1 cm, body at 2.3 cm, line ≤ 15.7 cm. */
export const PAGE = {
  width: cm(G.pageWidth),
  height: cm(G.pageHeight),
  marginLeft: cm(G.marginLeft),
  marginRight: cm(G.marginRight),
  marginBottom: cm(G.marginBottom),
  /** Room for the header block, which Word sets in the page header from 1 cm down. */
  marginTop: cm(3.8),
  headerDistance: cm(G.headerTop),
  footerDistance: cm(1),
} as const;
/** Width between the margins: 2.3 cm indent + 15.7 cm body line. */
export const TEXT_WIDTH = PAGE.width - PAGE.marginLeft - PAGE.marginRight;
export const BODY_INDENT = cm(G.indent);
export const BODY_WIDTH = TEXT_WIDTH - BODY_INDENT;
/** The header block's second column starts 9.2 cm from the left margin. */
export const HEADER_COLUMN = cm(G.headerColumn);

/** Liberation Sans has Arial's metrics: Word users have Arial, LibreOffice maps it to Liberation Sans. */
export const FONT = 'Arial';

/** Style ids (ASCII, stable) and the names the user sees. Built-in styles keep Word's English names. */
export const STYLE = {
  body: 'Leipateksti',
  meta: 'Tunnistetiedot',
  note: 'Huomautus',
  tableText: 'Taulukkoteksti',
  list: 'Luettelo',
  caption: 'Caption',
  title: 'Title',
  header: 'Header',
  heading: ['Heading1', 'Heading2', 'Heading3'] as const,
} as const;

export const LIST_REFERENCE = 'kr-luettelo';

const pt = (points: number): number => Math.round(points * 2);
/** Line spacing 1.15 (layout.md: 1.1–1.2). */
const LINE = { line: 276, lineRule: LineRuleType.AUTO };

function heading(level: 1 | 2 | 3, size: number): IParagraphStyleOptions {
  return {
    id: STYLE.heading[level - 1] as string,
    name: `heading ${level}`,
    basedOn: 'Normal',
    next: STYLE.body,
    quickFormat: true,
    run: { font: FONT, size: pt(size), bold: true, color: '000000' },
    paragraph: {
      keepNext: true,
      keepLines: true,
      outlineLevel: level - 1,
      spacing: { before: level === 1 ? 360 : 240, after: 120, ...LINE },
      indent: { left: BODY_INDENT, hanging: BODY_INDENT },
    },
  };
}

export function docxStyles(lang: LangTag): IStylesOptions {
  return {
    default: {
      document: {
        run: { font: FONT, size: pt(11), language: { value: lang } },
        paragraph: { spacing: { after: 0, ...LINE } },
      },
    },
    paragraphStyles: [
      {
        id: STYLE.body,
        name: 'Leipäteksti',
        basedOn: 'Normal',
        next: STYLE.body,
        quickFormat: true,
        run: { font: FONT, size: pt(11) },
        paragraph: { indent: { left: BODY_INDENT }, spacing: { after: 200, ...LINE } },
      },
      {
        id: STYLE.meta,
        name: 'Tunnistetiedot',
        basedOn: STYLE.body,
        next: STYLE.body,
        paragraph: { spacing: { after: 0, ...LINE } },
      },
      {
        id: STYLE.note,
        name: 'Huomautus',
        basedOn: STYLE.body,
        next: STYLE.body,
        run: { size: pt(10), italics: true },
      },
      {
        id: STYLE.list,
        name: 'Luettelo',
        basedOn: STYLE.body,
        next: STYLE.list,
        paragraph: { spacing: { after: 80, ...LINE } },
      },
      {
        id: STYLE.tableText,
        name: 'Taulukkoteksti',
        basedOn: 'Normal',
        next: STYLE.tableText,
        run: { font: FONT, size: pt(10) },
        paragraph: { spacing: { before: 0, after: 0, line: 252, lineRule: LineRuleType.AUTO } },
      },
      {
        id: STYLE.caption,
        name: 'caption',
        basedOn: STYLE.body,
        next: STYLE.body,
        quickFormat: true,
        run: { size: pt(10), bold: true, italics: false, color: '000000' },
        paragraph: { keepNext: true, spacing: { before: 120, after: 80, ...LINE } },
      },
      {
        id: STYLE.title,
        name: 'Title',
        basedOn: 'Normal',
        next: STYLE.meta,
        quickFormat: true,
        // Title 3 pt larger than the body text (SFS 2487: 2–4 pt).
        run: { font: FONT, size: pt(14), bold: true, color: '000000' },
        paragraph: { keepNext: true, spacing: { before: 0, after: 120, ...LINE }, alignment: AlignmentType.LEFT },
      },
      heading(1, 13),
      heading(2, 12),
      heading(3, 11),
      {
        id: STYLE.header,
        name: 'header',
        basedOn: 'Normal',
        run: { font: FONT, size: pt(10) },
        paragraph: {
          spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO },
        },
      },
    ],
  };
}
