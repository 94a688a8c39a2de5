/**
 * `kuntaraportti archive run|verify`: arguments in, summary out, exit code. The work is in
 * src/node/archive/.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Lang } from '../diagnostics.js';
import type { Limits } from '../load/types.js';
import { parseMonth } from '../archive/config.js';
import { ArchiveConfigError } from '../node/archive/config.js';
import { ArchiveRunError, runArchive, type JobOutcome, type JobStatus } from '../node/archive/run.js';
import { verifyArchive } from '../node/archive/verify.js';
import { ReportInputError, ReportUsageError } from './report-options.js';

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };

const WORDS = {
  fi: {
    status: { written: 'kirjoitettu', 'new-version': 'uusi versio', unchanged: 'ennallaan', failed: 'epäonnistui' } as Record<JobStatus, string>,
    would: { written: 'kirjoitettaisiin', 'new-version': 'uusi versio kirjoitettaisiin', unchanged: 'ennallaan', failed: 'epäonnistuisi' } as Record<JobStatus, string>,
    input: 'lähde',
    reason: 'syy',
    header: (root: string, month: string, dry: boolean) => `arkisto ${root}, kuukausi ${month}${dry ? ' (kokeiluajo: mitään ei kirjoitettu)' : ''}`,
    total: 'yhteensä',
    missingSub: 'anna alikomento: run tai verify',
    missingConfig: 'anna --config ARKISTO.json',
    missingRoot: 'anna arkiston juurihakemisto',
    month: '--month: anna kuukausi muodossa VVVV-KK',
    jobs: '--jobs: anna positiivinen kokonaisluku',
    wait: '--wait: anna sekunnit (0 tai positiivinen kokonaisluku)',
    progress: (done: number, total: number, running: string[]) => `${done}/${total} valmiina${running.length ? `; tekeillä: ${running.join(', ')}` : ''}`,
    problem: { missing: 'puuttuu', changed: 'muuttunut', unlisted: 'luetteloimaton', manifest: 'luettelo viallinen' },
    note: { leftover: 'huomautus: keskeytyneen ajon jäänne (seuraava ajo poistaa)', unrecorded: 'huomautus: keskeytyneen ajon kirjaamaton tiedosto (seuraava ajo tekee uudelleen)', lock: 'huomautus: lukko' },
    verified: (m: number, f: number, p: number) => `${m} luetteloa, ${f} tiedostoa tarkistettu: ${p === 0 ? 'kaikki kunnossa' : `${p} ongelmaa`}`,
    cannotRead: 'ei voi lukea',
  },
  sv: {
    status: { written: 'skriven', 'new-version': 'ny version', unchanged: 'oförändrad', failed: 'misslyckades' } as Record<JobStatus, string>,
    would: { written: 'skulle skrivas', 'new-version': 'ny version skulle skrivas', unchanged: 'oförändrad', failed: 'skulle misslyckas' } as Record<JobStatus, string>,
    input: 'källa',
    reason: 'orsak',
    header: (root: string, month: string, dry: boolean) => `arkiv ${root}, månad ${month}${dry ? ' (provkörning: inget skrevs)' : ''}`,
    total: 'totalt',
    missingSub: 'ange ett underkommando: run eller verify',
    missingConfig: 'ange --config ARKIV.json',
    missingRoot: 'ange arkivets rotkatalog',
    month: '--month: ange månaden som ÅÅÅÅ-MM',
    jobs: '--jobs: ange ett positivt heltal',
    wait: '--wait: ange sekunder (0 eller ett positivt heltal)',
    progress: (done: number, total: number, running: string[]) => `${done}/${total} klara${running.length ? `; pågår: ${running.join(', ')}` : ''}`,
    problem: { missing: 'saknas', changed: 'ändrad', unlisted: 'inte förtecknad', manifest: 'felaktig förteckning' },
    note: { leftover: 'obs: rest av en avbruten körning (nästa körning tar bort den)', unrecorded: 'obs: ej registrerad fil från en avbruten körning (nästa körning gör om den)', lock: 'obs: lås' },
    verified: (m: number, f: number, p: number) => `${m} förteckningar, ${f} filer kontrollerade: ${p === 0 ? 'allt i ordning' : `${p} problem`}`,
    cannotRead: 'kan inte läsas',
  },
  en: {
    status: { written: 'written', 'new-version': 'new version', unchanged: 'unchanged', failed: 'failed' } as Record<JobStatus, string>,
    would: { written: 'would write', 'new-version': 'would write new version', unchanged: 'unchanged', failed: 'would fail' } as Record<JobStatus, string>,
    input: 'input',
    reason: 'reason',
    header: (root: string, month: string, dry: boolean) => `archive ${root}, month ${month}${dry ? ' (dry run: nothing was written)' : ''}`,
    total: 'total',
    missingSub: 'give a subcommand: run or verify',
    missingConfig: 'give --config ARCHIVE.json',
    missingRoot: 'give the archive root directory',
    month: '--month: give the month as YYYY-MM',
    jobs: '--jobs: give a positive whole number',
    wait: '--wait: give seconds (0 or a positive whole number)',
    progress: (done: number, total: number, running: string[]) => `${done}/${total} done${running.length ? `; running: ${running.join(', ')}` : ''}`,
    problem: { missing: 'missing', changed: 'changed', unlisted: 'unlisted', manifest: 'bad manifest' },
    note: { leftover: 'note: leftover of an interrupted run (the next run removes it)', unrecorded: 'note: unrecorded file of an interrupted run (the next run makes it again)', lock: 'note: lock' },
    verified: (m: number, f: number, p: number) => `${m} manifests, ${f} files checked: ${p === 0 ? 'all in order' : `${p} problems`}`,
    cannotRead: 'cannot be read',
  },
} as const;

export interface ArchiveCommand {
  positionals: string[];
  values: Record<string, unknown>;
  lang: Lang;
  limits: Partial<Limits>;
  out: Out;
  /** Where the progress line goes; the CLI passes stderr when it is a terminal. */
  progress?: (line: string) => void;
  /** The run's one clock reading; tests pass their own. */
  now?: Date;
}

