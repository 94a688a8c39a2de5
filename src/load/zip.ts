/**
 * Read a zip's central directory (no decompression) to learn entry count and total uncompressed
 * size. Enough to refuse a zip bomb before a library unpacks it.
 */
export function inspectZip(bytes: Uint8Array): { entries: number; uncompressedSize: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 + 65535 bytes.
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const entries = view.getUint16(i + 10, true);
    const dirOffset = view.getUint32(i + 16, true);
    let p = dirOffset;
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
      let size = view.getUint32(p + 24, true);
      // 0xffffffff means "see ZIP64 extra field": treat as too big rather than parse ZIP64.
      if (size === 0xffffffff) size = Number.MAX_SAFE_INTEGER / 4;
      total += size;
      p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    return { entries, uncompressedSize: total };
  }
  return null;
}
