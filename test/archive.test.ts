// `archive run` and `archive verify` in this process (jobs rendered in this thread): what is
// written, what a rerun and a changed source do, failures that stay with their job, names that
// cannot leave the root, and the archived PDFs read back with poppler and the PDF/UA checker.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runArchiveCommand } from '../src/cli/archive.js';
import { ReportInputError, ReportUsageError } from '../src/cli/report-options.js';
import { parseManifest, type Manifest } from '../src/archive/manifest.js';
import { ROOT, SAMPLE, cli, tempDir } from './helpers/e2e.js';
import { loadTemplate } from '../src/node/templates.js';
import { defaultPdfA } from '../src/report/index.js';

const CHECKER = resolve(ROOT, '..', 'shared', 'tools', 'check_pdfua.py');
const SETTINGS = join(ROOT, 'samples/tuusula-strategia-seuranta-2023.kuntaraportti.json');

interface Run {
  code: number;
  stdout: string[];
  stderr: string[];
}

/** `archive ARGV` with the clock reading `now`, as the CLI would run it. */
async function archive(argv: string[], now = new Date('2026-03-15T10:00:00')): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') values['dry-run'] = true;
    else if (a.startsWith('--')) values[a.slice(2)] = argv[++i];
    else positionals.push(a);
  }
  const lang = (values.lang as 'fi' | 'en' | undefined) ?? 'en';
  try {
    const code = await runArchiveCommand({ positionals, values: { jobs: '2', ...values }, lang, limits: {}, out: { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) }, now });
    return { code, stdout, stderr };
  } catch (error) {
    if (error instanceof ReportInputError) return { code: 1, stdout, stderr: [...stderr, ...error.message.split('\n')] };
    if (error instanceof ReportUsageError) return { code: 2, stdout, stderr: [...stderr, error.message] };
    throw error;
  }
}

/** Every file and folder below `dir` with its inode, size, mtime and ctime (ns): any write shows. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    const st = statSync(d, { bigint: true });
    out[d] = `${st.ino} ${st.mtimeNs} ${st.ctimeNs}`;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p, { bigint: true });
      if (s.isDirectory()) walk(p);
      else out[p] = `${s.ino} ${s.size} ${s.mtimeNs} ${s.ctimeNs} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

function manifestOf(root: string, month = '2026/03'): Manifest {
  const parsed = parseManifest(readFileSync(join(root, month, 'manifest.json'), 'utf8'));
  if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
  return parsed.manifest;
}

/** A work folder with the sample, a broken table and a config naming them. */
function setup(jobs: unknown[], extra: (dir: string) => void = () => undefined): { dir: string; config: string; root: string } {
  const dir = tempDir('archive');
  mkdirSync(join(dir, 'exports'));
  copyFileSync(SAMPLE, join(dir, 'exports', 'tuusula.tsv'));
  copyFileSync(SETTINGS, join(dir, 'settings.json'));
  writeFileSync(join(dir, 'exports', 'broken.tsv'), 'not\ta tracking table\n1\t2\n');
  extra(dir);
  const config = join(dir, 'archive.json');
  writeFileSync(config, JSON.stringify({ root: 'root', jobs }, null, 2));
  return { dir, config, root: join(dir, 'root') };
}

