/**
 * The DOCX renderer: the document tree as a Word document with real headings, named styles,
 * tables with repeating header rows and the SFS 2487 header block. Output depends on the tree and
 * options only (see package.ts for how docx's clock and counters are taken out).
 */
import { AlignmentType, Document, LevelFormat, Packer } from 'docx';
import type { DocumentTree } from '../../document/types.js';
import { renderBlocks, type DocxContext, type Rasterize } from './handlers.js';
import { pageHeader } from './header.js';
import { normalisePackage, unzipParts, zipParts, type Parts } from './package.js';
import { BODY_INDENT, LIST_REFERENCE, PAGE, docxStyles, cm } from './styles.js';
import { letterheadNumbersPages, mergeIntoTemplate } from './template.js';
import { printableTree } from '../text.js';

export { DocxTemplateError, type DocxTemplateErrorCode } from './template.js';
export type { Rasterize } from './handlers.js';

export interface DocxOptions {
  /** SVG → PNG, for the fallback image Word needs beside an SVG. Without it the chart becomes a table. */
  rasterize?: Rasterize;
  /** A .docx with a paragraph `{{raportti}}`: the report goes there, the template keeps its look. */
  template?: Uint8Array;
}

function buildDocument(tree: DocumentTree, options: DocxOptions): Document {
  const ctx: DocxContext = { rasterize: options.rasterize, bookmarks: new Set() };
  const { meta } = tree;
  return new Document({
    title: meta.title,
    subject: meta.subject,
    creator: meta.author,
    lastModifiedBy: meta.author,
    keywords: meta.keywords.join(', '),
    revision: 1,
    styles: docxStyles(meta.lang),
    numbering: {
      config: [
        {
          reference: LIST_REFERENCE,
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '\u2013',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: BODY_INDENT + cm(0.6), hanging: cm(0.6) } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.marginTop,
              right: PAGE.marginRight,
              bottom: PAGE.marginBottom,
              left: PAGE.marginLeft,
              header: PAGE.headerDistance,
              footer: PAGE.footerDistance,
              gutter: 0,
            },
          },
        },
        // Under a letterhead the block goes into the letterhead's own header (template.ts).
        // A letterhead that numbers its pages itself keeps its own page number, without a second one.
        headers: {
          default: pageHeader(tree.header, tree.pageNumber, options.rasterize, {
            letterhead: options.template !== undefined,
            omitPageNumber: options.template !== undefined && letterheadNumbersPages(options.template),
          }),
        },
        children: renderBlocks(tree.children, ctx),
      },
    ],
  });
}

type CompiledPart = string | Uint8Array | ArrayBuffer | ArrayBufferView;
interface PackerCompiler {
  compile(file: Document, prettify?: unknown, overrides?: unknown[]): Map<string, CompiledPart>;
}

/**
 * The package's parts, uncompressed. Packer.pack would deflate every part only for us to inflate
 * them again to make the package deterministic and deflate once more (for 10,000 actions that was
 * about a third of the DOCX time), so the parts are taken from the compiler Packer.pack itself uses.
 * Should a docx release move it, Packer.pack and unzipping still give the same parts.
 */
async function compileParts(doc: Document): Promise<Parts> {
  const compiler = (Packer as unknown as { compiler?: Partial<PackerCompiler> }).compiler;
  if (typeof compiler?.compile !== 'function') return unzipParts(await Packer.pack(doc, 'uint8array'));
  const encoder = new TextEncoder();
  const parts: Parts = new Map();
  for (const [path, data] of compiler.compile(doc, undefined, [])) {
    if (path.endsWith('/')) continue;
    const bytes =
      typeof data === 'string'
        ? encoder.encode(data)
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : new Uint8Array(data);
    parts.set(path, bytes);
  }
  return parts;
}

/** Renders the tree as DOCX bytes; with `template`, poured into the user's own Word document. */
export async function renderDocx(tree: DocumentTree, options: DocxOptions = {}): Promise<Uint8Array> {
  // Every string as the font and the file can carry it (src/render/text.ts).
  const doc = buildDocument(printableTree(tree), options);
  const parts = await compileParts(doc);
  normalisePackage(parts, { date: tree.meta.date, lang: tree.meta.lang });
  const result = options.template === undefined ? parts : mergeIntoTemplate(options.template, parts, { lang: tree.meta.lang });
  return zipParts(result, tree.meta.date);
}
