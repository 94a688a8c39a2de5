import { Inflate } from 'fflate';

export interface ZipEntryInfo {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local file header. */
  localOffset: number;
}

/**
 * Read a zip's central directory (no decompression) to learn entry count and total uncompressed
 * size. Enough to refuse a zip bomb before a library unpacks it.
 */
export function inspectZip(bytes: Uint8Array): { entries: number; uncompressedSize: number; list: ZipEntryInfo[] } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 + 65535 bytes.
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const entries = view.getUint16(i + 10, true);
    const dirOffset = view.getUint32(i + 16, true);
    let p = dirOffset;
    let total = 0;
    const list: ZipEntryInfo[] = [];
    for (let n = 0; n < entries; n++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
      let size = view.getUint32(p + 24, true);
      // 0xffffffff means "see ZIP64 extra field": treat as too big rather than parse ZIP64.
      if (size === 0xffffffff) size = Number.MAX_SAFE_INTEGER / 4;
      total += size;
      const nameLength = view.getUint16(p + 28, true);
      list.push({
        name: new TextDecoder().decode(bytes.subarray(p + 46, Math.min(bytes.length, p + 46 + nameLength))),
        method: view.getUint16(p + 10, true),
        compressedSize: view.getUint32(p + 20, true),
        uncompressedSize: size,
        localOffset: view.getUint32(p + 42, true),
      });
      p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    return { entries, uncompressedSize: total, list };
  }
  return null;
}

/** Compressed input fed to the inflater per step, so output between two checks stays small. */
const STEP = 16 * 1024;

/**
 * The central directory can lie: an entry that says 1 KB may inflate to gigabytes, and the zip
 * library trusts the directory. So inflate every entry once here, streaming and discarding the
 * output, and stop as soon as an entry gives more than it declared. Costs one pass of
 * decompression over an input already known (from the directory) to unpack within the limit.
 * Returns the name of the first lying entry, or null when every entry is as declared.
 */
export function findLyingEntry(bytes: Uint8Array, entries: readonly ZipEntryInfo[]): { name: string; declared: number; badHeader?: true } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    const at = e.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) return { name: e.name, declared: e.uncompressedSize, badHeader: true };
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, Math.min(bytes.length, start + e.compressedSize));
    if (e.method === 0) {
      if (data.length > e.uncompressedSize) return { name: e.name, declared: e.uncompressedSize };
      continue;
    }
    // Other methods are the zip library's to refuse; only deflate can expand.
    if (e.method !== 8) continue;
    let produced = 0;
    let over = false;
    const inflater = new Inflate((chunk) => {
      produced += chunk.length;
      if (produced > e.uncompressedSize) over = true;
    });
    try {
      for (let i = 0; i < data.length && !over; i += STEP) inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
    } catch {
      // Corrupt deflate data: the zip library reports it in its own words.
      continue;
    }
    if (over) return { name: e.name, declared: e.uncompressedSize };
  }
  return null;
}
