/**
 * Tagged PDF through pdfmake, which has no notion of it (tags.ts says what the tags are).
 *
 * Layout: a tag on a pdfmake node applies to the lines, vectors and images laid out inside it, as
 * the nearest tagged ancestor; the lines that pdfmake repeats at the top of each page a table
 * runs to (its header rows) become page artifacts, so they are read once.
 *
 * Drawing: each item is drawn inside marked content: its element's (a BDC with a fresh MCID, the
 * id recorded in the element and in the page's entry of the parent tree), or an artifact.
 * Consecutive items of one element share one sequence; each page closes what it opened. The structure tree is written at the end
 * (finishStructure), from the plan with the marks the drawing recorded.
 */
import rendererModule from 'pdfmake/js/Renderer.js';
import layoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import pageElementWriterModule from 'pdfmake/js/PageElementWriter.js';
import { isArtifact, LAYOUT, PAGINATION, TAG, type StructNode, type Tag } from './tags.js';

const PATCHED = Symbol.for('kuntaraportti.pdfmake.tags');
const STACK = Symbol('kuntaraportti.tagStack');
const STATE = Symbol('kuntaraportti.marking');

type Tagged = { [TAG]?: Tag };
type Proto = Record<string | symbol, unknown>;

function classOf<T>(mod: { default?: T } | T): T {
  const m = mod as { default?: T };
  return m.default ?? (mod as T);
}

interface Ref {
  id: number;
  offset?: number;
  data: Record<string, unknown>;
  end(): void;
}
interface Page {
  dictionary: Ref;
  structParentTreeKey: number;
}
interface TaggedDoc {
  page: Page | null;
  _root: { data: { StructTreeRoot?: Ref } };
  getStructParentTree(): { get(key: number): unknown[] };
  addContent(data: string): void;
  addPage(options?: unknown): unknown;
  ref(data: Record<string, unknown>): Ref;
  _offset: number;
  _security?: unknown;
  _write(data: string): void;
  _refEnd(ref: Ref): void;
  [STATE]?: MarkingState;
}
interface MarkingState {
  /** The marked content open on the current page. */
  current: Tag | undefined;
  /** The parent tree's entries (one per page), whose StructNodes become references at the end. */
  entries: unknown[][];
}

const WRITTEN: Record<string, unknown> = Object.freeze({});

/** Lays out with the nearest tagged ancestor's tag on every line, vector and image. */
function patchLayout(): void {
  type Builder = { [STACK]?: Tag[] };
  const proto = classOf(layoutBuilderModule as unknown as { prototype: Proto }).prototype;
  const top = (b: Builder): Tag | undefined => b[STACK]?.[b[STACK].length - 1];
  type Process = (this: Builder, node: Tagged & Record<string, unknown>, arg?: unknown) => unknown;
  const wrap = (name: string, before: (this: Builder, node: Tagged & Record<string, unknown>) => void): void => {
    const original = proto[name] as Process;
    proto[name] = function (this: Builder, node: Tagged & Record<string, unknown>, arg?: unknown): unknown {
      before.call(this, node);
      return original.call(this, node, arg);
    };
  };
  const processNode = proto.processNode as Process;
  proto.processNode = function (this: Builder, node: Tagged, arg?: unknown): unknown {
    const tag = node[TAG];
    if (tag === undefined) return processNode.call(this, node, arg);
    (this[STACK] ??= []).push(tag);
    try {
      return processNode.call(this, node, arg);
    } finally {
      this[STACK]!.pop();
    }
  };
  const buildNextLine = proto.buildNextLine as (node: unknown) => Tagged | null;
  proto.buildNextLine = function (this: Builder, node: unknown): unknown {
    const line = buildNextLine.call(this, node);
    const tag = top(this);
    if (line !== null && tag !== undefined) line[TAG] = tag;
    return line;
  };
  wrap('processCanvas', function (node) {
    const tag = top(this);
    if (tag === undefined) return;
    for (const vector of node.canvas as Tagged[]) vector[TAG] ??= tag;
  });
  for (const name of ['processImage', 'processSVG']) {
    wrap(name, function (node) {
      const tag = top(this);
      if (tag !== undefined) node[TAG] ??= tag;
    });
  }
}

