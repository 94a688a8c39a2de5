/**
 * Bytes to text. The rule: a BOM decides; else valid UTF-8 is UTF-8; else Windows-1252 (Finnish
 * Excel's default for CSV). Windows-1252 goes through iconv-lite: Node's TextDecoder treats the
 * `windows-1252` label as latin1 and turns € and – into control characters.
 */
export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

export async function decodeText(bytes: Uint8Array): Promise<Decoded> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Loaded only for a file that is not UTF-8: most tables never need its ~20 ms import.
    const { default: iconv } = await import('iconv-lite');
    return { text: iconv.decode(bytes as Buffer, 'windows-1252'), encoding: 'windows-1252' };
  }
}

export type Sniffed = 'xlsx' | 'zip' | 'ole' | 'pdf' | 'text';

/** Recognise container formats by their magic bytes before trying to read text. */
export function sniff(bytes: Uint8Array): Sniffed {
  const at = (i: number) => bytes[i] ?? -1;
  if (at(0) === 0x50 && at(1) === 0x4b && at(2) === 0x03 && at(3) === 0x04) return 'zip';
  if (at(0) === 0xd0 && at(1) === 0xcf && at(2) === 0x11 && at(3) === 0xe0) return 'ole';
  if (at(0) === 0x25 && at(1) === 0x50 && at(2) === 0x44 && at(3) === 0x46) return 'pdf';
  return 'text';
}

/**
 * Decoded text that is really binary has NULs or many control characters. Tabs, line breaks and
 * the odd stray control character in a cell are normal in spreadsheet exports.
 */
export function looksBinary(text: string): boolean {
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
    else if (c === 0xfffd) control++;
  }
  return control > 8 && control / sample.length > 0.01;
}
