/**
 * One small handler per block type, each returning pdfmake content. Text goes into pdfmake as
 * plain strings, which pdfmake never parses as markup.
 */
import type { Block, Handlers, Inline, StageIndicator, TableCell } from '../../document/types.js';
import type { StageKey } from '../../stats/types.js';
import { STAGE_COLORS, EMPTY_STEP_COLOR, RULE_COLOR } from '../../document/palette.js';
import { chartToSvg, textWidth } from '../../document/chart-svg.js';
import { rowSurelyShort } from '../rows.js';
import { BODY_SIZE, BODY_WIDTH, FONT_FAMILY, INDENT, PARAGRAPH_GAP } from './layout.js';

/** pdfmake content: plain objects; typed loosely because pdfmake ships no types. */
export type Content = { [key: string]: unknown };

export interface PdfContext {
  /** Outline ids of the latest bookmarked heading per level, for nesting bookmarks. */
  outline: (string | undefined)[];
  nextId: number;
}

/** Marks the parts of a heading, so keeping a heading with what follows can skip them. */
export const HEADING_PART = 'kr-heading-part';

const bodyMargin = (bottom = PARAGRAPH_GAP): [number, number, number, number] => [INDENT, 0, 0, bottom];

/** Body text at the 2.3 cm indent. */
const indented = (content: Content, bottom = PARAGRAPH_GAP): Content => ({ ...content, margin: bodyMargin(bottom) });

/**
 * pdfmake's line layout is slower than linear in the length of one text node (a 1 MB text took
 * minutes), so very long texts are laid out as consecutive nodes of about CHUNK characters, cut at
 * a line break or else a space. Each cut ends a line early once per few pages; no text is lost.
 */
const CHUNK = 4000;

function chunked(runs: Content[], props: Content): Content {
  const total = runs.reduce((a, r) => a + String(r.text).length, 0);
  if (total <= CHUNK * 2) return { text: runs, ...props };
  const nodes: Content[] = [];
  let current: Content[] = [];
  let size = 0;
  const flush = (): void => {
    if (current.length) nodes.push({ text: current });
    current = [];
    size = 0;
  };
  for (const run of runs) {
    let rest = String(run.text);
    while (size + rest.length > CHUNK) {
      const room = CHUNK - size;
      const window = rest.slice(0, room);
      let cut = window.lastIndexOf('\n');
      if (cut < room / 2) cut = window.lastIndexOf(' ');
      if (cut <= 0) cut = room;
      current.push({ ...run, text: rest.slice(0, cut) });
      // The newline or space at the cut becomes the node boundary itself.
      rest = rest.slice(rest[cut] === '\n' || rest[cut] === ' ' ? cut + 1 : cut);
      flush();
    }
    if (rest.length) {
      current.push({ ...run, text: rest });
      size += rest.length;
    }
  }
  flush();
  return { stack: nodes, ...props };
}

const inlines = (children: Inline[]): Content[] => children.map((c) => ({ text: c.value, bold: c.bold === true, italics: c.italic === true }));

/** A small colour square; "not reported" is grey with white diagonal hatching, so it differs in greyscale too. */
function swatch(stage: StageKey, size = 8, x = 0, y = 0): Content[] {
  const items: Content[] = [{ type: 'rect', x, y, w: size, h: size, color: STAGE_COLORS[stage], lineColor: RULE_COLOR, lineWidth: 0.5 }];
  if (stage === 'unreported') {
    for (let d = 2.5; d < size * 2; d += 2.5) {
      const x1 = x + Math.max(0, d - size);
      const y1 = y + Math.min(size, d);
      const x2 = x + Math.min(size, d);
      const y2 = y + Math.max(0, d - size);
      items.push({ type: 'line', x1, y1, x2, y2, lineWidth: 0.7, lineColor: '#ffffff' });
    }
    items.push({ type: 'rect', x, y, w: size, h: size, lineColor: RULE_COLOR, lineWidth: 0.5 });
  }
  return items;
}

function withSwatch(stage: StageKey | undefined, content: Content): Content {
  if (!stage) return content;
  return { columns: [{ width: 12, canvas: swatch(stage, 8, 0, 2.5) }, { width: '*', ...content }], columnGap: 0 };
}