/** The copies of a table's header rows that pdfmake puts on the next pages are page artifacts. */
function patchRepeatables(): void {
  const proto = classOf(pageElementWriterModule as unknown as { prototype: Proto }).prototype;
  type Line = Tagged & { clone(): Line };
  const toRepeatable = proto.currentBlockToRepeatable as () => { items: { type: string; item: Line }[] };
  proto.currentBlockToRepeatable = function (this: unknown): unknown {
    const rep = toRepeatable.call(this);
    rep.items = rep.items.map((it) => (it.type === 'line' ? { type: 'line', item: Object.assign(it.item.clone(), { [TAG]: PAGINATION }) as Line } : it));
    return rep;
  };
}

const ARTIFACT_OPEN = { Pagination: '/Artifact <</Type /Pagination>> BDC', Layout: '/Artifact <</Type /Layout>> BDC' };

/** Opens the marked content for `tag` unless it is open already. */
function mark(doc: TaggedDoc, tag: Tag | undefined): void {
  const state = doc[STATE];
  if (state === undefined) return;
  const want = tag ?? LAYOUT;
  if (state.current === want) return;
  if (state.current !== undefined) doc.addContent('EMC');
  state.current = want;
  if (isArtifact(want)) {
    doc.addContent(ARTIFACT_OPEN[want.artifact]);
    return;
  }
  // Drawing happens on a page.
  const page = doc.page as Page;
  const entry = doc.getStructParentTree().get(page.structParentTreeKey);
  if (entry.length === 0) state.entries.push(entry);
  const mcid = entry.length;
  entry.push(want);
  want.marks.push(page.dictionary, mcid);
  doc.addContent(`/${want.role} <</MCID ${mcid}>> BDC`);
}

/** Closes the open marked content: at the end of a page, and before clipping, which only sets up state. */
function unmark(doc: TaggedDoc): void {
  const state = doc[STATE];
  if (state === undefined || state.current === undefined) return;
  doc.addContent('EMC');
  state.current = undefined;
}

function patchRenderer(): void {
  const proto = classOf(rendererModule as unknown as { prototype: Proto }).prototype;
  type R = { pdfDocument: TaggedDoc };
  type Draw = (this: R, item: Tagged, x?: unknown, y?: unknown) => unknown;
  for (const name of ['renderLine', 'renderVector', 'renderImage', 'renderSVG']) {
    const original = proto[name] as Draw;
    proto[name] = function (this: R, item: Tagged, x?: unknown, y?: unknown): unknown {
      mark(this.pdfDocument, item[TAG]);
      return original.call(this, item, x, y);
    };
  }
  for (const name of ['beginClip', 'endClip']) {
    const original = proto[name] as (this: R, rect?: unknown) => unknown;
    proto[name] = function (this: R, rect?: unknown): unknown {
      unmark(this.pdfDocument);
      return original.call(this, rect);
    };
  }
  const renderPages = proto.renderPages as (this: R, pages: unknown) => unknown;
  proto.renderPages = function (this: R, pages: unknown): unknown {
    const doc = this.pdfDocument;
    // Only a document made with `tagged: true` has a structure tree root to mark content for.
    if (!doc._root.data.StructTreeRoot) return renderPages.call(this, pages);
    doc[STATE] = { current: undefined, entries: [] };
    const addPage = doc.addPage;
    const own = Object.prototype.hasOwnProperty.call(doc, 'addPage');
    doc.addPage = function (this: TaggedDoc, options?: unknown): unknown {
      if (this.page) unmark(this);
      return addPage.call(this, options);
    };
    try {
      const result = renderPages.call(this, pages);
      unmark(doc);
      return result;
    } finally {
      if (own) doc.addPage = addPage;
      else delete (doc as Partial<TaggedDoc>).addPage;
    }
  };
}

