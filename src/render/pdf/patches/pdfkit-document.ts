/**
 * pdfkit's PDFDocument: output pushed in 64 KB Buffers. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import { bareDocument } from '../pdfkit-bare.js';
import { ANY_FUNCTION, type AnyFunction, type PatchSet } from './patch.js';
import { latin1Bytes } from '../../../bytes.js';

/** SHA-256 of each patched method's source in pdfkit 0.19.1 (see patch.ts). */
export const ORIGINALS = {
  'pdfkit.PDFDocument.prototype._write': 'cb6025cb807e67761691acce964ec0a78b91b8829b472cba913aec80f7c5e320',
  // Node's (or a stream polyfill's) Readable.prototype.push, only wrapped: its inside does not matter.
  'pdfkit.PDFDocument.prototype.push': ANY_FUNCTION,
};

const OUTPUT = Symbol('kuntaraportti.pendingOutput');
/** Text output is gathered up to this many bytes before it becomes one Buffer. */
const OUTPUT_CHUNK = 64 * 1024;

interface OutputDoc {
  _offset: number;
  [OUTPUT]?: string;
  push(chunk: unknown, encoding?: unknown): boolean;
}

/**
 * pdfkit writes every line of a PDF object (`12 0 obj`, the dictionary, `endobj`) as a Buffer of
 * its own, and the stream holds each until the document is read: three or more Buffer objects per
 * PDF object, and ~60,000 structure elements at 10,000 actions. Text output is gathered here as a
 * string and pushed as one Buffer per 64 KB, before any binary chunk and before the end, with
 * the same offsets; the bytes read out are the same, in fewer chunks.
 */
export function outputPatches(set: PatchSet): void {
  const proto = Object.getPrototypeOf(bareDocument()) as { push: AnyFunction };
  // The stream's own push, read when the patches are made (before the push patch goes in).
  let push: AnyFunction = proto.push;
  const flush = (doc: OutputDoc): void => {
    const text = doc[OUTPUT];
    if (text === undefined) return;
    doc[OUTPUT] = undefined;
    push.call(doc, latin1Bytes(text));
  };
  set.method(proto, 'pdfkit.PDFDocument.prototype._write', () => {
    push = proto.push;
    return writeText;
  });
  function writeText(this: OutputDoc, data: unknown): void {
    if (typeof data === 'string') {
      const text = this[OUTPUT] === undefined ? data + '\n' : this[OUTPUT] + data + '\n';
      this._offset += data.length + 1;
      this[OUTPUT] = text;
      if (text.length >= OUTPUT_CHUNK) flush(this);
      return;
    }
    flush(this);
    const bytes = data as Uint8Array;
    push.call(this, bytes);
    this._offset += bytes.length;
  }
  set.method(proto, 'pdfkit.PDFDocument.prototype.push', (original) => function (this: OutputDoc, chunk: unknown, encoding?: unknown): boolean {
    if (chunk === null) flush(this);
    return original.call(this, chunk, encoding) as boolean;
  });
}

