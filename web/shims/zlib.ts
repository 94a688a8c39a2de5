/**
 * `zlib` for the browser bundle: pdfkit only calls deflateSync (content streams, fonts, images),
 * png-js inflate (also standing in for its browserify-zlib).
 * fflate makes a valid zlib stream at the same level as Node's default (6); its bytes differ from
 * Node's zlib, so a PDF from the page is not byte-identical to the command's (its content is).
 */
import { Buffer } from 'buffer';
import { unzlibSync, zlibSync } from 'fflate';

export function deflateSync(data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const out = zlibSync(bytes, { level: 6 });
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export function inflateSync(data: Uint8Array): Buffer {
  const out = unzlibSync(data);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * png-js's browser build inflates a PNG logo's pixels through this callback form. The callback
 * comes in a later task, as Node's zlib.inflate does from its thread pool: pdfkit numbers the
 * image's objects when it runs, so a sooner callback would renumber the PDF's objects.
 */
export function inflate(data: Uint8Array, callback: (error: Error | null, out?: Buffer) => void): void {
  let out: Buffer;
  try {
    out = inflateSync(data);
  } catch (error) {
    setTimeout(() => callback(error as Error), 0);
    return;
  }
  setTimeout(() => callback(null, out), 0);
}

export default { deflateSync, inflateSync, inflate };
