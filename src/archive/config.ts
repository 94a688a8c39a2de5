/**
 * The archive's configuration and names, as pure data rules (no file system): what a config file
 * may say, which job names and months are allowed, how a month's files are named, and what counts
 * as "already archived". The node side (src/node/archive/) reads files and applies these.
 */
import { z } from 'zod';
import type { Lang } from '../diagnostics.js';
import { describeIssues } from '../document/settings.js';
import { PDFA_LEVELS, type PdfA } from '../render/pdf/levels.js';

/** PDF/A levels a job may ask for (the renderer's); left out, the template's default. */
export const ARCHIVE_PDFA = PDFA_LEVELS;
export type ArchivePdfA = PdfA;

/**
 * A job name becomes part of a file name under the root, so it is a plain word: letters, digits,
 * `-`, `_` and `.` (not first), never `..`, `/` or `\`. Checked before anything runs.
 */
const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]*$/;

const WORDS = {
  fi: {
    jobName: 'työn nimessä saa olla vain kirjaimia A–Z, numeroita sekä merkit - _ . (ei ensimmäisenä), enintään 100 merkkiä; ei "..", "/" eikä "\\"',
    template: 'pohjan nimessä saa olla vain pieniä kirjaimia a–z, numeroita ja viivoja',
    duplicate: (name: string) => `työn nimi "${name}" on jo käytössä toisella työllä`,
    glob: 'hakulauseke koskee vain kansion tiedostonimiä: siinä ei saa olla "/" eikä ".."',
  },
  sv: {
    jobName: 'jobbets namn får bara innehålla bokstäver A–Z, siffror och tecknen - _ . (inte först), högst 100 tecken; inte "..", "/" eller "\\"',
    template: 'mallens namn får bara innehålla små bokstäver a–z, siffror och bindestreck',
    duplicate: (name: string) => `jobbnamnet "${name}" används redan av ett annat jobb`,
    glob: 'mönstret gäller bara filnamn i mappen: det får inte innehålla "/" eller ".."',
  },
  en: {
    jobName: 'a job name may contain only letters A–Z, digits and - _ . (not first), at most 100 characters; no "..", "/" or "\\"',
    template: 'a template name may contain only lowercase letters a–z, digits and hyphens',
    duplicate: (name: string) => `job name "${name}" is already used by another job`,
    glob: 'the pattern matches file names in the folder only: no "/" or ".."',
  },
} as const;

function schemaFor(lang: Lang) {
  const w = WORDS[lang];
  const job = z.strictObject({
    name: z.string().refine((s) => JOB_NAME.test(s) && !s.includes('..'), { message: w.jobName }),
    /** A file, or a folder and a glob (the newest match is taken). */
    input: z.union([z.string().min(1), z.strictObject({ folder: z.string().min(1), glob: z.string().min(1).refine((g) => !g.includes('/') && !g.includes('\\') && !g.includes('..'), { message: w.glob }) })]),
    template: z.string().refine((s) => TEMPLATE_NAME.test(s), { message: w.template }).optional(),
    /** The report command's settings, inline, or the path of such a file. */
    settings: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    pdfa: z.enum(ARCHIVE_PDFA).optional(),
  });
  return z
    .strictObject({ root: z.string().min(1), jobs: z.array(job).min(1) })
    .superRefine((config, ctx) => {
      const seen = new Set<string>();
      config.jobs.forEach((j, i) => {
        // File names are compared case-insensitively: two names that differ only in case would
        // share a file on some file systems.
        const key = j.name.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['jobs', i, 'name'], message: w.duplicate(j.name) });
        seen.add(key);
      });
    });
}

export type ArchiveConfig = z.infer<ReturnType<typeof schemaFor>>;
export type ArchiveJobConfig = ArchiveConfig['jobs'][number];

/** Validates a parsed config; each error names the field (`jobs[1].name: …`). */
export function parseArchiveConfig(json: unknown, lang: Lang = 'fi'): { config: ArchiveConfig } | { errors: string[] } {
  const result = schemaFor(lang).safeParse(json);
  if (!result.success) return { errors: describeIssues(result.error.issues, json, lang) };
  return { config: result.data };
}

// ---- Months and file names ------------------------------------------------------------------------

export interface Month {
  year: number;
  month: number;
}

/** `2026-03` → { year: 2026, month: 3 }; anything else → null. */
export function parseMonth(text: string): Month | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1900 || month < 1 || month > 12) return null;
  return { year, month };
}

export function formatMonth(m: Month): string {
  return `${String(m.year).padStart(4, '0')}-${String(m.month).padStart(2, '0')}`;
}

/** The month's folder below the root, as path segments: ['2026', '03']. */
export function monthSegments(m: Month): [string, string] {
  return [String(m.year).padStart(4, '0'), String(m.month).padStart(2, '0')];
}

/** `<name>-YYYY-MM.pdf`, and `<name>-YYYY-MM-vN.pdf` from the second version on. */
export function archiveFileName(job: string, month: Month, version: number): string {
  return `${job}-${formatMonth(month)}${version > 1 ? `-v${version}` : ''}.pdf`;
}

// ---- Input globs ----------------------------------------------------------------------------------

/**
 * A shell-style pattern for one file name (`*`, `?`, `[abc]`, `[!a]`, `{a,b}`) as a RegExp.
 * Hidden files (leading dot) match only a pattern that starts with a dot, as in a shell.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  re += ')'.repeat(braces);
  return new RegExp(`^${glob.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
}

/**
 * The newest of the matching files: latest modification time, and of equal times the last name in
 * code-point order (exports named by date sort right), so the choice never depends on listing order.
 */
export function newestMatch<T extends { name: string; mtimeMs: number }>(files: readonly T[], glob: string): T | null {
  const re = globToRegExp(glob);
  let best: T | null = null;
  for (const f of files) {
    if (!re.test(f.name)) continue;
    if (!best || f.mtimeMs > best.mtimeMs || (f.mtimeMs === best.mtimeMs && f.name > best.name)) best = f;
  }
  return best;
}

// ---- What is already archived ---------------------------------------------------------------------

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type Plan = { kind: 'unchanged'; file: string; version: number } | { kind: 'write'; file: string; version: number };

/**
 * What a job does this month, given what the manifest already records: nothing when a file made
 * from the same source and settings (`jobHash`) is there; else the first version, or the next one
 * beside those already archived (never over them).
 */
export function planJob(entries: readonly { job: string; version: number; jobHash: string; file: string }[], job: string, jobHash: string, month: Month): Plan {
  const mine = entries.filter((e) => e.job === job);
  const done = mine.find((e) => e.jobHash === jobHash);
  if (done) return { kind: 'unchanged', file: done.file, version: done.version };
  const version = mine.reduce((max, e) => Math.max(max, e.version), 0) + 1;
  return { kind: 'write', file: archiveFileName(job, month, version), version };
}
