import { execFileSync } from 'node:child_process';

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  page: number;
}

const decode = (s: string): string => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

/** Every word of a PDF with its box (pdftotext -bbox), pages numbered from 1. */
export function pdfWords(file: string, opts: { first?: number; last?: number } = {}): Word[] {
  const args = ['-bbox', '-enc', 'UTF-8', ...(opts.first ? ['-f', String(opts.first)] : []), ...(opts.last ? ['-l', String(opts.last)] : []), file, '-'];
  const html = execFileSync('pdftotext', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Word[] = [];
  let page = (opts.first ?? 1) - 1;
  for (const m of html.matchAll(/<page\b[^>]*>|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0].startsWith('<page')) {
      page++;
      continue;
    }
    out.push({ text: decode(m[5]!).replace(/\u00a0/g, ' '), xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), page });
  }
  return out;
}

/**
 * Words joined into runs that pdftotext split at spaces of any kind (`12 345`, `(100 %)`): the
 * words of one line in a row whose gaps are at most `gap` points, merged into one box.
 */
export function runs(words: Word[], gap = 4): Word[] {
  const sorted = [...words].sort((a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin);
  const out: Word[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && last.page === w.page && Math.abs(last.yMin - w.yMin) < 1.5 && w.xMin - last.xMax <= gap && w.xMin >= last.xMax - 0.5) {
      last.text += ` ${w.text}`;
      last.xMax = w.xMax;
      last.yMax = Math.max(last.yMax, w.yMax);
    } else out.push({ ...w });
  }
  return out;
}

export interface Raster {
  /** Pixels per PDF point. */
  scale: number;
  width: number;
  height: number;
  /** `rrggbb` of the pixel at a point of the page (PDF points from the top left). */
  at(x: number, y: number): string;
}

/** One page rasterised by pdftoppm (PPM), for finding what pdftotext cannot see: swatches. */
export function rasterPage(file: string, page: number, dpi = 144): Raster {
  const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), file], { maxBuffer: 1 << 28 });
  // P6 <w> <h> <max>\n then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 50).toString('latin1'))!;
  const width = Number(header[1]);
  const height = Number(header[2]);
  const start = header[0].length;
  const scale = dpi / 72;
  return {
    scale,
    width,
    height,
    at(x, y) {
      const px = Math.round(x * scale);
      const py = Math.round(y * scale);
      if (px < 0 || py < 0 || px >= width || py >= height) return 'ffffff';
      const i = start + (py * width + px) * 3;
      return [ppm[i]!, ppm[i + 1]!, ppm[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('');
    },
  };
}

/** Horizontal extent (points) of the pixels of `colour` in a band of the page, or undefined. */
export function colourSpan(r: Raster, colour: string, x0: number, x1: number, y0: number, y1: number): { xMin: number; xMax: number } | undefined {
  let xMin = Infinity;
  let xMax = -Infinity;
  const step = 1 / r.scale;
  for (let y = y0; y <= y1; y += step) {
    for (let x = x0; x <= x1; x += step) {
      if (r.at(x, y) === colour) {
        xMin = Math.min(xMin, x);
        xMax = Math.max(xMax, x);
      }
    }
  }
  return xMin === Infinity ? undefined : { xMin, xMax };
}
