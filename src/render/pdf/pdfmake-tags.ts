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
import { beforeEachPage, classOf } from './pdfkit-bare.js';
import { isArtifact, LAYOUT, PAGINATION, TAG, type StructNode, type Tag } from './tags.js';
import { PatchSet, type AnyFunction } from './patches/patch.js';

/** SHA-256 of each patched method's source in pdfmake 0.3.11 (see patches/patch.ts): a mismatch throws. */
const ORIGINALS = {
  'LayoutBuilder.prototype.processNode': 'ccc12d1f98f1f4363dfaa372c020347e688467d7a7dac551c6f3ab4e9e2fcc21',
  'LayoutBuilder.prototype.buildNextLine': 'f9a0444e3740e3f3136883da58409174d85ce7ecce1da31de63cbe35646b4b9d',
  'LayoutBuilder.prototype.processCanvas': '8b140c1b632b65a81b3bed72f5794475f135e1825f4e3ad9791663ea67d2b8c6',
  'LayoutBuilder.prototype.processImage': '1a6cedb0433d5927fd653d07ca35626e9ec7450b3f56b06c17e0f77ec2798a2d',
  'LayoutBuilder.prototype.processSVG': 'd4d39101aa16665ead6bd31ac1e4eaac4a69140a4ff54b2c136f524b356e7fbb',
  'PageElementWriter.prototype.currentBlockToRepeatable': '2642d2ea3ce2d0f6b3602cca562c93aa96b7b3a64c31941f5b4624e9c773f504',
  'Renderer.prototype.renderLine': 'b71f57566c6b6c5f91ec87ea7772c610eb02d5ed6515fd81ab67bb33d4df5acc',
  'Renderer.prototype.renderVector': '5d19ddae02ff9306d515b5d61d6ef3238ab45c256333a0cdd686625774ab6fb4',
  'Renderer.prototype.renderImage': '59da5a9700c20a2cea6afdfb83d4b462771364c48e690ae6ae5370cf1559707c',
  'Renderer.prototype.renderSVG': '117c94b48793ffb706ee24ffd763fd193b05f860b5b7528d6b5e85f788acdd18',
  'Renderer.prototype.beginClip': '48884e4491f91bd8afa9a7a326ab01a563a4729107223b32c9cd1540f0c4cb7e',
  'Renderer.prototype.endClip': '21d5353a8c9e4cb83b8b3039172b9172c1f9bc36b3334371ced007b60a6e080a',
  'Renderer.prototype.renderPages': '429c66b67fe2b5a6f4e5a84b34e33240ed8a1b870670d913b90852684a9979f6',
};
const STACK = Symbol('kuntaraportti.tagStack');
const STATE = Symbol('kuntaraportti.marking');

type Tagged = { [TAG]?: Tag };
type Proto = Record<string | symbol, unknown>;

interface Ref {
  id: number;
  data: Record<string, unknown>;
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
  addPage(...args: unknown[]): unknown;
  ref(data: Record<string, unknown>): Ref;
  _offset: number;
  _security?: unknown;
  _write(data: string): void;
  _refEnd(ref: { id: number; offset: number }): void;
  [STATE]?: MarkingState;
}
interface MarkingState {
  /** The marked content open on the current page. */
  current: Tag | undefined;
  /** The parent tree: per page with marked content, its key and the element of each MCID. */
  entries: [number, StructNode[]][];
}

