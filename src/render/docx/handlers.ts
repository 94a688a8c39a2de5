/**
 * One small handler per node type of the document tree, each returning Word blocks. The table is
 * typed with `Handlers`, so a new node type fails to compile until it is handled here.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  ImageRun,
  PageBreak,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { chartToSvg } from '../../document/chart-svg.js';
import { rowSurelyShort } from '../rows.js';
import { EMPTY_STEP_COLOR, RULE_COLOR, STAGE_COLORS } from '../../document/palette.js';
import type { Block, Chart, Handlers, Inline, TableCell as TreeCell, TableColumn } from '../../document/types.js';
import type { StageKey } from '../../stats/types.js';
import { svgSize, utf8 } from './images.js';
import { BODY_INDENT, BODY_WIDTH, LIST_REFERENCE, STYLE, cm } from './styles.js';
import { shareWidths } from '../columns.js';

export type Rasterize = (svg: string, widthPx: number) => Uint8Array;

export interface DocxContext {
  rasterize?: Rasterize;
  /** Bookmark names already used, so each heading gets a unique one. */
  bookmarks: Set<string>;
  /**
   * The boxes of a stage indicator by stage, made once per document: docx writes a run the same
   * wherever it stands, and a report of 10,000 actions would otherwise build 100,000 such runs.
   */
  indicatorRuns?: Map<string, ParagraphChild[]>;
}

export type WordBlock = Paragraph | Table;

const hex = (color: string): string => color.replace('#', '').toUpperCase();

/**
 * Literal text as runs: line breaks become Word breaks. Nothing is interpreted as markup. The text
 * has been through the control-character policy of both renderers already (printableTree,
 * src/render/text.ts): no character XML 1.0 cannot hold is left, and every line break is LF.
 */
export function textRuns(value: string, opts: { bold?: boolean; italics?: boolean; lang?: string } = {}): TextRun[] {
  const { lang, ...style } = opts;
  // w:lang on the table's own text in a report of another language: read with that language's voice.
  const language = lang !== undefined ? { language: { value: lang } } : {};
  return value.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...style, ...language }));
}

const inlineRuns = (children: Inline[], bold = false): TextRun[] =>
  children.flatMap((c) => textRuns(c.value, { bold: bold || c.bold === true || undefined, italics: c.italic === true || undefined, ...(c.lang ? { lang: c.lang } : {}) }));

const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: hex(RULE_COLOR) };

/**
 * A small shaded box as a run of no-break spaces with a border. "Not reported" is grey and
 * hatched, so it is told apart from stage colours in greyscale too.
 */
function swatch(stage: StageKey | 'empty'): TextRun {
  const shading =
    stage === 'empty'
      ? { type: ShadingType.CLEAR, fill: hex(EMPTY_STEP_COLOR), color: 'auto' }
      : stage === 'unreported'
        ? { type: ShadingType.DIAGONAL_STRIPE, fill: hex(STAGE_COLORS.unreported), color: hex(RULE_COLOR) }
        : { type: ShadingType.CLEAR, fill: hex(STAGE_COLORS[stage]), color: 'auto' };
  return new TextRun({ text: '\u00a0\u00a0\u00a0', shading, border: RULE });
}

/** Unbordered gap between swatches: Word merges adjacent runs with equal borders into one box. */
const gap = (): TextRun => new TextRun({ text: '\u2009' });

function cellRuns(cell: TreeCell, bold: boolean): ParagraphChild[] {
  const runs: ParagraphChild[] = inlineRuns(cell.children, bold);
  return cell.stage === undefined ? runs : [swatch(cell.stage), new TextRun({ text: '\u00a0' }), ...runs];
}

const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;


interface GridSpec {
  headers: string[];
  widths: number[];
  align: ('left' | 'right' | 'center' | undefined)[];
  rows: TreeCell[][];
  footerRows?: TreeCell[][];
  indent?: number;
}

