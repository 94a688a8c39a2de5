/**
 * What a literal string may carry into a PDF or a Word file. Both renderers pass every string of
 * the document tree through `printable` (via `printableTree`), so the two formats show the same
 * characters, and nothing from a cell can break the file, fool the reader or vanish unseen.
 *
 * The policy, in order:
 *
 * 0. Text is put in Unicode normal form C: a letter and its combining accent (as some exports
 *    write ä or å) become the one precomposed letter, which is found by search and drawn from the
 *    font's own glyph.
 * 1. Line breaks CR LF, CR, U+2028 and U+2029 become LF (a line break in both formats);
 *    TAB becomes a space.
 * 2. Characters XML 1.0 cannot carry or that have no visible form and may hide something become the
 *    visible REPLACEMENT `□` (U+25A1): other C0 controls, DEL, C1 controls (U+0080–U+009F), lone
 *    surrogates, noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF), and the bidi embeddings,
 *    overrides and isolates U+202A–U+202E, U+2066–U+2069, which would reorder the text shown
 *    in Word (PDF text has no bidi at all), so the report would not say what the cell says.
 * 3. Invisible format characters with no effect on what is shown are removed: soft hyphen,
 *    zero-width space/joiners, LRM/RLM/ALM, word joiner and invisible operators, BOM (U+FEFF),
 *    variation selectors and tag characters. (They have no glyph, so removing them changes no
 *    visible text.)
 * 4. A few characters the font lacks have an exact look-alike in it: U+2011 non-breaking hyphen
 *    → U+2010 hyphen.
 * 5. Any other code point the font (all four faces of Kuntaraportti Sans, which has Liberation
 *    Sans' glyphs) lacks — emoji, CJK,
 *    Arabic, private use, … — becomes REPLACEMENT, one per code point: visible, never dropped.
 *
 * Pure and idempotent: `printable(printable(s)) === printable(s)`.
 */
import type { DocumentTree } from '../document/types.js';
import { FONT_COVERAGE } from './font-coverage.js';

/** U+25A1 WHITE SQUARE: in the font (U+FFFD is not), and the usual look of a missing glyph. */
export const REPLACEMENT = '\u25a1';

/** Strings made only of these need no work (printable ASCII and Latin-1 except the soft hyphen). */
const PLAIN = /^[\n\u0020-\u007e\u00a0-\u00ac\u00ae-\u00ff]*$/;

/** Whether every face of the body font has a glyph for the code point. */
export function fontHas(cp: number): boolean {
  let lo = 0;
  let hi = FONT_COVERAGE.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < FONT_COVERAGE[mid * 2]!) hi = mid - 1;
    else if (cp > FONT_COVERAGE[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Step 3: removed. */
function isInvisibleFormat(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x206a && cp <= 0x206f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    (cp >= 0xe0000 && cp <= 0xe0fff)
  );
}

/** Step 2: replaced, whatever the font has. */
function isUnsafe(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    (cp >= 0xfdd0 && cp <= 0xfdef) ||
    (cp & 0xfffe) === 0xfffe
  );
}

const FOLD: Record<number, string> = { 0x2011: '\u2010' };

/** Code points that may need work: everything outside `PLAIN`, one code point per match. */
const SPECIAL = /[^\n\u0020-\u007e\u00a0-\u00ac\u00ae-\u00ff]/gu;

function replaceOne(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp === 0x0d || cp === 0x2028 || cp === 0x2029) return '\n';
  if (cp === 0x09) return ' ';
  if (isUnsafe(cp)) return REPLACEMENT;
  if (isInvisibleFormat(cp)) return '';
  if (fontHas(cp)) return ch;
  return FOLD[cp] ?? REPLACEMENT;
}

/** The string as both renderers show it: see the policy above. */
export function printable(text: string): string {
  if (PLAIN.test(text)) return text;
  // Removing an invisible character can bring a letter and an accent together, which the normal
  // form then joins: repeat until nothing changes (each round only shortens the text).
  let out = text;
  for (let round = 0; round < 4; round++) {
    const normal = out.normalize('NFC');
    const next = (normal.includes('\r\n') ? normal.replace(/\r\n/g, '\n') : normal).replace(SPECIAL, replaceOne);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Keys whose string values are data, not text for the reader. */
const OPAQUE = new Set(['logo', 'attachments']);

function mapStrings<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(mapStrings) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = OPAQUE.has(key) ? v : mapStrings(v);
    return out as T;
  }
  return value;
}

/**
 * The tree with `printable` applied to every string the reader sees (all of them except the logo
 * source and the attached files). A new node type is covered without change here.
 */
export function printableTree(tree: DocumentTree): DocumentTree {
  return mapStrings(tree);
}