export async function runArchiveCommand(cmd: ArchiveCommand): Promise<number> {
  const { positionals, values, lang, out } = cmd;
  const w = WORDS[lang];
  const [sub, ...rest] = positionals;
  if (sub === 'verify') {
    if (rest.length !== 1) throw new ReportUsageError(w.missingRoot);
    return verify(rest[0]!, lang, out);
  }
  if (sub !== 'run') throw new ReportUsageError(w.missingSub);
  if (rest.length > 0) throw new ReportUsageError(rest.join(' '));
  const configPath = values.config as string | undefined;
  if (configPath === undefined) throw new ReportUsageError(w.missingConfig);
  let month;
  if (values.month !== undefined) {
    month = parseMonth(String(values.month));
    if (!month) throw new ReportUsageError(`${w.month} ("${String(values.month)}")`);
  }
  const jobs = values.jobs === undefined ? availableParallelism() : wholeNumber(values.jobs, 1);
  if (jobs === null) throw new ReportUsageError(`${w.jobs} ("${String(values.jobs)}")`);
  const wait = values.wait === undefined ? 900 : wholeNumber(values.wait, 0);
  if (wait === null) throw new ReportUsageError(`${w.wait} ("${String(values.wait)}")`);

  // The tool's one clock reading: the default month, the run's date and the time archived.
  const now = cmd.now ?? new Date();
  let result;
  try {
    result = await runArchive({
      configPath,
      ...(month ? { month } : {}),
      jobs,
      dryRun: values['dry-run'] === true,
      lang,
      now,
      waitMs: wait * 1000,
      limits: cmd.limits,
      log: (line) => {
        // A message starts on a clean line, not after the progress text.
        cmd.progress?.('');
        out.stderr(`kuntaraportti: ${line}`);
      },
      ...(cmd.progress ? { onProgress: progressLine(cmd.progress, lang) } : {}),
    });
  } catch (error) {
    if (error instanceof ArchiveConfigError || error instanceof ArchiveRunError) throw new ReportInputError(error.lines.join('\n'));
    throw error;
  } finally {
    cmd.progress?.('');
  }
  out.stdout(w.header(result.root, result.month, result.dryRun));
  const words = result.dryRun ? w.would : w.status;
  const width = Math.max(...result.outcomes.map((o) => o.name.length));
  for (const o of result.outcomes) out.stdout(outcomeLine(o, words, width, lang));
  const count = (s: JobStatus) => result.outcomes.filter((o) => o.status === s).length;
  const order: JobStatus[] = ['written', 'new-version', 'unchanged', 'failed'];
  out.stdout(`${w.total}: ${order.map((s) => `${count(s)} ${words[s]}`).join(', ')}`);
  return count('failed') > 0 ? 1 : 0;
}

function outcomeLine(o: JobOutcome, words: Record<JobStatus, string>, width: number, lang: Lang): string {
  const w = WORDS[lang];
  const head = `${words[o.status]}: ${o.name.padEnd(width)}`;
  if (o.status === 'failed') return `${head}  ${o.input ? `(${w.input}: ${o.input}) ` : ''}${w.reason}: ${o.reason ?? '?'}`;
  return `${head}  ${o.file ?? ''}  (${w.input}: ${o.input ?? '?'})`;
}

function wholeNumber(raw: unknown, min: number): number | null {
  const text = String(raw).trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min ? n : null;
}

function progressLine(write: (line: string) => void, lang: Lang) {
  return (p: { done: number; total: number; running: string[] }) => write(WORDS[lang].progress(p.done, p.total, p.running));
}

async function verify(root: string, lang: Lang, out: Out): Promise<number> {
  const w = WORDS[lang];
  let result;
  try {
    result = await verifyArchive(resolve(root), lang);
  } catch (error) {
    throw new ReportInputError(`${root}: ${w.cannotRead} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  for (const p of result.problems) out.stdout(`${w.problem[p.kind]}: ${p.path}${p.detail ? ` (${p.detail})` : ''}`);
  for (const n of result.notes) out.stdout(`${w.note[n.kind]}: ${n.path}${n.detail ? ` ${n.detail}` : ''}`);
  out.stdout(w.verified(result.manifests, result.files, result.problems.length));
  return result.problems.length > 0 ? 1 : 0;
}
