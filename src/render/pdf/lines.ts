/**
 * Line breaking of body text, done here rather than by pdfmake.
 *
 * pdfmake 0.3.11 makes an object of ~27 style properties for every word, looks up each property on
 * the style stack, keeps all of them until the whole document is laid out, and draws each word as
 * its own text. For a report of 10,000 actions that is over a million words, and most of the run
 * time and memory. Here a paragraph is measured word by word with plain numbers and handed to
 * pdfmake as one unwrapped text per line, so pdfmake's per-word work becomes per-line work.
 *
 * The lines are the ones pdfmake would make itself: the same break opportunities (Unicode line
 * breaking by the `linebreak` package pdfmake uses), the same widths (fontkit shaping cut after
 * every space, as pdfkit measures, summed in the same order), the same fitting rule (a word fits
 * when the line with it, less the line's leading and the word's trailing white space, is no wider
 * than the column). A word wider than a whole line is cut between characters, never lost.
 */
import type { FontkitFont } from 'fontkit';
import { pdfkitFont } from './pdfkit-bare.js';
import LineBreaker from 'linebreak';
import type { FontSet } from '../fonts.js';
import { PlainShaper } from './shaper.js';

export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** A piece of text in one face. */
export interface Segment {
  text: string;
  bold: boolean;
  italics: boolean;
}

/**
 * Set on line nodes whose surrounding style is the same (the lines of one paragraph, or of every
 * paragraph of one kind; the renderer's handlers decide), the same initially empty object on all
 * of them, so pdfmake measures their common style once per face (patches/).
 */
export const PARAGRAPH = '_krParagraph';

export const faceOf = (bold: boolean, italics: boolean): Face => (bold ? (italics ? 'boldItalic' : 'bold') : italics ? 'italic' : 'regular');

/** fontkit's shaping result, scaled to 1/1000 em in place as pdfkit's EmbeddedFont.layoutRun does. */
export interface Run {
  glyphs: { id: number; advanceWidth: number }[];
  positions: Record<string, number>[];
  advanceWidth: number;
}

/**
 * One parsed face, shared by every rendering in the process: the line breaker's fontkit font
 * (parsed and set up for shaping once) and a cache of shaped pieces in the shape of pdfkit's own
 * `layoutCache`, which pdfkit's fonts use too, so no text is shaped twice (see patches/).
 */
export interface SharedFace {
  font: FontkitFont;
  /** Shapes plain Latin text as fontkit would, faster; null if the font needs fontkit's engine. */
  plain: PlainShaper | null;
  scale: number;
  runs: Record<string, Run>;
  size: number;
}

const shared = new WeakMap<Uint8Array, SharedFace>();
/** Past this many cached pieces a face starts afresh, so a long-running process does not grow. */
const CACHE_LIMIT = 300_000;

/**
 * Parses a font with pdfkit's own fontkit, through a bare pdfkit document: pdfkit loads fontkit's
 * CommonJS build, and importing fontkit here would load its ES module build as well (~70 ms at
 * start-up).
 */
function parseFont(bytes: Uint8Array): FontkitFont {
  return pdfkitFont(bytes).font as FontkitFont;
}

export function sharedFace(bytes: Uint8Array): SharedFace {
  let face = shared.get(bytes);
  if (!face) {
    const font = parseFont(bytes);
    const scale = 1000 / font.unitsPerEm;
    face = { font, plain: PlainShaper.for(font, bytes, scale), scale, runs: Object.create(null) as Record<string, Run>, size: 0 };
    shared.set(bytes, face);
  }
  return face;
}

/**
 * A piece shaped as pdfkit's EmbeddedFont.layoutCached would shape it, from the shared cache:
 * the plain shaper when it can, else fontkit, scaled to 1/1000 em as pdfkit's layoutRun does.
 * pdfkit's own fonts call this too (patches/), so every piece is shaped once.
 */
export function shapedRun(s: SharedFace, piece: string): Run {
  let run = s.runs[piece];
  if (run === undefined) {
    run = s.plain?.shape(piece);
    if (run === undefined) {
      run = s.font.layout(piece) as unknown as Run;
      for (let i = 0; i < run.positions.length; i++) {
        const position = run.positions[i]!;
        for (const key in position) position[key]! *= s.scale;
        position.advanceWidth = run.glyphs[i]!.advanceWidth * s.scale;
      }
    }
    s.runs[piece] = run;
    s.size++;
  }
  return run;
}

/**
 * Calls `each` with the pieces pdfkit shapes `text` in (EmbeddedFont.layout): cut after every space
 * or tab, the last piece ending with the text. The one place that rule is written down.
 */
