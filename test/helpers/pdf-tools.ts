/**
 * Runs the PDF tools we did not write (poppler, qpdf, Apache PDFBox Preflight). A missing tool makes
 * the calling test fail, never skip: .ci/run installs them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** ../shared/tools/check_pdfua.py beside the repository (CI clones it there), a checker we did not write. */
export const CHECK_PDFUA = join(fileURLToPath(new URL('../../', import.meta.url)), '..', 'shared', 'tools', 'check_pdfua.py');

export interface PdfuaResult {
  /** `pdfua: N checks, M failed` → M. */
  failed: number;
  fails: string[];
  /** NOTE lines about words run together (ISO 32000-1 14.8.2.5). */
  wordBreaks: string[];
  output: string;
}

/** Runs check_pdfua.py --require-ua on a file: PDF/UA-1 (Matterhorn) and the PDF/A the file claims. */
export function checkPdfua(file: string): PdfuaResult {
  if (!existsSync(CHECK_PDFUA)) throw new Error(`check_pdfua.py puuttuu: ${CHECK_PDFUA}`);
  const r = run('python3', [CHECK_PDFUA, '--require-ua', '--examples=20', file], [0, 1]);
  const m = /^pdfua: \d+ checks, (\d+) failed$/m.exec(r.stdout);
  if (!m) throw new Error(`check_pdfua.py: no summary line\n${r.stdout}\n${r.stderr}`);
  const lines = r.stdout.split('\n');
  return { failed: Number(m[1]), fails: lines.filter((l) => l.startsWith('FAIL')), wordBreaks: lines.filter((l) => l.startsWith('NOTE word breaks')), output: r.stdout };
}

/** A structure element as qpdf reads it: its type, /Lang, /E, attributes, and kids in order. */
export interface QpdfElem {
  role: string;
  lang: string | undefined;
  expansion: string | undefined;
  scope: string | undefined;
  kids: QpdfElem[];
}

/** The structure tree from qpdf's JSON (what pdfinfo -struct-text does not print: /Lang, /E). */
export function qpdfStructTree(file: string): QpdfElem[] {
  const objects = (qpdfJson(file) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] }).qpdf[1];
  const get = (ref: unknown): Record<string, unknown> | undefined => (typeof ref === 'string' ? objects[`obj:${ref}`]?.value : undefined);
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.startsWith('u:') ? v.slice(2) : undefined);
  const catalog = Object.values(objects).find((o) => o.value?.['/Type'] === '/Catalog')!.value!;
  const elem = (d: Record<string, unknown>): QpdfElem => {
    const k = d['/K'];
    const kids = (Array.isArray(k) ? k : [k]).map(get).filter((x): x is Record<string, unknown> => x !== undefined && typeof x['/S'] === 'string');
    const a = d['/A'] as Record<string, unknown> | undefined;
    return {
      role: String(d['/S']).slice(1),
      lang: text(d['/Lang']),
      expansion: text(d['/E']),
      scope: typeof a?.['/Scope'] === 'string' ? (a['/Scope'] as string).slice(1) : undefined,
      kids: kids.map(elem),
    };
  };
  const root = get(catalog['/StructTreeRoot'])!;
  const k = root['/K'];
  return (Array.isArray(k) ? k : [k]).map(get).filter((x): x is Record<string, unknown> => x !== undefined).map(elem);
}
