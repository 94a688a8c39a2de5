/**
 * The month's manifest.json: what is archived in ROOT/YYYY/MM/, one entry per file, so that
 * `archive verify` can rehash everything and a rerun can tell what is already done.
 */
import { z } from 'zod';
import type { Lang } from '../diagnostics.js';
import { describeIssues } from '../document/settings.js';
import { ARCHIVE_PDFA } from './config.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
// A file listed must be a plain name in the month's folder: a manifest never points elsewhere.
const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/).refine((s) => !s.includes('..'));

export const ManifestEntrySchema = z.strictObject({
  file: fileName,
  job: z.string().min(1),
  version: z.number().int().positive(),
  sha256,
  size: z.number().int().nonnegative(),
  source: z.strictObject({ name: z.string(), sha256, size: z.number().int().nonnegative() }),
  template: z.string(),
  /** The settings as the config gives them (inline, or read from `settingsFile`). */
  settings: z.record(z.string(), z.unknown()),
  settingsFile: z.string().optional(),
  pdfa: z.enum(ARCHIVE_PDFA),
  reportDate: z.string(),
  /** Where the report date came from: the settings, or the day of the run (the clock). */
  reportDateFrom: z.enum(['settings', 'run']),
  toolVersion: z.string(),
  archivedAt: z.string(),
  /** SHA-256 of source hash + template + settings + PDF/A level: equal means already archived. */
  jobHash: sha256,
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

export const MANIFEST_FORMAT = 'kuntaraportti-archive-manifest/1';

export const ManifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  files: z.array(ManifestEntrySchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function emptyManifest(month: string): Manifest {
  return { format: MANIFEST_FORMAT, month, files: [] };
}

/** Parses manifest text; errors are one line each, naming the field. */
export function parseManifest(text: string, lang: Lang = 'fi'): { manifest: Manifest } | { errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { errors: [`${{ fi: 'ei ole kelvollista JSONia', sv: 'är inte giltig JSON', en: 'is not valid JSON' }[lang]}: ${(error as Error).message}`] };
  }
  const result = ManifestSchema.safeParse(json);
  if (!result.success) return { errors: describeIssues(result.error.issues, json, lang) };
  const names = new Set<string>();
  for (const f of result.data.files) {
    if (names.has(f.file)) return { errors: [`files: ${f.file} ${{ fi: 'on luettelossa kahdesti', sv: 'finns två gånger i listan', en: 'is listed twice' }[lang]}`] };
    names.add(f.file);
  }
  return { manifest: result.data };
}

/** The manifest's text: entries in file-name order, two-space JSON, a final newline. */
export function serializeManifest(m: Manifest): string {
  const files = [...m.files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return `${JSON.stringify({ format: m.format, month: m.month, files }, null, 2)}\n`;
}
