/**
 * pdfmake's LayoutBuilder: no undo closures kept for a second layout that never comes, and
 * laid-out blocks let go at once. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import layoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import { classOf } from '../pdfkit-bare.js';
import type { AnyFunction, PatchSet } from './patch.js';

/** SHA-256 of each patched method's source in pdfmake 0.3.11 (see patch.ts). */
export const ORIGINALS = {
  'LayoutBuilder.prototype.buildNextLine': 'f9a0444e3740e3f3136883da58409174d85ce7ecce1da31de63cbe35646b4b9d',
  'LayoutBuilder.prototype.layoutDocument': '9447035c5308b90f3e932ab753f32fe3f32698a670a0f2fc1dc9d8f532ca4288',
  'LayoutBuilder.prototype.processVerticalContainer': '9388f51211d3e486803c822c53a04020118e88ea9ecf5ca2bda733840bbe5ec6',
  'LayoutBuilder.prototype.processNode': 'ccc12d1f98f1f4363dfaa372c020347e688467d7a7dac551c6f3ab4e9e2fcc21',
};

interface LayoutNode {
  resetXY?: unknown;
  stack?: unknown[];
  canvas?: unknown;
  positions?: unknown[];
}
/** Arrays up to this length are copied to their exact size once filled (see patchLayout). */
const TRIM = 16;
const SINGLE_PASS = Symbol('kuntaraportti.singlePass');
/** The document's content array while it is laid out in a single pass. */
const ROOT = Symbol('kuntaraportti.layoutRoot');

/**
 * pdfmake gives every node and every vector a closure that restores its coordinates, for laying
 * the document out again when a `pageBreakBefore` function asks for a break. Without that
 * function there is one pass and the closures are never called, yet each node kept its own
 * (~120 bytes with its context; ~70,000 at 2,000 actions). They are dropped as soon as the node is
 * laid out.
 *
 * Also, V8 gives an array 17 slots on its first push. Every line node's list of positions and
 * every line's list of inlines holds one entry or a few, and all of them live until the end:
 * once filled they are copied to their exact size (~40 MB at 10,000 actions).
 */
export function layoutPatches(set: PatchSet): void {
  type Builder = { [SINGLE_PASS]?: boolean; [ROOT]?: unknown[]; linearNodeList?: unknown[]; processNode(node: LayoutNode): unknown };
  const proto = classOf(layoutBuilderModule as unknown as { prototype: object }).prototype;
  set.method(proto, 'LayoutBuilder.prototype.buildNextLine', (buildNextLine) => function (this: Builder, node: unknown): unknown {
    const line = buildNextLine.call(this, node) as { inlines: unknown[] } | null;
    if (line !== null && Array.isArray(line.inlines) && line.inlines.length <= TRIM) line.inlines = line.inlines.slice();
    return line;
  });
  set.method(proto, 'LayoutBuilder.prototype.layoutDocument', (layoutDocument) => function (this: Builder, ...args: unknown[]): unknown {
    this[SINGLE_PASS] = typeof args[8] !== 'function';
    this[ROOT] = this[SINGLE_PASS] && Array.isArray(args[0]) ? args[0] : undefined;
    try {
      return layoutDocument.apply(this, args);
    } finally {
      this[ROOT] = undefined;
      if (this[SINGLE_PASS]) this.linearNodeList = [];
    }
  });
  // The document's top-level blocks, each let go as soon as it is laid out: drawing needs only the
  // pages' items, and a block's nodes (measured texts, styles, positions) are ~13 KB per action,
  // 130 MB at 10,000 actions that were all alive at the end of layout. Their positions are kept,
  // as pdfmake keeps them.
  set.method(proto, 'LayoutBuilder.prototype.processVerticalContainer', (processVerticalContainer) => function (this: Builder, node: LayoutNode): unknown {
    const items = node.stack as (LayoutNode | null)[];
    if (items !== this[ROOT]) return processVerticalContainer.call(this, node);
    const positions = node.positions as unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      this.processNode(item);
      for (const position of item.positions as unknown[]) positions.push(position);
      items[i] = null;
    }
    return undefined;
  });
  set.method(proto, 'LayoutBuilder.prototype.processNode', (processNode: AnyFunction) => function (this: Builder, node: LayoutNode, ...rest: unknown[]): unknown {
    const result: unknown = processNode.call(this, node, ...rest);
    if (this[SINGLE_PASS] === true) {
      // Assigned, not deleted: deleting would turn every node into a slow dictionary object.
      node.resetXY = undefined;
      if (Array.isArray(node.canvas)) for (const vector of node.canvas as LayoutNode[]) vector.resetXY = undefined;
      // The list of every node is only for pageBreakBefore's second pass: keep none.
      this.linearNodeList!.length = 0;
    }
    if (Array.isArray(node.positions) && node.positions.length <= TRIM) node.positions = node.positions.slice();
    return result;
  });
}
