/**
 * Pours the rendered report into the user's own Word document at the paragraph `{{raportti}}`.
 * The merge works on the package: our body content replaces the placeholder paragraph; the
 * template keeps its header, footer, logo, margins and styles. Of our styles only those the body
 * uses are added, and a style the template already has by name (e.g. "heading 1", whatever its
 * localised id) is the template's. Relationships, media, numbering, drawing and bookmark ids are
 * added under fresh ids, never replacing the template's.
 */
import { readText, unzipParts, writeText, type Parts } from './package.js';

export const PLACEHOLDER = '{{raportti}}';

export type DocxTemplateErrorCode = 'NOT_DOCX' | 'NO_PLACEHOLDER' | 'PLACEHOLDER_NOT_ALONE' | 'MANY_PLACEHOLDERS';

/** A template the report cannot be poured into; `message` is Finnish and fits on one line. */
export class DocxTemplateError extends Error {
  constructor(
    readonly code: DocxTemplateErrorCode,
    message: string,
    /** The values the message names (`why`, `count`), so it can be worded in another language. */
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'DocxTemplateError';
  }
}

const REL_OFFICE_DOCUMENT = /\/relationships\/officeDocument$/;
const REL_NUMBERING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering';
const CT_NUMBERING = 'application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml';
const CT_CORE = 'application/vnd.openxmlformats-package.core-properties+xml';
const REL_CORE = 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties';

const decode = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );

interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
  xml: string;
}

function parseRels(xml: string): Rel[] {
  return [...xml.matchAll(/<Relationship\b[^>]*\/?>/g)].map((m) => {
    const tag = m[0];
    const attr = (n: string): string => new RegExp(`\\s${n}="([^"]*)"`).exec(tag)?.[1] ?? '';
    return { id: attr('Id'), type: attr('Type'), target: attr('Target'), external: attr('TargetMode') === 'External', xml: tag };
  });
}

/** Resolves a relationship target against its source part's folder. */
function resolve(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const stack = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') stack.pop();
    else if (seg !== '.' && seg !== '') stack.push(seg);
  }
  return stack.join('/');
}

function relative(fromPart: string, path: string): string {
  const dir = fromPart.split('/').slice(0, -1).join('/');
  return dir !== '' && path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : `/${path}`;
}

function mainPart(parts: Parts): string {
  const rels = readText(parts, '_rels/.rels');
  const rel = rels === undefined ? undefined : parseRels(rels).find((r) => REL_OFFICE_DOCUMENT.test(r.type));
  const path = rel === undefined ? undefined : resolve('', rel.target);
  if (path === undefined || !parts.has(path)) throw notDocx('siitä puuttuu pääasiakirja (word/document.xml)');
  return path;
}

const notDocx = (why: string): DocxTemplateError => new DocxTemplateError('NOT_DOCX', `asiakirjapohja ei ole Word-asiakirja (.docx): ${why}`, { why });

interface Span {
  start: number;
  end: number;
}

/** Paragraph elements as spans, innermost first when nested (text boxes). */
function paragraphs(xml: string): Span[] {
  const out: Span[] = [];
  const stack: number[] = [];
  for (const m of xml.matchAll(/<w:p(?=[\s>/])[^>]*?(\/?)>|<\/w:p>/g)) {
    const index = m.index;
    if (m[0].startsWith('</')) {
      const start = stack.pop();
      if (start !== undefined) out.push({ start, end: index + m[0].length });
    } else if (m[1] === '/') out.push({ start: index, end: index + m[0].length });
    else stack.push(index);
  }
  return out;
}

const paragraphText = (p: string): string => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1] ?? '')).join('');

function findPlaceholder(xml: string): Span {
  const hits = paragraphs(xml).filter((s) => paragraphText(xml.slice(s.start, s.end)).includes(PLACEHOLDER));
  const alone = hits.filter((s) => paragraphText(xml.slice(s.start, s.end)).trim() === PLACEHOLDER);
  if (alone.length > 1) throw new DocxTemplateError('MANY_PLACEHOLDERS', `asiakirjapohjassa on ${alone.length} paikkamerkkiä ${PLACEHOLDER}; jätä niistä yksi`, { count: alone.length });
  const [span] = alone;
  if (span !== undefined) return span;
  if (hits.length > 0) throw new DocxTemplateError('PLACEHOLDER_NOT_ALONE', `paikkamerkin ${PLACEHOLDER} pitää olla asiakirjapohjassa omana kappaleenaan, ilman muuta tekstiä`);
  throw new DocxTemplateError('NO_PLACEHOLDER', `asiakirjapohjasta puuttuu paikkamerkki ${PLACEHOLDER}: kirjoita se omaksi kappaleekseen kohtaan, johon raportti tulee`);
}

