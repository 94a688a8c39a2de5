/**
 * The DOCX package as a map of parts, and the post-processing that makes docx's output
 * byte-identical between runs. docx 9 writes the clock into docProps/core.xml, `Date.now()` into
 * the zip entries, random ids into relationships (hyperlinks, charts, package parts), and takes
 * drawing and bookmark ids from module-global counters, so a second document in the same process
 * would differ from the first. Each is replaced here by a value derived from the document alone.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

export type Parts = Map<string, Uint8Array>;

export const readText = (parts: Parts, path: string): string | undefined => {
  const data = parts.get(path);
  return data === undefined ? undefined : strFromU8(data);
};
export const writeText = (parts: Parts, path: string, text: string): void => {
  parts.set(path, strToU8(text));
};

export function unzipParts(bytes: Uint8Array): Parts {
  const files = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') });
  return new Map(Object.entries(files));
}

/** Content types first, as Office writes them and some readers expect; the rest in code-point order. */
function partOrder(a: string, b: string): number {
  const rank = (p: string): number => (p === '[Content_Types].xml' ? 0 : p === '_rels/.rels' ? 1 : p === 'word/document.xml' ? 2 : 3);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Zips the parts with a fixed entry order and a fixed timestamp: noon of `date` (local time, which
 * is what DOS timestamps hold; noon stays clear of any midnight DST switch).
 */
export function zipParts(parts: Parts, date: string): Uint8Array {
  const [y, m, d] = parseDate(date);
  const mtime = new Date(y, m - 1, d, 12, 0, 0);
  const files: Zippable = {};
  // Images are compressed already: deflating the chart's PNG again cost a tenth of a short run.
  for (const path of [...parts.keys()].sort(partOrder)) files[path] = [parts.get(path) as Uint8Array, { mtime, level: /\.(png|jpe?g|gif)$/i.test(path) ? 0 : 6 }];
  return zipSync(files);
}

function parseDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, m, d] = match === null ? [1980, 1, 1] : [Number(match[1]), Number(match[2]), Number(match[3])];
  // DOS dates cannot hold years before 1980.
  return y < 1980 ? [1980, 1, 1] : [y, m, d];
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Source part of a relationships part: `word/_rels/document.xml.rels` → `word/document.xml`. */
export function relsSource(relsPath: string): string {
  const m = /^(.*?)_rels\/([^/]+)\.rels$/.exec(relsPath);
  return m === null ? '' : `${m[1]}${m[2]}`;
}

/** Renames relationship ids that are not `rIdN` (docx makes those at random) to `rIdKN`, per rels part. */
function normaliseRelationshipIds(parts: Parts): void {
  for (const relsPath of [...parts.keys()].filter((p) => p.endsWith('.rels')).sort()) {
    let rels = readText(parts, relsPath) ?? '';
    const source = relsSource(relsPath);
    let sourceText = readText(parts, source);
    let n = 0;
    const renames = new Map<string, string>();
    for (const m of rels.matchAll(/\bId="([^"]+)"/g)) {
      const id = m[1] as string;
      if (/^rId\d+$/.test(id) || renames.has(id)) continue;
      renames.set(id, `rIdK${++n}`);
    }
    for (const [from, to] of renames) {
      rels = rels.split(`Id="${from}"`).join(`Id="${to}"`);
      if (sourceText !== undefined) sourceText = sourceText.split(`"${from}"`).join(`"${to}"`);
    }
    writeText(parts, relsPath, rels);
    if (sourceText !== undefined) writeText(parts, source, sourceText);
  }
}

/** The XML parts that carry drawings and bookmarks, in a fixed order. */
const storyParts = (parts: Parts): string[] =>
  [...parts.keys()].filter((p) => /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/.test(p)).sort(partOrder);

/**
 * Drawing ids (`wp:docPr`) numbered 1, 2, … across the document; bookmark ids numbered by first
 * appearance. docx takes both from counters that keep running between documents.
 */
export function renumberIds(parts: Parts, firstDrawing = 1, firstBookmark = 0): void {
  let drawing = firstDrawing;
  let bookmark = firstBookmark;
  const bookmarks = new Map<string, string>();
  for (const path of storyParts(parts)) {
    let xml = readText(parts, path) ?? '';
    xml = xml.replace(/(<wp:docPr\b[^>]*?\sid=")(\d+)(")/g, (_, a: string, _id: string, c: string) => `${a}${drawing++}${c}`);
    xml = xml.replace(/(<w:bookmark(?:Start|End)\b[^>]*?\sw:id=")(-?\d+)(")/g, (_, a: string, id: string, c: string) => {
      let next = bookmarks.get(`${path}#${id}`);
      if (next === undefined) {
        next = String(bookmark++);
        bookmarks.set(`${path}#${id}`, next);
      }
      return `${a}${next}${c}`;
    });
    writeText(parts, path, xml);
  }
}

export interface CoreFixes {
  date: string;
  lang: string;
}

/** Creation and modification dates from the document, never the clock; the language for readers. */
function fixCoreProperties(parts: Parts, fixes: CoreFixes): void {
  let core = readText(parts, 'docProps/core.xml');
  if (core === undefined) return;
  const stamp = `${/^\d{4}-\d{2}-\d{2}$/.test(fixes.date) ? fixes.date : '1980-01-01'}T00:00:00Z`;
  core = core.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${stamp}$2`);
  if (!core.includes('<dc:language>')) core = core.replace('</cp:coreProperties>', `<dc:language>${xmlEscape(fixes.lang)}</dc:language></cp:coreProperties>`);
  writeText(parts, 'docProps/core.xml', core);
}

/** Every fix that makes the package depend on its content only. */
export function normalisePackage(parts: Parts, fixes: CoreFixes): void {
  fixCoreProperties(parts, fixes);
  normaliseRelationshipIds(parts);
  renumberIds(parts);
}
