import { describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { chartToSvg, escapeXml, percentages, wrapText } from '../src/document/chart-svg.js';
import { rasterizeSvg } from '../src/node/rasterize.js';
import { STAGE_COLORS } from '../src/document/palette.js';
import { chart } from './fixtures/trees/chart.js';

const FONT = 'fonts/KuntaraporttiSans-Regular.ttf';

function rasterise(svg: string): { width: number; height: number; png: Buffer } {
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: 'Kuntaraportti Sans' } }).render();
  return { width: r.width, height: r.height, png: r.asPng() };
}

describe('chartToSvg', () => {
  const out = chartToSvg(chart);

  it('is deterministic', () => {
    expect(chartToSvg(chart).svg).toBe(out.svg);
  });

  it('is well-formed XML that a real SVG renderer accepts, at the stated size', () => {
    const r = rasterise(out.svg);
    expect(r.width).toBe(Math.round(out.width * 2));
    expect(r.height).toBe(Math.round(out.height * 2));
    if (process.env.KEEP_OUTPUT) {
      mkdirSync('out', { recursive: true });
      writeFileSync('out/chart.png', r.png);
      writeFileSync('out/chart.svg', out.svg);
    }
  });

  it('escapes every text and never passes markup through', () => {
    expect(out.svg).not.toContain('<palveluja>');
    expect(out.svg).toContain('&#60;palveluja&#62;');
    expect(out.svg).toContain('&#38;');
    const evil = chartToSvg({ ...chart, caption: '</title><script>x</script>', alt: '"><g' });
    expect(evil.svg).not.toContain('<script>');
    expect(() => rasterise(evil.svg)).not.toThrow();
  });

  it('uses the stage colours and a hatch pattern for unreported', () => {
    for (const key of ['2', '3', '4', '5'] as const) expect(out.svg).toContain(`fill="${STAGE_COLORS[key]}"`);
    expect(out.svg).toMatch(/<pattern id="kr-unreported-hatch"[^>]*>.*<path/);
    expect(out.svg).toContain('fill="url(#kr-unreported-hatch)"');
  });

  it('can hatch with plain paths instead of a pattern (for PDF/A-1)', () => {
    const paths = chartToSvg(chart, { hatch: 'paths' });
    expect(paths.svg).not.toContain('<pattern');
    expect(paths.svg).not.toContain('url(#');
    expect(paths.svg).toMatch(/fill="#bdbdbd"[^>]*\/><path d="M[^"]+L/);
    expect(paths.height).toBe(out.height);
    expect(rasterise(paths.svg).width).toBe(Math.round(out.width * 2));
  });

  it('labels segments with percentages that add up to 100 and shows every legend entry', () => {
    // Theme 01: 0,3,4,2,1,0 of 10 → 30 %, 40 %, 20 %, 10 %.
    for (const p of ['30\u00a0%', '40\u00a0%', '20\u00a0%', '10\u00a0%']) expect(out.svg).toContain(`>${p}</text>`);
    for (const s of chart.series) expect(out.svg).toContain(`>${escapeXml(s.label)}</text>`);
    // 1 of 32 is a sliver: no label squeezed into it.
    expect(out.svg).not.toContain('>3\u00a0%</text>');
  });

  it('wraps long category labels without losing words', () => {
    const label = chart.categories[0]!.label;
    const lines = wrapText(label, 150, 8.5);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(label);
    const joined = [...out.svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]).join(' ');
    expect(joined).toContain(escapeXml(label).split(' ').slice(-2).join(' '));
  });

  it('rounds percentages by largest remainder', () => {
    expect(percentages([1, 1, 1])).toEqual([34, 33, 33]);
    expect(percentages([0, 0])).toEqual([0, 0]);
    expect(percentages([1, 2, 3, 4, 5, 6]).reduce((a, b) => a + b)).toBe(100);
  });

  it('grows with the number of categories', () => {
    const more = chartToSvg({ ...chart, categories: [...chart.categories, ...chart.categories] });
    expect(more.height).toBeGreaterThan(out.height);
  });
});

describe('rasterizeSvg (the DOCX fallback PNG)', () => {
  it('draws the chart text with the bundled face whatever family the SVG names (PDF: Liberation Sans, DOCX: Arial)', () => {
    const { svg, width } = chartToSvg(chart);
    expect(svg).toContain('font-family="Liberation Sans"');
    const png = (family: string) => Buffer.from(rasterizeSvg(svg.replace('font-family="Liberation Sans"', `font-family="${family}"`), width * 2));
    const bundled = png('Kuntaraportti Sans');
    expect(png('Liberation Sans').equals(bundled)).toBe(true);
    expect(png('Arial').equals(bundled)).toBe(true);
    const textless = Buffer.from(rasterizeSvg(svg.replace(/<text[\s\S]*?<\/text>/g, ''), width * 2));
    expect(textless.equals(bundled)).toBe(false);
  });
});
