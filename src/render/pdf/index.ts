/**
 * The PDF renderer: document tree → pdfmake definition → bytes: tagged, claiming PDF/UA-1, and
 * PDF/A-1a/1b/2a/2b/3a/3b as asked.
 * No file or network access (fonts come as bytes), no clock: dates come from tree.meta.date.
 */
import type { Block, DocumentTree } from '../../document/types.js';
import type { PdfKitDocument } from 'pdfmake';
import type { FontSet } from '../fonts.js';
import { HEADING_PART, renderBlock, type Content, type PdfContext } from './handlers.js';
import { headerContent, headerHeight } from './header.js';
import { BODY_SIZE, FONT_FAMILY, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT } from './layout.js';
import { xmpDescriptions } from './xmp.js';
import { svgFontPatches } from './svg-fonts.js';
import { speedPatches } from './patches/index.js';
import { withPatches, type PatchSet } from './patches/patch.js';
import { finishStructure, taggingPatches } from './pdfmake-tags.js';
import { createPdfKitDocument, VirtualFiles, type FontDescriptors } from './printer.js';
import { embeddedFontPrototype } from './pdfkit-bare.js';
import { completeCidSets } from './cidset.js';
import { structRoot, type StructNode } from './tags.js';
import { flattenPng } from '../png.js';
import { base64ToBytes, bytesToBase64, concatBytes } from '../../bytes.js';
import { printableTree } from '../text.js';
import { fontFiles, sharedFace, TextMeasure } from './lines.js';
import { DEFAULT_PDFA, mayEmbedFiles, pdfaPart, type PdfA } from './levels.js';

function opaquePng(base64: string): string {
  return bytesToBase64(flattenPng(base64ToBytes(base64)));
}

export { PDFA_LEVELS, type PdfA } from './levels.js';

export interface PdfOptions {
  fonts: FontSet;
  /** Default `2a` (DEFAULT_PDFA); a template says its own (report.json `pdfa`). */
  pdfa?: PdfA;
  /**
   * With `false`, pdfmake runs stock, without the speed-ups (patches/): for the differential test,
   * which checks that both give the same pages, words and pixels. Default true.
   */
  speed?: boolean;
}

const PRODUCER = 'kuntaraportti';

/** Each FontSet's faces have file names of their own (the line breaker finds its parsed faces by them). */
const fontIds = new WeakMap<FontSet, number>();
let nextFontId = 1;

/**
 * The virtual files of one rendering, with the fonts in them, and pdfmake's font table for them.
 * Both are this rendering's own (printer.ts): pdfmake's process-wide ones are left alone.
 */
function fontFilesOf(fonts: FontSet): { files: VirtualFiles; descriptors: FontDescriptors } {
  let id = fontIds.get(fonts);
  if (id === undefined) {
    id = nextFontId++;
    fontIds.set(fonts, id);
  }
  const files = new VirtualFiles();
  const faces = { regular: fonts.regular, bold: fonts.bold, italic: fonts.italic, boldItalic: fonts.boldItalic };
  for (const [face, bytes] of Object.entries(faces)) {
    files.writeFileSync(`kr-font-${id}-${face}.ttf`, bytes);
    fontFiles.set(`kr-font-${id}-${face}.ttf`, bytes);
  }
  const descriptors = {
    [FONT_FAMILY]: {
      normal: `kr-font-${id}-regular.ttf`,
      bold: `kr-font-${id}-bold.ttf`,
      italics: `kr-font-${id}-italic.ttf`,
      bolditalics: `kr-font-${id}-boldItalic.ttf`,
    },
  };
  return { files, descriptors };
}

/**
 * Does ahead of time what the first rendering with these fonts would do first: each face parsed
 * for the line breaker (and pdfkit's font class found for the speed-ups), the patches made and
 * their originals' hashes computed. For a caller with time to spare before the document tree is
 * ready (the command's PDF worker, src/node/pdf-worker.ts). Changes nothing in pdfmake.
 */
export function preparePdf(fonts: FontSet): void {
  for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) sharedFace(fonts[face]);
  patchSets(true);
}

/** The patches of one rendering, in the order they wrap each other. */
function patchSets(speed: boolean): PatchSet[] {
  const fontPrototype = embeddedFontPrototype();
  // A font is parsed (sharedFace) before this is called, so pdfkit's font class is known.
  if (fontPrototype === undefined) throw new Error('patchSets: no font parsed yet');
  return [svgFontPatches(), ...(speed ? [speedPatches(fontPrototype)] : []), taggingPatches()];
}

function parseDate(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new Error(`asiakirjan päiväys "${date}" ei ole muotoa VVVV-KK-PP`);
  return d;
}

let attachmentSeq = 0;

