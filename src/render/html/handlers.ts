/**
 * One small handler per node type of the document tree, each returning HTML. The table is typed
 * with `Handlers`, so a new node type fails to compile until it is handled here too.
 *
 * Every string of the tree goes out through escape.ts: data is text, never markup.
 */
import { chartToSvg, hatchSegments, HATCH_LINE, percentages } from '../../document/chart-svg.js';
import { EMPTY_STEP_COLOR, RULE_COLOR, STAGE_COLORS } from '../../document/palette.js';
import type { Block, Chart, Handlers, Inline, LangTag, TableCell, TableColumn } from '../../document/types.js';
import type { StageKey } from '../../stats/types.js';
import { columnWeights } from '../columns.js';
import { escapeHtml, textHtml } from './escape.js';

export interface HtmlContext {
  /** The rank (h1…h6) of the latest heading, so a level the tree skips is not skipped in HTML. */
  rank: number;
  /** Tables so far: each gets a class for its column widths. */
  tables: number;
  /** Rules for the column widths, added to the style sheet after the body is written. */
  css: string[];
}

/**
 * What the tree says beyond the words, where it says it (the tagged PDF's additions, issue 15):
 * the language of the table's own text in a report of another language, the cell that heads its
 * row, what an abbreviated column header stands for, the unit's own wording in a stage label.
 * Read through these so the renderer works on trees with and without them.
 */
const langOf = (node: object): LangTag | undefined => (node as { lang?: LangTag }).lang;
const rowHeaderOf = (cell: TableCell | undefined): boolean | undefined => (cell as { rowHeader?: boolean } | undefined)?.rowHeader;
const expansionOf = (column: TableColumn): string | undefined => (column as { expansion?: string }).expansion;
const labelDataOf = (node: object): { from: number; lang: LangTag } | undefined => (node as { labelData?: { from: number; lang: LangTag } }).labelData;

/** Text in another language than the document's: a screen reader reads it with that voice. */
const inLang = (html: string, lang: LangTag | undefined): string => (lang === undefined || html === '' ? html : `<span lang="${escapeHtml(lang)}">${html}</span>`);

const inlines = (children: Inline[]): string =>
  children
    .map((c) => {
      let html = inLang(textHtml(c.value), langOf(c));
      if (c.italic === true) html = `<em>${html}</em>`;
      if (c.bold === true) html = `<strong>${html}</strong>`;
      return html;
    })
    .join('');

const n = (v: number): string => String(Math.round(v * 100) / 100);

/**
 * A small colour square as inline SVG (printed as drawn, unlike CSS backgrounds). "Not reported"
 * is grey with white hatching, so it differs in greyscale too. Hidden from assistive technology:
 * it only repeats in colour what the text beside it says.
 */
function swatch(stage: StageKey, size = 11): string {
  const box = `x="0.5" y="0.5" width="${size - 1}" height="${size - 1}"`;
  let inner = `<rect ${box} fill="${STAGE_COLORS[stage]}" stroke="${RULE_COLOR}" stroke-width="0.6"/>`;
  if (stage === 'unreported') {
    const d = hatchSegments(0.5, 0.5, size - 1, size - 1).map(([x1, y1, x2, y2]) => `M${n(x1)},${n(y1)}L${n(x2)},${n(y2)}`);
    inner = `<rect ${box} fill="${STAGE_COLORS[stage]}"/><path d="${d.join('')}" stroke="${HATCH_LINE.color}" stroke-width="${HATCH_LINE.width}"/><rect ${box} fill="none" stroke="${RULE_COLOR}" stroke-width="0.6"/>`;
  }
  return `<svg class="kr-swatch" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-hidden="true" focusable="false">${inner}</svg>`;
}

/** The five steps of a stage indicator as one small SVG, made once per stage (a report may have 10,000). */
const BOXES = new Map<StageKey, string>();
function stageBoxes(stage: StageKey, reached: number): string {
  let svg = BOXES.get(stage);
  if (svg === undefined) {
    const size = 11;
    const gap = 3.5;
    let inner = '';
    for (let i = 0; i < 5; i++) {
      const x = i * (size + gap) + 0.5;
      if (stage === 'unreported') {
        // Not reported: every step hatched grey with a dashed outline, unlike any reported stage.
        const d = hatchSegments(x, 0.5, size - 1, size - 1).map(([x1, y1, x2, y2]) => `M${n(x1)},${n(y1)}L${n(x2)},${n(y2)}`);
        inner += `<rect x="${x}" y="0.5" width="${size - 1}" height="${size - 1}" fill="${STAGE_COLORS.unreported}"/><path d="${d.join('')}" stroke="${HATCH_LINE.color}" stroke-width="${HATCH_LINE.width}"/>`;
        inner += `<rect x="${x}" y="0.5" width="${size - 1}" height="${size - 1}" fill="none" stroke="#000000" stroke-width="0.8" stroke-dasharray="2 1.5"/>`;
      } else {
        inner += `<rect x="${x}" y="0.5" width="${size - 1}" height="${size - 1}" fill="${i < reached ? STAGE_COLORS[stage] : EMPTY_STEP_COLOR}" stroke="#000000" stroke-width="0.8"/>`;
      }
    }
    const width = 5 * size + 4 * gap;
    svg = `<svg class="kr-swatch" width="${width}" height="${size}" viewBox="0 0 ${width} ${size}" aria-hidden="true" focusable="false">${inner}</svg>`;
    BOXES.set(stage, svg);
  }
  return svg;
}