/** A real table: fixed grid, thin rules, header row repeated on every page and never split. */
function grid(spec: GridSpec): Table {
  const margins = { top: 40, bottom: 40, left: 85, right: 85 };
  const cell = (c: TreeCell | undefined, i: number, kind: 'head' | 'body' | 'foot', keepNext = false): TableCell =>
    new TableCell({
      width: { size: spec.widths[i] ?? 0, type: WidthType.DXA },
      margins,
      verticalAlign: VerticalAlignTable.TOP,
      shading: kind === 'head' ? { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } : undefined,
      children: [
        new Paragraph({
          style: STYLE.tableText,
          keepNext: keepNext || undefined,
          alignment: ALIGN[c?.align ?? spec.align[i] ?? 'left'],
          children: c === undefined ? [] : cellRuns(c, kind !== 'body'),
        }),
      ],
    });
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    // Keep with next: the header row never ends a page without a row under it.
    children: spec.headers.map((h, i) => cell({ children: [{ type: 'text', value: h }] }, i, 'head', true)),
  });
  // Only surely short rows stay whole: Word clips a row that may not break and outgrows a page.
  const widthsPt = spec.widths.map((w) => w / 20);
  const short = (r: TreeCell[]) => rowSurelyShort(r, widthsPt);
  // The last body row keeps with the total rows after it, so a total never stands alone at the top
  // of a page (only a short row: a row that may break is not held back).
  const hasFoot = (spec.footerRows ?? []).length > 0;
  const body = spec.rows.map((r, n) => {
    const whole = short(r);
    const keep = hasFoot && whole && n === spec.rows.length - 1;
    return new TableRow({ cantSplit: whole, children: spec.widths.map((_, i) => cell(r[i], i, 'body', keep)) });
  });
  const foot = (spec.footerRows ?? []).map((r) => new TableRow({ cantSplit: short(r), children: spec.widths.map((_, i) => cell(r[i], i, 'foot')) }));
  return new Table({
    rows: [header, ...body, ...foot],
    columnWidths: spec.widths,
    width: { size: spec.widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    indent: { size: spec.indent ?? BODY_INDENT, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE },
  });
}

const caption = (text: string): Paragraph => new Paragraph({ style: STYLE.caption, children: textRuns(text) });

/** After a table Word needs a paragraph; a small one keeps consecutive tables apart. */
const spacer = (): Paragraph => new Paragraph({ style: STYLE.body, spacing: { after: 120 }, children: [] });

function bookmarkName(ctx: DocxContext, code: string | undefined, text: string): string {
  const base = `kr_${(code ?? text).replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '')}`.slice(0, 36);
  let name = base;
  for (let n = 2; ctx.bookmarks.has(name); n++) name = `${base}_${n}`;
  ctx.bookmarks.add(name);
  return name;
}

/** Counts as a table: the fallback when no rasteriser is given, never a failure. */
function chartTable(node: Chart): WordBlock[] {
  const rows = node.categories.map((c) => {
    const total = node.series.reduce((a, s) => a + (c.values[s.key] ?? 0), 0);
    return [
      { children: [{ type: 'text' as const, value: c.label }] },
      ...node.series.map((s) => ({ children: [{ type: 'text' as const, value: String(c.values[s.key] ?? 0) }], align: 'right' as const })),
      { children: [{ type: 'text' as const, value: String(total) }], align: 'right' as const },
    ];
  });
  const first = Math.round(BODY_WIDTH * 0.3);
  const rest = node.series.length + 1;
  const widths = [first, ...shareWidths(Array.from({ length: rest }, () => 1), BODY_WIDTH - first, 'whole')];
  return [
    caption(node.caption),
    grid({ headers: ['', ...node.series.map((s) => s.label), 'Yhteensä'], widths, align: ['left', ...node.series.map(() => 'right' as const), 'right'], rows }),
    new Paragraph({ style: STYLE.note, children: textRuns(node.alt) }),
  ];
}

/** Twips to the 96-dpi pixels ImageRun sizes are given in. */
const px = (twips: number): number => Math.round((twips / 1440) * 96);

