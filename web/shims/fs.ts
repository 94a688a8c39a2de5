/**
 * `fs` for the browser bundle. pdfkit and pdfmake import it, but the report gives every font,
 * image and attachment as bytes, so nothing should read a file: each use is an error, except
 * pdfkit's own sRGB profile for PDF/A (bundled here, from the same pdfkit package).
 */
import { Buffer } from 'buffer';
import srgbIcc from 'kuntaraportti:srgb-icc';

const FILES: Record<string, string> = { '/data/sRGB_IEC61966_2_1.icc': srgbIcc };

function noFiles(name: string): never {
  throw new Error(`kuntaraportti: no file system in the browser (${name})`);
}

export function readFileSync(path: unknown): Buffer {
  const name = String(path).replace(/^\/+/, '/');
  const data = FILES[name];
  if (data === undefined) return noFiles(`readFileSync ${String(path)}`);
  return Buffer.from(data, 'base64');
}
export function existsSync(path: unknown): boolean {
  return String(path).replace(/^\/+/, '/') in FILES;
}
export function statSync(path: unknown): never {
  return noFiles(`statSync ${String(path)}`);
}
export function writeFileSync(path: unknown): never {
  return noFiles(`writeFileSync ${String(path)}`);
}
export function createWriteStream(path: unknown): never {
  return noFiles(`createWriteStream ${String(path)}`);
}

export default { readFileSync, existsSync, statSync, writeFileSync, createWriteStream };