export function forEachPiece(text: string, each: (piece: string) => void): void {
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && i !== n - 1) continue;
    each(text.slice(last, i + 1));
    last = i + 1;
  }
}

const ADVANCE = Symbol('kuntaraportti.advance');

/**
 * A shaped piece's advance in 1/1000 em. fontkit's `advanceWidth` is a getter that sums the
 * positions on every call; a cached piece's positions never change, so the sum is kept on it.
 */
export function advanceOf(run: { advanceWidth: number }): number {
  const r = run as { advanceWidth: number; [ADVANCE]?: number };
  let width = r[ADVANCE];
  if (width === undefined) r[ADVANCE] = width = run.advanceWidth;
  return width;
}

/** The font files pdfmake reads (virtual file name → bytes), so pdfkit's fonts can share the faces. */
export const fontFiles = new Map<string, Uint8Array>();

const LEADING = /^\s+/;
const TRAILING = /\s+$/;

/** Widths of text in the body font as pdfkit computes them. One per rendering. */
export class TextMeasure {
  private readonly faces = new Map<Face, SharedFace>();

  constructor(private readonly fonts: FontSet) {
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      const s = shared.get(fonts[face]);
      if (s && s.size > CACHE_LIMIT) {
        s.runs = Object.create(null) as Record<string, Run>;
        s.size = 0;
      }
    }
  }

  private face(face: Face) {
    let f = this.faces.get(face);
    if (!f) {
      f = sharedFace(this.fonts[face]);
      this.faces.set(face, f);
    }
    return f;
  }

  /** Advance of `text` in 1/1000 em: pdfkit's EmbeddedFont.layout, cut after each space or tab. */
  private advance(text: string, face: Face): number {
    const f = this.face(face);
    let total = 0;
    forEachPiece(text, (piece) => {
      total += advanceOf(shapedRun(f, piece));
    });
    return total;
  }

  /** The face's ascender in 1/1000 em, as pdfkit places a line's baseline below its top. */
  ascent(face: Face): number {
    const f = this.face(face);
    return f.font.ascent * f.scale;
  }

  /** Width in points of `text` in `face` at `size` (pdfkit's widthOfString). */
  width(text: string, face: Face, size: number): number {
    const scale = size / 1000;
    return this.advance(text, face) * scale;
  }
}

interface Word {
  segments: Segment[];
  width: number;
  leadingCut: number;
  trailingCut: number;
  lineEnd: boolean;
}

/** Splits [start, end) of the paragraph into segments at the run boundaries. */
function slice(runs: Segment[], starts: number[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  for (let r = 0; r < runs.length; r++) {
    const a = Math.max(start, starts[r]!);
    const b = Math.min(end, starts[r]! + runs[r]!.text.length);
    if (a < b) out.push({ text: runs[r]!.text.slice(a - starts[r]!, b - starts[r]!), bold: runs[r]!.bold, italics: runs[r]!.italics });
  }
  return out;
}

function measureWord(segments: Segment[], lineEnd: boolean, size: number, m: TextMeasure): Word {
  let width = 0;
  for (const s of segments) width += m.width(s.text, faceOf(s.bold, s.italics), size);
  const first = segments[0];
  const last = segments[segments.length - 1];
  return {
    segments,
    width,
    leadingCut: first ? leadingWidth(first.text, faceOf(first.bold, first.italics), size, m) : 0,
    trailingCut: last ? trailingWidth(last.text, faceOf(last.bold, last.italics), size, m) : 0,
    lineEnd,
  };
}

/** Code unit offsets where a too-wide word may be cut: between code points, never before a mark. */
function cutPoints(text: string): number[] {
  const points: number[] = [];
  let i = 0;
  for (const ch of text) {
    i += ch.length;
    if (i < text.length && !/^\p{M}/u.test(text.slice(i, i + 2))) points.push(i);
  }
  points.push(text.length);
  return points;
}

/** Cuts a word wider than `maxWidth` into pieces that each fit (at least one character each). */
function cutWord(word: Word, size: number, maxWidth: number, m: TextMeasure): Word[] {
  const out: Word[] = [];
  let rest = word.segments;
  for (;;) {
    const text = rest.map((s) => s.text).join('');
    const whole = measureWord(rest, false, size, m);
    if (whole.width - whole.trailingCut <= maxWidth) {
      out.push({ ...whole, lineEnd: word.lineEnd });
      return out;
    }
    const points = cutPoints(text);
    const starts: number[] = [];
    let at = 0;
    for (const s of rest) {
      starts.push(at);
      at += s.text.length;
    }
    // The longest prefix that fits, as pdfmake's own binary search; at least one character.
    let lo = 0;
    let hi = points.length - 1;
    let best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const w = measureWord(slice(rest, starts, 0, points[mid]!), false, size, m).width;
      if (w <= maxWidth) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const cut = points[best]!;
    if (cut >= text.length) {
      out.push({ ...whole, lineEnd: word.lineEnd });
      return out;
    }
    out.push(measureWord(slice(rest, starts, 0, cut), false, size, m));
    rest = slice(rest, starts, cut, text.length);
  }
}

/** Joins neighbouring segments in the same face. */
function merged(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && last.bold === s.bold && last.italics === s.italics) last.text += s.text;
    else out.push({ ...s });
  }
  return out;
}

