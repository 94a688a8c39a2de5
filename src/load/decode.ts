/**
 * Bytes to text. The rule: a BOM decides; UTF-16 without a BOM is recognised by its zero bytes;
 * valid UTF-8 is UTF-8; a file with valid multi-byte UTF-8 sequences and fewer stray bytes is
 * still UTF-8, each stray byte becoming a mark (INVALID_BASE) (the loader reports it at its cell and
 * shows it as □), never re-decoded whole; only a file without valid multi-byte sequences (or
 * with fewer of them than bytes that are not UTF-8) is Windows-1252 (Finnish Excel's
 * default for CSV). Windows-1252 goes through iconv-lite: Node's TextDecoder treats the
 * `windows-1252` label as latin1 and turns € and – into control characters.
 */
export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** Bytes that were not UTF-8 in a UTF-8 file; each is one mark (INVALID_BASE) in `text`. */
  invalidBytes: number;
}

/**
 * A byte that is not UTF-8 stands as U+EF80 + (byte − 0x80) until the loader has located it and
 * shown it as □ (the private-use range OPTU-8 uses for the same purpose; such a byte is ≥ 0x80).
 */
export const INVALID_BASE = 0xef80;
export const isInvalidMark = (c: number): boolean => c >= 0xef80 && c <= 0xefff;

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number) => {
    const c = bytes[i + k];
    return c !== undefined && c >= 0x80 && c <= 0xbf;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const c1 = bytes[i + 1] ?? 0;
    // No overlong forms (E0 80–9F) and no surrogates (ED A0–BF).
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const c1 = bytes[i + 1] ?? 0;
    if ((b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Positions of the bytes that start no valid UTF-8 sequence, and how many multi-byte sequences are valid. */
export function scanUtf8(bytes: Uint8Array): { invalid: number[]; multibyte: number } {
  const invalid: number[] = [];
  let multibyte = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const n = sequenceAt(bytes, i);
    if (n === 0) {
      invalid.push(i);
      i++;
    } else {
      multibyte++;
      i += n;
    }
  }
  return { invalid, multibyte };
}

/** UTF-16 without a BOM: ASCII text has a zero in every other byte, on one side only. */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.3 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.3 && oddZero / pairs < 0.05) return 'utf-16be';
  return null;
}

export async function decodeText(bytes: Uint8Array): Promise<Decoded> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { ...utf8WithMarks(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', invalidBytes: 0 };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', invalidBytes: 0 };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, invalidBytes: 0 };
  const scan = scanUtf8(bytes);
  if (scan.invalid.length === 0) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', invalidBytes: 0 };
  // More valid multi-byte sequences than stray bytes: a UTF-8 file with a few bytes pasted in from
  // elsewhere. The other way round, the valid ones are Windows-1252 letter pairs that happen to
  // look like UTF-8 ("Ö—" is D6 97), and the file is Windows-1252.
  if (scan.multibyte > scan.invalid.length) return { ...utf8WithMarks(bytes, scan.invalid), encoding: 'utf-8' };
  // Loaded only for a file that is not UTF-8: most tables never need its ~20 ms import.
  const { default: iconv } = await import('iconv-lite');
  return { text: iconv.decode(bytes as Buffer, 'windows-1252'), encoding: 'windows-1252', invalidBytes: 0 };
}

/** UTF-8 text with each invalid byte as INVALID_MARK, never re-decoded as another encoding. */
function utf8WithMarks(bytes: Uint8Array, invalid = scanUtf8(bytes).invalid): { text: string; invalidBytes: number } {
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let from = 0;
  for (const at of invalid) {
    parts.push(decoder.decode(bytes.subarray(from, at)), String.fromCharCode(INVALID_BASE + bytes[at]! - 0x80));
    from = at + 1;
  }
  parts.push(decoder.decode(bytes.subarray(from)));
  return { text: parts.join(''), invalidBytes: invalid.length };
}

export type Sniffed = 'xlsx' | 'zip' | 'ole' | 'pdf' | 'image' | 'text';

/** Recognise container formats by their magic bytes before trying to read text. */
export function sniff(bytes: Uint8Array): Sniffed {
  const at = (i: number) => bytes[i] ?? -1;
  if (at(0) === 0x50 && at(1) === 0x4b && at(2) === 0x03 && at(3) === 0x04) return 'zip';
  if (at(0) === 0xd0 && at(1) === 0xcf && at(2) === 0x11 && at(3) === 0xe0) return 'ole';
  if (at(0) === 0x25 && at(1) === 0x50 && at(2) === 0x44 && at(3) === 0x46) return 'pdf';
  // Images people attach by mistake: PNG, JPEG, GIF.
  if ((at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) || (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) || (at(0) === 0x47 && at(1) === 0x49 && at(2) === 0x46 && at(3) === 0x38)) return 'image';
  return 'text';
}

/** C0 controls other than tab and line breaks, DEL, C1 controls, and bytes that were not UTF-8. */
// eslint-disable-next-line no-control-regex
export const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\uef80-\uefff]/g;

/**
 * Decoded text that is really binary: control characters (and bytes that were not UTF-8) make up
 * more than a twentieth of the whole text (and at least two). Counted over all of it, so one NUL in a cell is a
 * warning at that cell wherever it is, and a binary file is binary wherever its bytes are.
 */
export function looksBinary(text: string): boolean {
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c <= 0x9f) || isInvalidMark(c) || c >= 0xfffd) control++;
  }
  return control >= 2 && control / text.length > 0.05;
}
