import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { rasterizeSvg } from '../src/node/rasterize.js';
import { flattenPng } from '../src/render/png.js';
import { parts } from './helpers/docx-tools.js';
import { preflightA1b } from './helpers/pdf-tools.js';
import { SAMPLE } from './helpers/tables.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="40" height="40" fill="#08519c"/><circle cx="20" cy="20" r="12" fill="#fff"/><text x="48" y="27" font-family="Liberation Sans" font-size="16">Kunta</text></svg>';
const quiet = { stdout: () => {}, stderr: () => {} };

/** Size and colour type from the IHDR chunk (6 = RGBA, 2 = RGB). */
function pngInfo(png: Uint8Array): { colourType: number; width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset);
  return { width: v.getUint32(16), height: v.getUint32(20), colourType: png[25]! };
}

describe('logos', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-logo-'));
  const svgPath = join(dir, 'logo.svg');
  const pngPath = join(dir, 'logo.png');
  writeFileSync(svgPath, SVG);
  // resvg writes RGBA: a PNG with an alpha channel, as most logo files are.
  writeFileSync(pngPath, rasterizeSvg(SVG.replace('<rect', '<rect fill-opacity="0.5"'), 240));

  it('flattenPng makes an RGBA PNG opaque RGB over white, and leaves opaque ones alone', () => {
    const rgba = new Uint8Array(readFileSync(pngPath));
    expect(pngInfo(rgba).colourType).toBe(6);
    const flat = flattenPng(rgba);
    expect(pngInfo(flat)).toEqual({ width: 240, height: 80, colourType: 2 });
    expect(flattenPng(flat)).toBe(flat);
  });

  it('a PNG logo with transparency still gives valid PDF/A-1b, with the image and no soft mask', async () => {
    const out = join(dir, 'png');
    expect(await main(['report', SAMPLE, '--logo', pngPath, '--pdfa', '1b', '--out', out], quiet)).toBe(0);
    const pdf = join(out, 'tuusula-strategia-seuranta-2023-valtuusto-liite.pdf');
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' });
    expect(images).toMatch(/\bimage\s+240\s+80\s+rgb\b/);
    expect(images).not.toMatch(/smask/);
    const check = preflightA1b(pdf);
    expect(check.valid, check.report).toBe(true);
  });

  it('a PNG logo with transparency renders at every PDF/A level, flattened (no soft mask) and passing qpdf', async () => {
    // An alpha channel once sent pdfkit to zlib's asynchronous inflate, which the synchronous
    // render cannot wait for: "the PDF was not finished when its end was written".
    for (const pdfa of ['2a', '2b', '3a', 'none']) {
      const out = join(dir, `png-${pdfa}`);
      const errors: string[] = [];
      expect(await main(['report', SAMPLE, '--logo', pngPath, '--pdfa', pdfa, '--out', out], { stdout: () => {}, stderr: (l) => errors.push(l) }), errors.join('\n')).toBe(0);
      const pdf = join(out, 'tuusula-strategia-seuranta-2023-valtuusto-liite.pdf');
      execFileSync('qpdf', ['--check', pdf]);
      const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' });
      expect(images).toMatch(/\bimage\s+240\s+80\s+rgb\b/);
      expect(images).not.toMatch(/\bsmask\b/);
    }
  }, 120_000);

  it('an SVG logo is vector in the PDF (valid PDF/A-1b) and an image in the DOCX header', async () => {
    const out = join(dir, 'svg');
    expect(await main(['report', SAMPLE, '--logo', svgPath, '--pdfa', '1b', '--format', 'pdf,docx', '--out', out], quiet)).toBe(0);
    const pdf = join(out, 'tuusula-strategia-seuranta-2023-valtuusto-liite.pdf');
    expect(preflightA1b(pdf).valid).toBe(true);
    const docx = parts(new Uint8Array(readFileSync(join(out, 'tuusula-strategia-seuranta-2023-valtuusto-liite.docx'))));
    expect(Object.keys(docx).filter((p) => p.startsWith('word/media/')).length).toBeGreaterThanOrEqual(2);
    const header = Object.entries(docx).find(([p]) => /^word\/header\d*\.xml$/.test(p) && new TextDecoder().decode(docx[p]).includes('<w:drawing>'));
    expect(header).toBeDefined();
  });

  it('a logo that is neither SVG nor PNG is a clear error, exit 1', async () => {
    const bad = join(dir, 'logo.gif');
    writeFileSync(bad, 'GIF89a....');
    const err: string[] = [];
    expect(await main(['report', SAMPLE, '--logo', bad, '--out', join(dir, 'x')], { stdout: () => {}, stderr: (s) => err.push(s) })).toBe(1);
    expect(err.join('\n')).toMatch(/logo\.gif: .*SVG/);
  });
});
