/**
 * When first required, pdfkit loads the code for PDF encryption (@noble/ciphers, @noble/hashes)
 * and fontkit the code for WOFF2 fonts (brotli, with its 120 KB dictionary): ~70 ms of every
 * command run, for features we never use. We do not encrypt, and our fonts are TrueType files.
 * Before the PDF renderer is loaded, the command puts small stand-ins for those modules in Node's
 * require cache; a stand-in that is ever called throws an error naming what it replaced.
 *
 * Node only, and only for the command (src/cli/report.ts): the library loads them as usual.
 */
import { createRequire, Module } from 'node:module';

const require = createRequire(import.meta.url);

/** [package that requires it, module as required, what it is for] */
const UNUSED: [string, string, string][] = [
  ['fontkit', 'brotli/decompress.js', 'WOFF2 fonts'],
  ['pdfkit', '@noble/ciphers/aes', 'PDF encryption'],
  ['pdfkit', '@noble/hashes/sha2', 'PDF encryption'],
  ['pdfkit', '@noble/hashes/utils', 'PDF encryption'],
];

export class UnusedModuleError extends Error {}

function standIn(request: string, purpose: string): object {
  const fail = (): never => {
    throw new UnusedModuleError(`${request} (${purpose}) is not loaded by kuntaraportti`);
  };
  // Callable (brotli's module is a function) and every property a function that throws (the
  // others export functions only).
  return new Proxy(fail, {
    get: (_target, key) => (key === '__esModule' || key === 'default' || key === 'then' || typeof key === 'symbol' ? undefined : fail),
    apply: fail,
  });
}

let done = false;

export function skipUnusedPdfModules(): void {
  if (done) return;
  done = true;
  for (const [owner, request, purpose] of UNUSED) {
    let path: string;
    try {
      path = createRequire(require.resolve(owner)).resolve(request);
    } catch {
      continue; // not installed this way: nothing to stand in for
    }
    if (require.cache[path] !== undefined) continue; // already loaded for real
    const stub = new Module(path);
    stub.filename = path;
    stub.loaded = true;
    stub.exports = standIn(request, purpose);
    require.cache[path] = stub;
  }
}
