/**
 * Reads an archive config file and everything it names that must be right before any job runs:
 * the settings files, logos and templates. Every problem is one line naming the file and field;
 * inputs are looked up later, per job, so a missing export fails its job alone.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Lang } from '../../diagnostics.js';
import { parseSettings, type ResolvedSettings } from '../../document/settings.js';
import { TemplateError, type TemplateBundle } from '../../document/template.js';
import type { Logo } from '../../document/types.js';
import { parseArchiveConfig, type ArchivePdfA } from '../../archive/config.js';
import { listTemplates, loadTemplate } from '../templates.js';
import { defaultPdfA } from './render-job.js';

export type JobInput = { kind: 'file'; path: string } | { kind: 'glob'; folder: string; glob: string };

export interface LoadedJob {
  name: string;
  input: JobInput;
  templateName: string;
  pdfa: ArchivePdfA;
  /** The settings as the config gives them: inline, or the parsed file. */
  settingsJson: Record<string, unknown>;
  /** The settings file's path as written in the config, when one is named. */
  settingsFile?: string;
  settings: ResolvedSettings;
  /** SHA-256 of the logo file: a new logo is a change of settings. */
  logoSha256?: string;
}

export interface LoadedConfig {
  path: string;
  root: string;
  jobs: LoadedJob[];
}

export class ArchiveConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

const W = {
  fi: { json: 'ei ole kelvollista JSONia', read: 'ei voi lukea', templates: 'pohjat', unknownTemplate: 'tuntematon pohja', logo: 'logon pitää olla SVG- tai PNG-tiedosto' },
  sv: { json: 'är inte giltig JSON', read: 'kan inte läsas', templates: 'mallar', unknownTemplate: 'okänd mall', logo: 'logotypen ska vara en SVG- eller PNG-fil' },
  en: { json: 'is not valid JSON', read: 'cannot be read', templates: 'templates', unknownTemplate: 'unknown template', logo: 'the logo must be an SVG or PNG file' },
} as const;

function firstLine(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}` : String(e.message ?? error).split('\n')[0]!;
}

async function readJson(path: string, lang: Lang): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ArchiveConfigError([`${path}: ${W[lang].read} (${firstLine(error)})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ArchiveConfigError([`${path}: ${W[lang].json}: ${(error as Error).message}`]);
  }
}

/** A string input whose last part has glob characters is a folder and a pattern. */
function inputOf(input: string | { folder: string; glob: string }, base: string): JobInput {
  if (typeof input !== 'string') return { kind: 'glob', folder: resolve(base, input.folder), glob: input.glob };
  const slash = Math.max(input.lastIndexOf('/'), input.lastIndexOf('\\'));
  const last = input.slice(slash + 1);
  if (/[*?[{]/.test(last)) return { kind: 'glob', folder: resolve(base, slash < 0 ? '.' : input.slice(0, slash) || '/'), glob: last };
  return { kind: 'file', path: resolve(base, input) };
}

async function readLogo(path: string, lang: Lang): Promise<{ logo: Logo; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ArchiveConfigError([`${path}: ${W[lang].read} (${firstLine(error)})`]);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { logo: { format: 'png', data: bytes.toString('base64') }, sha256 };
  const text = bytes.toString('utf8');
  if (/<svg[\s>]/.test(text.slice(0, 4096))) return { logo: { format: 'svg', data: text }, sha256 };
  throw new ArchiveConfigError([`${path}: ${W[lang].logo}`]);
}

export async function loadArchiveConfig(configPath: string, lang: Lang): Promise<LoadedConfig> {
  const path = resolve(configPath);
  const base = dirname(path);
  const parsed = parseArchiveConfig(await readJson(path, lang), lang);
  if ('errors' in parsed) throw new ArchiveConfigError(parsed.errors.map((e) => `${configPath}: ${e}`));
  const { config } = parsed;
  const errors: string[] = [];
  const known = await listTemplates();
  const jobs: LoadedJob[] = [];
  for (const [i, job] of config.jobs.entries()) {
    const templateName = job.template ?? 'arkisto';
    if (!known.includes(templateName)) {
      errors.push(`${configPath}: jobs[${i}].template: ${W[lang].unknownTemplate} "${templateName}"; ${W[lang].templates}: ${known.join(', ')}`);
      continue;
    }
    let settingsJson: Record<string, unknown> = {};
    let settingsBase = base;
    let settingsLabel = `${configPath}: jobs[${i}].settings`;
    if (typeof job.settings === 'string') {
      const file = resolve(base, job.settings);
      let json: unknown;
      try {
        json = await readJson(file, lang);
      } catch (error) {
        if (error instanceof ArchiveConfigError) {
          errors.push(...error.lines.map((l) => `${l} (${configPath}: jobs[${i}].settings)`));
          continue;
        }
        throw error;
      }
      settingsJson = (json ?? {}) as Record<string, unknown>;
      settingsBase = dirname(file);
      settingsLabel = file;
    } else if (job.settings) settingsJson = job.settings;
    const s = parseSettings(settingsJson, lang);
    if ('errors' in s) {
      errors.push(...s.errors.map((e) => `${settingsLabel}: ${e}`));
      continue;
    }
    const settings = s.settings;
    let logoSha256: string | undefined;
    if (settings.organisation.logoPath) {
      try {
        const logo = await readLogo(isAbsolute(settings.organisation.logoPath) ? settings.organisation.logoPath : resolve(settingsBase, settings.organisation.logoPath), lang);
        settings.organisation.logo = logo.logo;
        logoSha256 = logo.sha256;
      } catch (error) {
        if (!(error instanceof ArchiveConfigError)) throw error;
        errors.push(...error.lines.map((l) => `${l} (${settingsLabel}: organisation.logo)`));
        continue;
      }
    }
    let template: TemplateBundle;
    try {
      template = await loadTemplate(templateName, undefined, { only: settings.lang });
    } catch (error) {
      if (error instanceof TemplateError) {
        errors.push(`${configPath}: jobs[${i}].template: ${error.message.split('\n')[0]}`);
        continue;
      }
      throw error;
    }
    jobs.push({
      name: job.name,
      input: inputOf(job.input, base),
      templateName,
      pdfa: job.pdfa ?? defaultPdfA(template),
      settingsJson,
      ...(typeof job.settings === 'string' ? { settingsFile: job.settings } : {}),
      settings,
      ...(logoSha256 ? { logoSha256 } : {}),
    });
  }
  if (errors.length > 0) throw new ArchiveConfigError(errors);
  return { path, root: resolve(base, config.root), jobs };
}
