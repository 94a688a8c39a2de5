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

const rgbOf = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

export interface Box {
  fill: string;
  /** White 45° hatching over the fill: "not reported", as the PDF and the chart draw it. */
  hatch: boolean;
}

/**
 * A row of small squares as RGB pixels (5 px a point): the stage swatches, drawn as the PDF draws
 * them. Word's and LibreOffice's run shading show neither a square nor a hatch alike, so the DOCX
 * places this picture wherever the PDF draws a swatch.
 */
export function boxesPixels(boxes: readonly Box[], boxPt: number, gapPt: number, outline: string, outlinePt: number): { width: number; height: number; pixels: Uint8Array } {
  const scale = 5;
  const box = Math.round(boxPt * scale);
  const gap = Math.round(gapPt * scale);
  const edge = Math.max(1, Math.round(outlinePt * scale));
  const width = boxes.length * box + (boxes.length - 1) * gap;
  const height = box;
  const pixels = new Uint8Array(width * height * 3).fill(255);
  const edgeRgb = rgbOf(outline);
  const white: [number, number, number] = [255, 255, 255];
  const step = 2.5 * scale;
  const half = (0.7 * scale * Math.SQRT2) / 2;
  // No array per pixel: this runs once per picture, cold, and allocating made it most of the cost.
  boxes.forEach((b, n) => {
    const fillRgb = rgbOf(b.fill);
    const x0 = n * (box + gap);
    for (let y = 0; y < box; y++) {
      for (let x = 0; x < box; x++) {
        const onEdge = x < edge || y < edge || x >= box - edge || y >= box - edge;
        // Lines x + y = c, rising to the right, as hatchSegments draws them.
        const d = (x + y + 0.5) % step;
        const rgb = onEdge ? edgeRgb : b.hatch && Math.abs(d - step / 2) < half ? white : fillRgb;
        const i = (y * width + x0 + x) * 3;
        pixels[i] = rgb[0];
        pixels[i + 1] = rgb[1];
        pixels[i + 2] = rgb[2];
      }
    }
  });
  return { width, height, pixels };
}
