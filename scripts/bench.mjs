#!/usr/bin/env node
// `npm run bench`: wall time and peak memory of each step, each in a fresh process, for the sample
// and for generated tables of growing size, with plain pdfmake beside ours as a baseline.
//   npm run bench                 (all sizes: 100, 1 000, 10 000, 50 000)
//   npm run bench -- 100 1000     (chosen sizes)
//   npm run bench -- archive      (only `archive run`: 12 jobs of the sample, --jobs 1 and 2)
//   npm run bench -- xlsx-rows 1000000 4000000
//                                 (honest workbooks of N rows: refused by the row limit while the
//                                 sheet streams; time and peak memory of the refusal)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTable } from './generate-table.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

if (process.argv[2] === 'xlsx-rows') {
  await benchXlsxRows(process.argv.slice(3).map(Number).filter((n) => n > 0));
  process.exit(0);
}

/**
 * An honest workbook of N rows (scripts/generate-xlsx.mjs: shared strings, cell references, one
 * sheet), then two fresh processes: the command as a user runs it (`validate`, default limits:
 * which limit refuses it, wall time and peak RSS from /usr/bin/time), and the library with only
 * the row limit in force (file-size and unpacked-size limits raised), which has to stream the sheet to the
 * row that passes the limit.
 */
async function benchXlsxRows(counts) {
  const { generateXlsx } = await import('./generate-xlsx.mjs');
  const work = mkdtempSync(join(tmpdir(), 'kuntaraportti-bench-xlsx-'));
  console.log(`kuntaraportti XLSX row-limit benchmark — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  for (const n of counts.length ? counts : [1_000_000]) {
    const file = join(work, `rows-${n}.xlsx`);
    const t0 = performance.now();
    generateXlsx(n, file);
    console.log(`\n${n.toLocaleString('en')} rows: ${file}, ${(statSync(file).size / 1e6).toFixed(1)} MB, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const cli = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, join(here, '..', 'dist', 'cli.js'), 'validate', file], { encoding: 'utf8' });
    const [wall, user, sys, kb] = cli.stderr.trim().split('\n').pop().split(' ').map(Number);
    console.log(`  kuntaraportti validate (defaults)   exit ${cli.status}, ${wall.toFixed(2)} s wall, ${(user + sys).toFixed(2)} s CPU, ${Math.round(kb / 1024)} MB peak`);
    console.log(`    ${cli.stdout.trim().split('\n')[0]}`);
    const lib = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, '--max-old-space-size=4096', join(here, 'bench-child.mjs'), 'load-rows', file, work], { encoding: 'utf8' });
    const lines = lib.stderr.trim().split('\n');
    const [w2, u2, s2, kb2] = lines.pop().split(' ').map(Number);
    console.log(`  library, row limit only             ${w2.toFixed(2)} s wall, ${(u2 + s2).toFixed(2)} s CPU, ${Math.round(kb2 / 1024)} MB peak`);
    console.log(`    ${lines[0] ?? lib.stdout.trim()}`);
  }
  console.log(`\nworkbooks kept in ${work}`);
}

if (process.argv[2] === 'archive') {
  benchArchive();
  process.exit(0);
}
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const work = mkdtempSync(join(tmpdir(), 'kuntaraportti-bench-'));
const inputs = [{ name: 'sample (51)', file: join(here, '..', 'samples', 'tuusula-strategia-seuranta-2023.tsv'), n: 51 }];
for (const n of sizes.length ? sizes : [100, 1000, 10000, 50000]) {
  const file = join(work, `generated-${n}.tsv`);
  writeFileSync(file, generateTable(n));
  inputs.push({ name: `generated ${n}`, file, n });
}

function measure(task, file) {
  try {
    const out = execFileSync(process.execPath, ['--max-old-space-size=4096', join(here, 'bench-child.mjs'), task, file, work], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split('\n').pop());
  } catch (error) {
    return { task, error: String(error.message).split('\n')[0] };
  }
}

/**
 * The sample as a user runs it: the built command in a fresh process, wall time from outside
 * (spawn included). The median of several runs, as the machine is noisy.
 */
