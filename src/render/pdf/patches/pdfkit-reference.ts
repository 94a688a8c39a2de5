/**
 * pdfkit's PDFReference: page content kept as text until the page is finished. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import { bareDocument } from '../pdfkit-bare.js';
import type { PatchSet } from './patch.js';
import { latin1Bytes } from '../../../bytes.js';

/** SHA-256 of each patched method's source in pdfkit 0.19.1 (see patch.ts). */
export const ORIGINALS = {
  'PDFReference.prototype.write': 'd908ca396fbfefdf83d98cb321ebaaa57ef5055f5ec56c16fd697278ced62c5f',
  'PDFReference.prototype.finalize': '8af9e473a08414758afb20298825e28ce4199aa70792287284f9aac3238b35b4',
};

interface ReferenceProto {
  write(this: Reference, chunk: unknown): void;
  finalize(this: Reference): void;
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
export function referencePatches(set: PatchSet): void {
  const proto = Object.getPrototypeOf(bareDocument().ref({})) as ReferenceProto;
  const flush = (ref: Reference): void => {
    const text = ref[PENDING];
    if (text === undefined) return;
    ref[PENDING] = undefined;
    ref.buffer.push(latin1Bytes(text));
  };
  set.method(proto, 'PDFReference.prototype.write', (write) => function (this: Reference, chunk: unknown): void {
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
  });
  set.method(proto, 'PDFReference.prototype.finalize', (finalize) => function (this: Reference): void {
    flush(this);
    finalize.call(this);
  });
}
