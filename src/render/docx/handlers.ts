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
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { chartToSvg, textWidth } from '../../document/chart-svg.js';
import { rowSurelyShort } from '../rows.js';
import { fitColumns, shareWidths } from '../columns.js';
import { encodeRgbPng } from '../png.js';
import { EMPTY_STEP_COLOR, RULE_COLOR, STAGE_COLORS } from '../../document/palette.js';
import type { Block, Chart, Handlers, Inline, TableCell as TreeCell } from '../../document/types.js';
import type { StageKey } from '../../stats/types.js';
import { boxesPixels, svgSize, utf8, type Box } from './images.js';
import { BODY_INDENT, BODY_WIDTH, LIST_REFERENCE, STYLE } from './styles.js';

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
  /**
   * Each row of boxes' picture run, made once per document for the same reason: each new ImageRun
   * hashes its picture and builds a drawing of some twenty parts. (For the sample the saving was
   * within the noise of a cold run; it grows with the number of table rows.) The drawing ids are
   * numbered afterwards in document order (renumberIds), so one run may stand in many places.
   */
  boxRuns?: Map<string, ImageRun>;
}

export type WordBlock = Paragraph | Table;

const hex = (color: string): string => color.replace('#', '').toUpperCase();

/**
 * Literal text as runs: line breaks become Word breaks. Nothing is interpreted as markup. The text
 * has been through the control-character policy of both renderers already (printableTree,
 * src/render/text.ts): no character XML 1.0 cannot hold is left, and every line break is LF.
 */
export function textRuns(value: string, opts: { bold?: boolean; italics?: boolean; size?: number; lang?: string } = {}): TextRun[] {
  const { lang, ...style } = opts;
  // w:lang on the table's own text in a report of another language: read with that language's voice.
  const language = lang !== undefined ? { language: { value: lang } } : {};
  return value.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...style, ...language }));
}

const inlineRuns = (children: Inline[], bold = false): TextRun[] =>
  children.flatMap((c) => textRuns(c.value, { bold: bold || c.bold === true || undefined, italics: c.italic === true || undefined, ...(c.lang ? { lang: c.lang } : {}) }));

const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: hex(RULE_COLOR) };

const box = (key: StageKey | 'empty'): Box => ({ fill: key === 'empty' ? EMPTY_STEP_COLOR : STAGE_COLORS[key], hatch: key === 'unreported' });

/** PNG bytes of each row of boxes, made once per process: pure, so the same bytes every time. */
const boxPngs = new Map<string, { data: Uint8Array; width: number; height: number }>();

/** Points to the 96-dpi pixels ImageRun sizes are given in. */
const ptPx = (pt: number): number => Math.round((pt * 96) / 72);

/**
 * Small squares as one picture, as the PDF draws them: "not reported" grey and hatched in Word
 * and LibreOffice alike (run shading shows no hatch in LibreOffice), told apart in greyscale too.
 * Decorative: the text beside it says the same.
 */
function boxesRun(ctx: DocxContext, keys: (StageKey | 'empty')[], boxPt: number, gapPt: number, outline: string, outlinePt: number): ImageRun {
  const id = `${keys.join(',')}/${boxPt}/${gapPt}/${outline}/${outlinePt}`;
  ctx.boxRuns ??= new Map();
  let run = ctx.boxRuns.get(id);
  if (run) return run;
  let png = boxPngs.get(id);
  if (!png) {
    const { width, height, pixels } = boxesPixels(keys.map(box), boxPt, gapPt, outline, outlinePt);
    png = { data: encodeRgbPng(width, height, pixels), width: keys.length * boxPt + (keys.length - 1) * gapPt, height: boxPt };
    boxPngs.set(id, png);
  }
  run = new ImageRun({ type: 'png', data: png.data, transformation: { width: ptPx(png.width), height: ptPx(png.height) }, decorative: true });
  ctx.boxRuns.set(id, run);
  return run;
}

