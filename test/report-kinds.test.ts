/**
 * The header block a secretary checks: the document type comes from the report kind, "LIITE n"
 * and the meeting reference only where the settings make that report an attachment, and the
 * case number on every page — read back from the PDF and from LibreOffice's PDF of the DOCX.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfWords, runs, type Word } from './helpers/bbox.js';
import { libreOfficePages, parts } from './helpers/docx-tools.js';
import { report, SAMPLE, tempDir } from './helpers/e2e.js';

const CM = 72 / 2.54;
/** SFS 2487: the document type and what goes under it stand 9.2 cm from the 2 cm left margin. */
const TYPE_X = 2 * CM + 9.2 * CM;
const CASE = 'TUUDno-2023-123';

const SETTINGS = {
  organisation: { name: 'Tuusulan kunta', unit: 'Konsernipalvelut' },
  meeting: { organ: 'Kunnanvaltuusto', date: '2023-10-23', section: 87, attachment: 3 },
  reportDate: '2023-09-30',
  caseNumber: CASE,
};

/** The header block's middle column of each page: the lines at 9.2 cm above the title area. */
function typeColumn(words: Word[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const w of runs(words)) {
    if (w.yMin > 3.2 * CM || Math.abs(w.xMin - TYPE_X) > 3) continue;
    out.set(w.page, [...(out.get(w.page) ?? []), w.text]);
  }
  return out;
}

async function render(template: string, settings: object): Promise<{ pdf: Map<number, string[]>; docx: Map<number, string[]>; pdfText: string; docxXml: string }> {
  const dir = tempDir(`kind-${template}`);
  const config = join(dir, 'settings.json');
  writeFileSync(config, JSON.stringify(settings));
  const out = await report([SAMPLE, '--template', template, '--config', config, '--format', 'pdf,docx', '--pdfa', 'none'], join(dir, 'out'));
  const lo = join(dir, 'lo.pdf');
  const docxBytes = new Uint8Array(readFileSync(out.docx!));
  libreOfficePages(docxBytes, lo);
  const all = parts(docxBytes);
  const xml = Object.entries(all)
    .filter(([n]) => /^word\/(document|header\d*)\.xml$/.test(n))
    .map(([, b]) => new TextDecoder().decode(b))
    .join('\n');
  return { pdf: typeColumn(pdfWords(out.pdf!)), docx: typeColumn(pdfWords(lo)), pdfText: pdfWords(out.pdf!).map((w) => w.text).join(' '), docxXml: xml };
}

describe('document type and header block by report kind', () => {
  const results: Record<string, Awaited<ReturnType<typeof render>>> = {};
  beforeAll(async () => {
    for (const t of ['valtuusto-liite', 'osavuosikatsaus', 'arkisto']) results[t] = await render(t, SETTINGS);
    results['osavuosikatsaus-liite'] = await render('osavuosikatsaus', { ...SETTINGS, reports: { osavuosikatsaus: { meeting: { organ: 'Kunnanhallitus', date: '2023-10-16', section: 201, attachment: 5 } } } });
    results['valtuusto-raportti'] = await render('valtuusto-liite', { ...SETTINGS, meeting: undefined, caseNumber: undefined });
  }, 600_000);

  const expected: Record<string, string[]> = {
    'valtuusto-liite': ['LIITE 3', CASE, '30.9.2023', 'Kunnanvaltuusto 23.10.2023 § 87'],
    osavuosikatsaus: ['OSAVUOSIKATSAUS', CASE, '30.9.2023'],
    arkisto: ['ARKISTOKAPPALE', CASE, '30.9.2023'],
    'osavuosikatsaus-liite': ['LIITE 5', CASE, '30.9.2023', 'Kunnanhallitus 16.10.2023 § 201'],
    'valtuusto-raportti': ['RAPORTTI', '30.9.2023'],
  };

  it.each(Object.keys(expected))('%s: the header block on every page of the PDF and of the DOCX', (name) => {
    const r = results[name]!;
    for (const [format, pages] of [['PDF', r.pdf], ['DOCX', r.docx]] as const) {
      expect(pages.size, `${name} ${format}`).toBeGreaterThan(1);
      for (const [page, lines] of pages) expect(lines, `${name} ${format} page ${page}`).toEqual(expected[name]);
    }
  });

  it('says "Tässä liitteessä" only in an attachment', () => {
    expect(results['valtuusto-liite']!.pdfText).toContain('Tässä liitteessä');
    expect(results['valtuusto-raportti']!.pdfText).not.toContain('Tässä liitteessä');
    expect(results['valtuusto-raportti']!.pdfText).toContain('Tässä raportissa');
    expect(results['valtuusto-raportti']!.docxXml).not.toContain('Tässä liitteessä');
  });

  it('leaves the meeting out of the interim report and the archive copy unless they are attachments themselves', () => {
    for (const name of ['osavuosikatsaus', 'arkisto']) {
      expect(results[name]!.pdfText).not.toMatch(/LIITE|Kunnanvaltuusto 23\.10\.2023/);
      expect(results[name]!.docxXml).not.toMatch(/LIITE|Kunnanvaltuusto 23\.10\.2023/);
    }
  });
});
