/**
 * Every word a reader sees comes from the report language's texts: the Swedish and English
 * reports, in both formats, carry no Finnish interface word (the table's own Finnish text aside).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STAGE_LABELS } from '../src/document/settings.js';
import { pdftotext } from './helpers/pdf-tools.js';
import { libreOfficePages, parts } from './helpers/docx-tools.js';
import { PREVIOUS, report, ROOT, SAMPLE, tempDir } from './helpers/e2e.js';

const TEMPLATES = ['valtuusto-liite', 'osavuosikatsaus', 'arkisto'];
const words = (s: string): string[] => s.match(/[A-Za-zÅÄÖåäöÉé-]{4,}/g) ?? [];
const json = (p: string): unknown => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);

/** Words of the Finnish texts (and the Finnish default stage labels) that no sv or en text has and the table does not contain. */
function finnishInterfaceWords(): Set<string> {
  const of = (lang: string) => [
    ...strings(json(`templates/_shared/labels.${lang}.json`)),
    ...TEMPLATES.flatMap((t) => strings(json(`templates/${t}/texts.${lang}.json`))),
    ...Object.values(DEFAULT_STAGE_LABELS[lang as 'fi']),
  ];
  const table = new Set([...words(readFileSync(SAMPLE, 'utf8')), ...words(readFileSync(PREVIOUS, 'utf8'))].map((w) => w.toLowerCase()));
  const others = new Set([...of('sv'), ...of('en')].flatMap(words).map((w) => w.toLowerCase()));
  // Words a renderer once wrote on its own (the DOCX key-figure headers).
  const fi = [...of('fi').flatMap(words), 'Tunnusluku', 'Arvo', 'Yhteensä', 'Sivu', 'Liite'];
  return new Set(fi.map((w) => w.toLowerCase()).filter((w) => !others.has(w) && !table.has(w) && !w.includes('{')));
}

const SETTINGS = {
  organisation: { name: { fi: 'Tuusulan kunta', sv: 'Tusby kommun', en: 'Municipality of Tuusula' }, unit: { fi: 'Konsernipalvelut', sv: 'Koncerntjänster', en: 'Group Services' } },
  meeting: { organ: { fi: 'Kunnanvaltuusto', sv: 'Kommunfullmäktige', en: 'Municipal Council' }, date: '2023-10-23', section: 87, attachment: 3 },
  reportDate: '2023-09-30',
};

describe.each(['sv', 'en'] as const)('%s reports', (lang) => {
  const texts: Record<string, string> = {};
  beforeAll(async () => {
    const dir = tempDir(`words-${lang}`);
    const config = join(dir, 'settings.json');
    writeFileSync(config, JSON.stringify(SETTINGS));
    for (const t of TEMPLATES) {
      const out = await report([SAMPLE, '--template', t, '--config', config, '--lang', lang, '--previous', PREVIOUS, '--format', 'pdf,docx', '--pdfa', 'none'], join(dir, t));
      const docx = new Uint8Array(readFileSync(out.docx!));
      const xml = Object.entries(parts(docx))
        .filter(([n]) => /^(word\/(document|header\d*|footer\d*)\.xml|docProps\/core\.xml)$/.test(n))
        .map(([, b]) => new TextDecoder().decode(b).replace(/<[^>]+>/g, ' '))
        .join(' ');
      texts[`${t} PDF`] = pdftotext(out.pdf!);
      texts[`${t} DOCX`] = xml;
      texts[`${t} DOCX via LibreOffice`] = libreOfficePages(docx).join('\n');
      expect(readdirSync(join(dir, t)).length).toBe(2);
    }
  }, 600_000);

  it('carry no Finnish interface word in any format', () => {
    const finnish = finnishInterfaceWords();
    expect(finnish.size).toBeGreaterThan(50);
    for (const [name, text] of Object.entries(texts)) {
      const found = [...new Set(words(text).map((w) => w.toLowerCase()).filter((w) => finnish.has(w)))];
      expect(found, `${lang} ${name}`).toEqual([]);
    }
  });

  it('use the organisation, unit and organ names of their language', () => {
    const own = { sv: ['Tusby kommun', 'Koncerntjänster', 'Kommunfullmäktige'], en: ['Municipality of Tuusula', 'Group Services', 'Municipal Council'] }[lang];
    for (const [name, text] of Object.entries(texts)) {
      const flat = text.replace(/\s+/g, ' ');
      if (name.startsWith('valtuusto-liite')) for (const n of own) expect(flat, `${lang} ${name}`).toContain(n);
      else for (const n of own.slice(0, 2)) expect(flat, `${lang} ${name}`).toContain(n);
      expect(flat, `${lang} ${name}`).not.toMatch(/Tuusulan kunta|Konsernipalvelut|Kunnanvaltuusto/);
    }
  });
});