function cell(c: TableCell, align: string | undefined, bold = false): Content {
  return withSwatch(c.stage, { text: inlines(c.children), alignment: c.align ?? align ?? 'left', bold });
}

function stageBoxes(node: StageIndicator): Content[] {
  const size = 9;
  const gap = 2.5;
  const reached = node.stage === 'unreported' ? 0 : Number(node.stage);
  const items: Content[] = [];
  for (let i = 0; i < 5; i++) {
    const x = i * (size + gap);
    if (node.stage === 'unreported') {
      // Not reported: every step hatched grey with a dashed outline, unlike any reported stage.
      items.push(...swatch('unreported', size, x, 2));
      items.push({ type: 'rect', x, y: 2, w: size, h: size, lineColor: '#000000', lineWidth: 0.6, dash: { length: 1.5 } });
    } else {
      const fill = i < reached ? STAGE_COLORS[node.stage] : EMPTY_STEP_COLOR;
      items.push({ type: 'rect', x, y: 2, w: size, h: size, color: fill, lineColor: '#000000', lineWidth: 0.6 });
    }
  }
  return items;
}

/** Headings hang at the left margin: the code in the first 2.3 cm column, the text after it. */
function heading(node: Extract<Block, { type: 'heading' }>, ctx: PdfContext): Content {
  const size = node.level === 1 ? 13 : node.level === 2 ? 12 : BODY_SIZE;
  const top = node.level === 1 ? 16 : node.level === 2 ? 12 : 8;
  const label = node.code ? `${node.code} ${node.text}` : node.text;
  const outline: Content = {};
  if (node.bookmark) {
    const id = `h${ctx.nextId++}`;
    const parent = ctx.outline.slice(0, node.level - 1).reverse().find((p) => p !== undefined);
    ctx.outline[node.level - 1] = id;
    for (let l = node.level; l < ctx.outline.length; l++) ctx.outline[l] = undefined;
    // Themes open, so their goals show in the bookmarks panel.
    Object.assign(outline, { outline: true, outlineText: label, outlineExpanded: node.level === 1, id, ...(parent ? { outlineParentId: parent } : {}) });
  }
  // Every node of a heading carries HEADING_PART, so the page-break check can tell them apart.
  const base = { bold: true, fontSize: size, margin: [0, top, 0, 6], headlineLevel: node.level, style: HEADING_PART };
  // pdfmake cuts a word wider than its column inside `columns` and drops the rest of the text,
  // so a title with such a word is set as one text, which pdfmake breaks inside the word.
  const longestWord = Math.max(0, ...node.text.split(/\s+/).map((w) => textWidth(w, size) * 1.15));
  if (node.code && textWidth(node.code, size) * 1.1 + 4 < INDENT && longestWord < BODY_WIDTH) {
    return {
      ...base,
      stack: [
        {
          columns: [
            { width: INDENT, text: node.code, style: HEADING_PART, ...outline },
            { width: '*', text: node.text, style: HEADING_PART },
          ],
          columnGap: 0,
          style: HEADING_PART,
        },
      ],
    };
  }
  return { ...base, text: label, ...outline };
}