/**
 * The lines of a paragraph set in `size` points into a column `maxWidth` points wide. Each line is
 * its segments in order; an empty line (from an empty paragraph or two line breaks) is `[]`.
 * Line breaks in the text end lines and are not part of any segment; nothing else is removed.
 */
export function breakLines(runs: Segment[], size: number, maxWidth: number, m: TextMeasure): Segment[][] {
  const text = runs.map((r) => r.text).join('');
  const starts: number[] = [];
  let at = 0;
  for (const r of runs) {
    starts.push(at);
    at += r.text.length;
  }
  // One run (most paragraphs): words and lines are plain strings, measured without segments.
  const single = runs.length === 1 ? runs[0]! : undefined;
  const singleFace = single ? faceOf(single.bold, single.italics) : 'regular';
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let lineText = '';
  let lineWidth = 0;
  let leadingCut = 0;
  let empty = true;
  const flush = (): void => {
    if (single) lines.push(lineText === '' ? [] : [{ text: lineText, bold: single.bold, italics: single.italics }]);
    else lines.push(merged(line));
    line = [];
    lineText = '';
    lineWidth = 0;
    leadingCut = 0;
    empty = true;
  };
  const add = (w: Word): void => {
    if (empty) leadingCut = w.leadingCut;
    if (single) for (const s of w.segments) lineText += s.text;
    else line.push(...w.segments);
    lineWidth += w.width;
    empty = false;
  };

  const breaker = new LineBreaker(text);
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    let end = bk.position;
    const tail = text.charCodeAt(end - 1);
    let lineEnd = bk.required;
    if (tail === 10 || tail === 13) {
      // A line break ends the word and the line; CR LF counts as one.
      lineEnd = true;
      end -= tail === 10 && text.charCodeAt(end - 2) === 13 ? 2 : 1;
    }
    if (single && end > last) {
      const w = text.slice(last, end);
      const width = m.width(w, singleFace, size);
      const trailing = trailingWidth(w, singleFace, size, m);
      if (empty ? width - trailing <= maxWidth : lineWidth + width - leadingCut - trailing <= maxWidth) {
        if (empty) leadingCut = leadingWidth(w, singleFace, size, m);
        lineText += w;
        lineWidth += width;
        empty = false;
        last = bk.position;
        if (lineEnd) flush();
        continue;
      }
    }
    const word = measureWord(slice(runs, starts, last, end), lineEnd, size, m);
    last = bk.position;
    if (!empty && lineWidth + word.width - leadingCut - word.trailingCut > maxWidth) flush();
    if (empty && word.width - word.trailingCut > maxWidth && word.segments.length > 0) {
      const pieces = cutWord(word, size, maxWidth, m);
      pieces.forEach((p, i) => {
        add(p);
        if (i < pieces.length - 1) flush();
      });
    } else add(word);
    if (lineEnd) flush();
  }
  if (!empty || lines.length === 0) flush();
  return lines;
}

/** Whether the UTF-16 unit is white space as JavaScript's `\s` has it. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

/** pdfmake's trailing cut: the width of the white space the word ends with. */
function trailingWidth(w: string, face: Face, size: number, m: TextMeasure): number {
  if (!isSpace(w.charCodeAt(w.length - 1))) return 0;
  const t = TRAILING.exec(w);
  return t ? m.width(t[0], face, size) : 0;
}

/** pdfmake's leading cut: the width of the white space the word starts with. */
function leadingWidth(w: string, face: Face, size: number, m: TextMeasure): number {
  if (!isSpace(w.charCodeAt(0))) return 0;
  const t = LEADING.exec(w);
  return t ? m.width(t[0], face, size) : 0;
}
