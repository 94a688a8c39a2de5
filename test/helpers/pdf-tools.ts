/**
 * Runs the PDF tools we did not write (poppler, qpdf, Apache PDFBox Preflight). A missing tool makes
 * the calling test fail, never skip: .ci/run installs them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'kr-pdf-'));
let seq = 0;

/** Writes bytes to a temporary .pdf and returns its path. */
export function tempPdf(bytes: Uint8Array, name = 'doc'): string {
  const file = join(dir, `${name}-${++seq}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

function run(cmd: string, args: string[], okCodes = [0]): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} ei käynnisty (${r.error.message}); asenna se (.ci/run asentaa)`);
  const status = r.status ?? -1;
  if (!okCodes.includes(status)) throw new Error(`${cmd} ${args.join(' ')} päättyi koodiin ${status}:\n${r.stderr}\n${r.stdout.slice(0, 4000)}`);
  return { stdout: r.stdout, stderr: r.stderr, status };
}

export function pdftotext(file: string, opts: { first?: number; last?: number } = {}): string {
  const args = ['-enc', 'UTF-8'];
  if (opts.first) args.push('-f', String(opts.first));
  if (opts.last) args.push('-l', String(opts.last));
  return run('pdftotext', [...args, file, '-']).stdout;
}

export function pageCount(file: string): number {
  const m = /^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]).stdout);
  if (!m) throw new Error('pdfinfo: no page count');
  return Number(m[1]);
}

export function pdfinfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', ['-enc', 'UTF-8', file]).stdout.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!;
  }
  return out;
}

/** qpdf --check; exit code 3 means warnings, which we treat as failure too. */
export function qpdfCheck(file: string): string {
  return run('qpdf', ['--check', file]).stdout;
}

export function qpdfJson(file: string): unknown {
  return JSON.parse(run('qpdf', ['--json=2', file]).stdout);
}

export function qpdfAttachments(file: string): string {
  return run('qpdf', ['--list-attachments', file]).stdout;
}

export interface FontRow {
  name: string;
  embedded: boolean;
}

export function pdffonts(file: string): FontRow[] {
  const lines = run('pdffonts', [file]).stdout.split('\n').slice(2).filter((l) => l.trim());
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type... encoding emb sub uni object ID: "emb" is the 5th column from the end.
    return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
  });
}

/** The raw XMP packet of the document catalogue (uncompressed by pdfkit). */
export function xmp(bytes: Uint8Array): string {
  const s = Buffer.from(bytes).toString('utf8');
  const start = s.indexOf('<?xpacket begin');
  const end = s.indexOf('<?xpacket end');
  if (start < 0 || end < 0) throw new Error('no XMP packet');
  return s.slice(start, s.indexOf('?>', end) + 2);
}

const JAVA_DIR = '/usr/share/java';
/** PDFBox 2 Preflight and its dependencies as Debian installs them. */
const PREFLIGHT_JARS = ['preflight.jar', 'pdfbox2.jar', 'xmpbox.jar', 'fontbox2.jar', 'commons-logging.jar', 'javax.activation.jar', 'jaxb-api.jar'];

export function preflightClasspath(): string {
  const missing = PREFLIGHT_JARS.filter((j) => !existsSync(join(JAVA_DIR, j)));
  if (missing.length) {
    throw new Error(`PDFBox Preflight puuttuu: ${missing.join(', ')} (Debian: libpdfbox2-java libactivation-java libjaxb-api-java default-jre-headless)`);
  }
  return PREFLIGHT_JARS.map((j) => join(JAVA_DIR, j)).join(':');
}

/** Validates PDF/A-1b with PDFBox Preflight; returns its report (it says "is a valid PDF/A-1b file"). */
export function preflightA1b(file: string): { valid: boolean; report: string } {
  const r = run('java', ['-cp', preflightClasspath(), 'org.apache.pdfbox.preflight.Validator_A1b', file], [0, 1, 2, 3]);
  const report = r.stdout + r.stderr;
  return { valid: /is a valid PDF\/A-1b file/.test(report), report };
}

/** Renders pages to PNG with pdftoppm (to look at them, and to prove a renderer can draw them). */
export function pdftoppm(file: string, outPrefix: string, dpi = 60): void {
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), file, outPrefix]);
}

/** An element of a tagged PDF's structure tree as poppler reads it. */
export interface StructElem {
  role: string;
  /** Attribute lines as poppler prints them, e.g. `/Scope /Column`. */
  attributes: string[];
  /** The element's own text (its marked content), in order. */
  texts: string[];
  kids: StructElem[];
}

/** The structure tree of a tagged PDF: `pdfinfo -struct-text`, parsed by its two-space indentation. */
export function structTree(file: string): StructElem {
  const out = run('pdfinfo', ['-struct-text', file]).stdout;
  const root: StructElem = { role: '(root)', attributes: [], texts: [], kids: [] };
  const stack: { depth: number; elem: StructElem }[] = [{ depth: -1, elem: root }];
  for (const line of out.split('\n')) {
    if (line.trim() === '') continue;
    const depth = (line.length - line.trimStart().length) / 2;
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1]!.elem;
    const body = line.trim();
    const text = /^"(.*)"$/.exec(body);
    if (text) parent.texts.push(text[1]!);
    else if (body.startsWith('/')) parent.attributes.push(body);
    else {
      const m = /^([A-Za-z][A-Za-z0-9]*)(?: \((?:block|inline)\))?:?$/.exec(body);
      if (!m) throw new Error(`pdfinfo -struct-text: unexpected line "${line}"`);
      const elem: StructElem = { role: m[1]!, attributes: [], texts: [], kids: [] };
      parent.kids.push(elem);
      stack.push({ depth, elem });
    }
  }
  return root;
}

/** All text of an element and its descendants, in reading order. */
export function structText(e: StructElem): string {
  return e.texts.join('') + e.kids.map(structText).join('');
}
