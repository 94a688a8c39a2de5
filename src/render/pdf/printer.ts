/**
 * pdfmake 0.3.11's PdfPrinter.createPdfKitDocument, less its first step, and so synchronous.
 *
 * That step fetches the http(s) URLs a definition names (ours names none, and every access is
 * denied anyway) and is the only asynchronous part: without it, laying out and drawing happen
 * in one synchronous call, so the patches (patches/patch.ts) are in force for exactly that call
 * and no other code, such as another pdfmake user's rendering, can run while they are.
 *
 * The fonts, the virtual files and the access policy are the arguments of this call: pdfmake's
 * process-wide ones (pdfmake.setFonts, pdfmake.virtualfs, its access policies) are never read
 * or written, so nothing of ours stays behind in pdfmake after a rendering.
 *
 * The copy is checked against pdfmake's own before use (assertOriginal): a pdfmake whose
 * createPdfKitDocument differs throws PdfPatchError, to be looked at and the copy brought up to date.
 */
import pdfDocumentModule from 'pdfmake/js/PDFDocument.js';
import layoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import svgMeasureModule from 'pdfmake/js/SVGMeasure.js';
import pageSizeModule from 'pdfmake/js/PageSize.js';
import tableLayoutsModule from 'pdfmake/js/tableLayouts.js';
import rendererModule from 'pdfmake/js/Renderer.js';
import printerModule from 'pdfmake/js/Printer.js';
import { classOf } from './pdfkit-bare.js';
import { assertOriginal } from './patches/patch.js';

/** SHA-256 of PdfPrinter.prototype.createPdfKitDocument's source in pdfmake 0.3.11 (the copy below). */
const PRINTER_ORIGINAL = 'eee2d140c36ebda2066f1c3dc9d48e5a070eaa1fd6e803aa9236e1ae7ddc744e';

/** A virtual file system of one rendering, with what pdfmake's own offers its documents. */
export class VirtualFiles {
  private readonly files = new Map<string, Uint8Array>();
  /** Kept as a Buffer over the same memory: pdfkit takes only Buffers for embedded files. */
  writeFileSync(name: string, content: Uint8Array): void {
    this.files.set(name, Buffer.from(content.buffer, content.byteOffset, content.byteLength));
  }
  existsSync(name: string): boolean {
    return this.files.has(name);
  }
  readFileSync(name: string): Uint8Array {
    const content = this.files.get(name);
    if (content === undefined) throw new Error(`File '${name}' not found in virtual file system`);
    return content;
  }
}

export type FontDescriptors = Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>;

type Ctor = new (...args: unknown[]) => Record<string, unknown>;
interface PageSizeModule {
  normalizePageSize(size: unknown, orientation: unknown): { width: number; height: number };
  normalizePageMargin(margin: unknown): unknown;
}

const denyAll = (): boolean => false;
const isValue = (v: unknown): boolean => v !== undefined && v !== null;

/** pdfmake's createMetadata: the info dictionary, pdfmake's reserved keys capitalised. */
function createMetadata(definition: Record<string, unknown>): Record<string, unknown> {
  const standard = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate', 'Trapped'];
  const standardize = (key: string): string => {
    const capitalised = key.charAt(0).toUpperCase() + key.slice(1);
    return standard.includes(capitalised) ? capitalised : key.replace(/\s+/g, '');
  };
  const info: Record<string, unknown> = { Producer: 'pdfmake', Creator: 'pdfmake' };
  const given = definition.info as Record<string, unknown> | undefined;
  if (given) for (const key in given) if (given[key]) info[standardize(key)] = given[key];
  return info;
}

/** pdfmake's embedFiles: each file's bytes from the virtual files, attached to the document. */
function embedFiles(definition: Record<string, unknown>, doc: { file(src: unknown, options: unknown): void }, files: VirtualFiles): void {
  const given = definition.files as Record<string, { src?: unknown; name?: string }> | undefined;
  if (!given) return;
  for (const key in given) {
    const file = given[key]!;
    if (!file.src) return;
    if (typeof file.src === 'string' && files.existsSync(file.src)) file.src = files.readFileSync(file.src);
    file.name = file.name || key;
    doc.file(file.src, file);
  }
}

