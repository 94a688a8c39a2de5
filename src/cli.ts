#!/usr/bin/env -S node --max-old-space-size=8192
// The heap limit: a 50,000-action report needs about 4 GB, just over Node's default here.
// A thin CLI over the library: parse arguments, read files, print, set the exit code.
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DiagnosticSink, formatDiagnostic, printable, type Lang } from './diagnostics.js';
import { DEFAULT_LIMITS, type Limits } from './load/types.js';
import { computeStats } from './stats/compute.js';
import { WriteError } from './node/write.js';
import { tuneJitForReport } from './node/jit.js';
import { analyse } from './pipeline.js';
import { HELP, messages } from './cli/messages.js';
import { describeError, readInput } from './cli/io.js';
import { statsJson, statsTable } from './cli/stats-format.js';
import { compareModels, comparisonJson } from './compare/index.js';
import { comparisonText } from './cli/compare-format.js';
import { REPORT_OPTIONS, ReportInputError, ReportUsageError } from './cli/report-options.js';
import { ARCHIVE_HELP, ARCHIVE_OPTIONS } from './cli/archive-help.js';

export const EXIT = { OK: 0, BAD_INPUT: 1, USAGE: 2 } as const;

class UsageError extends Error {}

const COMMON = {
  lang: { type: 'string' },
  sheet: { type: 'string' },
  // Input limits (src/load/types.ts DEFAULT_LIMITS); the diagnostics name these flags.
  'max-file-size': { type: 'string' },
  'max-cell': { type: 'string' },
  'max-rows': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const COMMANDS = {
  validate: { options: { ...COMMON }, run: runValidate },
  stats: { options: { ...COMMON, json: { type: 'boolean' } }, run: runStats },
  compare: { options: { ...COMMON, json: { type: 'boolean' } }, run: runCompare },
  report: { options: { ...COMMON, ...REPORT_OPTIONS }, run: runReportCommand },
  archive: { options: { ...COMMON, ...ARCHIVE_OPTIONS }, run: runArchive },
} as const;

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };

function pickLang(argv: string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return value === 'en' || value === 'sv' ? value : 'fi';
}

/** The package's version, from its package.json: above src/ and dist/, or dist/bundle/ (the bundled command). */
function version(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kuntaraportti' && pkg.version) return pkg.version;
    } catch {
      // not there: try the next
    }
  }
  return '?';
}

function help(name: string, lang: Lang): string {
  const h = name === 'archive' ? ARCHIVE_HELP : HELP[name]!;
  return h[lang];
}

export async function main(argv: string[], out: Out): Promise<number> {
  const lang = pickLang(argv);
  const m = messages(lang);
  const usage = (message: string) => {
    out.stderr(`kuntaraportti: ${m.usageError}: ${message} (${m.tryHelp})`);
    return EXIT.USAGE;
  };
  // Common flags may come before the command (`kuntaraportti --lang en report …`): they are moved
  // after it, so each command parses them as its own.
  const leading: string[] = [];
  let at = 0;
  while (at < argv.length && argv[at]!.startsWith('-') && !['--help', '-h', '--version', '-V'].includes(argv[at]!)) {
    const flag = argv[at]!;
    const name = flag.replace(/^--/, '').split('=')[0]!;
    const takesValue = !flag.includes('=') && (COMMON as Record<string, { type: string }>)[name]?.type === 'string';
    leading.push(...argv.slice(at, at + (takesValue ? 2 : 1)));
    at += takesValue ? 2 : 1;
  }
  const [command, ...tail] = argv.slice(at);
  const rest = [...tail, ...leading];
  try {
    if (command === '--version' || command === '-V') {
      out.stdout(`kuntaraportti ${version()}`);
      return EXIT.OK;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      out.stdout(help('main', lang));
      return EXIT.OK;
    }
    if (command === undefined) {
      out.stderr(help('main', lang));
      return EXIT.USAGE;
    }
    const spec = COMMANDS[command as keyof typeof COMMANDS];
    if (!spec) throw new UsageError(m.unknownCommand(command));
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: spec.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      out.stdout(help(command, lang));
      return EXIT.OK;
    }
    if (values.lang !== undefined && !['fi', 'sv', 'en'].includes(String(values.lang))) throw new UsageError(`--lang: fi, sv, en`);
    limitsOf(values, lang);
    return await spec.run(parsed.positionals, values, lang, out);
  } catch (error) {
    if (error instanceof ReportUsageError) return usage(error.message);
    if (error instanceof ReportInputError) {
      for (const line of error.message.split('\n')) out.stderr(`kuntaraportti: ${line}`);
      return EXIT.BAD_INPUT;
    }
    if (error instanceof UsageError) return usage(error.message);
    // The output directory is the user's environment: name it and what is wrong with it.
    if (error instanceof WriteError) {
      const w = error;
      out.stderr(`kuntaraportti: ${m.cannotWriteDir(printable(w.dir), describeError(w, lang))}`);
      return EXIT.BAD_INPUT;
    }
    // Never a stack trace: one line, and a hint that this is our bug, not the user's.
    out.stderr(`kuntaraportti: ${m.internal(describeError(error, lang))}`);
    return EXIT.BAD_INPUT;
  }
}