/** The document properties, one source for the info dictionary and the XMP that must agree with it. */
function docInfo(tree: DocumentTree) {
  return { title: tree.meta.title, author: tree.meta.author, subject: tree.meta.subject, keywords: tree.meta.keywords.join(', '), creator: PRODUCER, producer: PRODUCER };
}

/** Builds the pdfmake document definition (exported for tests and debugging). */
export function pdfDefinition(tree: DocumentTree, fonts: FontSet, pdfa: PdfA = DEFAULT_PDFA): Content {
  return buildDefinition(tree, fonts, pdfa, new VirtualFiles()).definition;
}

/** The definition and the plan of its structure, whose elements the definition's content is tagged with. */
function buildDefinition(tree: DocumentTree, fonts: FontSet, pdfa: PdfA, vfs: VirtualFiles): { definition: Content; structure: StructNode } {
  const date = parseDate(tree.meta.date);
  const structure = structRoot();
  const ctx: PdfContext = { outline: [], nextId: 1, measure: new TextMeasure(fonts), lineKinds: new Map(), structure, root: structure, sections: [] };
  const content = keepWithNext(tree.children, (b) => renderBlock(b, ctx));
  const files: Record<string, Content> = {};
  // The tree lists what this file carries (createReport decides that); PDF/A-1 and -2 forbid
  // non-PDF/A embedded files, so a tree that asks for one there is a caller's mistake, not a drop.
  if (tree.attachments?.length && !mayEmbedFiles(pdfa)) throw new Error(`PDF/A-${pdfa} cannot carry embedded files`);
  for (const a of tree.attachments ?? []) {
    const vfsName = `kr-attachment-${++attachmentSeq}`;
    vfs.writeFileSync(vfsName, a.data);
    files[a.name] = { src: vfsName, name: a.name, description: a.description, type: a.mimeType, relationship: 'Source', creationDate: date, modifiedDate: date };
  }
  const images: Record<string, string> = {};
  // The logo's alpha is flattened onto white (the page it sits on) at every level: PDF/A-1 forbids
  // transparency, and pdfkit splits an alpha channel through zlib's asynchronous inflate, which
  // the one synchronous render call (printer.ts) cannot wait for. An opaque PNG is left as it is.
  if (tree.header.logo?.format === 'png') images.logo = `data:image/png;base64,${opaquePng(tree.header.logo.data)}`;
  const definition = {
    pageSize: 'A4',
    pageMargins: [MARGIN_LEFT, headerHeight(tree.header), MARGIN_RIGHT, MARGIN_BOTTOM],
    version: pdfaPart(pdfa) === 1 ? '1.4' : '1.7',
    ...(pdfa === 'none' ? {} : { subset: `PDF/A-${pdfa}` }),
    language: tree.meta.lang,
    // Tagged PDF (tags.ts): headings, paragraphs, tables and the chart's alternative text for screen readers.
    tagged: true,
    displayTitle: true,
    compress: true,
    info: {
      ...docInfo(tree),
      creationDate: date,
      modDate: date,
    },
    styles: { [HEADING_PART]: {} },
    defaultStyle: { font: FONT_FAMILY, fontSize: BODY_SIZE, lineHeight: 1 },
    header: headerContent(tree.header, tree.pageNumber, ctx),
    images,
    files,
    content,
  };
  return { definition, structure };
}

/** Rows and cell length up to which a table surely fits on a page below its headings. */
const SMALL_TABLE_ROWS = 15;
const SMALL_TABLE_CELL = 80;

/** A block small enough to travel with the headings above it to the next page. */
function isSmall(block: Block): boolean {
  if (block.type === 'stageIndicator') return true;
  if (block.type === 'table') {
    const rows = [...block.rows, ...(block.footerRows ?? [])];
    return rows.length <= SMALL_TABLE_ROWS && rows.every((row) => row.every((cell) => cell.children.reduce((n, c) => n + c.value.length, 0) <= SMALL_TABLE_CELL));
  }
  if (block.type === 'paragraph') return block.children.reduce((n, c) => n + c.value.length, 0) <= 400;
  if (block.type === 'field') return block.label.length + block.text.length <= 400;
  return false;
}

/** Blocks that lead into what follows: headings, an action's stage line and its change marker. */
const leadsIn = (b: Block): boolean => b.type === 'heading' || b.type === 'stageIndicator' || (b.type === 'paragraph' && b.keepWithNext === true);

/** Lines of a long text that travel with what leads into it. */
const KEEP_LINES = 2;

/**
 * A text's first `n` lines apart from the rest, both marked as the same element (tags.ts: an
 * element may be drawn in several pieces); the whole text when it has few lines more than that.
 */