/** Body content without the final section properties. */
function bodyContent(documentXml: string): string {
  const open = /<w:body(?:\s[^>]*)?>/.exec(documentXml);
  const close = documentXml.lastIndexOf('</w:body>');
  if (open === null || close < 0) return '';
  let body = documentXml.slice(open.index + open[0].length, close);
  const sect = body.lastIndexOf('<w:sectPr');
  if (sect >= 0 && !body.slice(sect).includes('</w:p>')) body = body.slice(0, sect);
  return body;
}

const rootTag = (xml: string, name: string): RegExpExecArray | null => new RegExp(`<${name}\\b[^>]*>`).exec(xml);

/** Adds namespace declarations of `from`'s root that `xml`'s root lacks. */
function addNamespaces(xml: string, name: string, fromRoot: string): string {
  const root = rootTag(xml, name);
  if (root === null) return xml;
  const have = new Set([...root[0].matchAll(/\sxmlns:(\w+)=/g)].map((m) => m[1]));
  const missing = [...fromRoot.matchAll(/\sxmlns:(\w+)="([^"]*)"/g)].filter((m) => !have.has(m[1])).map((m) => m[0]);
  if (missing.length === 0) return xml;
  const tag = root[0].replace(/\s*(\/?)>$/, `${missing.join('')}$1>`);
  return xml.slice(0, root.index) + tag + xml.slice(root.index + root[0].length);
}

interface StyleDef {
  id: string;
  name: string;
  type: string;
  xml: string;
}

function parseStyles(xml: string): StyleDef[] {
  return [...xml.matchAll(/<w:style\b[^>]*>[\s\S]*?<\/w:style>/g)].map((m) => {
    const s = m[0];
    return {
      id: /w:styleId="([^"]*)"/.exec(s)?.[1] ?? '',
      type: /w:type="([^"]*)"/.exec(s)?.[1] ?? 'paragraph',
      name: decode(/<w:name\s+w:val="([^"]*)"/.exec(s)?.[1] ?? ''),
      xml: s,
    };
  });
}

/** Our styles that are never replaced by a template's style of the same name, and their names there. */
const OWN_STYLES: Record<string, { id: string; name: string }> = { Title: { id: 'KrRaportinOtsikko', name: 'Raportin otsikko' } };

