import { unzlibSync, zlibSync } from 'fflate';

/**
 * PDF/A-1 forbids transparency, and an image with an alpha channel becomes a soft mask in the PDF.
 * This flattens a PNG's alpha (or transparent palette) onto white and returns an opaque RGB PNG;
 * a PNG that is already opaque is returned as it is. Pure, so the core stays browser-friendly.
 */
export function flattenPng(png: Uint8Array): Uint8Array {
  const chunks = readChunks(png);
  const ihdr = chunks.find((c) => c.type === 'IHDR');
  if (!ihdr) throw new Error('PNG: IHDR missing');
  const v = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, ihdr.data.byteLength);
  const width = v.getUint32(0);
  const height = v.getUint32(4);
  const depth = ihdr.data[8]!;
  const colour = ihdr.data[9]!;
  const interlace = ihdr.data[12]!;
  const hasTrns = chunks.some((c) => c.type === 'tRNS');
  if (colour !== 4 && colour !== 6 && !hasTrns) return png;
  if (depth !== 8 || interlace !== 0) throw new Error('PNG: only 8-bit, non-interlaced images with transparency can be flattened');

  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour as 0 | 2 | 3 | 4 | 6];
  if (channels === undefined) throw new Error(`PNG: unknown colour type ${colour}`);
  const raw = unzlibSync(concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const pixels = unfilter(raw, width, height, channels);
  const palette = chunks.find((c) => c.type === 'PLTE')?.data;
  const trns = chunks.find((c) => c.type === 'tRNS')?.data;

  // Composite every pixel over white into RGB scanlines with filter type 0.
  const out = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    out[y * (1 + width * 3)] = 0;
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * channels;
      let r: number, g: number, b: number, a: number;
      if (colour === 6) [r, g, b, a] = [pixels[p]!, pixels[p + 1]!, pixels[p + 2]!, pixels[p + 3]!];
      else if (colour === 4) [r, g, b, a] = [pixels[p]!, pixels[p]!, pixels[p]!, pixels[p + 1]!];
      else if (colour === 3) {
        const i = pixels[p]!;
        [r, g, b] = [palette?.[i * 3] ?? 0, palette?.[i * 3 + 1] ?? 0, palette?.[i * 3 + 2] ?? 0];
        a = trns?.[i] ?? 255;
      } else if (colour === 2) {
        [r, g, b] = [pixels[p]!, pixels[p + 1]!, pixels[p + 2]!];
        a = trns && trns.length >= 6 && r === trns[1] && g === trns[3] && b === trns[5] ? 0 : 255;
      } else {
        [r, g, b] = [pixels[p]!, pixels[p]!, pixels[p]!];
        a = trns && trns.length >= 2 && r === trns[1] ? 0 : 255;
      }
      const o = y * (1 + width * 3) + 1 + x * 3;
      out[o] = Math.round((r * a + 255 * (255 - a)) / 255);
      out[o + 1] = Math.round((g * a + 255 * (255 - a)) / 255);
      out[o + 2] = Math.round((b * a + 255 * (255 - a)) / 255);
    }
  }
  const header = new Uint8Array(13);
  const h = new DataView(header.buffer);
  h.setUint32(0, width);
  h.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  return concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlibSync(out, { level: 9 })), chunk('IEND', new Uint8Array())]);
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Chunk {
  type: string;
  data: Uint8Array;
}

function readChunks(png: Uint8Array): Chunk[] {
  if (png.length < 8 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  for (let p = 8; p + 12 <= png.length; ) {
    const length = view.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    chunks.push({ type, data: png.subarray(p + 8, p + 8 + length) });
    p += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}

function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= bpp ? out[(y - 1) * stride + x - bpp]! : 0;
      let value = line[x]!;
      if (filter === 1) value += left;
      else if (filter === 2) value += up;
      else if (filter === 3) value += (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        value += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      out[y * stride + x] = value & 0xff;
    }
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  let crc = 0xffffffff;
  for (let i = 4; i < 8 + data.length; i++) crc = CRC_TABLE[(crc ^ out[i]!) & 0xff]! ^ (crc >>> 8);
  v.setUint32(8 + data.length, (crc ^ 0xffffffff) >>> 0);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** An opaque RGB PNG from `width * height * 3` bytes of pixels, deterministic (no time chunk). */
export function encodeRgbPng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const v = new DataView(header.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  header[8] = 8;
  header[9] = 2;
  const out = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) out.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1);
  return concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlibSync(out, { level: 9 })), chunk('IEND', new Uint8Array())]);
}
