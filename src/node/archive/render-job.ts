/**
 * One archive job's PDF: the table read and checked, the report made from its template. Runs in a
 * worker thread (worker.ts) or, where there is no built worker script, in the calling thread.
 */
import { createHash } from 'node:crypto';
import { formatDiagnostic, type Lang } from '../../diagnostics.js';
import { buildDocument } from '../../document/build.js';
import type { ResolvedSettings } from '../../document/settings.js';
import type { TemplateBundle } from '../../document/template.js';
import type { Limits } from '../../load/types.js';
import { analyse } from '../../pipeline.js';
import type { FontSet } from '../../render/fonts.js';
import type { ArchivePdfA } from '../../archive/config.js';
import { loadTemplate } from '../templates.js';

export interface JobRequest {
  name: string;
  source: { name: string; bytes: Uint8Array };
  templateName: string;
  /** Resolved, with the logo read and the report date filled in. */
  settings: ResolvedSettings;
  pdfa: ArchivePdfA;
  /** Language of the failure reason. */
  lang: Lang;
  limits?: Partial<Limits>;
}

export type JobResult = { ok: true; bytes: Uint8Array; warnings: number } | { ok: false; reason: string };

/** Levels that may carry the source table inside the file. */
export function embedsSource(pdfa: ArchivePdfA, template: TemplateBundle): boolean {
  return pdfa === '3b' || (pdfa === 'none' && template.structure.attachSource === true);
}

/** The template's default level: the archive copy carries its source, which PDF/A-3 allows. */
export function defaultPdfA(template: TemplateBundle): ArchivePdfA {
  return template.structure.attachSource ? '3b' : '2b';
}

const templates = new Map<string, Promise<TemplateBundle>>();

function templateFor(name: string, lang: Lang): Promise<TemplateBundle> {
  const key = `${name}\0${lang}`;
  let t = templates.get(key);
  if (!t) {
    t = loadTemplate(name, undefined, { only: lang });
    templates.set(key, t);
  }
  return t;
}

export interface RenderDeps {
  fonts: () => Promise<FontSet>;
}

export async function renderJob(job: JobRequest, deps: RenderDeps): Promise<JobResult> {
  const analysis = await analyse(job.source.bytes, { file: job.source.name, lang: job.lang, ...(job.limits ? { limits: job.limits } : {}) });
  if (!analysis.ok) {
    const first = analysis.diagnostics.find((d) => d.severity === 'error');
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
    const more = errors > 1 ? { fi: ` (ja ${errors - 1} muuta virhettä)`, sv: ` (och ${errors - 1} andra fel)`, en: ` (and ${errors - 1} more errors)` }[job.lang] : '';
    return { ok: false, reason: first ? `${formatDiagnostic(first, job.lang)}${more}` : `${job.source.name}: ?` };
  }
  const template = await templateFor(job.templateName, job.settings.lang);
  const source = { name: job.source.name, sha256: createHash('sha256').update(job.source.bytes).digest('hex'), rows: analysis.rows };
  const tree = buildDocument(
    { model: analysis.model, stats: analysis.stats, diagnostics: analysis.diagnostics, source: embedsSource(job.pdfa, template) ? { ...source, data: job.source.bytes } : source },
    template,
    job.settings,
  );
  const { renderPdf } = await import('../../render/pdf/index.js');
  const bytes = await renderPdf(tree, { fonts: await deps.fonts(), pdfa: job.pdfa });
  return { ok: true, bytes, warnings: analysis.diagnostics.length };
}