const STYLE_REF = /(<w:(?:pStyle|rStyle|tblStyle|basedOn|next|link)\s+w:val=")([^"]*)(")/g;

/**
 * Styles our body uses (with what they are based on), mapped to the template's by name, else
 * added; returns the id map and the template's new styles.xml.
 */
function mergeStyles(templateStyles: string, ourStyles: string, body: string, numbering: string): { map: Map<string, string>; xml: string } {
  const theirs = parseStyles(templateStyles);
  const ours = new Map(parseStyles(ourStyles).map((s) => [s.id, s]));
  const used = new Set<string>();
  const visit = (id: string): void => {
    if (used.has(id) || !ours.has(id)) return;
    used.add(id);
    for (const m of (ours.get(id)?.xml ?? '').matchAll(/<w:(?:basedOn|next|link)\s+w:val="([^"]*)"/g)) visit(m[1] ?? '');
  };
  for (const m of `${body}${numbering}`.matchAll(/<w:(?:pStyle|rStyle|tblStyle)\s+w:val="([^"]*)"/g)) visit(m[1] ?? '');
  const map = new Map<string, string>();
  const theirIds = new Set(theirs.map((s) => s.id));
  const added: StyleDef[] = [];
  for (const id of used) {
    const original = ours.get(id) as StyleDef;
    // The report's title keeps a style of its own: a letterhead's Title is often a cover-page size.
    const own = OWN_STYLES[original.name];
    const style = own === undefined ? original : { ...original, id: own.id, name: own.name, xml: original.xml.replace(/(<w:name\s+w:val=")[^"]*(")/, `$1${own.name}$2`) };
    const same = own !== undefined ? undefined : theirs.find((t) => t.type === style.type && t.name.toLowerCase() === style.name.toLowerCase() && t.name !== '');
    if (same !== undefined) {
      map.set(id, same.id);
      continue;
    }
    let newId = style.id;
    for (let n = 2; theirIds.has(newId); n++) newId = `${style.id}${n}`;
    theirIds.add(newId);
    map.set(id, newId);
    added.push({ ...style, id });
  }
  const rewritten = added.map((s) =>
    s.xml
      .replace(/w:styleId="[^"]*"/, `w:styleId="${map.get(s.id)}"`)
      .replace(/\s*<w:(?:next|link)\s+w:val="([^"]*)"\s*\/>/g, (tag, ref: string) => (map.has(ref) ? tag : ''))
      .replace(STYLE_REF, (_, a: string, ref: string, c: string) => `${a}${map.get(ref) ?? ref}${c}`)
      // Not the template's default paragraph style: that stays theirs.
      .replace(/\sw:default="(?:1|true|on)"/, ''),
  );
  const close = templateStyles.lastIndexOf('</w:styles>');
  const xml = close < 0 ? templateStyles : templateStyles.slice(0, close) + rewritten.join('') + templateStyles.slice(close);
  return { map, xml };
}

const maxAttr = (xml: string, re: RegExp): number => Math.max(0, ...[...xml.matchAll(re)].map((m) => Number(m[1])).filter(Number.isFinite));

/** Adds the numbering definitions our body uses under fresh ids; returns the numId map. */
function mergeNumbering(parts: Parts, templateDoc: string, ours: string | undefined, body: string, ourStylesMap: Map<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  const usedNums = new Set([...body.matchAll(/<w:numId\s+w:val="(\d+)"/g)].map((m) => m[1] as string));
  if (ours === undefined || usedNums.size === 0) return map;
  const numPath = numberingPath(parts, templateDoc);
  let theirs = readText(parts, numPath) ?? '';
  const fresh = theirs === '';
  if (fresh) theirs = ours.replace(/(<w:numbering\b[^>]*>)[\s\S]*(<\/w:numbering>)/, '$1$2');
  let nextAbstract = maxAttr(theirs, /w:abstractNumId="(\d+)"/g) + 1;
  let nextNum = maxAttr(theirs, /<w:num\s+w:numId="(\d+)"/g) + 1;
  const abstractMap = new Map<string, string>();
  const nums: string[] = [];
  for (const m of ours.matchAll(/<w:num\s+w:numId="(\d+)"[^>]*>[\s\S]*?<\/w:num>/g)) {
    if (!usedNums.has(m[1] as string)) continue;
    const abs = /<w:abstractNumId\s+w:val="(\d+)"/.exec(m[0])?.[1] ?? '';
    if (!abstractMap.has(abs)) abstractMap.set(abs, String(nextAbstract++));
    const id = String(nextNum++);
    map.set(m[1] as string, id);
    nums.push(m[0].replace(/w:numId="\d+"/, `w:numId="${id}"`).replace(/(<w:abstractNumId\s+w:val=")\d+/, `$1${abstractMap.get(abs)}`));
  }
  const abstracts: string[] = [];
  for (const m of ours.matchAll(/<w:abstractNum\s[^>]*w:abstractNumId="(\d+)"[^>]*>[\s\S]*?<\/w:abstractNum>/g)) {
    const to = abstractMap.get(m[1] as string);
    if (to === undefined) continue;
    abstracts.push(
      m[0]
        .replace(/(<w:abstractNum\s[^>]*w:abstractNumId=")\d+/, `$1${to}`)
        // The template's numbering part may not declare w15.
        .replace(/\sw15:[\w]+="[^"]*"/g, '')
        .replace(/(<w:pStyle\s+w:val=")([^"]*)(")/g, (_, a: string, ref: string, c: string) => `${a}${ourStylesMap.get(ref) ?? ref}${c}`),
    );
  }
  // Schema order: every abstractNum before the first num.
  const firstNum = theirs.search(/<w:num[\s>]/);
  const at = firstNum >= 0 ? firstNum : theirs.lastIndexOf('</w:numbering>');
  theirs = theirs.slice(0, at) + abstracts.join('') + theirs.slice(at);
  const close = theirs.lastIndexOf('</w:numbering>');
  theirs = theirs.slice(0, close) + nums.join('') + theirs.slice(close);
  writeText(parts, numPath, theirs);
  if (fresh) {
    addRelationship(parts, templateDoc, REL_NUMBERING, relative(templateDoc, numPath));
    addOverride(parts, `/${numPath}`, CT_NUMBERING);
  }
  return map;
}

function numberingPath(parts: Parts, doc: string): string {
  const rels = parseRels(readText(parts, relsPathOf(doc)) ?? '');
  const rel = rels.find((r) => r.type === REL_NUMBERING);
  return rel === undefined ? resolve(doc, 'numbering.xml') : resolve(doc, rel.target);
}

const relsPathOf = (part: string): string => {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
};

function addRelationship(parts: Parts, source: string, type: string, target: string, preferredId?: string): string {
  const path = relsPathOf(source);
  let xml = readText(parts, path) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const ids = new Set(parseRels(xml).map((r) => r.id));
  let n = 1;
  let id = preferredId ?? `rIdKr${n}`;
  while (ids.has(id)) id = `rIdKr${++n}`;
  const rel = `<Relationship Id="${id}" Type="${type}" Target="${target.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`;
  xml = /<Relationships\b[^>]*\/>/.test(xml) ? xml.replace(/<Relationships\b([^>]*)\/>/, `<Relationships$1>${rel}</Relationships>`) : xml.replace('</Relationships>', `${rel}</Relationships>`);
  writeText(parts, path, xml);
  return id;
}

function addOverride(parts: Parts, partName: string, contentType: string): void {
  let ct = readText(parts, '[Content_Types].xml') ?? '';
  if (ct.includes(`PartName="${partName}"`)) return;
  ct = ct.replace('</Types>', `<Override PartName="${partName}" ContentType="${contentType}"/></Types>`);
  writeText(parts, '[Content_Types].xml', ct);
}

function addDefault(parts: Parts, extension: string, contentType: string): void {
  let ct = readText(parts, '[Content_Types].xml') ?? '';
  const has = [...ct.matchAll(/<Default\b[^>]*>/g)].some((m) => new RegExp(`Extension="${extension}"`, 'i').test(m[0]));
  if (has) return;
  ct = ct.replace(/(<Types\b[^>]*>)/, `$1<Default Extension="${extension}" ContentType="${contentType}"/>`);
  writeText(parts, '[Content_Types].xml', ct);
}

const MEDIA_TYPES: Record<string, string> = { png: 'image/png', svg: 'image/svg+xml', jpeg: 'image/jpeg', jpg: 'image/jpeg', gif: 'image/gif' };

/** Copies the media our body refers to and adds relationships under fresh ids; rewrites the body. */
function mergeRelationships(parts: Parts, templateDoc: string, report: Parts, body: string): string {
  const ourRels = parseRels(readText(report, 'word/_rels/document.xml.rels') ?? '');
  const used = new Set([...body.matchAll(/\br:(?:embed|id|link|pict)="([^"]+)"/g)].map((m) => m[1]));
  const renames = new Map<string, string>();
  for (const rel of ourRels) {
    if (!used.has(rel.id)) continue;
    let target = rel.target;
    if (!rel.external) {
      const from = resolve('word/document.xml', rel.target);
      const data = report.get(from);
      if (data === undefined) continue;
      const file = from.slice(from.lastIndexOf('/') + 1);
      const dir = resolve(templateDoc, 'media');
      let dest = `${dir}/kr-${file}`;
      for (let n = 2; parts.has(dest); n++) dest = `${dir}/kr${n}-${file}`;
      parts.set(dest, data);
      const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
      if (MEDIA_TYPES[ext] !== undefined) addDefault(parts, ext, MEDIA_TYPES[ext]);
      target = relative(templateDoc, dest);
    }
    renames.set(rel.id, addRelationship(parts, templateDoc, rel.type, target));
    if (rel.external) {
      const relsPath = relsPathOf(templateDoc);
      const xml = readText(parts, relsPath) ?? '';
      writeText(parts, relsPath, xml.replace(`Id="${renames.get(rel.id)}"`, `Id="${renames.get(rel.id)}" TargetMode="External"`));
    }
  }
  return body.replace(/(\br:(?:embed|id|link|pict)=")([^"]+)(")/g, (_, a: string, id: string, c: string) => `${a}${renames.get(id) ?? id}${c}`);
}

/** The report's core properties (title, subject, author, dates, language) replace the template's. */
function mergeCore(parts: Parts, report: Parts): void {
  const core = report.get('docProps/core.xml');
  if (core === undefined) return;
  const rels = readText(parts, '_rels/.rels') ?? '';
  const rel = parseRels(rels).find((r) => r.type === REL_CORE);
  const path = rel === undefined ? 'docProps/core.xml' : resolve('', rel.target);
  parts.set(path, core);
  if (rel === undefined) addRelationship(parts, '', REL_CORE, path);
  addOverride(parts, `/${path}`, CT_CORE);
}

/** Sets the document language in the template's defaults only when it has none. */
function ensureLanguage(stylesXml: string, lang: string): string {
  if (/<w:docDefaults>[\s\S]*?<w:lang\b[\s\S]*?<\/w:docDefaults>/.test(stylesXml)) return stylesXml;
  const lang_ = `<w:lang w:val="${lang}"/>`;
  if (/<w:rPrDefault>\s*<w:rPr>/.test(stylesXml)) return stylesXml.replace(/(<w:rPrDefault>\s*<w:rPr>)/, `$1${lang_}`);
  if (/<w:docDefaults>/.test(stylesXml)) return stylesXml.replace('<w:docDefaults>', `<w:docDefaults><w:rPrDefault><w:rPr>${lang_}</w:rPr></w:rPrDefault>`);
  return stylesXml;
}

function stylesPath(parts: Parts, doc: string): string | undefined {
  const rel = parseRels(readText(parts, relsPathOf(doc)) ?? '').find((r) => /\/relationships\/styles$/.test(r.type));
  return rel === undefined ? undefined : resolve(doc, rel.target);
}

const REL_HEADER = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/header';
const CT_HEADER = 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml';

/**
 * The report's header block on every page: at the end of each of the letterhead's own headers
 * (default, first page, even pages), directly under its name, logo and whatever else it shows;
 * a letterhead without a header gets the block as its header. Returns the document XML.
 */
function addHeaderBlock(parts: Parts, doc: string, docXml: string, block: string, ourRoot: string): string {
  const rels = parseRels(readText(parts, relsPathOf(doc)) ?? '');
  const refs = [...docXml.matchAll(/<w:headerReference\b[^>]*r:id="([^"]+)"[^>]*\/>/g)].map((m) => m[1] as string);
  const targets = [...new Set(refs.map((id) => rels.find((r) => r.id === id && r.type === REL_HEADER)).filter((r): r is Rel => r !== undefined).map((r) => resolve(doc, r.target)))];
  if (targets.length > 0) {
    for (const path of targets) {
      const xml = readText(parts, path);
      if (xml === undefined) continue;
      const close = xml.lastIndexOf('</w:hdr>');
      if (close < 0) continue;
      writeText(parts, path, addNamespaces(xml.slice(0, close) + block + xml.slice(close), 'w:hdr', ourRoot));
    }
    return docXml;
  }
  let path = resolve(doc, 'header-kr.xml');
  for (let n = 2; parts.has(path); n++) path = resolve(doc, `header-kr${n}.xml`);
  writeText(parts, path, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${ourRoot}${block}</w:hdr>`);
  addOverride(parts, `/${path}`, CT_HEADER);
  const id = addRelationship(parts, doc, REL_HEADER, relative(doc, path));
  // Every section shows it; a section's own default header reference would have been found above.
  return docXml.replace(/<w:sectPr\b([^>]*)>/g, `<w:sectPr$1><w:headerReference w:type="default" r:id="${id}"/>`);
}

/** Whether the letterhead's headers number the pages themselves (a PAGE field): then ours does not. */
export function letterheadNumbersPages(template: Uint8Array): boolean {
  let parts: Parts;
  try {
    parts = unzipParts(template);
  } catch {
    return false;
  }
  return [...parts.keys()].some((p) => /^word\/header[^/]*\.xml$/.test(p) && /(<w:instrText\b[^>]*>\s*PAGE\b|w:instr="\s*PAGE\b)/.test(readText(parts, p) ?? ''));
}

/**
 * The template with the report in place of its `{{raportti}}` paragraph. `report` is our own
 * rendered (already normalised) package. Throws `DocxTemplateError` for a template that is not a
 * DOCX or has no placeholder paragraph.
 */
export function mergeIntoTemplate(template: Uint8Array, report: Parts, opts: { lang: string }): Parts {
  let parts: Parts;
  try {
    parts = unzipParts(template);
  } catch {
    throw notDocx('tiedosto ei ole zip-paketti');
  }
  const doc = mainPart(parts);
  let docXml = readText(parts, doc) ?? '';
  const span = findPlaceholder(docXml);

  const ourDoc = readText(report, 'word/document.xml') ?? '';
  let body = bodyContent(ourDoc);
  // The report's header block (document type, date, reference, case number, page "1 (N)").
  const ourHeaderPath = parseRels(readText(report, 'word/_rels/document.xml.rels') ?? '')
    .filter((r) => /\/relationships\/header$/.test(r.type))
    .map((r) => resolve('word/document.xml', r.target))[0];
  const ourHeader = ourHeaderPath === undefined ? undefined : readText(report, ourHeaderPath);
  let headerBlock = ourHeader === undefined ? '' : (/<w:hdr\b[^>]*>([\s\S]*)<\/w:hdr>/.exec(ourHeader)?.[1] ?? '');

  // Styles: ours by name onto theirs, the rest added.
  const sPath = stylesPath(parts, doc);
  const ourStyles = readText(report, 'word/styles.xml') ?? '';
  const ourNumbering = readText(report, 'word/numbering.xml');
  let styleMap = new Map<string, string>();
  if (sPath !== undefined && parts.has(sPath)) {
    const merged = mergeStyles(readText(parts, sPath) ?? '', ourStyles, body + headerBlock, ourNumbering ?? '');
    styleMap = merged.map;
    writeText(parts, sPath, ensureLanguage(merged.xml, opts.lang));
  } else {
    // No styles part: take ours whole.
    const path = resolve(doc, 'styles.xml');
    writeText(parts, path, ourStyles);
    addRelationship(parts, doc, 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles', relative(doc, path));
    addOverride(parts, `/${path}`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml');
  }
  const restyle = (xml: string): string => xml.replace(/(<w:(?:pStyle|rStyle|tblStyle)\s+w:val=")([^"]*)(")/g, (_, a: string, ref: string, c: string) => `${a}${styleMap.get(ref) ?? ref}${c}`);
  body = restyle(body);
  headerBlock = restyle(headerBlock);

  const numMap = mergeNumbering(parts, doc, ourNumbering, body, styleMap);
  body = body.replace(/(<w:numId\s+w:val=")(\d+)(")/g, (_, a: string, id: string, c: string) => `${a}${numMap.get(id) ?? id}${c}`);

  body = mergeRelationships(parts, doc, report, body);

  // Drawing and bookmark ids must be unique in the document: ours go after the template's.
  const allStories = [...parts.keys()].filter((p) => /^word\/.*\.xml$/.test(p) && !p.includes('_rels'));
  const maxDrawing = Math.max(0, ...allStories.map((p) => maxAttr(readText(parts, p) ?? '', /<wp:docPr\b[^>]*?\sid="(\d+)"/g)));
  const maxBookmark = maxAttr(docXml, /<w:bookmark(?:Start|End)\b[^>]*?\sw:id="(\d+)"/g);
  const hasBookmarks = /<w:bookmarkStart\b/.test(docXml);
  body = body.replace(/(<wp:docPr\b[^>]*?\sid=")(\d+)(")/g, (_, a: string, id: string, c: string) => `${a}${Number(id) + maxDrawing}${c}`);
  body = body.replace(/(<w:bookmark(?:Start|End)\b[^>]*?\sw:id=")(\d+)(")/g, (_, a: string, id: string, c: string) => `${a}${Number(id) + (hasBookmarks ? maxBookmark + 1 : 0)}${c}`);

  // A placeholder that also ends a section keeps the section break after the report.
  const placeholder = docXml.slice(span.start, span.end);
  const sectPr = /<w:pPr\b[^>]*>[\s\S]*<w:sectPr\b[\s\S]*<\/w:pPr>/.exec(placeholder)?.[0];
  const tail = sectPr === undefined ? '' : `<w:p>${sectPr}</w:p>`;
  docXml = docXml.slice(0, span.start) + body + tail + docXml.slice(span.end);
  docXml = addNamespaces(docXml, 'w:document', rootTag(ourDoc, 'w:document')?.[0] ?? '');
  if (headerBlock !== '' && ourHeader !== undefined) docXml = addHeaderBlock(parts, doc, docXml, headerBlock, rootTag(ourHeader, 'w:hdr')?.[0] ?? '');
  writeText(parts, doc, docXml);

  mergeCore(parts, report);
  // A .dotx template gives a document, not another template.
  const ct = readText(parts, '[Content_Types].xml') ?? '';
  writeText(parts, '[Content_Types].xml', ct.replace('wordprocessingml.template.main+xml', 'wordprocessingml.document.main+xml'));
  return parts;
}
