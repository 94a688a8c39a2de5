import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocxTemplateError, renderDocx } from '../src/render/docx/index.js';
import { rasterizeSvg } from '../src/node/rasterize.js';
import type { Heading, Paragraph } from '../src/document/types.js';
import { CHILDREN, LONG_TEXT, MARKUP_TEXTS, TITLE, fixtureTree } from './fixtures/docx/tree.js';
import { libreOfficePages, mammothText, part, parts, zipEntries } from './helpers/docx-tools.js';

let docx: Uint8Array;
let text: string;
let documentXml: string;

beforeAll(async () => {
  docx = await renderDocx(fixtureTree(), { rasterize: rasterizeSvg });
  text = await mammothText(docx);
  documentXml = part(docx, 'word/document.xml');
});

describe('DOCX read back with mammoth', () => {
  it('has every heading with its code, and the title', () => {
    expect(text).toContain(TITLE);
    for (const h of CHILDREN.filter((b): b is Heading => b.type === 'heading')) expect(text).toContain(`${h.code}\t${h.text}`); // code, tab to the body line, title
  });

  it('has every paragraph, field and list item in full', () => {
    for (const p of CHILDREN.filter((b): b is Paragraph => b.type === 'paragraph')) {
      for (const line of p.children.map((c) => c.value).join('').split('\n')) expect(text).toContain(line);
    }
    expect(text).toContain('Riskit: Resurssipula – henkilöstön vaihtuvuus — budjetti 12 345,6 €');
    expect(text).toContain('Kolmas: Ålands € – —');
    expect(text).toContain('Kehitämme åländska samarbetet (på svenska: förbättrar)');
  });

  it('keeps the 30,000-character text whole', () => {
    expect(LONG_TEXT.length).toBe(30_000);
    expect(text).toContain(LONG_TEXT);
  });

  it('keeps markup-like text literal', () => {
    for (const s of MARKUP_TEXTS) expect(text).toContain(s);
    expect(text).toContain(MARKUP_TEXTS.join(' | '));
    // Escaped in the XML, not interpreted: no stray <b> or nested <w:t> elements.
    expect(documentXml).toContain('&lt;w:t&gt;ei XML:ää&lt;/w:t&gt;');
    expect(documentXml).not.toContain('<b>');
  });

  it('turns a line break inside a cell into a Word break', () => {
    // mammoth's raw text drops breaks; the XML shows the break between the two runs.
    expect(text).toContain('rivinvaihtosolun sisällä');
    expect(documentXml).toMatch(/rivinvaihto<\/w:t><\/w:r><w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:br\/>/);
  });

  it('shows the stage indicator label as text', () => {
    expect(text).toContain('Etenemisaste 3/5: Toteutus on aloitettu, ei vielä valmis');
    expect(text).toContain('Ei raportoitu');
  });
});

