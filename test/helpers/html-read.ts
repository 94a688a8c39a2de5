/** Reads an HTML report back with parse5 (the WHATWG parser browsers follow), not with our code. */
import { parse } from 'parse5';

export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: El | undefined;
}
export type Node = El | { text: string };

type P5 = { nodeName: string; tagName?: string; value?: string; attrs?: { name: string; value: string }[]; childNodes?: P5[]; content?: P5 };

function convert(n: P5, parent: El | undefined): Node | undefined {
  if (n.nodeName === '#text') return { text: n.value ?? '' };
  if (n.nodeName.startsWith('#') && n.nodeName !== '#document') return undefined;
  const el: El = { tag: n.tagName ?? n.nodeName, attrs: Object.fromEntries((n.attrs ?? []).map((a) => [a.name, a.value])), children: [], parent };
  for (const c of n.childNodes ?? []) {
    const k = convert(c, el);
    if (k) el.children.push(k);
  }
  return el;
}

export function parseHtml(html: string): El {
  return convert(parse(html) as unknown as P5, undefined) as El;
}

export const isEl = (n: Node): n is El => 'tag' in n;

export function all(root: El, pred: (e: El) => boolean = () => true): El[] {
  const out: El[] = [];
  const walk = (e: El): void => {
    if (pred(e)) out.push(e);
    for (const c of e.children) if (isEl(c)) walk(c);
  };
  walk(root);
  return out;
}

export const byTag = (root: El, ...tags: string[]): El[] => all(root, (e) => tags.includes(e.tag));

export function text(e: Node, skip: (e: El) => boolean = () => false): string {
  if (!isEl(e)) return e.text;
  if (skip(e)) return '';
  // A line break is white space to a reader.
  if (e.tag === 'br') return '\n';
  const inner = e.children.map((c) => text(c, skip)).join('');
  // Between blocks, cells and SVG text lines a reader sees a gap; inside a run of text none.
  return ['strong', 'em', 'span', 'b', 'i'].includes(e.tag) ? inner : ` ${inner} `;
}

/** What a sighted reader sees: no head, no style, no screen-reader-only table. */
export function visibleText(root: El): string {
  const body = byTag(root, 'body')[0]!;
  return text(body, (e) => e.tag === 'style' || e.tag === 'title' || e.tag === 'desc' || (e.attrs.class ?? '').split(' ').includes('kr-sr-only'));
}
