/**
 * `archive run`: every job of the config for one month, into ROOT/YYYY/MM/ beside its manifest.
 *
 * Order of events, which is what makes a killed run harmless:
 *   lock the root → clean the leftovers of earlier runs → plan each job from the manifest →
 *   render (worker threads) → per finished job: PDF written under a temporary name, fsync, linked
 *   to its final name (never over one), directory fsync → manifest replaced (temp, fsync, rename,
 *   directory fsync) → the PDF's temporary second name removed → unlock.
 * Until the manifest names a file, its temporary twin (same inode) remains; a final file with such
 * a twin is one no manifest ever recorded, which `verify` accepts and the next run removes and
 * makes again.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath, stat, unlink, mkdir } from 'node:fs/promises';
import { basename, join, relative, sep, isAbsolute } from 'node:path';
import type { Lang } from '../../diagnostics.js';
import { DEFAULT_LIMITS, type Limits } from '../../load/types.js';
import { canonicalJson, formatMonth, monthSegments, newestMatch, planJob, type Month, type Plan } from '../../archive/config.js';
import { emptyManifest, parseManifest, serializeManifest, type Manifest, type ManifestEntry } from '../../archive/manifest.js';
import { analyse } from '../../pipeline.js';
import { formatDiagnostic, formatMessage } from '../../diagnostics.js';
import { loadArchiveConfig, type LoadedJob } from './config.js';
import { dropTemp, ExistsError, fsyncDir, mkdirDurable, replaceFile, tempTarget, writeNew } from './durable.js';
import { acquireLock, LOCK_NAME, LockBusyError, type LockOwner } from './lock.js';
import { createPool } from './pool.js';
import { toolVersion } from './version.js';

export const MANIFEST = 'manifest.json';

export type JobStatus = 'written' | 'new-version' | 'unchanged' | 'failed';

export interface JobOutcome {
  name: string;
  status: JobStatus;
  /** Path of the archived file below the root (`2026/03/x-2026-03.pdf`). */
  file?: string;
  version?: number;
  /** The input file used (the newest match of a folder + glob), as the user may read it. */
  input?: string;
  reason?: string;
}

export interface ArchiveRunOptions {
  configPath: string;
  month?: Month;
  jobs?: number;
  dryRun?: boolean;
  lang: Lang;
  /** The run's clock reading (the CLI passes `new Date()`): default month, run date, archivedAt. */
  now: Date;
  /** How long to wait for another run holding the root (ms). */
  waitMs?: number;
  limits?: Partial<Limits>;
  /** Render in this thread even where the worker script exists (tests). */
  inThread?: boolean;
  log?: (line: string) => void;
  onProgress?: (p: { done: number; total: number; running: string[] }) => void;
}

export interface ArchiveRunResult {
  root: string;
  month: string;
  dryRun: boolean;
  outcomes: JobOutcome[];
  /** Leftovers of earlier runs removed before this one started. */
  cleaned: string[];
}

/** A problem that stops the run before any job (bad root, unreadable manifest, busy lock). */
export class ArchiveRunError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