function measureCli(file, formats = ['pdf'], runs = 11) {
  const walls = Object.fromEntries(formats.map((f) => [f, []]));
  // Interleaved, so a noisy moment of the machine falls on every variant alike.
  for (let i = 0; i < runs; i++) {
    for (const format of formats) {
      const start = process.hrtime.bigint();
      execFileSync(process.execPath, [join(here, '..', 'dist', 'cli.js'), 'report', file, '--format', format, '--out', work, '--force'], { stdio: 'ignore' });
      walls[format].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return Object.fromEntries(
    formats.map((f) => {
      const w = walls[f].sort((x, y) => x - y);
      return [f, { median: w[Math.floor(runs / 2)], min: w[0], max: w[runs - 1], runs }];
    }),
  );
}

const fmt = (r) => (r.error ? `failed: ${r.error}` : `${(r.wallMs / 1000).toFixed(2)} s, ${r.peakRssMB} MB${r.pages ? `, ${r.pages} pages` : ''}${r.bytes ? `, ${(r.bytes / 1024).toFixed(0)} KiB` : ''}`);
console.log(`kuntaraportti benchmark — node ${process.version}, ${new Date().toISOString().slice(0, 10)}; every figure is one fresh process (start-up included)`);
const results = {};
{
  const cli = measureCli(inputs[0].file, ['pdf', 'pdf,docx']);
  console.log(`\nsample, \`kuntaraportti report\` (fresh process, spawn included, median of ${cli.pdf.runs}, interleaved)`);
  for (const [format, r] of Object.entries(cli)) console.log(`  ${`--format ${format}`.padEnd(27)} ${(r.median / 1000).toFixed(2)} s (min ${(r.min / 1000).toFixed(2)}, max ${(r.max / 1000).toFixed(2)})`);
  console.log(`  ${'pdf,docx / pdf'.padEnd(27)} ×${(cli['pdf,docx'].median / cli.pdf.median).toFixed(2)}`);
}
for (const input of inputs) {
  console.log(`\n${input.name}`);
  for (const task of ['stats', 'pdf', 'baseline', 'docx', 'html']) {
    const r = measure(task, input.file);
    results[`${input.n}:${task}`] = r;
    console.log(`  ${{ stats: 'load + stats', pdf: 'PDF (ours)', baseline: 'PDF (plain pdfmake table)', docx: 'DOCX', html: 'HTML' }[task].padEnd(27)} ${fmt(r)}`);
  }
  const ours = results[`${input.n}:pdf`];
  const base = results[`${input.n}:baseline`];
  if (!ours.error && !base.error) console.log(`  ${'PDF overhead vs baseline'.padEnd(27)} ×${(ours.wallMs / base.wallMs).toFixed(2)} time, ×${(ours.peakRssMB / base.peakRssMB).toFixed(2)} memory`);
}
const a = results['1000:pdf'];
const b = results['10000:pdf'];
if (a && b && !a.error && !b.error) {
  console.log(`\ngrowth 1 000 → 10 000 actions: PDF ×${(b.wallMs / a.wallMs).toFixed(1)} time (linear would be ×10)`);
  const c = results['1000:docx'];
  const d = results['10000:docx'];
  if (c && d && !c.error && !d.error) console.log(`growth 1 000 → 10 000 actions: DOCX ×${(d.wallMs / c.wallMs).toFixed(1)} time`);
}
console.log(`\noutputs kept in ${work}`);

/**
 * `archive run` with 12 jobs of the sample into a fresh root, each measurement a fresh process:
 * --jobs 1 and --jobs 2 (two worker threads), then a rerun that has nothing to write.
 */
function benchArchive() {
  const dir = mkdtempSync(join(tmpdir(), 'kuntaraportti-bench-archive-'));
  const sample = join(here, '..', 'samples', 'tuusula-strategia-seuranta-2023.tsv');
  const settings = join(here, '..', 'samples', 'tuusula-strategia-seuranta-2023.kuntaraportti.json');
  const configFor = (root) => {
    const file = join(dir, `${root}.json`);
    const jobs = Array.from({ length: 12 }, (_, i) => ({ name: `kunta-${String(i + 1).padStart(2, '0')}`, input: sample, settings }));
    writeFileSync(file, JSON.stringify({ root, jobs }));
    return file;
  };
  const run = (config, jobs) => {
    const out = execFileSync(process.execPath, [join(here, 'bench-child.mjs'), 'archive', config, String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split('\n').pop());
  };
  const line = (label, r) => console.log(`  ${label.padEnd(34)} ${(r.wallMs / 1000).toFixed(2)} s, ${r.peakRssMB} MB peak RSS  (${r.summary}; exit ${r.code})`);
  console.log(`kuntaraportti archive benchmark — node ${process.version}; 12 jobs of the sample, each run a fresh process (start-up included)`);
  line('--jobs 1, fresh root', run(configFor('root-1'), 1));
  const two = configFor('root-2');
  line('--jobs 2, fresh root', run(two, 2));
  line('--jobs 2, rerun (nothing to write)', run(two, 2));
  console.log(`\nroots kept in ${dir}`);
}
