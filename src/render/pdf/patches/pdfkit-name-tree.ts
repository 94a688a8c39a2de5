/**
 * pdfkit's PDFNameTree: keys sorted by byte. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import { bareDocument } from '../pdfkit-bare.js';
import { PATCHED } from './common.js';

/**
 * pdfkit sorts the keys of a name tree (named destinations, embedded files) with localeCompare:
 * the first call sets up an ICU collator (~15 ms) and each comparison goes through it. ISO 32000
 * asks for the keys in lexical order of their bytes, which is what this sorts by; for our keys
 * (`h1`, `h2`, …, file names) both orders are the same, so the bytes are too.
 */
export function patchNameTree(): void {
  const proto = Object.getPrototypeOf(bareDocument()._root.data.Names.data.Dests) as Record<string | symbol, unknown> & { _compareKeys?: unknown };
  if (proto[PATCHED] || typeof proto._compareKeys !== 'function') return;
  proto._compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  proto[PATCHED] = true;
}
