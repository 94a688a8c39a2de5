// Issue 14, "Swedish end to end": with --lang sv every command's help and every message the command
// code prints is Swedish, not Finnish or English.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { SAMPLE } from './helpers/tables.js';

async function run(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

// Words of the Finnish and English help that must not show through in the Swedish one.
const FINNISH = ['Käyttö', 'tiedosto', 'TIEDOSTO', 'oletus', 'kieli', 'valitsim', 'Paluuarvo', 'komento', 'hakemisto', 'anna '];
const ENGLISH = ['Usage', 'default', 'options', 'Exit code', 'FILE', 'language', 'the table'];

const SWEDISH: Record<string, string[]> = {
  validate: ['Användning: kuntaraportti validate FIL', 'sammanfattning'],
  stats: ['Användning: kuntaraportti stats FIL', 'framstegsgrader'],
  compare: ['Användning: kuntaraportti compare FÖREGÅENDE NUVARANDE', 'uppföljningstabeller'],
  report: ['Användning: kuntaraportti report FIL', 'bilaga till fullmäktige', 'sammanträdets', 'paragraf'],
  archive: ['Användning: kuntaraportti archive run', 'Returvärden'],
};

function expectSwedish(text: string, words: string[], what: string) {
  for (const w of words) expect(text, what).toContain(w);
  for (const w of [...FINNISH, ...ENGLISH]) expect(text, `${what}: "${w}"`).not.toContain(w);
}

describe('--lang sv help', () => {
  it('every command’s --help is Swedish', async () => {
    for (const [cmd, words] of Object.entries(SWEDISH)) {
      const r = await run(cmd, '--help', '--lang', 'sv');
      expect(r.code, cmd).toBe(0);
      expectSwedish(r.stdout, words, cmd);
      // The flag may come first too.
      expect((await run('--lang', 'sv', cmd, '--help')).stdout).toBe(r.stdout);
    }
  });

  it('kuntaraportti --lang sv --help and a bare command are Swedish', async () => {
    const r = await run('--lang', 'sv', '--help');
    expect(r.code).toBe(0);
    expectSwedish(r.stdout, ['Användning: kuntaraportti <kommando>', 'framstegsgrader', 'Returvärden: 0 i sin ordning, 1 felaktig indata, 2 felaktig användning.'], 'main');
    expect((await run('--help', '--lang', 'sv')).stdout).toBe(r.stdout);
    const bare = await run('--lang', 'sv');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toBe(r.stdout);
  });

  it('keeps flags and examples as they are in the Finnish help', async () => {
    for (const cmd of ['main', ...Object.keys(SWEDISH)]) {
      const args = cmd === 'main' ? ['--help'] : [cmd, '--help'];
      const flags = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*|\{\{\w+\}\}|\b\d[\d,]*\b/g))].sort();
      expect(flags((await run(...args, '--lang', 'sv')).stdout), cmd).toEqual(flags((await run(...args)).stdout));
    }
  });
});

describe('--lang sv messages', () => {
  const usage = (text: string) => expect(text).toMatch(/^kuntaraportti: användningsfel: .* \(se --help\)$/);

  it('usage errors are Swedish', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], 'okänt kommando "frobnicate"'],
      [['stats'], 'ange en tabellfil (eller - för standard in)'],
      [['compare', SAMPLE], 'ange två tabeller: den föregående och den nuvarande'],
      [['stats', SAMPLE, '--max-rows', 'x'], '--max-rows: ange ett positivt heltal ("x")'],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv, '--lang', 'sv');
      expect(r.code, argv.join(' ')).toBe(2);
      usage(r.stderr);
      expect(r.stderr).toContain(message);
    }
  });

  it('the report names its settings file in Swedish', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kr-sv-'));
    const r = await run('report', SAMPLE, '--format', 'html', '--out', out, '--lang', 'sv');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^inställningar: .*tuusula-strategia-seuranta-2023\.kuntaraportti\.json$/m);
    expect(r.stderr).not.toMatch(/^(asetukset|settings):/m);
  });
});