export const handlers: Handlers<PdfContext, Content> = {
  title: (node) => ({ text: node.text, bold: true, fontSize: BODY_SIZE + 3, margin: [0, 0, 0, PARAGRAPH_GAP], headlineLevel: 0 }),

  heading,

  paragraph: (node) => {
    const style = node.style ?? 'body';
    const size = style === 'body' ? BODY_SIZE : style === 'meta' ? 10 : 9.5;
    return indented(chunked(inlines(node.children), { fontSize: size, italics: style === 'note' }), style === 'meta' ? 2 : PARAGRAPH_GAP);
  },

  field: (node) => indented(chunked([{ text: `${node.label}: `, bold: true }, { text: node.text }], {})),

  keyFigures: (node) => {
    const perRow = Math.min(3, Math.max(1, node.items.length));
    const cells: Content[] = node.items.map((item) =>
      withSwatch(item.stage, { stack: [{ text: item.value, bold: true, fontSize: 14 }, { text: item.label, fontSize: 9 }] }),
    );
    const rows: Content[][] = [];
    for (let i = 0; i < cells.length; i += perRow) {
      const row = cells.slice(i, i + perRow);
      while (row.length < perRow) row.push({ text: '' });
      rows.push(row);
    }
    return {
      stack: [
        { text: node.caption, bold: true, fontSize: 10, margin: [INDENT, 0, 0, 4] },
        rows.length === 0
          ? { text: '' }
          : { margin: bodyMargin(), table: { widths: Array(perRow).fill('*'), body: rows }, layout: { hLineColor: RULE_COLOR, vLineColor: RULE_COLOR, hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingTop: () => 4, paddingBottom: () => 4 } },
      ],
    };
  },

  table: (node) => {
    const total = node.columns.reduce((a, c) => a + Math.max(0, c.width), 0) || node.columns.length;
    // Absolute widths: content width excludes the 4 + 4 pt cell padding.
    const usable = BODY_WIDTH - 8 * node.columns.length - 1;
    const widths = node.columns.map((c) => Math.floor(((c.width > 0 ? c.width : 1) / total) * usable * 100) / 100);
    const n = node.columns.length;
    // The caption is the first header row, so it never stands alone at the foot of a page: with
    // keepWithHeaderRows it moves with the column headers and the first row, and it repeats on
    // every page the table runs to.
    const caption = [{ text: node.caption, bold: true, fontSize: 10, colSpan: n, margin: [-4, 0, 0, 1] }, ...Array.from({ length: n - 1 }, () => ({}))];
    const header = node.columns.map((c) => ({ text: c.header, bold: true, alignment: c.align ?? 'left', fillColor: '#e6e6e6' }));
    const body = node.rows.map((r) => r.map((c, i) => cell(c, node.columns[i]?.align)));
    const footer = (node.footerRows ?? []).map((r) => r.map((c, i) => cell(c, node.columns[i]?.align, true)));
    return {
      // The indent sits on the table itself: a margin on an enclosing stack leaves pdfmake 0.3.11
      // with a too wide line for everything after a table that breaks across pages (cf. #1956).
      margin: bodyMargin(),
      fontSize: 10,
      // Rows stay whole only when every row is surely shorter than a page: pdfmake#2560 drops a
      // row taller than a page when dontBreakRows is set, and nothing may be lost.
      table: { headerRows: 2, keepWithHeaderRows: 1, dontBreakRows: [...node.rows, ...(node.footerRows ?? [])].every((r) => rowSurelyShort(r, widths)), widths, body: [caption, header, ...body, ...footer] },
      layout: {
        hLineWidth: (i: number, t: { table: { body: unknown[] } }) => (i === 0 ? 0 : i === 1 || i === 2 || i === t.table.body.length ? 0.8 : 0.4),
        vLineWidth: () => 0,
        hLineColor: () => RULE_COLOR,
        paddingLeft: () => 4,
        paddingRight: () => 4,
        paddingTop: () => 3,
        paddingBottom: () => 3,
      },
    };
  },

  chart: (node) => {
    const { svg, width, height } = chartToSvg(node, { width: BODY_WIDTH, fontFamily: FONT_FAMILY, hatch: 'paths' });
    return {
      margin: bodyMargin(),
      stack: [{ text: node.caption, bold: true, fontSize: 10, margin: [0, 0, 0, 6] }, { svg, width, font: FONT_FAMILY }],
      // Caption and chart on one page, unless the chart alone is taller than a page can hold.
      unbreakable: height < 600,
    };
  },

  stageIndicator: (node) => ({
    margin: bodyMargin(),
    columns: [
      { width: 62, canvas: stageBoxes(node) },
      { width: '*', text: node.label, fontSize: 10, italics: node.stage === 'unreported' },
    ],
    columnGap: 4,
  }),

  list: (node) => ({ ul: node.items.map((item) => ({ text: inlines(item), margin: [0, 0, 0, 3] })), margin: bodyMargin() }),

  pageBreak: () => ({ text: '', pageBreak: 'after' }),
};

export function renderBlock(block: Block, ctx: PdfContext): Content {
  // The cast is safe: the table is keyed by block type, so the handler matches the node.
  const handler = handlers[block.type] as (node: Block, ctx: PdfContext) => Content;
  return handler(block, ctx);
}
