/**
 * One small handler per block type, each returning pdfmake content. Text goes into pdfmake as
 * plain strings, which pdfmake never parses as markup.
 */
import type { Block, Handlers, Inline, StageIndicator, TableCell } from '../../document/types.js';
import type { StageKey } from '../../stats/types.js';
import { STAGE_COLORS, EMPTY_STEP_COLOR, RULE_COLOR } from '../../document/palette.js';
import { chartLayout, HATCH_LINE, hatchSegments } from '../../document/chart-svg.js';
import { rowSurelyShort } from '../rows.js';
import { fitColumns } from '../columns.js';
import { BODY_SIZE, BODY_WIDTH, INDENT, PARAGRAPH_GAP, TEXT_COLUMN } from './layout.js';
import { breakLines, faceOf, PARAGRAPH, type Segment, type TextMeasure } from './lines.js';
import { LAYOUT, struct, tagged, type StructNode } from './tags.js';

/** pdfmake content: plain objects; typed loosely because pdfmake ships no types. */
export type Content = { [key: string]: unknown };

export interface PdfContext {
  /** Outline ids of the latest bookmarked heading per level, for nesting bookmarks. */
  outline: (string | undefined)[];
  nextId: number;
  /** Widths of text in the body font, for breaking body text into lines. */
  measure: TextMeasure;
  /**
   * One PARAGRAPH marker (lines.ts) per kind of line this file makes (body text of a size, a
   * heading level's title, a stage label): lines of one kind have the same style around them
   * wherever they stand, so pdfmake measures that style once per kind and face.
   */
  lineKinds: Map<string, object>;
  /** The element the blocks' structure goes into (tagged PDF, tags.ts): the innermost open section. */
  structure: StructNode;
  /** The structure's root (Document), where the blocks before the first heading go. */
  root: StructNode;
  /** The open sections: the Sect of each heading level (index level − 1) while it lasts. */
  sections: (StructNode | undefined)[];
}

/** `{ lang }` when every run is in one language other than the document's. */
function langOf(children: Inline[]): { lang?: string } {
  const lang = children[0]?.lang;
  return lang !== undefined && children.every((c) => c.lang === lang) ? { lang } : {};
}

/** Marks the parts of a heading, so keeping a heading with what follows can skip them. */
export const HEADING_PART = 'kr-heading-part';

const bodyMargin = (bottom = PARAGRAPH_GAP): [number, number, number, number] => [INDENT, 0, 0, bottom];


/**
 * Body text broken into lines here (lines.ts): one unwrapped pdfmake text per line, so pdfmake
 * does per-line rather than per-word work. The stack carries the paragraph's size and margin.
 */
export function lineNodes(runs: Segment[], size: number, width: number, ctx: PdfContext, kind: string): Content[] {
  const paragraph = lineKind(ctx, kind);
  return breakLines(runs, size, width, ctx.measure).map((line) => lineNode(line, paragraph));
}

function lineKind(ctx: PdfContext, kind: string): object {
  let paragraph = ctx.lineKinds.get(kind);
  if (!paragraph) ctx.lineKinds.set(kind, (paragraph = {}));
  return paragraph;
}

function lineNode(line: Segment[], paragraph: object | undefined): Content {
  if (line.length === 0) return { text: '', noWrap: true };
  if (line.length === 1) return { text: line[0]!.text, bold: line[0]!.bold, italics: line[0]!.italics, noWrap: true, ...(paragraph ? { [PARAGRAPH]: paragraph } : {}) };
  return { text: line.map((s) => ({ text: s.text, bold: s.bold, italics: s.italics })), noWrap: true };
}

/** The first `n` characters of a line's segments, and the rest. */
function cut(line: Segment[], n: number): [Segment[], Segment[]] {
  const head: Segment[] = [];
  const tail: Segment[] = [];
  let left = n;
  for (const s of line) {
    if (left >= s.text.length) head.push(s);
    else if (left > 0) {
      head.push({ ...s, text: s.text.slice(0, left) });
      tail.push({ ...s, text: s.text.slice(left) });
    } else tail.push(s);
    left -= s.text.length;
  }
  return [head, tail];
}