describe('archive run: a first run, a rerun, a changed source', () => {
  let env: ReturnType<typeof setup>;
  let first: Run;
  beforeAll(async () => {
    env = setup([
      { name: 'tuusula', input: 'exports/tuusula.tsv', settings: 'settings.json' },
      { name: 'kaksi-b', input: 'exports/tuusula.tsv', pdfa: '2b', settings: { organisation: { name: 'Tuusulan kunta' } } },
    ]);
    first = await archive(['run', '--config', env.config]);
  });

  it('writes ROOT/YYYY/MM/<name>-YYYY-MM.pdf for each job, lists each in the manifest, and says so', async () => {
    expect(first.code, first.stderr.join('\n')).toBe(0);
    expect(readdirSync(join(env.root, '2026', '03')).sort()).toEqual(['kaksi-b-2026-03.pdf', 'manifest.json', 'tuusula-2026-03.pdf']);
    const m = manifestOf(env.root);
    expect(m.month).toBe('2026-03');
    const t = m.files.find((f) => f.job === 'tuusula')!;
    const pdf = readFileSync(join(env.root, '2026/03/tuusula-2026-03.pdf'));
    expect(t.size).toBe(pdf.length);
    expect(t.sha256).toBe(execFileSync('sha256sum', [join(env.root, '2026/03/tuusula-2026-03.pdf')], { encoding: 'utf8' }).split(' ')[0]);
    expect(t.source).toEqual({ name: 'tuusula.tsv', sha256: execFileSync('sha256sum', [SAMPLE], { encoding: 'utf8' }).split(' ')[0], size: statSync(SAMPLE).size });
    // The archive template’s own level (3a on main now), with the source embedded.
    expect(t).toMatchObject({ template: 'arkisto', pdfa: defaultPdfA(await loadTemplate('arkisto')), settingsFile: 'settings.json', reportDate: '2023-09-30', reportDateFrom: 'settings', version: 1 });
    expect(t.toolVersion).toMatch(/^kuntaraportti \d+\.\d+\.\d+/);
    // The run's one clock reading.
    expect(t.archivedAt).toBe(new Date('2026-03-15T10:00:00').toISOString());
    // No reportDate in its settings: the run's date, and the PDF says it.
    const k = m.files.find((f) => f.job === 'kaksi-b')!;
    expect(k).toMatchObject({ reportDate: '2026-03-15', reportDateFrom: 'run', pdfa: '2b' });
    expect(execFileSync('pdftotext', ['-l', '1', join(env.root, '2026/03/kaksi-b-2026-03.pdf'), '-'], { encoding: 'utf8' })).toContain('15.3.2026');
    expect(first.stdout.join('\n')).toMatch(/written: tuusula\s+2026\/03\/tuusula-2026-03\.pdf\s+\(input: .*exports\/tuusula\.tsv\)/);
    expect(first.stdout.at(-1)).toBe('total: 2 written, 0 new version, 0 unchanged, 0 failed');
  });

  it('the report is in the language of its settings whatever --lang says (messages are English here)', () => {
    const text = execFileSync('pdftotext', [join(env.root, '2026/03/tuusula-2026-03.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('tyhjiä rivejä ohitettiin');
    expect(text).not.toContain('blank lines were skipped');
  });

  it('the archive template’s default level (PDF/A-3) carries the source: pdfdetach lists it and saves the very bytes; the 2b file carries none', () => {
    const file = join(env.root, '2026/03/tuusula-2026-03.pdf');
    expect(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })).toMatch(/1 embedded files\n1: tuusula\.tsv/);
    const out = join(tempDir('detach'), 'saved.tsv');
    execFileSync('pdfdetach', ['-save', '1', '-o', out, file]);
    expect(readFileSync(out).equals(readFileSync(SAMPLE))).toBe(true);
    expect(execFileSync('pdfdetach', ['-list', join(env.root, '2026/03/kaksi-b-2026-03.pdf')], { encoding: 'utf8' })).toMatch(/^0 embedded files/);
  });

  it('every archived file passes the PDF/UA and PDF/A checker (--require-ua: main claims PDF/UA-1)', () => {
    for (const name of ['tuusula-2026-03.pdf', 'kaksi-b-2026-03.pdf']) {
      const r = spawnSync('python3', [CHECKER, '--require-ua', join(env.root, '2026/03', name)], { encoding: 'utf8' });
      expect(r.status, `${name}\n${r.stdout}`).toBe(0);
      expect(r.stdout).toMatch(/pdfua: \d+ checks, 0 failed/);
    }
  });

  it('a rerun on another day writes nothing: same bytes, inodes, mtimes and ctimes everywhere', async () => {
    const before = snapshot(env.dir);
    const again = await archive(['run', '--config', env.config, '--month', '2026-03'], new Date('2026-04-02T03:00:00'));
    expect(again.code, again.stderr.join('\n')).toBe(0);
    expect(again.stdout.at(-1)).toBe('total: 0 written, 0 new version, 2 unchanged, 0 failed');
    expect(snapshot(env.dir)).toEqual(before);
  });

  it('verify accepts the root', async () => {
    const r = await archive(['verify', env.root]);
    expect(r.code, r.stdout.join('\n')).toBe(0);
    expect(r.stdout.at(-1)).toBe('1 manifests, 2 files checked: all in order');
  });

  it('a changed source gives -v2 beside v1, which stays as it was; the manifest lists both', async () => {
    const v1 = join(env.root, '2026/03/tuusula-2026-03.pdf');
    const before = snapshot(env.root)[v1];
    const text = readFileSync(SAMPLE, 'utf8');
    writeFileSync(join(env.dir, 'exports', 'tuusula.tsv'), text.replace('3 Toteutus on aloitettu, ei vielä valmis', '4 Toteutusvaiheessa lähellä valmistumista, ei vielä viimeistelty/käyttöön otettu'));
    const r = await archive(['run', '--config', env.config]);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(r.stdout.join('\n')).toMatch(/new version: tuusula\s+2026\/03\/tuusula-2026-03-v2\.pdf/);
    expect(snapshot(env.root)[v1]).toBe(before);
    const m = manifestOf(env.root);
    const mine = m.files.filter((f) => f.job === 'tuusula').map((f) => [f.file, f.version]);
    expect(mine).toEqual([
      ['tuusula-2026-03-v2.pdf', 2],
      ['tuusula-2026-03.pdf', 1],
    ]);
    expect(readFileSync(join(env.root, '2026/03/tuusula-2026-03-v2.pdf')).equals(readFileSync(v1))).toBe(false);
    // Changing it back is the first version again: already archived, nothing written.
    copyFileSync(SAMPLE, join(env.dir, 'exports', 'tuusula.tsv'));
    const snap = snapshot(env.root);
    const back = await archive(['run', '--config', env.config]);
    expect(back.stdout.at(-1)).toBe('total: 0 written, 0 new version, 2 unchanged, 0 failed');
    expect(snapshot(env.root)).toEqual(snap);
    expect((await archive(['verify', env.root])).code).toBe(0);
  });

  // kaksi-b has its v2 from the changed source above: the settings change makes v3.
  it('changed settings are a new version too', async () => {
    const config = JSON.parse(readFileSync(env.config, 'utf8')) as { jobs: { settings: unknown }[] };
    config.jobs[1]!.settings = { organisation: { name: 'Tuusulan kunta', unit: 'Arkisto' } };
    writeFileSync(env.config, JSON.stringify(config));
    const r = await archive(['run', '--config', env.config]);
    expect(r.stdout.join('\n')).toMatch(/new version: kaksi-b\s+2026\/03\/kaksi-b-2026-03-v3\.pdf/);
    expect(r.stdout.at(-1)).toBe('total: 0 written, 1 new version, 1 unchanged, 0 failed');
  });
});

describe('archive run: failures stay with their job', () => {
  it('a broken input, a missing one and a glob without a match fail alone; the others are archived; exit 1', async () => {
    const env = setup([
      { name: 'rikki', input: 'exports/broken.tsv' },
      { name: 'puuttuu', input: 'exports/ei-ole.tsv' },
      { name: 'tyhja-haku', input: { folder: 'exports', glob: '*.xlsx' } },
      { name: 'hyva', input: 'exports/tuusula.tsv', settings: 'settings.json' },
    ]);
    const r = await archive(['run', '--config', env.config]);
    expect(r.code).toBe(1);
    const out = r.stdout.join('\n');
    expect(out).toMatch(/failed: rikki .*reason: broken\.tsv:1:0: error: required column/);
    expect(out).toMatch(/failed: puuttuu .*reason: .*ei-ole\.tsv: cannot be read \(ENOENT\)/);
    expect(out).toMatch(/failed: tyhja-haku .*reason: no file in .*exports matches \*\.xlsx/);
    expect(out).toMatch(/written: hyva/);
    expect(r.stdout.at(-1)).toBe('total: 1 written, 0 new version, 0 unchanged, 3 failed');
    expect(readdirSync(join(env.root, '2026/03')).sort()).toEqual(['hyva-2026-03.pdf', 'manifest.json']);
    expect(manifestOf(env.root).files.map((f) => f.job)).toEqual(['hyva']);
  });

  it('an input over --max-file-size fails its job before it is read', async () => {
    const env = setup([{ name: 'iso', input: 'exports/tuusula.tsv', settings: 'settings.json' }]);
    const r = await cli('archive', 'run', '--config', env.config, '--max-file-size', '1000', '--lang', 'en', '--month', '2026-03');
    expect(r.code).toBe(1);
    expect(r.stdout.join('\n')).toMatch(/failed: iso .*tuusula\.tsv: the file is too large \(26907 bytes, limit 1000\)/);
    expect(existsSync(join(env.root, '2026/03/iso-2026-03.pdf'))).toBe(false);
  });

  it('a folder and a glob take the newest match and name it in the summary', async () => {
    const env = setup([{ name: 'uusin', input: 'exports/vienti-*.tsv', settings: 'settings.json' }], (dir) => {
      copyFileSync(SAMPLE, join(dir, 'exports', 'vienti-2026-02.tsv'));
      writeFileSync(join(dir, 'exports', 'vienti-2026-01.tsv'), 'broken\n');
      utimesSync(join(dir, 'exports', 'vienti-2026-01.tsv'), new Date('2026-01-31'), new Date('2026-01-31'));
      utimesSync(join(dir, 'exports', 'vienti-2026-02.tsv'), new Date('2026-02-28'), new Date('2026-02-28'));
    });
    const r = await archive(['run', '--config', env.config]);
    expect(r.code, r.stdout.join('\n')).toBe(0);
    expect(r.stdout.join('\n')).toMatch(/written: uusin .*\(input: .*exports\/vienti-2026-02\.tsv\)/);
    expect(manifestOf(env.root).files[0]!.source.name).toBe('vienti-2026-02.tsv');
  });
});

describe('archive run: names and paths cannot leave the root', () => {
  it('refuses "../" in a job name before anything runs, naming the field and the file', async () => {
    const env = setup([
      { name: 'hyva', input: 'exports/tuusula.tsv' },
      { name: '../ulos', input: 'exports/tuusula.tsv' },
    ]);
    const r = await archive(['run', '--config', env.config]);
    expect(r.code).toBe(1);
    expect(r.stderr.join('\n')).toMatch(/archive\.json: jobs\[1\]\.name: a job name may contain only .*\(given: "\.\.\/ulos"\)/);
    expect(existsSync(env.root)).toBe(false);
    expect(existsSync(join(env.dir, 'ulos-2026-03.pdf'))).toBe(false);
  });

  it('refuses other bad names and config errors, each with its field, in Finnish by default', async () => {
    const env = setup([
      { name: '/etc/x', input: 'exports/tuusula.tsv' },
      { name: 'a/b', input: 'exports/tuusula.tsv' },
      { name: '..', input: 'exports/tuusula.tsv' },
      { name: 'ok', input: 'exports/tuusula.tsv', pdfa: '4x', extra: 1 },
      { name: 'glob', input: { folder: 'exports', glob: '../*.tsv' } },
    ]);
    const r = await archive(['run', '--config', env.config, '--lang', 'fi']);
    expect(r.code).toBe(1);
    const err = r.stderr.join('\n');
    for (const field of ['jobs[0].name', 'jobs[1].name', 'jobs[2].name', 'jobs[3].pdfa', 'jobs[3].extra', 'jobs[4].input.glob']) expect(err).toContain(`archive.json: ${field}:`);
    expect(err).toContain('työn nimessä saa olla vain');
    expect(existsSync(env.root)).toBe(false);
  });

  it('a settings file with a bad field is named with the field, before anything runs', async () => {
    const env = setup([{ name: 'a', input: 'exports/tuusula.tsv', settings: 'bad-settings.json' }], (dir) => writeFileSync(join(dir, 'bad-settings.json'), '{"reportDate": "2026-02-30"}'));
    const r = await archive(['run', '--config', env.config]);
    expect(r.code).toBe(1);
    expect(r.stderr.join('\n')).toMatch(/bad-settings\.json: reportDate: the date must be of the form D\.M\.YYYY or YYYY-MM-DD and exist \(given: "2026-02-30"\)/);
    expect(existsSync(env.root)).toBe(false);
  });

  it('refuses a month folder that is a symbolic link out of the root; nothing is written there', async () => {
    const outside = tempDir('outside');
    const env = setup([{ name: 'a', input: 'exports/tuusula.tsv', settings: 'settings.json' }], (dir) => {
      mkdirSync(join(dir, 'root'));
      symlinkSync(outside, join(dir, 'root', '2026'));
    });
    const r = await archive(['run', '--config', env.config]);
    expect(r.code).toBe(1);
    expect(r.stderr.join('\n')).toMatch(/root\/2026 is a symbolic link out of the archive; nothing was written/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a manifest that is a symbolic link is not followed', async () => {
    const outside = join(tempDir('outside'), 'manifest.json');
    writeFileSync(outside, '{}');
    const env = setup([{ name: 'a', input: 'exports/tuusula.tsv', settings: 'settings.json' }], (dir) => {
      mkdirSync(join(dir, 'root/2026/03'), { recursive: true });
      symlinkSync(outside, join(dir, 'root/2026/03/manifest.json'));
    });
    const r = await archive(['run', '--config', env.config]);
    expect(r.code).toBe(1);
    expect(r.stderr.join('\n')).toMatch(/manifest\.json is a symbolic link/);
    expect(readFileSync(outside, 'utf8')).toBe('{}');
  });

  it('does not replace a file that is there but not in the manifest', async () => {
    const env = setup([{ name: 'a', input: 'exports/tuusula.tsv', settings: 'settings.json' }], (dir) => {
      mkdirSync(join(dir, 'root/2026/03'), { recursive: true });
      writeFileSync(join(dir, 'root/2026/03/a-2026-03.pdf'), 'someone else’s');
    });
    const r = await archive(['run', '--config', env.config]);
    expect(r.code).toBe(1);
    expect(r.stdout.join('\n')).toMatch(/failed: a .*2026\/03\/a-2026-03\.pdf exists but is not listed in manifest\.json; it was not replaced/);
    expect(readFileSync(join(env.root, '2026/03/a-2026-03.pdf'), 'utf8')).toBe('someone else’s');
    expect(readdirSync(join(env.root, '2026/03'))).toEqual(['a-2026-03.pdf']);
  });
});

describe('archive run --dry-run and usage', () => {
  it('--dry-run says what would be written and writes nothing, not even the root', async () => {
    const env = setup([
      { name: 'a', input: 'exports/tuusula.tsv', settings: 'settings.json' },
      { name: 'rikki', input: 'exports/broken.tsv' },
    ]);
    const before = snapshot(env.dir);
    const r = await archive(['run', '--config', env.config, '--dry-run', '--month', '2025-12']);
    expect(r.stdout[0]).toMatch(/month 2025-12 \(dry run: nothing was written\)/);
    expect(r.stdout.join('\n')).toMatch(/would write: a\s+2025\/12\/a-2025-12\.pdf/);
    expect(r.stdout.join('\n')).toMatch(/would fail: rikki .*required column/);
    expect(r.code).toBe(1);
    expect(snapshot(env.dir)).toEqual(before);
  });

  it('--month backfills an earlier month; a bad --month or --jobs is a usage error (exit 2)', async () => {
    const env = setup([{ name: 'a', input: 'exports/tuusula.tsv', settings: 'settings.json' }]);
    expect((await archive(['run', '--config', env.config, '--month', '2026-13'])).code).toBe(2);
    expect((await archive(['run', '--config', env.config, '--jobs', '0'])).code).toBe(2);
    expect((await archive(['run'])).code).toBe(2);
    expect((await archive(['nothing'])).code).toBe(2);
    const r = await archive(['run', '--config', env.config, '--month', '2025-01']);
    expect(r.code).toBe(0);
    expect(readdirSync(join(env.root, '2025/01')).sort()).toEqual(['a-2025-01.pdf', 'manifest.json']);
  });

  it('is wired into the command: help and an unknown subcommand', async () => {
    const help = await cli('archive', '--help', '--lang', 'en');
    expect(help.code).toBe(0);
    expect(help.stdout.join('\n')).toContain('kuntaraportti archive run --config ARCHIVE.json');
    const bad = await cli('archive', 'frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr.join('\n')).toContain('run tai verify');
  });
});

describe('archive verify', () => {
  let env: ReturnType<typeof setup>;
  beforeAll(async () => {
    env = setup([
      { name: 'a', input: 'exports/tuusula.tsv', settings: 'settings.json' },
      { name: 'b', input: 'exports/tuusula.tsv', pdfa: '2b', settings: 'settings.json' },
    ]);
    const r = await archive(['run', '--config', env.config]);
    expect(r.code).toBe(0);
  });

  it('reports a changed, a missing and an unlisted file (exit 1)', async () => {
    const a = join(env.root, '2026/03/a-2026-03.pdf');
    const b = join(env.root, '2026/03/b-2026-03.pdf');
    const keepA = readFileSync(a);
    const keepB = readFileSync(b);
    appendFileSync(a, ' ');
    unlinkSync(b);
    writeFileSync(join(env.root, '2026/03/extra.pdf'), 'x');
    const r = await archive(['verify', env.root]);
    expect(r.code).toBe(1);
    const out = r.stdout.join('\n');
    expect(out).toMatch(/^changed: 2026\/03\/a-2026-03\.pdf \(sha256 /m);
    expect(out).toMatch(/^missing: 2026\/03\/b-2026-03\.pdf$/m);
    expect(out).toMatch(/^unlisted: 2026\/03\/extra\.pdf$/m);
    // A run does not quietly make the missing file again: it says so, and exits 1.
    const run = await archive(['run', '--config', env.config]);
    expect(run.code).toBe(1);
    expect(run.stdout.join('\n')).toMatch(/failed: b .*2026\/03\/b-2026-03\.pdf is listed in the manifest but the file is missing/);
    expect(existsSync(b)).toBe(false);
    unlinkSync(join(env.root, '2026/03/extra.pdf'));
    writeFileSync(a, keepA);
    writeFileSync(b, keepB);
    expect((await archive(['verify', env.root])).code).toBe(0);
  });

  it('reports a manifest that does not parse (exit 1)', async () => {
    const path = join(env.root, '2026/03/manifest.json');
    const keep = readFileSync(path, 'utf8');
    writeFileSync(path, keep.slice(0, 100));
    const r = await archive(['verify', env.root]);
    expect(r.code).toBe(1);
    expect(r.stdout.join('\n')).toMatch(/^bad manifest: 2026\/03\/manifest\.json \(is not valid JSON/m);
    writeFileSync(path, keep.replace('"version": 1', '"version": "1"'));
    expect((await archive(['verify', env.root])).stdout.join('\n')).toMatch(/bad manifest: .*files\[0\]\.version/);
    // A run will not add to a manifest it cannot read.
    const run = await archive(['run', '--config', env.config]);
    expect(run.code).toBe(1);
    expect(run.stderr.join('\n')).toMatch(/the manifest cannot be read: .*nothing was written/);
    writeFileSync(path, keep);
  });

  it('what a killed run leaves is accepted, and the next run removes it and completes the job', async () => {
    const dir = join(env.root, '2026/03');
    // The moment after the PDF got its final name and before the manifest listed it: the file and
    // its temporary twin (one inode), plus a temporary file of a PDF not yet linked.
    writeFileSync(join(dir, '.c-2026-03.pdf.4242-0123456789ab.tmp'), 'whole, but never recorded');
    linkSync(join(dir, '.c-2026-03.pdf.4242-0123456789ab.tmp'), join(dir, 'c-2026-03.pdf'));
    writeFileSync(join(dir, '.d-2026-03.pdf.4242-ba9876543210.tmp'), 'half');
    writeFileSync(join(dir, '.manifest.json.4242-aaaaaaaaaaaa.tmp'), '{');
    // Beside the lock: a dead run's temporary and moved-aside locks, and a live (waiting) run's.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(env.root, `..kuntaraportti-archive.lock.${dead}-0123456789ab.tmp`), '{}');
    writeFileSync(join(env.root, `.kuntaraportti-archive.lock.stale-${dead}-abcd`), '{}');
    const live = join(env.root, `..kuntaraportti-archive.lock.${process.pid}-0123456789ab.tmp`);
    writeFileSync(live, '{}');
    const v = await archive(['verify', env.root]);
    expect(v.code, v.stdout.join('\n')).toBe(0);
    expect(v.stdout.join('\n')).toMatch(/unrecorded file of an interrupted run .*: 2026\/03\/c-2026-03\.pdf/);
    const config = JSON.parse(readFileSync(env.config, 'utf8')) as { jobs: unknown[] };
    config.jobs.push({ name: 'c', input: 'exports/tuusula.tsv', settings: 'settings.json' });
    writeFileSync(env.config, JSON.stringify(config));
    const r = await archive(['run', '--config', env.config]);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(r.stderr.filter((l) => l.includes('removed a leftover'))).toHaveLength(6);
    expect(existsSync(live)).toBe(true);
    unlinkSync(live);
    expect(r.stdout.join('\n')).toMatch(/written: c\s+2026\/03\/c-2026-03\.pdf/);
    expect(readdirSync(dir).sort()).toEqual(['a-2026-03.pdf', 'b-2026-03.pdf', 'c-2026-03.pdf', 'manifest.json']);
    expect(readFileSync(join(dir, 'c-2026-03.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const after = await archive(['verify', env.root]);
    expect(after.code).toBe(0);
    expect(after.stdout).toEqual(['1 manifests, 3 files checked: all in order']);
  });
});
