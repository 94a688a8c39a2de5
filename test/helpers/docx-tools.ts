/**
 * Readers we did not write, for checking DOCX output: mammoth (text), LibreOffice (layout, via
 * PDF) and poppler's pdftotext. A missing tool makes the test fail, never skip.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';

export function parts(docx: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(docx);
}

export function part(docx: Uint8Array, path: string): string {
  const data = parts(docx)[path];
  if (data === undefined) throw new Error(`osaa ${path} ei ole paketissa`);
  return strFromU8(data);
}

export async function mammothText(docx: Uint8Array): Promise<string> {
  const result = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
  return result.value;
}

/** Zip entry names with their DOS date/time fields, read from the local file headers. */
export function zipEntries(zip: Uint8Array): { name: string; time: number; date: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: { name: string; time: number; date: number }[] = [];
  let at = 0;
  while (at + 30 <= zip.length && view.getUint32(at, true) === 0x04034b50) {
    const size = view.getUint32(at + 18, true);
    const nameLen = view.getUint16(at + 26, true);
    const extraLen = view.getUint16(at + 28, true);
    out.push({ name: strFromU8(zip.subarray(at + 30, at + 30 + nameLen)), time: view.getUint16(at + 10, true), date: view.getUint16(at + 12, true) });
    at += 30 + nameLen + extraLen + size;
  }
  return out;
}

/**
 * DOCX → PDF with LibreOffice, in a private profile so parallel runs do not share one, then the
 * text of each page (pdftotext -layout; pages split at form feeds).
 */
export function libreOfficePages(docx: Uint8Array, keepPdfAt?: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kr-docx-'));
  try {
    const input = join(dir, 'in.docx');
    writeFileSync(input, docx);
    execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], {
      stdio: 'pipe',
      timeout: 180_000,
    });
    const pdf = join(dir, 'in.pdf');
    if (keepPdfAt !== undefined) writeFileSync(keepPdfAt, readFileSync(pdf));
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return text.split('\f').filter((page, i, all) => i < all.length - 1 || page.trim() !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