/** Lays out with the nearest tagged ancestor's tag on every line, vector and image. */
function patchLayout(set: PatchSet): void {
  type Builder = { [STACK]?: Tag[] };
  const proto = classOf(layoutBuilderModule as unknown as { prototype: Proto }).prototype;
  const top = (b: Builder): Tag | undefined => b[STACK]?.[b[STACK].length - 1];
  type Process = (this: Builder, node: Tagged & Record<string, unknown>, arg?: unknown) => unknown;
  const wrap = (name: string, before: (this: Builder, node: Tagged & Record<string, unknown>) => void): void => {
    set.method(proto, `LayoutBuilder.prototype.${name}`, (original: Process) => function (this: Builder, node: Tagged & Record<string, unknown>, arg?: unknown): unknown {
      before.call(this, node);
      return original.call(this, node, arg);
    });
  };
  set.method(proto, 'LayoutBuilder.prototype.processNode', (processNode: Process) => function (this: Builder, node: Tagged, arg?: unknown): unknown {
    const tag = node[TAG];
    if (tag === undefined) return processNode.call(this, node, arg);
    (this[STACK] ??= []).push(tag);
    try {
      return processNode.call(this, node, arg);
    } finally {
      this[STACK]!.pop();
    }
  });
  set.method(proto, 'LayoutBuilder.prototype.buildNextLine', (buildNextLine: AnyFunction) => function (this: Builder, node: unknown): unknown {
    const line = buildNextLine.call(this, node) as Tagged | null;
    const tag = top(this);
    // Untagged is drawn as a layout artifact: no property to add for that.
    if (line !== null && tag !== undefined && tag !== LAYOUT) line[TAG] = tag;
    return line;
  });
  wrap('processCanvas', function (node) {
    const tag = top(this);
    if (tag === undefined || tag === LAYOUT) return;
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
function patchRepeatables(set: PatchSet): void {
  const proto = classOf(pageElementWriterModule as unknown as { prototype: Proto }).prototype;
  type Line = Tagged & { clone(): Line };
  set.method(proto, 'PageElementWriter.prototype.currentBlockToRepeatable', (toRepeatable: AnyFunction) => function (this: unknown): unknown {
    const rep = toRepeatable.call(this) as { items: { type: string; item: Line }[] };
    rep.items = rep.items.map((it) => (it.type === 'line' ? { type: 'line', item: Object.assign(it.item.clone(), { [TAG]: PAGINATION }) as Line } : it));
    return rep;
  });
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
  const key = page.structParentTreeKey;
  const entry = doc.getStructParentTree().get(key) as StructNode[];
  if (entry.length === 0) state.entries.push([key, entry]);
  const mcid = entry.length;
  entry.push(want);
  if (want.marks === undefined) want.marks = [page.dictionary, mcid];
  else want.marks.push(page.dictionary, mcid);
  doc.addContent(`/${want.role} <</MCID ${mcid}>> BDC`);
}

/** Closes the open marked content: at the end of a page, and before clipping, which only sets up state. */
function unmark(doc: TaggedDoc): void {
  const state = doc[STATE];
  if (state === undefined || state.current === undefined) return;
  doc.addContent('EMC');
  state.current = undefined;
}

function patchRenderer(set: PatchSet): void {
  const proto = classOf(rendererModule as unknown as { prototype: Proto }).prototype;
  type R = { pdfDocument: TaggedDoc };
  type Draw = (this: R, item: Tagged, x?: unknown, y?: unknown) => unknown;
  for (const name of ['renderLine', 'renderVector', 'renderImage', 'renderSVG']) {
    set.method(proto, `Renderer.prototype.${name}`, (original: Draw) => function (this: R, item: Tagged, x?: unknown, y?: unknown): unknown {
      mark(this.pdfDocument, item[TAG]);
      return original.call(this, item, x, y);
    });
  }
  for (const name of ['beginClip', 'endClip']) {
    set.method(proto, `Renderer.prototype.${name}`, (original: (this: R, rect?: unknown) => unknown) => function (this: R, rect?: unknown): unknown {
      unmark(this.pdfDocument);
      return original.call(this, rect);
    });
  }
  set.method(proto, 'Renderer.prototype.renderPages', (renderPages: (this: R, pages: unknown) => unknown) => function (this: R, pages: unknown): unknown {
    const doc = this.pdfDocument;
    // Only a document made with `tagged: true` has a structure tree root to mark content for.
    if (!doc._root.data.StructTreeRoot) return renderPages.call(this, pages);
    doc[STATE] = { current: undefined, entries: [] };
    return beforeEachPage(
      doc,
      () => unmark(doc),
      () => {
        const result = renderPages.call(this, pages);
        unmark(doc);
        return result;
      },
    );
  });
}

let tagging: PatchSet | undefined;

/** The tagging layer's patches, for patches/patch.ts's withPatches. */
export function taggingPatches(): PatchSet {
  if (tagging === undefined) {
    tagging = new PatchSet('tagging layer', 'required', 'pdfmake 0.3.11', ORIGINALS);
    patchLayout(tagging);
    patchRepeatables(tagging);
    patchRenderer(tagging);
  }
  return tagging;
}

/** A PDF text string as UTF-16BE hex with a byte order mark: any text, nothing to escape. */
function textString(text: string): string {
  let hex = '<FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return `${hex}>`;
}

/**
 * Writes the structure tree of `root` into the document drawn with it: every element with content
 * or children (table cells always, so rows keep their columns), each with its content in the
 * order drawn, and the parent tree (page → elements of its marked content). Call after drawing
 * and before pdfkit's end().
 *
 * The ~60,000 elements of a 10,000-action report are written as text straight away, each
 * numbered by pdfkit and then let go: pdfkit's own objects would each be kept to the end.
 */
export function finishStructure(pdf: unknown, root: StructNode): void {
  const doc = pdf as TaggedDoc;
  const state = doc[STATE];
  const treeRoot = doc._root.data.StructTreeRoot;
  if (state === undefined || treeRoot === undefined) throw new Error('the PDF was not drawn with tagging on');
  // Written as plain text, which pdfkit would have encrypted; we never encrypt.
  if (doc._security) throw new Error('tagging an encrypted PDF is not supported');
  const keep = (node: StructNode): boolean => {
    node.kids = node.kids.filter(keep);
    return node.kids.length > 0 || node.marks !== undefined || node.role === 'TD' || node.role === 'TH';
  };
  keep(root);
  const writeObject = (id: number, body: string): void => {
    const offset = doc._offset;
    doc._write(`${String(id)} 0 obj`);
    doc._write(body);
    doc._write('endobj');
    // What pdfkit's own objects do when written: record the offset, count down to the end.
    doc._refEnd({ id, offset });
  };
  const write = (node: StructNode, parent: string): void => {
    const id = node.id!;
    for (const kid of node.kids) kid.id = doc.ref({}).id;
    const marks = node.marks ?? [];
    const page = marks[0];
    let k = '';
    for (const kid of node.kids) k += ` ${String(kid.id)} 0 R`;
    for (let i = 0; i < marks.length; i += 2) k += marks[i] === page ? ` ${String(marks[i + 1])}` : ` <</Type /MCR /Pg ${String(marks[i])} /MCID ${String(marks[i + 1])}>>`;
    const pg = page !== undefined ? ` /Pg ${String(page)}` : '';
    const alt = node.alt !== undefined ? ` /Alt ${textString(node.alt)}` : '';
    const attributes = node.scope !== undefined ? ` /A <</O /Table /Scope /${node.scope}>>` : '';
    const lang = node.lang !== undefined ? ` /Lang ${textString(node.lang)}` : '';
    const expansion = node.expansion !== undefined ? ` /E ${textString(node.expansion)}` : '';
    writeObject(id, `<</S /${node.role} /P ${parent}${pg} /K [${k.slice(1)}]${alt}${attributes}${lang}${expansion}>>`);
    for (const kid of node.kids) write(kid, `${String(id)} 0 R`);
  };
  const rootRef = doc.ref({});
  root.id = rootRef.id;
  write(root, String(treeRoot));
  const parentTree = doc.ref({});
  let nums = '';
  for (const [key, entry] of state.entries) nums += ` ${String(key)} [${entry.map((node) => `${String(node.id)} 0 R`).join(' ')}]`;
  writeObject(parentTree.id, `<</Nums [${nums.slice(1)}]>>`);
  treeRoot.data.K = [rootRef];
  treeRoot.data.ParentTree = parentTree;
  doc[STATE] = undefined;
}