const W = {
  fi: {
    noMatch: (folder: string, glob: string) => `kansiossa ${folder} ei ole yhtään tiedostoa, joka vastaa hakua ${glob}`,
    cannotRead: (path: string, why: string) => `${path}: ei voi lukea (${why})`,
    notFile: (path: string) => `${path}: ei ole tiedosto`,
    exists: (path: string) => `${path} on jo olemassa, mutta sitä ei ole luettelossa (manifest.json); sitä ei korvattu`,
    outside: (path: string) => `${path} on symbolinen linkki arkiston ulkopuolelle; mitään ei kirjoitettu`,
    notDir: (path: string) => `${path} ei ole hakemisto; mitään ei kirjoitettu`,
    manifestLink: (path: string) => `${path} on symbolinen linkki; luetteloa ei seurata linkin kautta; mitään ei kirjoitettu`,
    badManifest: (path: string, why: string) => `${path}: luetteloa ei voi lukea: ${why}; korjaa tai siirrä se; mitään ei kirjoitettu`,
    busy: (o: LockOwner, path: string) => `arkistoa käyttää toinen ajo (pid ${o.pid}, ${o.host}, alkoi ${o.startedAt}); lukko ${path}; tämä ajo lopetti odottamisen`,
    waiting: (o: LockOwner) => `odotetaan toisen ajon päättymistä (pid ${o.pid}, alkoi ${o.startedAt})…`,
    takeover: (o: LockOwner) => `edellisen ajon lukko (pid ${o.pid}) jäi, mutta ajoa ei enää ole; lukko otettiin`,
    cleaned: (path: string) => `poistettiin keskeytyneen ajon jäänne ${path}`,
    rendering: 'raportin tekeminen epäonnistui',
    vanished: (file: string) => `${file} on luettelossa, mutta tiedosto puuttuu; tarkista arkisto (archive verify)`,
  },
  sv: {
    noMatch: (folder: string, glob: string) => `mappen ${folder} har ingen fil som matchar ${glob}`,
    cannotRead: (path: string, why: string) => `${path}: kan inte läsas (${why})`,
    notFile: (path: string) => `${path}: är inte en fil`,
    exists: (path: string) => `${path} finns redan men saknas i förteckningen (manifest.json); den ersattes inte`,
    outside: (path: string) => `${path} är en symbolisk länk ut ur arkivet; inget skrevs`,
    notDir: (path: string) => `${path} är inte en katalog; inget skrevs`,
    manifestLink: (path: string) => `${path} är en symbolisk länk; förteckningen följs inte via en länk; inget skrevs`,
    badManifest: (path: string, why: string) => `${path}: förteckningen kan inte läsas: ${why}; rätta eller flytta den; inget skrevs`,
    busy: (o: LockOwner, path: string) => `arkivet används av en annan körning (pid ${o.pid}, ${o.host}, startade ${o.startedAt}); lås ${path}; den här körningen slutade vänta`,
    waiting: (o: LockOwner) => `väntar på att en annan körning ska bli klar (pid ${o.pid}, startade ${o.startedAt})…`,
    takeover: (o: LockOwner) => `låset från en tidigare körning (pid ${o.pid}) fanns kvar men körningen finns inte längre; låset togs över`,
    cleaned: (path: string) => `rester av en avbruten körning togs bort: ${path}`,
    rendering: 'rapporten kunde inte göras',
    vanished: (file: string) => `${file} finns i förteckningen men filen saknas; kontrollera arkivet (archive verify)`,
  },
  en: {
    noMatch: (folder: string, glob: string) => `no file in ${folder} matches ${glob}`,
    cannotRead: (path: string, why: string) => `${path}: cannot be read (${why})`,
    notFile: (path: string) => `${path}: is not a file`,
    exists: (path: string) => `${path} exists but is not listed in manifest.json; it was not replaced`,
    outside: (path: string) => `${path} is a symbolic link out of the archive; nothing was written`,
    notDir: (path: string) => `${path} is not a directory; nothing was written`,
    manifestLink: (path: string) => `${path} is a symbolic link; the manifest is not followed through links; nothing was written`,
    badManifest: (path: string, why: string) => `${path}: the manifest cannot be read: ${why}; fix or move it; nothing was written`,
    busy: (o: LockOwner, path: string) => `another run is using the archive (pid ${o.pid}, ${o.host}, started ${o.startedAt}); lock ${path}; this run stopped waiting`,
    waiting: (o: LockOwner) => `waiting for another run to finish (pid ${o.pid}, started ${o.startedAt})…`,
    takeover: (o: LockOwner) => `the lock of an earlier run (pid ${o.pid}) was left behind and that run is gone; the lock was taken over`,
    cleaned: (path: string) => `removed a leftover of an interrupted run: ${path}`,
    rendering: 'making the report failed',
    vanished: (file: string) => `${file} is listed in the manifest but the file is missing; check the archive (archive verify)`,
  },
} as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** The run's month and date in local time: a monthly job at 00:05 on the 1st archives that month. */
export function monthOf(now: Date): Month {
  return { year: now.getFullYear(), month: now.getMonth() + 1 };
}
export function dateOf(now: Date): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function why(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? String(e.message ?? error).split('\n')[0]!;
}