/** A cell's text, and its detail line (the share under a count) as one unit with it. */
const cellHtml = (c: TableCell): string => (c.detail === undefined ? inlines(c.children) : `${inlines(c.children)}<br>${inlines(c.detail)}`);

const withSwatch = (stage: StageKey | undefined, html: string): string => (stage === undefined ? html : `${swatch(stage)} ${html}`);

const alignClass = (align: 'left' | 'right' | 'center' | undefined): string => (align === 'right' ? ' class="kr-r"' : align === 'center' ? ' class="kr-c"' : '');

/**
 * Whether the first column names its row (a theme, a goal), so its cells are row headers: as the
 * tree says where it says so, else when the first column is a left-aligned text column.
 */
function rowHeaded(node: Extract<Block, { type: 'table' }>): boolean {
  const said = [...node.rows, ...(node.footerRows ?? [])].map((r) => rowHeaderOf(r[0])).filter((v) => v !== undefined);
  if (said.length > 0) return said.some((v) => v);
  return node.columns.length > 1 && (node.columns[0]?.align ?? 'left') === 'left';
}

/** A header that is an abbreviation or a bare number is named for a screen reader by what it stands for. */
function expansion(column: TableColumn): string {
  const full = expansionOf(column);
  return full === undefined || full === column.header ? '' : ` aria-label="${escapeHtml(full)}"`;
}

function tableHtml(node: Extract<Block, { type: 'table' }>, ctx: HtmlContext): string {
  const id = `kr-t${++ctx.tables}`;
  // The PDF's and DOCX's rule (columns.ts): a share of the width per weight.
  const weights = columnWeights(node.columns.map((c) => c.width));
  const total = weights.reduce((a, b) => a + b, 0);
  weights.forEach((w, i) => ctx.css.push(`.${id} col:nth-child(${i + 1}){width:${n((w / total) * 100)}%}`));
  const headed = rowHeaded(node);
  const isBlank = (c: TableCell | undefined): boolean => c === undefined || c.children.every((t) => t.value.trim() === '');
  // A row whose first cell is empty continues the row header above it (the comparison table's
  // "before" and "now" rows of one theme): in HTML that header spans both rows.
  const rowsHtml = (rows: TableCell[][]): string => {
    const out: { head: TableCell | undefined; span: number; cells: string }[] = [];
    for (const cells of rows) {
      const rest = node.columns
        .map((col, i) => {
          if (headed && i === 0) return '';
          const c = cells[i];
          return `<td${alignClass(c?.align ?? col.align)}>${c === undefined ? '' : withSwatch(c.stage, cellHtml(c))}</td>`;
        })
        .join('');
      const last = out[out.length - 1];
      if (headed && isBlank(cells[0]) && last !== undefined) {
        last.span++;
        out.push({ head: undefined, span: 0, cells: rest });
      } else out.push({ head: cells[0], span: 1, cells: rest });
    }
    return out
      .map((r) => {
        if (!headed || r.span === 0) return `<tr>${r.cells}</tr>`;
        const c = r.head;
        const span = r.span > 1 ? ` rowspan="${r.span}"` : '';
        return `<tr><th scope="row"${span}${alignClass(c?.align ?? node.columns[0]?.align)}>${c === undefined ? '' : withSwatch(c.stage, cellHtml(c))}</th>${r.cells}</tr>`;
      })
      .join('');
  };
  return (
    `<table class="${id}"><caption>${textHtml(node.caption)}</caption>` +
    `<colgroup>${node.columns.map(() => '<col>').join('')}</colgroup>` +
    // An empty corner (the chart's table) is a plain cell: a header must name something.
    `<thead><tr>${node.columns.map((c) => (c.header === '' ? '<td></td>' : `<th scope="col"${alignClass(c.align)}${expansion(c)}>${textHtml(c.header)}</th>`)).join('')}</tr></thead>` +
    `<tbody>${rowsHtml(node.rows)}</tbody>` +
    (node.footerRows && node.footerRows.length > 0 ? `<tfoot>${rowsHtml(node.footerRows)}</tfoot>` : '') +
    `</table>`
  );
}