export function patchTagging(): void {
  const proto = classOf(rendererModule as unknown as { prototype: Proto }).prototype;
  if (proto[PATCHED]) return;
  patchLayout();
  patchRepeatables();
  patchRenderer();
  proto[PATCHED] = true;
}

/**
 * Writes the structure tree of `root` into the document drawn with it: every element with content
 * or children (table cells always, so rows keep their columns), each with its content in the
 * order drawn. Call after drawing and before pdfkit's end(), which writes the parent tree.
 */
export function finishStructure(pdf: unknown, root: StructNode): void {
  const doc = pdf as TaggedDoc;
  const state = doc[STATE];
  const treeRoot = doc._root.data.StructTreeRoot;
  if (state === undefined || treeRoot === undefined) throw new Error('the PDF was not drawn with tagging on');
  const refs = new Map<StructNode, Ref>();
  const keep = (node: StructNode): boolean => {
    node.kids = node.kids.filter(keep);
    return node.kids.length > 0 || node.marks.length > 0 || node.role === 'TD' || node.role === 'TH';
  };
  keep(root);
  // Every reference first, so that an element can name its parent and children.
  const order: [StructNode, Ref][] = [];
  const create = (node: StructNode, parent: Ref): void => {
    // Without the optional /Type: ~60,000 elements at 10,000 actions, 17 bytes each.
    const ref = doc.ref({ S: node.role, P: parent });
    refs.set(node, ref);
    order.push([node, ref]);
    for (const kid of node.kids) create(kid, ref);
  };
  create(root, treeRoot);
  for (const [node, ref] of order) {
    const page = node.marks[0];
    if (node.alt !== undefined || doc._security) {
      // Text strings are left to pdfkit's encoding (and any encryption to pdfkit).
      const k: unknown[] = node.kids.map((kid) => refs.get(kid));
      for (let i = 0; i < node.marks.length; i += 2) k.push(node.marks[i] === page ? node.marks[i + 1] : { Type: 'MCR', Pg: node.marks[i], MCID: node.marks[i + 1] });
      Object.assign(ref.data, { K: k, ...(page !== undefined ? { Pg: page } : {}), ...(node.alt !== undefined ? { Alt: new String(node.alt) } : {}) });
      if (node.scope !== undefined) ref.data.A = { O: 'Table', Scope: node.scope };
      ref.end();
    } else {
      // Written as text here: pdfkit's generic object writer took ~0.2 s for 60,000 elements.
      let k = '';
      for (const kid of node.kids) k += ` ${String(refs.get(kid))}`;
      for (let i = 0; i < node.marks.length; i += 2) k += node.marks[i] === page ? ` ${String(node.marks[i + 1])}` : ` <</Type /MCR /Pg ${String(node.marks[i])} /MCID ${String(node.marks[i + 1])}>>`;
      const attributes = node.scope !== undefined ? ` /A <</O /Table /Scope /${node.scope}>>` : '';
      const pg = page !== undefined ? ` /Pg ${String(page)}` : '';
      ref.offset = doc._offset;
      doc._write(`${String(ref.id)} 0 obj`);
      doc._write(`<</S /${node.role} /P ${String(ref.data.P)}${pg} /K [${k.slice(1)}]${attributes}>>`);
      doc._write('endobj');
      doc._refEnd(ref);
    }
    // Written: from here on only its number is needed (by parents and the parent tree).
    ref.data = WRITTEN;
  }
  for (const entry of state.entries) for (let i = 0; i < entry.length; i++) entry[i] = refs.get(entry[i] as StructNode);
  treeRoot.data.K = [refs.get(root)];
  doc[STATE] = undefined;
}