/**
 * Lines of a lead in the document's language (`Riskit: `) and a text in another (the table's own),
 * broken as one paragraph into `element`, each part its own Span so that each is read in its own
 * language: the lead is drawn at the start of the first line without taking room of its own, and
 * the first line's rest is moved past it. Undefined when the lead does not fit on the first line.
 */
function mixedLines(lead: Segment, rest: Segment, lang: string, size: number, width: number, ctx: PdfContext, kind: string, element: StructNode): Content[] | undefined {
  const broken = breakLines([lead, rest], size, width, ctx.measure);
  const first = broken[0] ?? [];
  if (first.reduce((n, s) => n + s.text.length, 0) < lead.text.length) return undefined;
  const [head, tail] = cut(first, lead.text.length);
  const paragraph = lineKind(ctx, kind);
  const shift = head.reduce((w, s) => w + ctx.measure.width(s.text, faceOf(s.bold, s.italics), size), 0);
  // The lead's Span first: kids are read in the order made.
  const leadSpan = struct(element, 'Span');
  const data = struct(element, 'Span', { lang });
  const out: Content[] = [tagged({ ...lineNode(head, undefined), relativePosition: { x: 0, y: 0 } }, leadSpan)];
  out.push(tagged({ ...lineNode(tail, undefined), margin: [shift, 0, 0, 0] }, data));
  for (const line of broken.slice(1)) out.push(tagged(lineNode(line, paragraph), data));
  return out;
}

/** Body text: only the size is set around the lines, so the size is their kind. */
const lines = (runs: Segment[], size: number, ctx: PdfContext, bottom: number, lang: { lang?: string } = {}): Content =>
  tagged({ stack: lineNodes(runs, size, TEXT_COLUMN, ctx, `body ${size}`), fontSize: size, margin: bodyMargin(bottom) }, struct(ctx.structure, 'P', lang));

const inlines = (children: Inline[], bold = false): Content[] => children.map((c) => ({ text: c.value, bold: bold || c.bold === true, italics: c.italic === true }));

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

/** The swatch's box in a line of text: 8 pt square and the gap to the text after it. */
export const SWATCH_ROOM = 11;

function withSwatch(stage: StageKey | undefined, content: Content): Content {
  if (!stage) return content;
  // The swatch only repeats in colour what the text says.
  return { columns: [tagged({ width: SWATCH_ROOM, canvas: swatch(stage, 8, 0, 2.5) }, LAYOUT), { width: '*', ...content }], columnGap: 0 };
}

function cell(c: TableCell, align: string | undefined, row: StructNode, bold = false): Content {
  const alignment = c.align ?? align ?? 'left';
  // A row's header (a theme's name, the total) is a TH for its row.
  const element = c.rowHeader ? struct(row, 'TH', { scope: 'Row', ...langOf(c.children) }) : struct(row, 'TD', langOf(c.children));
  const detail = c.detail ? [{ text: inlines(c.detail, bold), alignment, noWrap: true }] : [];
  if (c.stage !== undefined && alignment === 'right') {
    // Square, count and share as one unit at the right edge: the square directly before its own
    // count, never nearer the number of the column to its left; the share under the count.
    const main = { columns: [{ width: '*', text: '' }, tagged({ width: SWATCH_ROOM, canvas: swatch(c.stage, 8, 0, 2.5) }, LAYOUT), { width: 'auto', text: inlines(c.children, bold), noWrap: true }], columnGap: 0 };
    return tagged(detail.length ? { stack: [main, ...detail] } : main, element);
  }
  const main = { text: inlines(c.children, bold), alignment };
  return tagged(withSwatch(c.stage, detail.length ? { stack: [main, ...detail] } : main), element);
}