/** pdfmake's convertToDynamicContent. */
const dynamic = (content: unknown): (() => unknown) => () => JSON.parse(JSON.stringify(content)) as unknown;

/**
 * Lays out and draws `definition` into a new pdfkit document, as pdfmake 0.3.11's
 * createPdfKitDocument does after resolving URLs; the caller ends the document.
 */
export function createPdfKitDocument(definition: Record<string, unknown>, fonts: FontDescriptors, files: VirtualFiles): Record<string, unknown> {
  const Printer = classOf(printerModule as unknown as { prototype: { createPdfKitDocument: unknown } });
  assertOriginal('PdfPrinter.prototype.createPdfKitDocument', Printer.prototype.createPdfKitDocument, PRINTER_ORIGINAL);
  const pageSizes = classOf(pageSizeModule as unknown as PageSizeModule);
  const d = definition;
  d.version = d.version || '1.3';
  d.subset = d.subset || undefined;
  d.tagged = typeof d.tagged === 'boolean' ? d.tagged : false;
  d.displayTitle = typeof d.displayTitle === 'boolean' ? d.displayTitle : false;
  d.compress = typeof d.compress === 'boolean' ? d.compress : true;
  d.images = d.images || {};
  d.attachments = d.attachments || {};
  d.pageMargins = isValue(d.pageMargins) ? d.pageMargins : 40;
  d.patterns = d.patterns || {};
  if (d.header && typeof d.header !== 'function') d.header = dynamic(d.header);
  if (d.footer && typeof d.footer !== 'function') d.footer = dynamic(d.footer);
  const pageSize = pageSizes.normalizePageSize(d.pageSize, d.pageOrientation);
  // A page of height 'auto' needs pdfmake's calculatePageHeight afterwards; our pages are A4.
  if (pageSize.height === Infinity) throw new Error('pages of automatic height are not supported');
  const pdfOptions = {
    size: [pageSize.width, pageSize.height],
    pdfVersion: d.version,
    subset: d.subset,
    tagged: d.tagged,
    displayTitle: d.displayTitle,
    compress: d.compress,
    userPassword: d.userPassword,
    ownerPassword: d.ownerPassword,
    permissions: d.permissions,
    lang: d.language,
    fontLayoutCache: true,
    bufferPages: false,
    autoFirstPage: false,
    info: createMetadata(d),
    font: null,
  };
  const PDFDocument = classOf(pdfDocumentModule as unknown as Ctor);
  const doc = new PDFDocument(fonts, d.images, d.patterns, d.attachments, pdfOptions, files, denyAll);
  embedFiles(d, doc as unknown as { file(src: unknown, options: unknown): void }, files);
  const LayoutBuilder = classOf(layoutBuilderModule as unknown as Ctor);
  const SVGMeasure = classOf(svgMeasureModule as unknown as Ctor);
  const builder = new LayoutBuilder(pageSize, pageSizes.normalizePageMargin(d.pageMargins), new SVGMeasure()) as { registerTableLayouts(layouts: unknown): void; layoutDocument(...args: unknown[]): unknown[] };
  builder.registerTableLayouts(classOf(tableLayoutsModule as unknown as { tableLayouts: unknown }).tableLayouts);
  let pages = builder.layoutDocument(d.content, doc, d.styles || {}, d.defaultStyle || { fontSize: 12, font: 'Roboto' }, d.background, d.header, d.footer, d.watermark, d.pageBreakBefore);
  const maxPages = d.maxPagesNumber || -1;
  if (typeof maxPages === 'number' && !Number.isNaN(maxPages) && maxPages > -1) pages = pages.slice(0, maxPages);
  const Renderer = classOf(rendererModule as unknown as Ctor);
  (new Renderer(doc, undefined) as { renderPages(pages: unknown[]): void }).renderPages(pages);
  return doc;
}