describe('DOCX structure', () => {
  it('declares Title, Heading 1–3, Caption and one body style, and uses them', () => {
    const styles = part(docx, 'word/styles.xml');
    for (const [id, name] of [['Title', 'Title'], ['Heading1', 'heading 1'], ['Heading2', 'heading 2'], ['Heading3', 'heading 3'], ['Caption', 'caption'], ['Leipateksti', 'Leipäteksti']]) {
      expect(styles).toMatch(new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>\\s*<w:name w:val="${name}"/>`));
      expect(documentXml).toContain(`<w:pStyle w:val="${id}"/>`);
    }
    // Headings carry outline levels, so the navigation pane and a TOC find them.
    expect(styles).toMatch(/w:styleId="Heading3"[\s\S]*?<w:outlineLvl w:val="2"\/>/);
    expect(documentXml.match(/<w:pStyle w:val="Heading3"\/>/g)?.length).toBe(3);
  });

  it('sets body text in Leipäteksti: 11 pt Arial, 2.3 cm indent', () => {
    const styles = part(docx, 'word/styles.xml');
    const body = /<w:style [^>]*w:styleId="Leipateksti"[\s\S]*?<\/w:style>/.exec(styles)?.[0] ?? '';
    expect(body).toContain('<w:ind w:left="1304"/>');
    expect(body).toContain('<w:sz w:val="22"/>');
    expect(styles).toMatch(/<w:rFonts w:ascii="Arial"/);
  });

  it('marks table header rows to repeat and puts captions above tables', () => {
    expect(documentXml).toContain('<w:tblHeader/>');
    const captionAt = documentXml.indexOf('Taulukko 1. Etenemisasteet teemoittain');
    const tableAt = documentXml.indexOf('<w:tbl>', captionAt);
    expect(captionAt).toBeGreaterThan(0);
    expect(documentXml.lastIndexOf('<w:pStyle w:val="Caption"/>', captionAt)).toBeGreaterThan(documentXml.lastIndexOf('</w:tbl>', captionAt));
    expect(tableAt).toBeGreaterThan(captionAt);
  });

  it('sets the language and the core properties from meta', () => {
    expect(part(docx, 'word/styles.xml')).toContain('<w:lang w:val="fi-FI"/>');
    const core = part(docx, 'docProps/core.xml');
    expect(core).toContain('<dc:title>Strategian toteutuminen &amp; seuranta &lt;2023&gt; &quot;syksy&quot; &apos;Tuusula&apos;</dc:title>');
    expect(core).toContain('<dc:creator>Tuusulan kunta</dc:creator>');
    expect(core).toContain('<cp:keywords>strategia, seuranta, etenemisaste</cp:keywords>');
    expect(core).toContain('<dc:language>fi-FI</dc:language>');
    expect(core.match(/>(\d{4}-\d\d-\d\dT[^<]*)</g)).toEqual(['>2023-10-23T00:00:00Z<', '>2023-10-23T00:00:00Z<']);
  });

  it('uses sv-FI when the tree says so', async () => {
    const sv = await renderDocx(fixtureTree({ meta: { ...fixtureTree().meta, lang: 'sv-FI' } }));
    expect(part(sv, 'word/styles.xml')).toContain('<w:lang w:val="sv-FI"/>');
  });

  it('has an A4 page with SFS 2487 margins and the header block with PAGE and NUMPAGES fields', () => {
    expect(documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(documentXml).toMatch(/<w:pgMar w:top="\d+" w:right="567" w:bottom="1134" w:left="1134"/);
    const header = part(docx, 'word/header1.xml');
    for (const s of ['Tuusulan kunta', 'Konsernihallinto', 'LIITE 3', '23.10.2023', 'Kunnanvaltuusto 23.10.2023 § 87']) expect(header).toContain(s);
    expect(header).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>[\s\S]*\(<\/w:t>[\s\S]*<w:instrText[^>]*>NUMPAGES<\/w:instrText>[\s\S]*\)<\/w:t>/);
    // The second column of the header block starts 9.2 cm from the margin.
    expect(header).toContain('<w:gridCol w:w="5216"/>');
  });

  it('embeds the chart as SVG with a PNG fallback and the alternative text', () => {
    const files = Object.keys(parts(docx));
    // The chart's SVG and its PNG fallback; the other pictures are the stage swatches (decorative).
    expect(files.filter((f) => f.startsWith('word/media/') && f.endsWith('.svg'))).toEqual(['word/media/image1.svg']);
    expect(files).toContain('word/media/image1.png');
    expect(documentXml.match(/<asvg:svgBlip/g)?.length).toBe(1);
    expect(documentXml).toContain('<asvg:svgBlip');
    expect(documentXml).toContain('descr="Teema 01: 2 toimenpidettä vaiheessa 2, 3 vaiheessa 3. Teema 06: 1 ei raportoitu."');
  });

  it('renders the chart as a table of the same figures without a rasteriser', async () => {
    const plain = await renderDocx(fixtureTree());
    expect(Object.keys(parts(plain)).some((f) => f.startsWith('word/media/') && f.endsWith('.svg'))).toBe(false);
    const t = await mammothText(plain);
    expect(t).toMatch(/01\. Laadukkaat palvelut\s+0\s+2\s+3\s+1\s+0\s+0\s+6/);
    expect(t).toMatch(/06\. Yhteisöllisyys\s+0\s+0\s+1\s+0\s+0\s+1\s+2/);
  });

  it('adds a PNG logo to the header', async () => {
    const png = rasterizeSvg('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#0b5394"/></svg>', 80);
    const tree = fixtureTree();
    const withLogo = await renderDocx({ ...tree, header: { ...tree.header, logo: { format: 'png', data: Buffer.from(png).toString('base64') } } });
    expect(part(withLogo, 'word/header1.xml')).toContain('<a:blip r:embed=');
    expect(Object.keys(parts(withLogo))).toContain('word/media/image1.png');
  });

  it('adds an SVG logo with a PNG fallback when a rasteriser is given, and leaves it out otherwise', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 40"><rect width="80" height="40" fill="#0b5394"/></svg>';
    const tree = fixtureTree({ children: [{ type: 'title', text: 'Logo' }] });
    const withLogo = { ...tree, header: { ...tree.header, logo: { format: 'svg' as const, data: svg } } };
    const rendered = await renderDocx(withLogo, { rasterize: rasterizeSvg });
    expect(part(rendered, 'word/header1.xml')).toContain('<asvg:svgBlip');
    expect(Object.keys(parts(rendered)).filter((f) => f.startsWith('word/media/') && f.endsWith('.svg'))).toEqual(['word/media/image1.svg']);
    const plain = await renderDocx(withLogo);
    expect(part(plain, 'word/header1.xml')).toContain('Tuusulan kunta');
    expect(Object.keys(parts(plain)).some((f) => f.startsWith('word/media/') && f.endsWith('.svg'))).toBe(false);
  });
});

describe('DOCX determinism', () => {
  it('gives byte-identical files on two runs', async () => {
    const again = await renderDocx(fixtureTree(), { rasterize: rasterizeSvg });
    expect(Buffer.from(again).equals(Buffer.from(docx))).toBe(true);
  });

  it('gives the same bytes after another document was made in the same process', async () => {
    const other = fixtureTree({ children: [...CHILDREN, ...CHILDREN] });
    await renderDocx(other, { rasterize: rasterizeSvg });
    const third = await renderDocx(fixtureTree(), { rasterize: rasterizeSvg });
    expect(Buffer.from(third).equals(Buffer.from(docx))).toBe(true);
  });

  it('stamps every zip entry with the document date and orders entries stably', () => {
    const entries = zipEntries(docx);
    expect(entries[0]?.name).toBe('[Content_Types].xml');
    expect(entries[1]?.name).toBe('_rels/.rels');
    // DOS date of 2023-10-23: (2023-1980)<<9 | 10<<5 | 23; time 12:00:00.
    for (const e of entries) expect([e.date, e.time]).toEqual([((2023 - 1980) << 9) | (10 << 5) | 23, 12 << 11]);
  });

  it('numbers drawings and bookmarks from the start in every document', () => {
    const drawings = [...documentXml.matchAll(/<wp:docPr [^>]*id="(\d+)"/g)].map((m) => m[1]);
    expect(drawings).toEqual(drawings.map((_, i) => String(i + 1)));
    expect([...documentXml.matchAll(/<w:bookmarkStart [^>]*w:id="(\d+)"/g)].map((m) => m[1])).toEqual(['0', '1']);
    for (const rels of Object.keys(parts(docx)).filter((p) => p.endsWith('.rels'))) {
      for (const m of part(docx, rels).matchAll(/Id="([^"]+)"/g)) expect(m[1]).toMatch(/^rId(K)?\d+$/);
    }
  });
});

describe('DOCX in a Word template', () => {
  const template = readFileSync(new URL('../samples/kirjepohja.docx', import.meta.url));
  let merged: Uint8Array;
  beforeAll(async () => {
    merged = await renderDocx(fixtureTree(), { rasterize: rasterizeSvg, template });
  });

  it('puts the report in place of the placeholder, between the template paragraphs', async () => {
    const t = await mammothText(merged);
    expect(t).not.toContain('{{raportti}}');
    expect(t).not.toContain('{{rap');
    const before = t.indexOf('Tämä asiakirja on laadittu Tuusulan kunnan asiakirjapohjaan.');
    const title = t.indexOf(TITLE);
    const long = t.indexOf(LONG_TEXT);
    const after = t.indexOf('Lisätietoja antaa konsernihallinto.');
    expect(before).toBeGreaterThanOrEqual(0);
    expect(title).toBeGreaterThan(before);
    expect(long).toBeGreaterThan(title);
    expect(after).toBeGreaterThan(long);
    for (const s of MARKUP_TEXTS) expect(t).toContain(s);
  });

  it("keeps the template's header, footer, logo, margins and heading styles", () => {
    const original = parts(template);
    const files = parts(merged);
    for (const p of ['word/footer1.xml', 'word/_rels/header1.xml.rels', 'word/media/image1.png']) {
      expect(Buffer.from(files[p] as Uint8Array).equals(Buffer.from(original[p] as Uint8Array))).toBe(true);
    }
    // The letterhead's header whole, then the report's header block under it.
    const inner = (xml: string) => /<w:hdr\b[^>]*>([\s\S]*)<\/w:hdr>/.exec(xml)?.[1] ?? '';
    const header = part(merged, 'word/header1.xml');
    expect(inner(header).startsWith(inner(part(template, 'word/header1.xml')))).toBe(true);
    expect(header).toContain(fixtureTree().header.docType);
    const doc = part(merged, 'word/document.xml');
    expect(doc).toContain('<w:pgMar w:top="2268" w:right="850" w:bottom="1701" w:left="1134"');
    const styles = part(merged, 'word/styles.xml');
    expect(styles.match(/w:styleId="Heading1"/g)?.length).toBe(1);
    expect(styles).toMatch(/w:styleId="Heading1"[\s\S]*?<w:color w:val="0B5394"\/>/);
    expect(styles).toContain('w:styleId="Leipateksti"');
    expect(doc).toContain('<w:pStyle w:val="Leipateksti"/>');
  });

  it('adds media and relationships without clobbering, and every reference resolves', () => {
    const files = parts(merged);
    // The letterhead's own logo stays; ours (chart, swatches) come in under names of their own.
    const media = Object.keys(files).filter((f) => f.startsWith('word/media/')).sort();
    expect(media).toContain('word/media/image1.png');
    expect(media).toContain('word/media/kr-image1.svg');
    expect(media.filter((f) => f !== 'word/media/image1.png').every((f) => f.startsWith('word/media/kr'))).toBe(true);
    const rels = part(merged, 'word/_rels/document.xml.rels');
    const ids = [...rels.matchAll(/Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]] as const);
    expect(new Set(ids.map(([id]) => id)).size).toBe(ids.length);
    const targets = new Map(ids);
    const doc = part(merged, 'word/document.xml');
    for (const m of doc.matchAll(/r:(?:embed|id)="([^"]+)"/g)) {
      const target = targets.get(m[1] as string);
      expect(target, m[1]).toBeDefined();
      expect(Object.keys(files)).toContain(`word/${target}`);
    }
    expect(part(merged, '[Content_Types].xml')).toContain('Extension="svg"');
    // Every list paragraph refers to a numbering instance that exists.
    const numbering = part(merged, 'word/numbering.xml');
    for (const m of doc.matchAll(/<w:numId w:val="(\d+)"\/>/g)) expect(numbering).toContain(`<w:num w:numId="${m[1]}"`);
    expect(part(merged, 'docProps/core.xml')).toContain('<dc:title>Strategian toteutuminen &amp; seuranta');
  });

  it("maps our headings onto a localised template's heading styles by name", async () => {
    const files = parts(template);
    const localise = (xml: string): string => xml.replace(/w:styleId="Heading1"/, 'w:styleId="Otsikko1"').replace(/w:val="Heading1"/g, 'w:val="Otsikko1"');
    files['word/styles.xml'] = strToU8(localise(strFromU8(files['word/styles.xml'] as Uint8Array)));
    const out = await renderDocx(fixtureTree(), { template: zipSync(files) });
    const doc = part(out, 'word/document.xml');
    expect(doc).toContain('<w:pStyle w:val="Otsikko1"/>');
    expect(doc).not.toContain('<w:pStyle w:val="Heading1"/>');
    expect(part(out, 'word/styles.xml').match(/<w:name w:val="heading 1"\/>/gi)?.length).toBe(1);
  });

  it('refuses a placeholder that shares its paragraph with other text', async () => {
    const files = parts(template);
    files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml'] as Uint8Array).replace('ortti}}', 'ortti}} ja muuta'));
    await expect(renderDocx(fixtureTree(), { template: zipSync(files) })).rejects.toMatchObject({ code: 'PLACEHOLDER_NOT_ALONE' });
  });

  it('is deterministic too', async () => {
    const again = await renderDocx(fixtureTree(), { rasterize: rasterizeSvg, template });
    expect(Buffer.from(again).equals(Buffer.from(merged))).toBe(true);
  });

  it('refuses bytes that are not a DOCX, and a DOCX without the placeholder, with a clear error', async () => {
    const attempt = async (bytes: Uint8Array): Promise<DocxTemplateError> => {
      try {
        await renderDocx(fixtureTree(), { template: bytes });
      } catch (e) {
        expect(e).toBeInstanceOf(DocxTemplateError);
        return e as DocxTemplateError;
      }
      throw new Error('ei virhettä');
    };
    const notZip = await attempt(new TextEncoder().encode('Tämä ei ole Word-tiedosto'));
    expect(notZip.code).toBe('NOT_DOCX');
    expect(notZip.message).toMatch(/^asiakirjapohja ei ole Word-asiakirja/);
    const noPlaceholder = await attempt(docx);
    expect(noPlaceholder.code).toBe('NO_PLACEHOLDER');
    expect(noPlaceholder.message).toContain('{{raportti}}');
    expect(noPlaceholder.message).not.toContain('\n');
  });

  it('LibreOffice opens the merged file and shows the template header and footer on every page', () => {
    const pages = libreOfficePages(merged);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page).toContain('Tuusulan kunta');
      expect(page).toContain(`${i + 1} (${pages.length})`);
      expect(page).toContain('PL 60, 04301 Tuusula');
    });
  });
});

describe('DOCX through LibreOffice', () => {
  it('shows the header block and `1 (N)` page numbers on every page', () => {
    const pages = libreOfficePages(docx, process.env.KR_KEEP_PDF);
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, i) => {
      const head = page.split('\n').slice(0, 6).join('\n');
      expect(head).toMatch(new RegExp(`Tuusulan kunta\\s+LIITE 3\\s+${i + 1} \\(${pages.length}\\)`));
      expect(head).toMatch(/Konsernihallinto\s+23\.10\.2023/);
      expect(head).toContain('Kunnanvaltuusto 23.10.2023 § 87');
    });
    const all = pages.join('\n');
    // The code hangs at the margin; the title starts at the body line (a tab, so spaces in the text).
    expect(all).toMatch(/01\.02\.01\s+Varmistamme, että palvelut ovat saavutettavia/);
    // The repeated header row: the table runs over a page break.
    expect(pages.filter((p) => /Teema\s+Etenemisaste\s+Toimenpiteitä/.test(p)).length).toBeGreaterThan(1);
  });
});

describe('rasterizeSvg', () => {
  it('gives the same PNG of the requested width every time, with the bundled fonts', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="28" font-family="Arial" font-size="20">Äö å € – —</text></svg>';
    const a = rasterizeSvg(svg, 400);
    const b = rasterizeSvg(svg, 400);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect([...a.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(new DataView(a.buffer, a.byteOffset).getUint32(16)).toBe(400);
    expect(new DataView(a.buffer, a.byteOffset).getUint32(20)).toBe(80);
  });
});
