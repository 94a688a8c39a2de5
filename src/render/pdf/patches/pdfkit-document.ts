/**
 * pdfkit's PDFDocument: output pushed in 64 KB Buffers. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import { bareDocument } from '../pdfkit-bare.js';

const OUTPUT = Symbol('kuntaraportti.pendingOutput');
const OUTPUT_PATCHED = Symbol.for('kuntaraportti.pdfkit.output');
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
export function patchOutput(): void {
  const proto = Object.getPrototypeOf(bareDocument()) as Record<string | symbol, unknown> & { _write(data: unknown): void; push: OutputDoc['push'] };
  // A marker of its own: pdfmake's document class inherits from this prototype, and patchFonts
  // checks PATCHED on that class.
  if (proto[OUTPUT_PATCHED] || proto._write.length !== 1) return;
  const push = proto.push;
  const flush = (doc: OutputDoc): void => {
    const text = doc[OUTPUT];
    if (text === undefined) return;
    doc[OUTPUT] = undefined;
    push.call(doc, Buffer.from(text, 'binary'));
  };
  proto._write = function (this: OutputDoc, data: unknown): void {
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
  };
  proto.push = function (this: OutputDoc, chunk: unknown, encoding?: unknown): boolean {
    if (chunk === null) flush(this);
    return push.call(this, chunk, encoding);
  };
  proto[OUTPUT_PATCHED] = true;
}