async function analyseFile(positionals: string[], values: Record<string, unknown>, lang: Lang, out: Out) {
  if (positionals.length !== 1) throw new UsageError(messages(lang).missingFile);
  return analysePath(positionals[0]!, values, lang, out);
}

async function analysePath(file: string, values: Record<string, unknown>, lang: Lang, out: Out) {
  const m = messages(lang);
  const limits = limitsOf(values, lang);
  let read;
  try {
    read = await readInput(file, limits.maxFileSize ?? DEFAULT_LIMITS.maxFileSize);
  } catch (error) {
    out.stderr(`kuntaraportti: ${m.cannotRead(printable(file), describeError(error, lang))}`);
    return null;
  }
  if ('tooLarge' in read) {
    // Refused before (a file) or while (a stream) reading: the same diagnostic shape as the loader's.
    const sink = new DiagnosticSink(file, lang);
    const { size, limit } = read.tooLarge;
    if (size === null) sink.add('FILE_TOO_LARGE_STREAM', 0, 0, { limit });
    else sink.add('FILE_TOO_LARGE', 0, 0, { size, limit });
    const model = { file, themes: [] };
    return { model, stats: computeStats(model), diagnostics: sink.items, rows: 0, ok: false, bytes: new Uint8Array(0) };
  }
  const bytes = read.bytes;
  // The bytes travel with the analysis: the report hashes and embeds what was read, once, which
  // also works for standard input.
  const analysis = await analyse(bytes, { file, lang, sheet: values.sheet as string | undefined, limits });
  return { ...analysis, bytes };
}

const LIMIT_FLAGS = { 'max-file-size': 'maxFileSize', 'max-cell': 'maxCellLength', 'max-rows': 'maxRows' } as const satisfies Record<string, keyof Limits>;

/** The limit flags given, as loader limits; a value that is not a positive whole number is a usage error. */
export function limitsOf(values: Record<string, unknown>, lang: Lang): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const [flag, key] of Object.entries(LIMIT_FLAGS)) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const text = String(raw).trim();
    const value = /^[1-9]\d*$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value)) throw new UsageError(`--${flag}: ${messages(lang).positiveInteger} ("${String(raw)}")`);
    limits[key] = value;
  }
  return limits;
}

function printDiagnostics(diagnostics: Parameters<typeof formatDiagnostic>[0][], lang: Lang, write: (s: string) => void): void {
  for (const d of diagnostics) write(formatDiagnostic(d, lang));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  write(messages(lang).summary(errors, diagnostics.length - errors));
}

async function runValidate(positionals: string[], values: Record<string, unknown>, lang: Lang, out: Out): Promise<number> {
  const analysis = await analyseFile(positionals, values, lang, out);
  if (!analysis) return EXIT.BAD_INPUT;
  printDiagnostics(analysis.diagnostics, lang, out.stdout);
  return analysis.ok ? EXIT.OK : EXIT.BAD_INPUT;
}

async function runStats(positionals: string[], values: Record<string, unknown>, lang: Lang, out: Out): Promise<number> {
  const analysis = await analyseFile(positionals, values, lang, out);
  if (!analysis) return EXIT.BAD_INPUT;
  if (values.json) {
    out.stdout(JSON.stringify(statsJson(analysis.stats, analysis.diagnostics), null, 2));
  } else {
    printDiagnostics(analysis.diagnostics, lang, out.stderr);
    if (analysis.model.themes.length > 0) out.stdout(statsTable(analysis.stats, messages(lang), lang === 'en' ? '.' : ','));
  }
  return analysis.ok ? EXIT.OK : EXIT.BAD_INPUT;
}

