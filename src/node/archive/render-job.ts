/**
 * One archive job's PDF: the table read and checked, the report made from its template. Runs in a
 * worker thread (worker.ts) or, where there is no built worker script, in the calling thread.
 */
import { formatDiagnostic, formatMessage, type Lang } from '../../diagnostics.js';
import type { ResolvedSettings } from '../../document/settings.js';
import type { TemplateBundle } from '../../document/template.js';
import type { Limits } from '../../load/types.js';
import { analyse } from '../../pipeline.js';
import type { FontSet } from '../../render/fonts.js';
import { createReport, formatReportError, ReportError } from '../../report/index.js';
import type { ArchivePdfA } from '../../archive/config.js';
import { loadTemplate } from '../templates.js';

export { defaultPdfA } from '../../report/index.js';

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
  // In the report's language: the archive copy lists these remarks in its appendix.
  const analysis = await analyse(job.source.bytes, { file: job.source.name, lang: job.settings.lang, ...(job.limits ? { limits: job.limits } : {}) });
  if (!analysis.ok) {
    // The reason, for the summary, in the language of the command's messages.
    const error = analysis.diagnostics.find((d) => d.severity === 'error');
    const first = error && error.params ? { ...error, message: formatMessage(error.code, error.params, job.lang) } : error;
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
    const more = errors > 1 ? { fi: ` (ja ${errors - 1} muuta virhettä)`, sv: ` (och ${errors - 1} andra fel)`, en: ` (and ${errors - 1} more errors)` }[job.lang] : '';
    return { ok: false, reason: first ? `${formatDiagnostic(first, job.lang)}${more}` : `${job.source.name}: ?` };
  }
  const template = await templateFor(job.templateName, job.settings.lang);
  try {
    // The report is the library's (createReport): the same rules as the report command, the
    // source embedded where the level allows it.
    const { files } = await createReport(
      { analysis, source: job.source },
      { template, templateName: job.templateName, settings: job.settings, outputs: [{ format: 'pdf', pdfa: job.pdfa }], fonts: await deps.fonts() },
    );
    return { ok: true, bytes: files[0]!.bytes, warnings: analysis.diagnostics.length };
  } catch (error) {
    if (error instanceof ReportError) return { ok: false, reason: formatReportError(error, job.lang) };
    throw error;
  }
}