function splitLines(content: Content, n: number): [Content, Content | undefined] {
  const lines = content.stack;
  if (!Array.isArray(lines) || lines.length <= n + 1) return [content, undefined];
  const [l = 0, t = 0, r = 0, b = 0] = (content.margin as number[] | undefined) ?? [];
  return [
    { ...content, stack: lines.slice(0, n), margin: [l, t, r, 0] },
    { ...content, stack: lines.slice(n), margin: [l, 0, r, b] },
  ];
}

/**
 * Never leave a heading, an action's stage line or its change marker at the foot of a page without
 * what follows: a run of them and the small block after it go into one unbreakable stack, and of a
 * long text its first two lines. (pdfmake's pageBreakBefore does the same by re-laying out the
 * whole document for every break it inserts, which made long reports quadratic.) Only small blocks
 * join, because an unbreakable stack taller than a page would not fit anywhere.
 */
function keepWithNext(blocks: Block[], render: (b: Block) => Content): Content[] {
  const out: Content[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const group: Content[] = [];
    // Headings, then the stage line and marker under them; a heading after those starts anew.
    while (i < blocks.length && blocks[i]!.type === 'heading') group.push(render(blocks[i++]!));
    while (i < blocks.length && leadsIn(blocks[i]!) && blocks[i]!.type !== 'heading') group.push(render(blocks[i++]!));
    if (group.length === 0) {
      out.push(render(blocks[i]!));
      continue;
    }
    const next = blocks[i];
    if (next && next.type !== 'heading' && isSmall(next)) {
      group.push(render(next));
      out.push({ stack: group, unbreakable: true });
    } else if (next && (next.type === 'paragraph' || next.type === 'field')) {
      const [head, tail] = splitLines(render(next), KEEP_LINES);
      group.push(head);
      out.push({ stack: group, unbreakable: true });
      if (tail) out.push(tail);
    } else {
      // A heading before a long table cannot join it (the table may be taller than a page), so it
      // can still end a page: a known limitation of this approach. Short tables join.
      i--;
      out.push({ stack: group, unbreakable: true });
    }
  }
  return out;
}

interface OutlineNode {
  options: { expanded?: boolean };
  outlineData: Record<string, unknown>;
  children: OutlineNode[];
}

/**
 * PDF/A validators require /Count on the outline root and on every item with children; pdfkit
 * writes it only for expanded items, and then as the number of direct children, which is wrong for
 * the root when items below are open. Set the counts per the PDF spec and stop pdfkit's own.
 * Returns the number of visible descendants.
 */
function fixOutlineCounts(node: OutlineNode, isRoot = false): number {
  const open = isRoot || node.options.expanded === true;
  let visible = 0;
  for (const child of node.children) visible += 1 + fixOutlineCounts(child);
  if (isRoot) node.outlineData.Count = visible;
  else if (node.children.length > 0) node.outlineData.Count = open ? visible : -node.children.length;
  node.options = { ...node.options, expanded: false };
  return open ? visible : 0;
}

export async function renderPdf(input: DocumentTree, options: PdfOptions): Promise<Uint8Array> {
  // Every string as the font and the file can carry it (src/render/text.ts).
  const tree = printableTree(input);
  const pdfa = options.pdfa ?? DEFAULT_PDFA;
  const { files, descriptors } = fontFilesOf(options.fonts);
  const { definition, structure } = buildDefinition(tree, options.fonts, pdfa, files);
  const date = parseDate(tree.meta.date);
  // pdfkit's font class is found through a parsed face (the line breaker has parsed them by now).
  sharedFace(options.fonts.regular);
  const sets = patchSets(options.speed !== false);
  // Laid out, drawn and written in one synchronous call with the patches in force (printer.ts);
  // only the stream's events come afterwards. An error (PdfPatchError among them) rejects.
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    withPatches(sets, () => {
      const doc = createPdfKitDocument(definition as Record<string, unknown>, descriptors, files) as unknown as PdfKitDocument;
      finishStructure(doc, structure);
      completeCidSets(doc);
      // Replace pdfkit's unescaped XMP (see xmp.ts).
      doc._addInfo = () =>
        doc.appendXML(
          xmpDescriptions({ ...docInfo(tree), lang: tree.meta.lang, date }),
        );
      if (doc.outline) fixOutlineCounts(doc.outline as OutlineNode, true);
      doc.on('data', (chunk) => chunks.push(chunk as Uint8Array));
      doc.on('end', () => resolve(concatBytes(chunks)));
      doc.on('error', (err) => reject(err as Error));
      doc.end();
      // pdfkit writes the cross-reference table once its last object is done: all are by now.
      if ((doc as unknown as { _waiting: number })._waiting !== 0) throw new Error('the PDF was not finished when its end was written');
    });
  });
}

export { PdfPatchError } from './patches/patch.js';