export const handlers: Handlers<DocxContext, WordBlock[]> = {
  title: (node) => [new Paragraph({ style: STYLE.title, children: textRuns(node.text) })],

  heading: (node, ctx) => {
    // The code hangs at the margin and the title starts at the 2.3 cm body line, as in the PDF:
    // the style's hanging indent makes the tab stop there, and wrapped lines align with the title.
    const title = textRuns(node.text, node.lang ? { lang: node.lang } : {});
    const runs: ParagraphChild[] = node.code === undefined || node.code === '' ? title : [...textRuns(node.code), new TextRun({ children: [new Tab()] }), ...title];
    const children: ParagraphChild[] = node.bookmark ? [new Bookmark({ id: bookmarkName(ctx, node.code, node.text), children: runs })] : runs;
    return [new Paragraph({ style: STYLE.heading[node.level - 1], children })];
  },

  paragraph: (node) => {
    const style = node.style === 'meta' ? STYLE.meta : node.style === 'note' ? STYLE.note : STYLE.body;
    return [new Paragraph({ style, children: inlineRuns(node.children) })];
  },

  field: (node) => [new Paragraph({ style: STYLE.body, children: [...textRuns(`${node.label}: `, { bold: true }), ...textRuns(node.text, node.lang ? { lang: node.lang } : {})] })],

  keyFigures: (node) => {
    const widths = [cm(7.5), cm(2.5)];
    const rows = node.items.map((item) => [
      { children: [{ type: 'text' as const, value: item.label }], stage: item.stage },
      { children: [{ type: 'text' as const, value: item.value }], align: 'right' as const },
    ]);
    // The header row names the columns for screen readers; the caption says what the figures are.
    return [caption(node.caption), grid({ headers: node.columns ?? ['Tunnusluku', 'Arvo'], widths, align: ['left', 'right'], rows }), spacer()];
  },

  table: (node) => {
    const widths = shareWidths(node.columns.map((c: TableColumn) => c.width), BODY_WIDTH, 'whole');
    return [
      caption(node.caption),
      grid({ headers: node.columns.map((c) => c.header), widths, align: node.columns.map((c) => c.align), rows: node.rows, footerRows: node.footerRows }),
      spacer(),
    ];
  },

  chart: (node, ctx) => {
    if (ctx.rasterize === undefined) return [...chartTable(node), spacer()];
    const { svg, width, height } = chartToSvg(node, { fontFamily: 'Arial' });
    const size = svgSize(svg) ?? { width, height };
    const widthPx = px(BODY_WIDTH);
    const heightPx = Math.max(1, Math.round((widthPx * size.height) / size.width));
    // Two device pixels per point (about 190 dpi on the page): the fallback for readers without SVG;
    // Word itself draws the SVG. Three took longer to rasterise and compress for no visible gain.
    const png = ctx.rasterize(svg, Math.round(size.width * 2));
    const image = new ImageRun({
      type: 'svg',
      data: utf8(svg),
      fallback: { type: 'png', data: png },
      transformation: { width: widthPx, height: heightPx },
      altText: { name: node.caption, title: node.caption, description: node.alt },
    });
    return [caption(node.caption), new Paragraph({ style: STYLE.body, keepLines: true, children: [image] })];
  },

  stageIndicator: (node, ctx) => {
    ctx.indicatorRuns ??= new Map();
    let boxes = ctx.indicatorRuns.get(node.stage);
    if (!boxes) {
      boxes = [];
      const reached = node.stage === 'unreported' ? 0 : Number(node.stage);
      for (let step = 1; step <= 5; step++) {
        if (step > 1) boxes.push(gap());
        boxes.push(swatch(node.stage === 'unreported' ? 'unreported' : step <= reached ? node.stage : 'empty'));
      }
      boxes.push(new TextRun({ text: '\u00a0\u00a0' }));
      ctx.indicatorRuns.set(node.stage, boxes);
    }
    // The unit's own wording after the report's words is marked with its language.
    const data = node.labelData;
    const label = data ? [...textRuns(node.label.slice(0, data.from)), ...textRuns(node.label.slice(data.from), { lang: data.lang })] : textRuns(node.label);
    return [new Paragraph({ style: STYLE.body, keepNext: false, children: [...boxes, ...label] })];
  },

  list: (node) =>
    node.items.map((item) => new Paragraph({ style: STYLE.list, numbering: { reference: LIST_REFERENCE, level: 0 }, children: inlineRuns(item) })),

  pageBreak: () => [new Paragraph({ children: [new PageBreak()] })],
};

export function renderBlocks(blocks: Block[], ctx: DocxContext): WordBlock[] {
  const out: WordBlock[] = [];
  for (const block of blocks) {
    const handler = handlers[block.type] as (node: Block, ctx: DocxContext) => WordBlock[];
    out.push(...handler(block, ctx));
  }
  return out;
}
