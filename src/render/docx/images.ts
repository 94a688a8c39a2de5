/** Image sizes and bytes without Node or DOM APIs, so the core stays browser-safe. */

export { base64ToBytes } from '../../bytes.js';

/** Width and height of a PNG from its IHDR chunk; undefined when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } | undefined {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) return undefined;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** Intrinsic size of an SVG from width/height or the viewBox; undefined when neither is usable. */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0];
  if (root === undefined) return undefined;
  const attr = (name: string): string | undefined => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(root)?.[1];
  const num = (v: string | undefined): number | undefined => {
    if (v === undefined || v.trim().endsWith('%')) return undefined;
    const n = Number.parseFloat(v);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const viewBox = attr('viewBox')?.trim().split(/[\s,]+/).map(Number);
  const vbw = viewBox?.length === 4 && (viewBox[2] ?? 0) > 0 ? viewBox[2] : undefined;
  const vbh = viewBox?.length === 4 && (viewBox[3] ?? 0) > 0 ? viewBox[3] : undefined;
  const width = num(attr('width')) ?? vbw;
  const height = num(attr('height')) ?? vbh;
  return width !== undefined && height !== undefined ? { width, height } : undefined;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
