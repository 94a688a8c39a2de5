#!/usr/bin/env node
/**
 * Writes samples/kirjepohja.docx: a plausible municipal letterhead with a logo and the
 * `{{raportti}}` placeholder paragraph, for `--docx-template` and the template tests.
 * Reproducible: fixed dates in the core properties, fixed zip timestamps and entry order.
 *
 *   node scripts/make-letterhead.mjs [out.docx]
 */
import { writeFileSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType, BorderStyle, Document, Footer, Header, ImageRun, Packer, PageNumber, Paragraph, TabStopType, TextRun,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const out = process.argv[2] ?? fileURLToPath(new URL('../samples/kirjepohja.docx', import.meta.url));
const cm = (v) => Math.round((v * 1440) / 2.54);

// A plain shield, shapes only, so no font decides how the logo looks.
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="96" viewBox="0 0 80 96">
<path d="M4 4h72v44c0 24-18 38-36 44C22 86 4 72 4 48z" fill="#0b5394" stroke="#06325a" stroke-width="4"/>
<path d="M16 30h48v8H44v40h-8V38H16z" fill="#ffffff"/></svg>`;
const logo = new Uint8Array(new Resvg(LOGO_SVG, { fitTo: { mode: 'width', value: 160 }, font: { loadSystemFonts: false } }).render().asPng());

const headerStyle = { font: 'Arial', size: 20 };
const doc = new Document({
  title: 'Tuusulan kunnan kirjepohja',
  creator: 'Tuusulan kunta',
  description: 'Asiakirjapohja: raportti sijoitetaan kappaleen {{raportti}} paikalle.',
  styles: {
    default: {
      document: { run: { font: 'Arial', size: 22, language: { value: 'fi-FI' } } },
      // The template's own heading look: the report's headings must take it over.
      heading1: { run: { font: 'Arial', size: 28, bold: true, color: '0B5394' }, paragraph: { spacing: { before: 240, after: 120 } } },
      heading2: { run: { font: 'Arial', size: 24, bold: true, color: '0B5394' }, paragraph: { spacing: { before: 240, after: 120 } } },
    },
  },
  sections: [
    {
      properties: {
        page: {
          size: { width: 11906, height: 16838 },
          margin: { top: cm(4), right: cm(1.5), bottom: cm(3), left: cm(2), header: cm(1), footer: cm(1) },
        },
      },
      headers: {
        default: new Header({
          children: [
            new Paragraph({
              tabStops: [{ type: TabStopType.LEFT, position: cm(9.2) }, { type: TabStopType.RIGHT, position: cm(17.5) }],
              children: [
                new ImageRun({ type: 'png', data: logo, transformation: { width: 40, height: 48 }, altText: { name: 'Tuusulan kunnan vaakuna', description: 'Tuusulan kunnan logo', title: 'Logo' } }),
                new TextRun({ text: '  Tuusulan kunta', bold: true, ...headerStyle, size: 24 }),
                new TextRun({ text: '\t', ...headerStyle }),
                new TextRun({ text: '\t', ...headerStyle }),
                new TextRun({ children: [PageNumber.CURRENT, ' (', PageNumber.TOTAL_PAGES, ')'], ...headerStyle }),
              ],
            }),
            new Paragraph({ children: [new TextRun({ text: 'Konsernihallinto', ...headerStyle })] }),
          ],
        }),
      },
      footers: {
        default: new Footer({
          children: [
            new Paragraph({
              border: { top: { style: BorderStyle.SINGLE, size: 6, color: '0B5394', space: 4 } },
              alignment: AlignmentType.LEFT,
              children: [new TextRun({ text: 'Tuusulan kunta · PL 60, 04301 Tuusula · Käyntiosoite Hyryläntie 16, Tuusula · puh. 09 87 181 · www.tuusula.fi', font: 'Arial', size: 16, color: '404040' })],
            }),
          ],
        }),
      },
      children: [
        new Paragraph({ children: [new TextRun('Tämä asiakirja on laadittu Tuusulan kunnan asiakirjapohjaan.')] }),
        // Split over runs as Word often does: the merge must still find it.
        new Paragraph({ children: [new TextRun('{{rap'), new TextRun({ text: 'ortti}}' })] }),
        new Paragraph({ children: [new TextRun('Lisätietoja antaa konsernihallinto.')] }),
      ],
    },
  ],
});

const files = unzipSync(await Packer.pack(doc, 'uint8array'));
const stamp = '2024-01-02T00:00:00Z';
files['docProps/core.xml'] = strToU8(
  strFromU8(files['docProps/core.xml']).replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<\/dcterms:)/g, `$1${stamp}$2`),
);
const mtime = new Date(2024, 0, 2, 12, 0, 0);
const rank = (p) => (p === '[Content_Types].xml' ? 0 : p === '_rels/.rels' ? 1 : 2);
const ordered = Object.keys(files).filter((p) => !p.endsWith('/')).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
writeFileSync(out, zipSync(Object.fromEntries(ordered.map((p) => [p, [files[p], { mtime, level: 6 }]]))));
console.log(`kirjoitettu ${out}`);