async function runCompare(positionals: string[], values: Record<string, unknown>, lang: Lang, out: Out): Promise<number> {
  if (positionals.length !== 2) throw new UsageError(messages(lang).missingTwoFiles);
  const previous = await analysePath(positionals[0]!, values, lang, out);
  const current = await analysePath(positionals[1]!, values, lang, out);
  if (!previous || !current) return EXIT.BAD_INPUT;
  const comparison = compareModels(previous.model, current.model, { lang });
  const diagnostics = [...previous.diagnostics, ...current.diagnostics, ...comparison.diagnostics];
  const ok = previous.ok && current.ok;
  if (values.json) {
    out.stdout(JSON.stringify(comparisonJson(comparison, diagnostics), null, 2));
  } else {
    printDiagnostics(diagnostics, lang, out.stderr);
    if (ok) out.stdout(comparisonText(comparison, printable(positionals[0]!), printable(positionals[1]!), messages(lang)));
  }
  return ok ? EXIT.OK : EXIT.BAD_INPUT;
}

async function runReportCommand(positionals: string[], values: Record<string, unknown>, lang: Lang, out: Out): Promise<number> {
  if (positionals.length !== 1) throw new UsageError(messages(lang).missingFile);
  const file = positionals[0]!;
  // Before any renderer code runs, in this thread or the worker: src/node/jit.ts.
  tuneJitForReport();
  // For a table of ordinary size, pdfmake and the fonts start loading in a worker now, while this
  // thread reads the table and builds the tree (src/node/pdf-in-worker.ts). A large table is
  // rendered in this thread: its tree is not copied, and rendering dwarfs loading anyway.
  const pdf = String(values.format ?? 'pdf')
    .split(',')
    .some((f) => f.trim().toLowerCase() === 'pdf');
  const pdfWorker = pdf && file !== '-' && (await sizeOf(file)) <= WORKER_MAX_INPUT ? (await import('./node/pdf-in-worker.js')).startPdfWorker() : undefined;
  try {
    // Loaded here, not at the top: templates, settings and the document builder (handlebars, zod)
    // are a fifth of a second that validate, stats and compare do not need.
    const { runReport, TemplateError } = await import('./cli/report.js');
    try {
      return await runReport({ file, values, lang, analyse: (path) => analysePath(path, values, lang, out), log: out.stderr, print: out.stdout, ...(pdfWorker ? { pdfWorker } : {}) });
    } catch (error) {
      // A broken template is the user's input: printed line by line like any other bad file.
      if (error instanceof TemplateError) throw new ReportInputError(error.message);
      throw error;
    }
  } finally {
    await pdfWorker?.close();
  }
}

async function runArchive(positionals: string[], values: Record<string, unknown>, lang: Lang, out: Out): Promise<number> {
  // Loaded only for this command: the archive's code, zod schemas and worker pool.
  const { runArchiveCommand } = await import('./cli/archive.js');
  // The progress line goes straight to the terminal, rewritten in place; never into a log file.
  const tty = process.stderr.isTTY === true;
  const progress = tty ? (line: string) => process.stderr.write(`\r\x1b[K${line}`) : undefined;
  return runArchiveCommand({ positionals, values, lang, limits: limitsOf(values, lang), out, ...(progress ? { progress } : {}) });
}

/** Tables up to this size have their PDF made in a worker that starts loading pdfmake at once. */
const WORKER_MAX_INPUT = 2 * 1024 * 1024;

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return Infinity;
  }
}

/**
 * Standard output for the program: a closed pipe (`| head -1`) ends the output quietly, and any
 * other fault (`> /dev/full`) is one line on stderr and exit 1; never a stack trace.
 */
function programOut(lang: Lang): Out & { failed: () => boolean } {
  let closed = false;
  let failed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (error.code === 'EPIPE') return;
    failed = true;
    process.stderr.write(`kuntaraportti: ${messages(lang).cannotWriteStdout(describeError(error, lang))}\n`);
  };
  process.stdout.on('error', onError);
  return {
    stdout: (s) => {
      if (closed) return;
      try {
        process.stdout.write(`${s}\n`);
      } catch (error) {
        onError(error as NodeJS.ErrnoException);
      }
    },
    stderr: (s) => process.stderr.write(`${s}\n`),
    failed: () => failed,
  };
}

// Run only as a program, not when imported by tests.
const invoked = process.argv[1] ?? '';
if (invoked.endsWith('cli.js') || invoked.endsWith('kuntaraportti')) {
  const args = process.argv.slice(2);
  const out = programOut(pickLang(args));
  // A closed stderr must not crash either; there is nowhere left to say anything.
  process.stderr.on('error', () => {});
  main(args, out).then(
    (code) => {
      process.exitCode = out.failed() ? EXIT.BAD_INPUT : code;
    },
    () => {
      process.exitCode = EXIT.BAD_INPUT;
    },
  );
  // An error after main returned (the last write to a full disk) still sets the code.
  process.on('beforeExit', () => {
    if (out.failed()) process.exitCode = EXIT.BAD_INPUT;
  });
}