/** A stage's 8 pt swatch, the PDF's size. */
const swatch = (ctx: DocxContext, stage: StageKey): ImageRun => boxesRun(ctx, [stage], 8, 0, RULE_COLOR, 0.5);

/** Swatch, text and the detail line under it (a share under its count): one unit in one paragraph. */
function cellRuns(ctx: DocxContext, cell: TreeCell, bold: boolean): ParagraphChild[] {
  const runs: ParagraphChild[] = inlineRuns(cell.children, bold);
  const detail = cell.detail ? [new TextRun({ break: 1 }), ...inlineRuns(cell.detail, bold)] : [];
  return cell.stage === undefined ? [...runs, ...detail] : [swatch(ctx, cell.stage), new TextRun({ text: '\u00a0' }), ...runs, ...detail];
}

/** Room the swatch and its no-break space take before a cell's text, in points. */
const SWATCH_ROOM = 8 + 3;

/** Text widths at the table text's 10 pt (Arial metrics; bold is wider). */
const tableMeasure = (s: string, bold: boolean): number => textWidth(s, 10) * (bold ? 1.1 : 1);

const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;


interface GridSpec {
  headers: string[];
  widths: number[];
  align: ('left' | 'right' | 'center' | undefined)[];
  rows: TreeCell[][];
  footerRows?: TreeCell[][];
  indent?: number;
  /** Body rows in groups of this many that stay on one page. */
  rowGroup?: number;
}

