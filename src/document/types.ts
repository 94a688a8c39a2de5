/**
 * The neutral document tree: plain data keyed by `type`, built once from template, model and
 * statistics, and rendered by the PDF and DOCX handler tables. Renderers add layout only; every
 * word the reader sees is already here, so the formats cannot drift apart.
 *
 * Text in the tree is always literal: renderers never interpret it as markup.
 */
import type { StageKey } from '../stats/types.js';

export type LangTag = 'fi-FI' | 'sv-FI' | 'en-GB';

/** A run of literal text. */
export interface Text {
  type: 'text';
  value: string;
  bold?: boolean;
  italic?: boolean;
  /**
   * The run's language when it is not the document's: the table's own text (settings `dataLang`)
   * in a report of another language, which a screen reader must read with that language's voice.
   */
  lang?: LangTag;
}

/** Inline content of a paragraph or table cell. */
export type Inline = Text;

/** Document properties shared by PDF info/XMP and DOCX core properties. */
export interface DocumentMeta {
  title: string;
  subject: string;
  author: string;
  keywords: string[];
  lang: LangTag;
  /** ISO date `YYYY-MM-DD` used as creation and modification date: never the clock. */
  date: string;
}

export interface Logo {
  format: 'svg' | 'png';
  /** SVG source text, or PNG bytes as base64. */
  data: string;
}

/** The header block of every page (SFS 2487): left the organisation, at 9.2 cm the document type. */
export interface PageHeader {
  organisation: string;
  unit: string;
  logo?: Logo;
  /** e.g. `LIITE 3` */
  docType: string;
  /** e.g. `23.10.2023` */
  date: string;
  /** e.g. `Kunnanvaltuusto 23.10.2023 § 87`; empty unless the report is a meeting's attachment. */
  reference: string;
  /** The case number (asianumero, e.g. `TUUDno-2023-123`), under the document type; empty when not given. */
  caseNumber?: string;
}

/** The document title (bold, larger), on page 1. */
export interface Title {
  type: 'title';
  text: string;
}

/** A heading hanging at the margin; `code` is shown before the text (`01.02`). */
export interface Heading {
  type: 'heading';
  level: 1 | 2 | 3;
  code?: string;
  text: string;
  /** Bookmark / outline entry (themes and goals). */
  bookmark: boolean;
  /** The language of `text` when not the document's (the table's own titles). */
  lang?: LangTag;
}

export interface Paragraph {
  type: 'paragraph';
  children: Inline[];
  /** `body` is the normal text; `meta` is the smaller identification lines under the title. */
  style?: 'body' | 'meta' | 'note';
  /** Belongs to what follows (an action's change marker): never ends a page without it. */
  keepWithNext?: boolean;
}

/** A labelled text, e.g. `Riskit: …`. */
export interface FieldBlock {
  type: 'field';
  label: string;
  text: string;
  /** The language of `text` when not the document's (the label is always the document's). */
  lang?: LangTag;
}

export interface KeyFigure {
  label: string;
  value: string;
  /** The stage the figure belongs to, for its colour swatch. */
  stage?: StageKey;
}

export interface KeyFigures {
  type: 'keyFigures';
  caption: string;
  /** The column headers where the figures are set as a table (DOCX): figure, value (in the report's language). */
  columns?: [string, string];
  items: KeyFigure[];
}

export interface TableCell {
  children: Inline[];
  /**
   * A second line that belongs to the text (the share under a count): the swatch, the text and
   * this line read as one unit, so renderers keep them together in the cell.
   */
  detail?: Inline[];
  /** Marks the cell with the stage's colour swatch (always next to text, never colour alone). */
  stage?: StageKey;
  align?: 'left' | 'right' | 'center';
  /** The cell heads its row (a theme's name, the total row's label). */
  rowHeader?: boolean;
}

export interface TableColumn {
  header: string;
  /** What an abbreviated or bare-number header stands for (`Ei rap.` → `Ei raportoitu`). */
  expansion?: string;
  /** Relative width; renderers share out the body width by these weights. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface Table {
  type: 'table';
  caption: string;
  columns: TableColumn[];
  rows: TableCell[][];
  /** Rows set in bold at the end, e.g. the total. */
  footerRows?: TableCell[][];
  /** Body rows come in groups of this many (`edellinen` / `nykyinen`) that never part across pages. */
  rowGroup?: number;
}

export interface ChartSeries {
  key: StageKey;
  label: string;
}

export interface ChartCategory {
  label: string;
  values: Record<StageKey, number>;
  /** The share of each stage as the table shows it (`71 %`), so bar labels and table agree. */
  shares?: Partial<Record<StageKey, string>>;
}

/** A horizontal 100 % stacked bar per category, with a text legend. */
export interface Chart {
  type: 'chart';
  kind: 'stackedBar';
  caption: string;
  /** Alternative text: the whole content of the chart in words. */
  alt: string;
  series: ChartSeries[];
  categories: ChartCategory[];
  /** The heading of the totals column when a renderer shows the chart as a table. */
  totalLabel?: string;
}

/** Five steps, the reached ones filled, with the stage label in text beside them. */
export interface StageIndicator {
  type: 'stageIndicator';
  stage: StageKey;
  /** e.g. `Etenemisaste 3/5: Toteutus on aloitettu, ei vielä valmis` or `Ei raportoitu`. */
  label: string;
  /** `label.slice(from)` is the unit's own wording, in `lang` (not the document's language). */
  labelData?: { from: number; lang: LangTag };
}

export interface List {
  type: 'list';
  items: Inline[][];
}

export interface PageBreak {
  type: 'pageBreak';
}

export type Block = Title | Heading | Paragraph | FieldBlock | KeyFigures | Table | Chart | StageIndicator | List | PageBreak;
export type BlockType = Block['type'];

export interface DocumentTree {
  type: 'document';
  meta: DocumentMeta;
  header: PageHeader;
  /** The page-number pattern, `{page} ({pages})` in every language of SFS 2487. */
  pageNumber: string;
  children: Block[];
  /** Files to embed (PDF/A-3b attaches the source table). */
  attachments?: { name: string; mimeType: string; description: string; data: Uint8Array }[];
}

/** Helper for renderers: the handler table type that fails to compile until every block type is handled. */
export type Handlers<Ctx, Out> = { [K in BlockType]: (node: Extract<Block, { type: K }>, ctx: Ctx) => Out };

export const text = (value: string, opts: Omit<Text, 'type' | 'value'> = {}): Text => ({ type: 'text', value, ...opts });