/** The five stage boxes' column and the gap after it. */
const STAGE_BOXES = 62;
const STAGE_GAP = 4;

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
  // Each heading opens a section (a Sect for themes and goals; an action's heading and texts stay
  // in its goal's): what a screen reader moves by, and what keeps every element within PDF/A-1's
  // 8,191 children.
  const parent = ctx.sections.slice(0, node.level - 1).reverse().find((s) => s !== undefined) ?? ctx.root;
  ctx.sections.length = node.level - 1;
  if (node.level <= 2) {
    const sect = struct(parent, 'Sect');
    ctx.sections[node.level - 1] = sect;
    ctx.structure = sect;
  } else ctx.structure = parent;
  // The document title is H1, so a heading of level n is H(n+1).
  const element = struct(ctx.structure, `H${node.level + 1}`, node.lang ? { lang: node.lang } : {});
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
  // The title's lines are broken here (a word wider than the column is cut, not lost); the code
  // hangs in the first 2.3 cm column when it fits there.
  if (node.code && ctx.measure.width(node.code, 'bold', size) + 4 < INDENT) {
    return tagged({
      ...base,
      // The code is placed beside the title's first line without taking room of its own: the
      // same look as two columns, without pdfmake's per-heading column layout.
      stack: [
        // The space after the code keeps code and title apart in the text (read, copied, searched).
        { text: `${node.code} `, noWrap: true, relativePosition: { x: 0, y: 0 }, style: HEADING_PART, ...outline },
        { stack: lineNodes([{ text: node.text, bold: true, italics: false }], size, TEXT_COLUMN, ctx, `heading ${node.level}`), margin: [INDENT, 0, 0, 0], style: HEADING_PART },
      ],
    }, element);
  }
  return tagged({ ...base, text: label, ...outline }, element);
}