/** A real table: fixed grid, thin rules, header row repeated on every page and never split. */
function grid(ctx: DocxContext, spec: GridSpec): Table {
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
          children: c === undefined ? [] : cellRuns(ctx, c, kind !== 'body'),
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
  const group = spec.rowGroup ?? 1;
  const body = spec.rows.map((r, n) => {
    const whole = short(r);
    // A row that is not the last of its group keeps with the next (edellinen / nykyinen).
    const keep = whole && ((hasFoot && n === spec.rows.length - 1) || (group > 1 && n % group !== group - 1));
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
function chartTable(node: Chart, ctx: DocxContext): WordBlock[] {
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
    grid(ctx, { headers: ['', ...node.series.map((s) => s.label), node.totalLabel ?? ''], widths, align: ['left', ...node.series.map(() => 'right' as const), 'right'], rows }),
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
    // The hanging indent and its tab stop also as direct formatting: under a letterhead the
    // template's own heading styles (by name) replace ours, and the code must still hang.
    return [new Paragraph({ style: STYLE.heading[node.level - 1], indent: { left: BODY_INDENT, hanging: BODY_INDENT }, tabStops: [{ type: TabStopType.LEFT, position: BODY_INDENT }], children })];
  },

  paragraph: (node) => {
    const style = node.style === 'meta' ? STYLE.meta : node.style === 'note' ? STYLE.note : STYLE.body;
    // Widow control: at least two lines of a text after a heading or stage line that keeps with it.
    return [new Paragraph({ style, widowControl: true, keepNext: node.keepWithNext === true || undefined, children: inlineRuns(node.children) })];
  },

  field: (node) => [new Paragraph({ style: STYLE.body, widowControl: true, children: [...textRuns(`${node.label}: `, { bold: true }), ...textRuns(node.text, node.lang ? { lang: node.lang } : {})] })],

  // Tiles, as in the PDF: three to a row, each the value in large bold (with its stage's swatch)
  // over its label. A layout grid without a header row: each tile says what it is.
  keyFigures: (node, ctx) => {
    const perRow = Math.min(3, Math.max(1, node.items.length));
    const widths = shareWidths(Array.from({ length: perRow }, () => 1), BODY_WIDTH, 'whole');
    const margins = { top: 80, bottom: 80, left: 85, right: 85 };
    const tile = (item: (typeof node.items)[number] | undefined, i: number): TableCell =>
      new TableCell({
        width: { size: widths[i] ?? 0, type: WidthType.DXA },
        margins,
        children:
          item === undefined
            ? [new Paragraph({ style: STYLE.tableText, children: [] })]
            : [
                new Paragraph({ style: STYLE.tableText, keepNext: true, children: [...(item.stage ? [swatch(ctx, item.stage), new TextRun({ text: '\u00a0' })] : []), ...textRuns(item.value, { bold: true, size: 28 })] }),
                // Under the value, past its swatch, as in the PDF.
                new Paragraph({ style: STYLE.tableText, indent: item.stage ? { left: SWATCH_ROOM * 20 } : undefined, children: textRuns(item.label, { size: 18 }) }),
              ],
      });
    const rows: TableRow[] = [];
    for (let i = 0; i < node.items.length; i += perRow) {
      rows.push(new TableRow({ cantSplit: true, children: Array.from({ length: perRow }, (_, j) => tile(node.items[i + j], j)) }));
    }
    if (rows.length === 0) return [caption(node.caption)];
    // The caption is the grid's header row (repeated, for screen readers: every table has one),
    // drawn as the caption above the tiles, as in the PDF.
    const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
    const head = new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: [
        new TableCell({
          columnSpan: perRow,
          width: { size: BODY_WIDTH, type: WidthType.DXA },
          margins: { top: 0, bottom: 80, left: 0, right: 0 },
          borders: { top: none, left: none, right: none, bottom: RULE },
          // The body style's indent is the table's own already; the cell's margin gives the gap.
          children: [new Paragraph({ style: STYLE.caption, keepNext: true, indent: { left: 0, hanging: 0 }, spacing: { before: 0, after: 0 }, children: textRuns(node.caption) })],
        }),
      ],
    });
    return [
      new Table({
        rows: [head, ...rows],
        columnWidths: widths,
        width: { size: BODY_WIDTH, type: WidthType.DXA },
        indent: { size: BODY_INDENT, type: WidthType.DXA },
        layout: TableLayoutType.FIXED,
        borders: { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE },
      }),
      spacer(),
    ];
  },

  table: (node, ctx) => {
    // No column is narrower than its widest unbreakable piece (a count with its square, a share)
    // plus its 85 + 85 twip margins; where none needs more, the widths are the weights' shares.
    const weights = node.columns.map((c) => c.width);
    const fitted = fitColumns(node.columns, node.rows, node.footerRows ?? [], BODY_WIDTH / 20, tableMeasure, { swatch: SWATCH_ROOM, headers: node.columns.map((c) => c.header), boldFooter: true, padding: 8.5 });
    const plain = shareWidths(weights, BODY_WIDTH / 20, 'hundredths');
    const raised = fitted.some((w, i) => w > (plain[i] ?? 0) + 0.01);
    const widths = shareWidths(raised ? fitted : weights, BODY_WIDTH, 'whole');
    return [
      caption(node.caption),
      grid(ctx, { headers: node.columns.map((c) => c.header), widths, align: node.columns.map((c) => c.align), rows: node.rows, footerRows: node.footerRows, ...(node.rowGroup ? { rowGroup: node.rowGroup } : {}) }),
      spacer(),
    ];
  },

  chart: (node, ctx) => {
    if (ctx.rasterize === undefined) return [...chartTable(node, ctx), spacer()];
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
      const keys = [1, 2, 3, 4, 5].map((step) => (node.stage === 'unreported' ? 'unreported' : step <= reached ? node.stage : 'empty') as StageKey | 'empty');
      boxes.push(boxesRun(ctx, keys, 9, 2.5, '#000000', 0.6));
      boxes.push(new TextRun({ text: '\u00a0\u00a0' }));
      ctx.indicatorRuns.set(node.stage, boxes);
    }
    // The unit's own wording after the report's words is marked with its language. Keep with
    // next: the stage line never ends a page without the text under it.
    const data = node.labelData;
    const label = data ? [...textRuns(node.label.slice(0, data.from)), ...textRuns(node.label.slice(data.from), { lang: data.lang })] : textRuns(node.label);
    return [new Paragraph({ style: STYLE.body, keepNext: true, children: [...boxes, ...label] })];
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
