/**
 * pdfkit's PDFReference: page content kept as text until the page is finished. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import { bareDocument } from '../pdfkit-bare.js';
import { PATCHED } from './common.js';

interface ReferenceProto {
  write(this: Reference, chunk: unknown): void;
  finalize(this: Reference): void;
  [PATCHED]?: boolean;
}
interface Reference {
  data: { Length?: number; Filter?: string };
  buffer: unknown[];
  compress: boolean;
  uncompressedLength: number;
  [PENDING]?: string;
}
const PENDING = Symbol('kuntaraportti.pendingContent');

/**
 * pdfkit turns every operator written to a page (hundreds per page) into a small Buffer of its
 * own, cut from Node's shared 8 KB pool, and the PDF objects written in between are cut from the
 * same slabs. Those objects stay buffered until the end, so each keeps its whole slab of operator
 * bytes alive: ~70 MB at 10,000 actions. Here the text of a stream is collected as a string and
 * made into one Buffer when the stream ends, at the same place among the chunks, with the same
 * length bookkeeping, so the bytes are the same.
 */
export function patchReferences(): void {
  const proto = Object.getPrototypeOf(bareDocument().ref({})) as ReferenceProto;
  if (proto[PATCHED] || proto.write.length !== 1 || proto.finalize.length !== 0) return;
  const write = proto.write;
  const finalize = proto.finalize;
  const flush = (ref: Reference): void => {
    const text = ref[PENDING];
    if (text === undefined) return;
    ref[PENDING] = undefined;
    ref.buffer.push(Buffer.from(text, 'binary'));
  };
  proto.write = function (chunk) {
    if (chunk instanceof Uint8Array) {
      flush(this);
      write.call(this, chunk);
      return;
    }
    const text = (chunk as string) + '\n';
    this[PENDING] = this[PENDING] === undefined ? text : this[PENDING] + text;
    this.uncompressedLength += text.length;
    if (this.data.Length == null) this.data.Length = 0;
    this.data.Length += text.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  proto.finalize = function () {
    flush(this);
    finalize.call(this);
  };
  proto[PATCHED] = true;
}
