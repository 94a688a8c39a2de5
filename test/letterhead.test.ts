/**
 * The municipality's own Word letterhead (samples/kirjepohja.docx): its header, footer and logo
 * stay, the report's header block is on every page under them, the title is the report's own
 * size and headings keep their hanging codes — read back from LibreOffice's PDF of the DOCX.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfWords, runs, type Word } from './helpers/bbox.js';
import { libreOfficePages, parts } from './helpers/docx-tools.js';
import { LETTERHEAD, report, SAMPLE, tempDir } from './helpers/e2e.js';

const CM = 72 / 2.54;
const CASE = 'TUUDno-2023-123';

describe('report poured into a letterhead', () => {
  let words: Word[];
  let pages: number;
  let xml: Record<string, string>;
  beforeAll(async () => {
    const dir = tempDir('letterhead');
    const config = join(dir, 'settings.json');
    writeFileSync(config, JSON.stringify({ organisation: { name: 'Tuusulan kunta', unit: 'Konsernipalvelut' }, meeting: { organ: 'Kunnanvaltuusto', date: '2023-10-23', section: 87, attachment: 3 }, reportDate: '2023-09-30', caseNumber: CASE }));
    const out = await report([SAMPLE, '--format', 'docx', '--docx-template', LETTERHEAD, '--config', config], join(dir, 'out'));
    const docx = new Uint8Array(readFileSync(out.docx!));
    xml = Object.fromEntries(Object.entries(parts(docx)).filter(([n]) => n.endsWith('.xml')).map(([n, b]) => [n, new TextDecoder().decode(b)]));
    const pdf = join(dir, 'lo.pdf');
    pages = libreOfficePages(docx, pdf).length;
    words = runs(pdfWords(pdf));
  }, 300_000);

  it('has the header block on every page, under the letterhead’s own name, with one page number', () => {
    expect(pages).toBeGreaterThan(3);
    for (let p = 1; p <= pages; p++) {
      const on = words.filter((w) => w.page === p);
      const top = on.filter((w) => w.yMin < 4.5 * CM).map((w) => w.text);
      const at = (text: string) => on.find((w) => w.text === text && w.yMin < 4.5 * CM);
      expect(top, `page ${p}`).toContain('Tuusulan kunta'); // the letterhead's own
      for (const t of ['LIITE 3', CASE, '30.9.2023', 'Kunnanvaltuusto 23.10.2023 § 87']) {
        expect(at(t), `page ${p}: ${t}`).toBeDefined();
        // At 9.2 cm from the 2 cm margin, as SFS 2487 places the block.
        expect(Math.abs(at(t)!.xMin - 11.2 * CM), `page ${p}: ${t} at 9.2 cm`).toBeLessThan(3);
      }
      expect(at('LIITE 3')!.yMin, `page ${p}: under the letterhead's name`).toBeGreaterThan(at('Tuusulan kunta')!.yMin);
      const labels = top.filter((t) => /^\d+ \(\d+\)$/.test(t));
      expect(labels, `page ${p}`).toEqual([`${p} (${pages})`]);
    }
  });

  it('sets the title in the report’s own style, not the letterhead’s Title', () => {
    const title = words.find((w) => w.page === 1 && w.text.startsWith('Valtuustokauden strategian toteutumisen seuranta'))!;
    expect(title).toBeDefined();
    expect(title.yMax - title.yMin).toBeLessThan(20);
    expect(xml['word/styles.xml']).toMatch(/w:styleId="KrRaportinOtsikko"[\s\S]*?<w:name w:val="Raportin otsikko"\/>/);
    expect(xml['word/document.xml']).toContain('<w:pStyle w:val="KrRaportinOtsikko"/>');
  });

  it('keeps the hanging codes of headings: code at the margin, text at 2.3 cm', () => {
    const code = words.find((w) => w.text === '01.01');
    expect(code).toBeDefined();
    expect(Math.abs(code!.xMin - 2 * CM)).toBeLessThan(3);
    const next = words.filter((w) => w.page === code!.page && Math.abs(w.yMin - code!.yMin) < 1.5 && w.xMin > code!.xMax).sort((a, b) => a.xMin - b.xMin)[0]!;
    expect(Math.abs(next.xMin - 4.3 * CM)).toBeLessThan(3);
  });
});
