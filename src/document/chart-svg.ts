/**
 * The stacked-bar chart as an SVG string, shared by the PDF renderer (vector, via pdfmake's svg
 * node) and the DOCX renderer (rasterised to PNG), so both formats show the same picture.
 * Pure string building: no DOM, no clock, no randomness, every text XML-escaped.
 */
import type { Chart } from './types.js';
import type { StageKey } from '../stats/types.js';
import { STAGE_COLORS, STAGE_TEXT_COLORS, RULE_COLOR } from './palette.js';
import { printable } from '../render/text.js';

export interface ChartSvgOptions {
  /** Width in points (= SVG user units). Default 445, the 15.7 cm body line of SFS 2487. */
  width?: number;
  fontFamily?: string;
  /**
   * How "not reported" is hatched: an SVG `<pattern>` (default), or plain line paths computed per
   * shape, for PDF/A-1, where svg-to-pdfkit's patterns become forbidden transparency groups.
   */
  hatch?: 'pattern' | 'paths';
}

export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}

const DEFAULT_WIDTH = 445;
const FONT_SIZE = 8.5;
const LINE_HEIGHT = 10.5;
const BAR_HEIGHT = 16;
const ROW_GAP = 6;
const LABEL_GAP = 6;
const LEGEND_SWATCH = 9;
const HATCH_ID = 'kr-unreported-hatch';

/**
 * Advance widths (per 1000 em) of Liberation Sans Regular, which has Arial's metrics. Used only to
 * decide where labels fit and where to wrap; characters not listed count as a wide glyph so
 * estimates err towards wrapping rather than overflowing.
 */
const WIDTHS: Record<string, number> = {
  ' ': 278, '!': 278, '"': 355, '#': 556, $: 556, '%': 889, '&': 667, "'": 191, '(': 333, ')': 333,
  '*': 389, '+': 584, ',': 278, '-': 333, '.': 278, '/': 278, ':': 278, ';': 278, '<': 584, '=': 584,
  '>': 584, '?': 556, '@': 1015, '[': 278, '\\': 278, ']': 278, '^': 469, _: 556, '`': 333, '{': 334,
  '|': 260, '}': 334, '~': 584, '\u00a0': 278, '–': 556, '—': 1000, '€': 556, '§': 556,
  A: 667, B: 667, C: 722, D: 722, E: 667, F: 611, G: 778, H: 722, I: 278, J: 500, K: 667, L: 556,
  M: 833, N: 722, O: 778, P: 667, Q: 778, R: 722, S: 667, T: 611, U: 722, V: 667, W: 944, X: 667,
  Y: 667, Z: 611, a: 556, b: 556, c: 500, d: 556, e: 556, f: 278, g: 556, h: 556, i: 222, j: 222,
  k: 500, l: 222, m: 833, n: 556, o: 556, p: 556, q: 556, r: 333, s: 500, t: 278, u: 556, v: 500,
  w: 722, x: 500, y: 500, z: 500, Ä: 667, Ö: 778, Å: 667, ä: 556, ö: 556, å: 556, é: 556, É: 667,
  ü: 556, Ü: 722,
};

/** Estimated width of `s` in points at `size`. */
export function textWidth(s: string, size: number): number {
  let total = 0;
  for (const ch of s) total += WIDTHS[ch === '\u00a0' ? ' ' : ch] ?? (ch >= '0' && ch <= '9' ? 556 : 722);
  return (total * size) / 1000;
}