/** Path shown to the user: relative to the working directory when below it. */
function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

/**
 * The month's folder, checked component by component: an existing part must be a directory, and
 * a symbolic link must resolve inside the root.
 */
async function checkInside(realRoot: string, parts: string[], lang: Lang): Promise<void> {
  let path = realRoot;
  for (const part of parts) {
    path = join(path, part);
    let st;
    try {
      st = await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (st.isSymbolicLink()) {
      const target = await realpath(path).catch(() => '');
      if (target !== realRoot && !target.startsWith(realRoot + sep)) throw new ArchiveRunError([W[lang].outside(path)]);
      if (!(await stat(path)).isDirectory()) throw new ArchiveRunError([W[lang].notDir(path)]);
    } else if (!st.isDirectory()) throw new ArchiveRunError([W[lang].notDir(path)]);
  }
}

async function readManifest(dir: string, month: string, lang: Lang): Promise<Manifest> {
  const path = join(dir, MANIFEST);
  let st;
  try {
    st = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyManifest(month);
    throw error;
  }
  if (st.isSymbolicLink()) throw new ArchiveRunError([W[lang].manifestLink(path)]);
  const parsed = parseManifest(await readFile(path, 'utf8'), lang);
  if ('errors' in parsed) throw new ArchiveRunError([W[lang].badManifest(path, parsed.errors.join('; '))]);
  if (parsed.manifest.month !== month) throw new ArchiveRunError([W[lang].badManifest(path, `month ${parsed.manifest.month} ≠ ${month}`)]);
  return parsed.manifest;
}

/** The month folders below the root (YYYY/MM, real directories only). */
export async function monthDirs(root: string): Promise<{ dir: string; month: string }[]> {
  const out: { dir: string; month: string }[] = [];
  const years = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const y of years) {
    if (!y.isDirectory() || !/^\d{4}$/.test(y.name)) continue;
    const months = await readdir(join(root, y.name), { withFileTypes: true }).catch(() => []);
    for (const m of months) if (m.isDirectory() && /^\d{2}$/.test(m.name)) out.push({ dir: join(root, y.name, m.name), month: `${y.name}-${m.name}` });
  }
  return out.sort((a, b) => (a.month < b.month ? -1 : 1));
}

/**
 * Our temporary files in a month folder, each with what it tells: `orphan` when the final file it
 * was made for is that very file (same inode) and no manifest lists it.
 */
export async function leftovers(dir: string, listed: ReadonlySet<string> | null): Promise<{ temp: string; orphan?: string }[]> {
  const out: { temp: string; orphan?: string }[] = [];
  for (const name of await readdir(dir)) {
    const target = tempTarget(name);
    if (target === null) continue;
    const temp = join(dir, name);
    const final = join(dir, target);
    let orphan: string | undefined;
    if (listed && !listed.has(target) && target !== MANIFEST) {
      const [a, b] = await Promise.all([lstat(temp).catch(() => null), lstat(final).catch(() => null)]);
      if (a && b && a.ino === b.ino && a.dev === b.dev) orphan = final;
    }
    out.push({ temp, ...(orphan ? { orphan } : {}) });
  }
  return out;
}