export const handlers: Handlers<PdfContext, Content> = {
  title: (node, ctx) => tagged({ text: node.text, bold: true, fontSize: BODY_SIZE + 3, margin: [0, 0, 0, PARAGRAPH_GAP], headlineLevel: 0 }, struct(ctx.structure, 'H1')),

  heading,

  paragraph: (node, ctx) => {
    const style = node.style ?? 'body';
    const size = style === 'body' ? BODY_SIZE : style === 'meta' ? 10 : 9.5;
    const runs = node.children.map((c) => ({ text: c.value, bold: c.bold === true, italics: c.italic === true || style === 'note' }));
    return lines(runs, size, ctx, style === 'meta' ? 2 : PARAGRAPH_GAP, langOf(node.children));
  },

  field: (node, ctx) => {
    const lead = { text: `${node.label}: `, bold: true, italics: false };
    const rest = { text: node.text, bold: false, italics: false };
    if (node.lang) {
      const element = struct(ctx.structure, 'P');
      const stack = mixedLines(lead, rest, node.lang, BODY_SIZE, TEXT_COLUMN, ctx, `body ${BODY_SIZE}`, element);
      if (stack) return tagged({ stack, fontSize: BODY_SIZE, margin: bodyMargin(PARAGRAPH_GAP) }, element);
    }
    return lines([lead, rest], BODY_SIZE, ctx, PARAGRAPH_GAP);
  },

  // Drawn as a grid, read as a list: each figure is a value and its label, not a row of columns.
  keyFigures: (node, ctx) => {
    const list = struct(ctx.structure, 'L');
    const caption = struct(list, 'Caption');
    const perRow = Math.min(3, Math.max(1, node.items.length));
    const cells: Content[] = node.items.map((item) =>
      // The space after the figure keeps it apart from its label in the text.
      tagged(withSwatch(item.stage, { stack: [{ text: `${item.value} `, bold: true, fontSize: 14 }, { text: item.label, fontSize: 9 }] }), struct(struct(list, 'LI'), 'LBody')),
    );
    const rows: Content[][] = [];
    for (let i = 0; i < cells.length; i += perRow) {
      const row = cells.slice(i, i + perRow);
      while (row.length < perRow) row.push({ text: '' });
      rows.push(row);
    }
    return {
      stack: [
        tagged({ text: node.caption, bold: true, fontSize: 10, margin: [INDENT, 0, 0, 4] }, caption),
        rows.length === 0
          ? { text: '' }
          : { margin: bodyMargin(), table: { widths: Array(perRow).fill('*'), body: rows }, layout: { hLineColor: RULE_COLOR, vLineColor: RULE_COLOR, hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingTop: () => 4, paddingBottom: () => 4 } },
      ],
    };
  },

  table: (node, ctx) => {
    // Absolute widths: content width excludes the 4 + 4 pt cell padding. No column is narrower
    // than its widest unbreakable piece (a count with its square, a share), at the table's 10 pt.
    const usable = BODY_WIDTH - 8 * node.columns.length - 1;
    const measure = (s: string, bold: boolean) => ctx.measure.width(s, bold ? 'bold' : 'regular', 10);
    const widths = fitColumns(node.columns, node.rows, node.footerRows ?? [], usable, measure, { swatch: SWATCH_ROOM, headers: node.columns.map((c) => c.header), boldFooter: true });
    const n = node.columns.length;
    // The caption is the first header row, so it never stands alone at the foot of a page: with
    // keepWithHeaderRows it moves with the column headers and the first row, and it repeats on
    // every page the table runs to.
    const table = struct(ctx.structure, 'Table');
    const caption = [tagged({ text: node.caption, bold: true, fontSize: 10, colSpan: n, margin: [-4, 0, 0, 1] }, struct(table, 'Caption')), ...Array.from({ length: n - 1 }, () => ({}))];
    const headRow = struct(struct(table, 'THead'), 'TR');
    // A narrow header (`3`, `Ei rap.`) carries what it stands for, which a screen reader says instead.
    const header = node.columns.map((c) =>
      tagged({ text: c.header, bold: true, alignment: c.align ?? 'left', fillColor: '#e6e6e6' }, struct(headRow, 'TH', { scope: 'Column', ...(c.expansion !== undefined ? { expansion: c.expansion } : {}) })),
    );
    const rowsOf = (rows: TableCell[][], role: string, bold: boolean): Content[][] => {
      const group = struct(table, role);
      return rows.map((r) => {
        const row = struct(group, 'TR');
        return r.map((c, i) => cell(c, node.columns[i]?.align, row, bold));
      });
    };
    const body = rowsOf(node.rows, 'TBody', false);
    const footer = rowsOf(node.footerRows ?? [], 'TFoot', true);
    const group = node.rowGroup ?? 1;
    const allShort = [...node.rows, ...(node.footerRows ?? [])].every((r) => rowSurelyShort(r, widths));
    if (group > 1 && allShort) {
      // Rows in groups that never part (edellinen / nykyinen): one unbreakable table per group,
      // the caption and column headers with the first; the cells keep their place in the one
      // Table element (tags.ts), so a reader still meets one table.
      const groups: Content[][][] = [];
      for (let i = 0; i < body.length; i += group) groups.push(body.slice(i, i + group));
      if (groups.length === 0) groups.push([]);
      groups[groups.length - 1]!.push(...footer);
      const rule = (first: boolean, last: boolean) => (i: number, t: { table: { body: unknown[] } }) =>
        i === 0 ? 0 : first && (i === 1 || i === 2) ? 0.8 : i === t.table.body.length ? (last ? 0.8 : 0.4) : 0.4;
      return {
        margin: bodyMargin(),
        fontSize: 10,
        stack: groups.map((rows, k) => ({
          unbreakable: true,
          table: { ...(k === 0 ? { headerRows: 2 } : {}), widths, body: k === 0 ? [caption, header, ...rows] : rows },
          layout: { hLineWidth: rule(k === 0, k === groups.length - 1), vLineWidth: () => 0, hLineColor: () => RULE_COLOR, paddingLeft: () => 4, paddingRight: () => 4, paddingTop: () => 3, paddingBottom: () => 3 },
        })),
      };
    }
    return {
      // The indent sits on the table itself: a margin on an enclosing stack leaves pdfmake 0.3.11
      // with a too wide line for everything after a table that breaks across pages (cf. #1956).
      margin: bodyMargin(),
      fontSize: 10,
      // Rows stay whole only when every row is surely shorter than a page: pdfmake#2560 drops a
      // row taller than a page when dontBreakRows is set, and nothing may be lost.
      table: { headerRows: 2, keepWithHeaderRows: 1, dontBreakRows: allShort, widths, body: [caption, header, ...body, ...footer] },
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

  // Drawn from the chart's shapes (chart-svg.ts) as pdfmake vectors and texts: the same picture
  // as the DOCX's, without writing an SVG for pdfmake and svg-to-pdfkit to parse again. Each band
  // (a category's bar, the legend) is kept whole, and a chart taller than a page flows on.
  chart: (node, ctx) => {
    // Read as its alternative text, which says in words all that the bars and labels show; its
    // title is its caption.
    const figure = struct(ctx.structure, 'Figure', { alt: node.alt });
    const caption = tagged({ text: node.caption, bold: true, fontSize: 10, margin: [0, 0, 0, 6] }, struct(figure, 'Caption'));
    const layout = chartLayout(node, { width: BODY_WIDTH, hatch: 'paths' });
    const size = layout.fontSize;
    const ascent = (ctx.measure.ascent('regular') / 1000) * size;
    const bands: Content[] = layout.bands.map((band) => {
      const vectors: Record<string, unknown>[] = [];
      const texts: Content[] = [];
      let bottom = 0;
      for (const shape of band.shapes) {
        if (shape.kind === 'rect') {
          const y = shape.y - band.top;
          vectors.push({ type: 'rect', x: shape.x, y, w: shape.w, h: shape.h, ...(shape.fill === 'none' ? {} : { color: shape.fill }), lineColor: shape.stroke, lineWidth: shape.strokeWidth });
          bottom = Math.max(bottom, y + shape.h);
        } else if (shape.kind === 'hatch') {
          for (const [x1, y1, x2, y2] of hatchSegments(shape.x, shape.y - band.top, shape.w, shape.h)) {
            vectors.push({ type: 'line', x1, y1, x2, y2, lineColor: HATCH_LINE.color, lineWidth: HATCH_LINE.width });
            bottom = Math.max(bottom, y1, y2);
          }
        } else {
          for (const line of shape.lines) {
            const shift = shape.anchor === 'middle' ? ctx.measure.width(line.text, 'regular', size) / 2 : 0;
            // Placed from the foot of the band, where the flow is after the canvas; the top of a
            // line is its baseline less the ascender.
            texts.push({ text: line.text, fontSize: size, color: shape.fill, noWrap: true, relativePosition: { x: shape.x - shift, y: line.y - ascent - band.top - band.height } });
          }
        }
      }
      // The canvas is as tall as its lowest vector; the band (and its text) may reach lower.
      return tagged({ stack: [{ canvas: vectors, margin: [0, 0, 0, band.height - bottom] }, ...texts], unbreakable: true }, figure);
    });
    return {
      margin: bodyMargin(),
      // The caption stays with the first band; a chart of a few bands stays on one page.
      stack: layout.height < 600 ? [caption, ...bands] : [{ stack: [caption, bands[0] ?? ''], unbreakable: true }, ...bands.slice(1)],
      unbreakable: layout.height < 600,
    };
  },

  // The boxes are drawn beside the label's first line without taking room of its own (as with
  // headings); the indicator is one unbreakable line or two, so they never part.
  // The boxes only draw what the label says.
  stageIndicator: (node, ctx) => {
    const element = struct(ctx.structure, 'P');
    const italics = node.stage === 'unreported';
    const width = TEXT_COLUMN - STAGE_BOXES - STAGE_GAP;
    // The unit's own wording after the report's words (`Framskridande 3/5: `) is read in its language.
    const data = node.labelData;
    const mixed = data ? mixedLines({ text: node.label.slice(0, data.from), bold: false, italics }, { text: node.label.slice(data.from), bold: false, italics }, data.lang, 10, width, ctx, 'stage', element) : undefined;
    return {
      margin: bodyMargin(),
      unbreakable: true,
      stack: [
        tagged({ canvas: stageBoxes(node), relativePosition: { x: 0, y: 0 } }, LAYOUT),
        tagged({ stack: mixed ?? lineNodes([{ text: node.label, bold: false, italics }], 10, width, ctx, 'stage'), fontSize: 10, margin: [STAGE_BOXES + STAGE_GAP, 0, 0, 0] }, element),
      ],
    };
  },

  list: (node, ctx) => {
    const list = struct(ctx.structure, 'L');
    return tagged({ ul: node.items.map((item) => tagged({ text: inlines(item), margin: [0, 0, 0, 3] }, struct(struct(list, 'LI'), 'LBody'))), margin: bodyMargin() }, LAYOUT);
  },

  pageBreak: () => ({ text: '', pageBreak: 'after' }),
};

export function renderBlock(block: Block, ctx: PdfContext): Content {
  // The cast is safe: the table is keyed by block type, so the handler matches the node.
  const handler = handlers[block.type] as (node: Block, ctx: PdfContext) => Content;
  return handler(block, ctx);
}