export function escapeXml(s: string): string {
  // printable: what XML 1.0 cannot carry and what the font lacks become a visible □ (render/text.ts).
  return printable(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Greedy word wrap; a word longer than the line is split so nothing overflows or is lost. */
export function wrapText(s: string, maxWidth: number, size: number): string[] {
  const words = s.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (let word of words) {
    while (textWidth(word, size) > maxWidth && word.length > 1) {
      let cut = word.length - 1;
      while (cut > 1 && textWidth(word.slice(0, cut), size) > maxWidth) cut--;
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Whole percentages adding up to exactly 100 (largest remainder), so labels agree with the stats. */
export function percentages(values: readonly number[]): number[] {
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  if (total <= 0) return values.map(() => 0);
  const exact = values.map((v) => (Math.max(0, v) * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left--;
  }
  return floors;
}

/** Numbers are written with at most two decimals so the SVG text is stable and short. */
const n = (v: number): string => String(Math.round(v * 100) / 100);

const HATCH_STEP = 4;
const HATCH_COLOR = '#ffffff';
const HATCH_WIDTH = 0.9;
const HATCH_STROKE = `stroke="${HATCH_COLOR}" stroke-width="${HATCH_WIDTH}"`;

/**
 * One drawing step of the chart, in order, in points from its top-left corner. The SVG writer and
 * the PDF renderer (which draws them itself rather than through an SVG parser) both follow this
 * list, so the two pictures are the same by construction.
 */
export type ChartShape =
  /** A rectangle; `pattern` fills it with the hatch pattern (SVG only), `none` leaves it empty. */
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string; stroke: string; strokeWidth: number }
  /** 45° white hatch lines over a rectangle (see hatchSegments). */
  | { kind: 'hatch'; x: number; y: number; w: number; h: number }
  /** A text; `y` is each line's baseline. A category label is one text of several lines. */
  | { kind: 'text'; x: number; top: number; lines: { y: number; text: string }[]; anchor: 'start' | 'middle'; fill: string; label: boolean };

/** A horizontal band of the chart (one category's bar, or the legend) that is kept whole. */
export interface ChartBand {
  top: number;
  height: number;
  shapes: ChartShape[];
}

export interface ChartLayout {
  width: number;
  height: number;
  fontSize: number;
  /** The bands from top to bottom; their shapes, in order, are the whole drawing. */
  bands: ChartBand[];
}

/** 45° hatch lines clipped to a rectangle by computation, so no pattern or clip path is needed. */
export function hatchSegments(x: number, y: number, w: number, h: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  // Lines x + y' = c (rising to the right), c from the top-left corner to the bottom-right one.
  for (let c = HATCH_STEP / 2; c < w + h; c += HATCH_STEP) {
    out.push([x + Math.max(0, c - h), y + Math.min(h, c), x + Math.min(w, c), y + Math.max(0, c - w)]);
  }
  return out;
}

export const HATCH_LINE = { color: HATCH_COLOR, width: HATCH_WIDTH };

function shape(key: StageKey, x: number, y: number, w: number, h: number, hatch: 'pattern' | 'paths', stroke: string, strokeWidth: number): ChartShape[] {
  const rect = (fill: string): ChartShape => ({ kind: 'rect', x, y, w, h, fill, stroke, strokeWidth });
  if (key !== 'unreported') return [rect(STAGE_COLORS[key])];
  if (hatch === 'pattern') return [rect('pattern')];
  return [rect(STAGE_COLORS.unreported), { kind: 'hatch', x, y, w, h }, rect('none')];
}

/** Where every bar, label and legend entry of the chart goes. */
export function chartLayout(chart: Chart, options: ChartSvgOptions = {}): ChartLayout {
  const width = options.width ?? DEFAULT_WIDTH;
  const hatch = options.hatch ?? 'pattern';
  const labelWidth = Math.round(width * 0.34);
  const barX = labelWidth + LABEL_GAP;
  const barWidth = width - barX - 1;
  const bands: ChartBand[] = [];
  let shapes: ChartShape[] = [];
  let y = 0;

  for (const category of chart.categories) {
    shapes = [];
    const lines = wrapText(category.label, labelWidth, FONT_SIZE);
    const rowHeight = Math.max(BAR_HEIGHT, lines.length * LINE_HEIGHT);
    const barY = y + (rowHeight - BAR_HEIGHT) / 2;
    const textTop = y + (rowHeight - lines.length * LINE_HEIGHT) / 2;
    shapes.push({ kind: 'text', x: 0, top: textTop, lines: lines.map((line, i) => ({ y: textTop + (i + 1) * LINE_HEIGHT - 2.5, text: line })), anchor: 'start', fill: '#000000', label: true });

    const values = chart.series.map((s) => category.values[s.key] ?? 0);
    const pcts = percentages(values);
    const total = values.reduce((a, b) => a + Math.max(0, b), 0);
    let x = barX;
    chart.series.forEach((series, i) => {
      const value = Math.max(0, values[i] ?? 0);
      if (total <= 0 || value <= 0) return;
      const w = (value / total) * barWidth;
      shapes.push(...shape(series.key, x, barY, w, BAR_HEIGHT, hatch, '#ffffff', 0.5));
      // A no-break space before %, as everywhere else in the report (SFS 2487 style).
      // The tree's own share text when it has one, so bar, table and alternative text agree.
      const label = category.shares?.[series.key] ?? `${pcts[i] ?? 0}\u00a0%`;
      if (textWidth(label, FONT_SIZE) + 4 <= w) {
        const baseline = barY + BAR_HEIGHT / 2 + FONT_SIZE * 0.35;
        shapes.push({ kind: 'text', x: x + w / 2, top: baseline, lines: [{ y: baseline, text: label }], anchor: 'middle', fill: STAGE_TEXT_COLORS[series.key], label: false });
      }
      x += w;
    });
    // An outline keeps an empty category (no actions) visible as a bar, not a gap.
    shapes.push({ kind: 'rect', x: barX, y: barY, w: barWidth, h: BAR_HEIGHT, fill: 'none', stroke: RULE_COLOR, strokeWidth: 0.5 });
    bands.push({ top: y, height: rowHeight + ROW_GAP, shapes });
    y += rowHeight + ROW_GAP;
  }

  // Legend below the bars: swatch + label, flowing into as many lines as needed.
  const legendTop = y;
  shapes = [];
  y += 4;
  let lx = 0;
  const legendGap = 14;
  const itemHeight = LINE_HEIGHT + 3;
  for (const series of chart.series) {
    const labelLines = wrapText(series.label, width - LEGEND_SWATCH - 4, FONT_SIZE);
    const itemWidth = LEGEND_SWATCH + 4 + Math.max(...labelLines.map((l) => textWidth(l, FONT_SIZE)));
    if (lx > 0 && lx + itemWidth > width) {
      lx = 0;
      y += itemHeight;
    }
    shapes.push(...shape(series.key, lx, y + 1, LEGEND_SWATCH, LEGEND_SWATCH, hatch, RULE_COLOR, 0.5));
    labelLines.forEach((line, i) => {
      const baseline = y + 8.5 + i * LINE_HEIGHT;
      shapes.push({ kind: 'text', x: lx + LEGEND_SWATCH + 4, top: baseline, lines: [{ y: baseline, text: line }], anchor: 'start', fill: '#000000', label: false });
    });
    y += (labelLines.length - 1) * LINE_HEIGHT;
    lx += itemWidth + legendGap;
  }
  const height = Math.ceil(y + itemHeight);
  bands.push({ top: legendTop, height: height - legendTop, shapes });
  return { width, height, fontSize: FONT_SIZE, bands };
}

function shapeSvg(s: ChartShape): string {
  switch (s.kind) {
    case 'rect':
      return `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}" fill="${s.fill === 'pattern' ? `url(#${HATCH_ID})` : s.fill}" stroke="${s.stroke}" stroke-width="${s.strokeWidth}"/>`;
    case 'hatch': {
      const d = hatchSegments(s.x, s.y, s.w, s.h).map(([x1, y1, x2, y2]) => `M${n(x1)},${n(y1)}L${n(x2)},${n(y2)}`);
      return d.length ? `<path d="${d.join('')}" ${HATCH_STROKE}/>` : '';
    }
    case 'text': {
      const anchor = s.anchor === 'middle' ? ' text-anchor="middle"' : '';
      // A category label is one <text> with a <tspan> per line.
      if (s.label) {
        return `<text x="${n(s.x)}" y="${n(s.top)}" font-size="${FONT_SIZE}" fill="${s.fill}">${s.lines.map((l) => `<tspan x="${n(s.x)}" y="${n(l.y)}">${escapeXml(l.text)}</tspan>`).join('')}</text>`;
      }
      return s.lines.map((l) => `<text x="${n(s.x)}" y="${n(l.y)}" font-size="${FONT_SIZE}"${anchor} fill="${s.fill}">${escapeXml(l.text)}</text>`).join('');
    }
  }
}

export function chartToSvg(chart: Chart, options: ChartSvgOptions = {}): ChartSvg {
  const family = options.fontFamily ?? 'Liberation Sans';
  const hatch = options.hatch ?? 'pattern';
  const { width, height, bands } = chartLayout(chart, options);
  const patternDef =
    `<pattern id="${HATCH_ID}" patternUnits="userSpaceOnUse" width="4" height="4">` +
    `<rect x="0" y="0" width="4" height="4" fill="${STAGE_COLORS.unreported}"/>` +
    `<path d="M-1,1 l2,-2 M0,4 l4,-4 M3,5 l2,-2" ${HATCH_STROKE}/>` +
    `</pattern>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${height}" viewBox="0 0 ${n(width)} ${height}" role="img" aria-label="${escapeXml(chart.alt)}" font-family="${escapeXml(family)}">` +
    `<title>${escapeXml(chart.caption)}</title><desc>${escapeXml(chart.alt)}</desc>` +
    (hatch === 'pattern' ? `<defs>${patternDef}</defs>` : '') +
    bands.map((band) => band.shapes.map(shapeSvg).join('')).join('') +
    `</svg>`;
  return { svg, width, height };
}