/** The pid in a lock's temporary or moved-aside name, when its process is gone. */
function deadLockLeftover(name: string): boolean {
  const stale = `${LOCK_NAME}.stale-`;
  const m = tempTarget(name) === LOCK_NAME ? /\.(\d+)-[0-9a-f]{12}\.tmp$/.exec(name) : name.startsWith(stale) ? /^(\d+)-/.exec(name.slice(stale.length)) : null;
  if (!m) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Removes what interrupted runs left: temporary files, and final files no manifest recorded. */
async function cleanLeftovers(realRoot: string, lang: Lang): Promise<string[]> {
  const cleaned: string[] = [];
  // Beside the lock, only those of runs that are gone: a waiting run's are in use.
  for (const name of await readdir(realRoot)) {
    if (!deadLockLeftover(name)) continue;
    await unlink(join(realRoot, name)).catch(() => undefined);
    cleaned.push(join(realRoot, name));
  }
  for (const { dir, month } of await monthDirs(realRoot)) {
    let listed: Set<string> | null = null;
    try {
      listed = new Set((await readManifest(dir, month, lang)).files.map((f) => f.file));
    } catch {
      // An unreadable manifest: remove no final file on its account, temporary ones only.
    }
    const found = await leftovers(dir, listed);
    for (const l of found) {
      // The final name first: were the run killed here, the temporary one is still a plain leftover.
      if (l.orphan) {
        await unlink(l.orphan);
        cleaned.push(l.orphan);
      }
      await unlink(l.temp).catch(() => undefined);
      cleaned.push(l.temp);
    }
    if (found.length > 0) await fsyncDir(dir);
  }
  return cleaned;
}

async function resolveInput(job: LoadedJob, lang: Lang): Promise<{ path: string } | { error: string }> {
  if (job.input.kind === 'file') return { path: job.input.path };
  const { folder, glob } = job.input;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    return { error: W[lang].cannotRead(shown(folder), why(error)) };
  }
  const files: { name: string; mtimeMs: number }[] = [];
  for (const name of names) {
    const st = await stat(join(folder, name)).catch(() => null);
    if (st?.isFile()) files.push({ name, mtimeMs: st.mtimeMs });
  }
  const best = newestMatch(files, glob);
  return best ? { path: join(folder, best.name) } : { error: W[lang].noMatch(shown(folder), glob) };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What decides "already archived": the source, the template, the settings and the PDF/A level. */
export function jobHash(job: LoadedJob, sourceSha256: string): string {
  return sha256(new TextEncoder().encode(canonicalJson({ source: sourceSha256, template: job.templateName, pdfa: job.pdfa, settings: job.settingsJson, logo: job.logoSha256 ?? null })));
}

type SourceRead =
  | { outcome: JobOutcome }
  | { bytes: Uint8Array; sourceSha: string; hash: string; plan: Plan & { kind: 'write' }; input: string; path: string };

/** A job's input found, read and hashed, and what it means this month: done already, or to write. */
async function readSource(realRoot: string, job: LoadedJob, manifest: Manifest, month: Month, lang: Lang, limits?: Partial<Limits>): Promise<SourceRead> {
  const w = W[lang];
  const resolved = await resolveInput(job, lang);
  if ('error' in resolved) return { outcome: { name: job.name, status: 'failed', reason: resolved.error } };
  const input = shown(resolved.path);
  let bytes: Uint8Array;
  try {
    const st = await stat(resolved.path);
    if (!st.isFile()) return { outcome: { name: job.name, status: 'failed', input, reason: w.notFile(input) } };
    // Refused before it is read, as the other commands do: a wrong file must not fill the memory.
    const limit = limits?.maxFileSize ?? DEFAULT_LIMITS.maxFileSize;
    if (st.size > limit) return { outcome: { name: job.name, status: 'failed', input, reason: `${input}: ${formatMessage('FILE_TOO_LARGE', { size: st.size, limit }, lang)}` } };
    bytes = new Uint8Array(await readFile(resolved.path));
  } catch (error) {
    return { outcome: { name: job.name, status: 'failed', input, reason: w.cannotRead(input, why(error)) } };
  }
  const sourceSha = sha256(bytes);
  const hash = jobHash(job, sourceSha);
  const plan = planJob(manifest.files, job.name, hash, month);
  if (plan.kind === 'unchanged') {
    const file = [...monthSegments(month), plan.file].join('/');
    // Archived before, but gone since: said, not silently made again (verify tells the rest).
    if (!(await lstat(join(realRoot, file)).catch(() => null))) return { outcome: { name: job.name, status: 'failed', file, input, reason: w.vanished(file) } };
    return { outcome: { name: job.name, status: 'unchanged', file, version: plan.version, input } };
  }
  return { bytes, sourceSha, hash, plan: plan as Plan & { kind: 'write' }, input, path: resolved.path };
}

/**
 * Whether the run has nothing to write: every job already archived (or failing before it could
 * render), and nothing left over by an interrupted run. Then it needs no lock, and the root is not
 * touched at all, not even a folder's time. Read without the lock, which is safe: the manifest is
 * only ever replaced whole, and whatever it lists is in place.
 */
async function nothingToDo(realRoot: string, config: { jobs: LoadedJob[] }, month: Month, lang: Lang, limits?: Partial<Limits>): Promise<JobOutcome[] | null> {
  const dir = join(realRoot, ...monthSegments(month));
  if (!(await lstat(join(dir, MANIFEST)).catch(() => null))) return null;
  const manifest = await readManifest(dir, formatMonth(month), lang).catch(() => null);
  if (!manifest) return null;
  for (const { dir: d } of await monthDirs(realRoot)) if ((await leftovers(d, null)).length > 0) return null;
  const outcomes: JobOutcome[] = [];
  for (const job of config.jobs) {
    const read = await readSource(realRoot, job, manifest, month, lang, limits);
    if (!('outcome' in read)) return null;
    outcomes.push(read.outcome);
  }
  return outcomes;
}

export async function runArchive(options: ArchiveRunOptions): Promise<ArchiveRunResult> {
  const { lang, now } = options;
  const w = W[lang];
  const log = options.log ?? (() => undefined);
  const config = await loadArchiveConfig(options.configPath, lang);
  const month = options.month ?? monthOf(now);
  const monthText = formatMonth(month);
  const runDate = dateOf(now);
  const archivedAt = now.toISOString();
  const dryRun = options.dryRun === true;

  if (!dryRun) await mkdir(config.root, { recursive: true });
  const realRoot = await realpath(config.root).catch(() => config.root);
  const parts = monthSegments(month);
  await checkInside(realRoot, parts, lang);

  if (!dryRun) {
    const done = await nothingToDo(realRoot, config, month, lang, options.limits);
    if (done) return { root: realRoot, month: monthText, dryRun, outcomes: done, cleaned: [] };
  }
  const lock = dryRun
    ? null
    : await acquireLock(realRoot, {
        now,
        waitMs: options.waitMs ?? 15 * 60_000,
        onWait: (o) => log(w.waiting(o)),
        onTakeover: (o) => log(w.takeover(o)),
      }).catch((error: unknown) => {
        if (error instanceof LockBusyError) throw new ArchiveRunError([w.busy(error.owner, error.path)]);
        throw error;
      });
  const pool = dryRun ? null : createPool(Math.max(1, options.jobs ?? 1), { ...(options.inThread ? { inThread: true } : {}) });
  try {
    const cleaned = dryRun ? [] : await cleanLeftovers(realRoot, lang);
    for (const c of cleaned) log(w.cleaned(c));
    const monthDir = join(realRoot, ...parts);
    const manifest = await readManifest(monthDir, monthText, lang);
    if (!dryRun) {
      await mkdirDurable(realRoot, parts[0]);
      await mkdirDurable(join(realRoot, parts[0]), parts[1]);
    }

    // The manifest is rewritten after each file, one write at a time.
    let manifestWrites: Promise<void> = Promise.resolve();
    const record = (entry: ManifestEntry): Promise<void> => {
      const next = manifestWrites.then(async () => {
        manifest.files.push(entry);
        await replaceFile(monthDir, MANIFEST, serializeManifest(manifest));
      });
      manifestWrites = next.catch(() => undefined);
      return next;
    };

    const total = config.jobs.length;
    let done = 0;
    const running = new Set<string>();
    const progress = () => options.onProgress?.({ done, total, running: [...running] });

    const runJob = async (job: LoadedJob): Promise<JobOutcome> => {
      const read = await readSource(realRoot, job, manifest, month, lang, options.limits);
      if ('outcome' in read) return read.outcome;
      const { bytes, sourceSha, hash, plan, input, path } = read;
      const file = [...parts, plan.file].join('/');
      const status: JobStatus = plan.version > 1 ? 'new-version' : 'written';
      const reportDate = job.settings.reportDate ?? runDate;
      const settings = { ...job.settings, reportDate };
      const request = { name: job.name, source: { name: basename(path), bytes }, templateName: job.templateName, settings, pdfa: job.pdfa, lang, ...(options.limits ? { limits: options.limits } : {}) };
      if (dryRun) {
        // Says whether the input would make a report, without making it.
        const analysis = await analyse(bytes, { file: request.source.name, lang, ...(options.limits ? { limits: options.limits } : {}) });
        const error = analysis.diagnostics.find((d) => d.severity === 'error');
        if (!analysis.ok) return { name: job.name, status: 'failed', input, reason: error ? formatDiagnostic(error, lang) : w.rendering };
        return { name: job.name, status, file, version: plan.version, input };
      }
      running.add(job.name);
      progress();
      const result = await pool!.run(request);
      if (!result.ok) return { name: job.name, status: 'failed', input, reason: result.reason };
      let temp: string;
      try {
        temp = await writeNew(monthDir, plan.file, result.bytes);
      } catch (error) {
        if (error instanceof ExistsError) return { name: job.name, status: 'failed', input, reason: w.exists(file) };
        return { name: job.name, status: 'failed', input, reason: `${file}: ${why(error)}` };
      }
      await record({
        file: plan.file,
        job: job.name,
        version: plan.version,
        sha256: sha256(result.bytes),
        size: result.bytes.byteLength,
        source: { name: request.source.name, sha256: sourceSha, size: bytes.byteLength },
        template: job.templateName,
        settings: job.settingsJson,
        ...(job.settingsFile !== undefined ? { settingsFile: job.settingsFile } : {}),
        pdfa: job.pdfa,
        reportDate,
        reportDateFrom: job.settings.reportDate ? 'settings' : 'run',
        toolVersion: toolVersion(),
        archivedAt,
        jobHash: hash,
      });
      await dropTemp(temp);
      return { name: job.name, status, file, version: plan.version, input };
    };

    progress();
    // As many jobs at a time as there are workers: each holds its source (and then its PDF) in
    // memory, so twelve large inputs are not all read at once.
    const slots = dryRun ? 1 : Math.max(1, options.jobs ?? 1);
    let free = slots;
    const waiting: (() => void)[] = [];
    const outcomes = await Promise.all(
      config.jobs.map(async (job) => {
        if (free === 0) await new Promise<void>((r) => waiting.push(r));
        else free--;
        let outcome: JobOutcome;
        try {
          outcome = await runJob(job);
        } catch (error) {
          outcome = { name: job.name, status: 'failed', reason: why(error) };
        }
        running.delete(job.name);
        done++;
        progress();
        const next = waiting.shift();
        if (next) next();
        else free++;
        return outcome;
      }),
    );
    await manifestWrites;
    return { root: realRoot, month: monthText, dryRun, outcomes, cleaned };
  } finally {
    await pool?.close();
    await lock?.release();
  }
}
