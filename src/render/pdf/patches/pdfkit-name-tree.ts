/**
 * pdfkit's PDFNameTree: keys sorted by byte. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import { bareDocument } from '../pdfkit-bare.js';
import type { PatchSet } from './patch.js';

/** SHA-256 of each patched method's source in pdfkit 0.19.1 (see patch.ts). */
export const ORIGINALS = {
  'PDFNameTree.prototype._compareKeys': '6de34a069a9867d2d286fab5a97066f857b8c93bd08c3909449db1b99a49d7e2',
};

/**
 * pdfkit sorts the keys of a name tree (named destinations, embedded files) with localeCompare:
 * the first call sets up an ICU collator (~15 ms) and each comparison goes through it. ISO 32000
 * asks for the keys in lexical order of their bytes, which is what this sorts by; for our keys
 * (`h1`, `h2`, …, file names) both orders are the same, so the bytes are too.
 */
export function nameTreePatches(set: PatchSet): void {
  const proto = Object.getPrototypeOf(bareDocument()._root.data.Names.data.Dests) as object;
  const byByte = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  set.method(proto, 'PDFNameTree.prototype._compareKeys', () => byByte);
}
