// What Word's accessibility checker looks at, read from the DOCX's own XML: the title in the core
// properties, a description on every image, a repeated header row on every table, headings as
// heading styles with outline levels, and the table's own texts marked with their language
// (w:lang fi-FI) in a report of another language.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, analyseFile, PREVIOUS, report, SAMPLE, SAMPLE_HEADER } from './helpers/e2e.js';
import { part, parts } from './helpers/docx-tools.js';

let xml: string;
let docx: Uint8Array;

beforeAll(async () => {
  const r = await report([SAMPLE, '--format', 'docx', '--lang', 'sv', '--previous', PREVIOUS]);
  docx = new Uint8Array(readFileSync(r.docx!));
  xml = part(docx, 'word/document.xml');
}, 60_000);

/** The paragraphs of document.xml, each with its text. */
function paragraphs(): { xml: string; text: string }[] {
  return [...xml.matchAll(/<w:p[ >].*?<\/w:p>/gs)].map((m) => ({ xml: m[0], text: [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('') }));
}

/** The runs of a paragraph: their w:lang (if any) and text. */
function runs(p: string): { lang: string | undefined; text: string }[] {
  return [...p.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map((m) => ({ lang: /<w:lang w:val="([^"]+)"/.exec(m[1]!)?.[1], text: [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('') }));
}

const unescape = (s: string): string => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

describe('DOCX accessibility, from the XML', () => {
  it('has the document title in the core properties and the language in the styles', () => {
    const core = part(docx, 'docProps/core.xml');
    expect(core).toMatch(/<dc:title>[^<]+<\/dc:title>/);
    expect(unescape(/<dc:title>([^<]+)<\/dc:title>/.exec(core)![1]!)).not.toBe(SAMPLE_HEADER.title); // the Swedish title
    expect(part(docx, 'word/styles.xml')).toContain('w:val="sv-FI"');
  });

  it('describes every image or marks it decorative', () => {
    // A picture either says what it shows, or is marked decorative (the stage swatches beside
    // their counts and names), which Word's checker accepts and a screen reader skips.
    const pictures = [...xml.matchAll(/<wp:docPr [^>]*?(?:\/>|>.*?<\/wp:docPr>)/gs)].map((m) => m[0]);
    expect(pictures.length).toBeGreaterThan(0);
    for (const p of pictures) expect(/descr="([^"]{40,})"/.test(p) || /<adec:decorative [^>]*val="1"/.test(p), p).toBe(true);
    expect(pictures.filter((p) => /descr="([^"]{40,})"/.test(p)).length).toBeGreaterThan(0);
  });

  it('repeats a header row at the top of every table', () => {
    const tables = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/gs)].map((m) => m[0]);
    expect(tables.length).toBeGreaterThan(3);
    for (const t of tables) {
      const first = /<w:tr[ >].*?<\/w:tr>/s.exec(t)![0];
      expect(first).toContain('<w:tblHeader/>');
    }
    // …in the report's language: the key figures' tiles are headed by their Swedish caption, and no
    // Finnish column name is left.
    expect(/<w:tr[ >].*?<\/w:tr>/s.exec(tables[0]!)![0]).toMatch(/>Nyckeltal</);
    expect(xml).not.toMatch(/>Tunnusluku<|>Arvo</);
  });

  it('makes headings heading styles with outline levels', () => {
    const styles = part(docx, 'word/styles.xml');
    for (const [id, level] of [['Heading1', 0], ['Heading2', 1], ['Heading3', 2]] as const) {
      const style = new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`, 's').exec(styles)![0];
      expect(style).toContain(`<w:outlineLvl w:val="${level}"/>`);
    }
    const headings = paragraphs().filter((p) => /<w:pStyle w:val="Heading3"\/>/.test(p.xml));
    expect(headings.length).toBe(51);
  });

  it('marks the table’s own texts fi-FI and leaves the report’s words in the report’s language', async () => {
    const action = actionsOf((await analyseFile(SAMPLE)).model).find((a) => a.texts.length > 0 && a.stage?.label.trim())!;
    const all = paragraphs();
    const status = all.find((p) => unescape(p.text) === action.texts[0])!;
    expect(runs(status.xml).every((r) => r.lang === 'fi-FI')).toBe(true);
    const heading = all.find((p) => p.xml.includes('<w:pStyle w:val="Heading3"/>') && unescape(p.text).startsWith(action.id))!;
    expect(runs(heading.xml).filter((r) => r.text !== '').map((r) => [unescape(r.text), r.lang])).toEqual([
      [action.id, undefined],
      [action.title, 'fi-FI'],
    ]);
    const stage = all.find((p) => unescape(p.text).includes('Framstegsgrad') && unescape(p.text).endsWith(action.stage!.label.trim()))!;
    const labelled = runs(stage.xml).filter((r) => /\S/.test(r.text.replace(/\u00a0/g, '')));
    expect(labelled.map((r) => r.lang)).toEqual([undefined, 'fi-FI']);
    expect(labelled[1]!.text).toBe(action.stage!.label.trim());
    // A title in the comparison's table is the table's own text too; the report's own words carry no language.
    const changedRow = all.find((p) => p.xml.includes('<w:lang w:val="fi-FI"/>') && !p.xml.includes('<w:pStyle w:val="Heading') && runs(p.xml).length === 1);
    expect(changedRow).toBeDefined();
    expect(all.filter((p) => p.text.startsWith('Denna bilaga')).every((p) => runs(p.xml).every((r) => r.lang === undefined))).toBe(true);
    expect(Object.keys(parts(docx))).toContain('docProps/core.xml');
  });
});