/**
 * The chart's figures as a table, for those who cannot see the bars: a row per category, a column
 * per stage, count and share as the bars' labels give them. Only the tree's own words are used.
 */
function chartData(node: Chart, ctx: HtmlContext): string {
  // Hidden by its wrapper: a table will not shrink to the 1 px a hidden element is.
  return `<div class="kr-sr-only">${tableHtml(
    {
      type: 'table',
      caption: node.caption,
      columns: [{ header: '', width: 3 }, ...node.series.map((s) => ({ header: s.label, width: 1, align: 'right' as const }))],
      rows: node.categories.map((c) => {
        const values = node.series.map((s) => c.values[s.key] ?? 0);
        const pcts = percentages(values);
        // The tree's own shares where it has them: the same figures as the table and the bars.
        const share = (i: number) => c.shares?.[node.series[i]!.key] ?? `${pcts[i] ?? 0}\u00a0%`;
        return [{ children: [{ type: 'text', value: c.label }] }, ...values.map((v, i) => ({ children: [{ type: 'text' as const, value: `${v} (${share(i)})` }] }))];
      }),
    },
    ctx,
  )}</div>`;
}

function heading(node: Extract<Block, { type: 'heading' }>, ctx: HtmlContext): string {
  // The title is h1, so a heading of level n is h(n+1), as H(n+1) in the tagged PDF; never more
  // than one below the one before, so a tree that skips a level still nests.
  const rank = Math.min(node.level + 1, ctx.rank + 1, 6);
  ctx.rank = rank;
  const code = node.code ? `<span class="kr-code">${escapeHtml(node.code)} </span>` : '';
  return `<h${rank} class="kr-h${node.level}">${code}<span class="kr-heading-text">${inLang(textHtml(node.text), langOf(node))}</span></h${rank}>`;
}

export const handlers: Handlers<HtmlContext, string> = {
  title: (node, ctx) => {
    ctx.rank = 1;
    return `<h1>${textHtml(node.text)}</h1>`;
  },

  heading,

  paragraph: (node) => `<p class="kr-${node.style ?? 'body'}">${inlines(node.children)}</p>`,

  field: (node) => `<p class="kr-body"><strong>${textHtml(`${node.label}:`)}</strong> ${inLang(textHtml(node.text), langOf(node))}</p>`,

  // A list, as in the tagged PDF: each figure is a value and its label, not a row of columns.
  keyFigures: (node) =>
    `<figure class="kr-figures"><figcaption class="kr-caption">${textHtml(node.caption)}</figcaption>` +
    `<ul>${node.items.map((item) => `<li>${withSwatch(item.stage, `<span class="kr-value">${textHtml(item.value)}</span>`)} <span class="kr-label">${textHtml(item.label)}</span></li>`).join('')}</ul></figure>`,

  table: (node, ctx) => tableHtml(node, ctx),

  // The picture is the shared SVG (chart-svg.ts), read as its alternative text; hatching as
  // paths, so two charts never share an element id. The figures also come as a table for
  // screen readers.
  chart: (node, ctx) => {
    const { svg } = chartToSvg(node, { fontFamily: 'Liberation Sans, Arial, Helvetica, sans-serif', hatch: 'paths' });
    const inline = svg.replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /, '<svg class="kr-chart" focusable="false" ');
    return `<figure class="kr-figure"><figcaption class="kr-caption">${textHtml(node.caption)}</figcaption>${inline}${chartData(node, ctx)}</figure>`;
  },

  // The boxes only draw what the label says.
  stageIndicator: (node) => {
    const reached = node.stage === 'unreported' ? 0 : Number(node.stage);
    const boxes = stageBoxes(node.stage, reached);
    // The unit's own wording at the end of the label may be in the table's language.
    const data = labelDataOf(node);
    const words = data === undefined ? textHtml(node.label) : textHtml(node.label.slice(0, data.from)) + inLang(textHtml(node.label.slice(data.from)), data.lang);
    const label = node.stage === 'unreported' ? `<em>${words}</em>` : words;
    return `<p class="kr-stage"><span class="kr-boxes">${boxes}</span><span class="kr-stage-label">${label}</span></p>`;
  },

  list: (node) => `<ul class="kr-list">${node.items.map((item) => `<li>${inlines(item)}</li>`).join('')}</ul>`,

  pageBreak: () => '<div class="kr-page-break"></div>',
};

export function renderBlocks(blocks: Block[], ctx: HtmlContext): string {
  let out = '';
  for (const block of blocks) {
    // The cast is safe: the table is keyed by block type, so the handler matches the node.
    const handler = handlers[block.type] as (node: Block, ctx: HtmlContext) => string;
    out += `${handler(block, ctx)}\n`;
  }
  return out;
}
