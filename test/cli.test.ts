import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { SAMPLE } from './helpers/tables.js';

async function run(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('validate', () => {
  it('prints one line per diagnostic and a summary; exit 0 without errors', async () => {
    const r = await run('validate', SAMPLE);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toBe(`${SAMPLE}:22:2: varoitus: 06.03 on kirjoitettu usealla tavalla; käytetään yleisintä: "…kevia palveluita ja laajennamme olohuoneitoimintaa" (myös: "…kevia palveluita ja laajennamme olohuonetoimintaa")`);
    expect(lines.at(-1)).toBe('0 virhettä, 6 varoitusta');
  });

  it('exit 1 with file:line:column for bad data, in English with --lang en', async () => {
    const r = await run('validate', fileURLToPath(new URL('fixtures/bad-stage.csv', import.meta.url)), '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad-stage\.csv:3:4: error: stage "7 Valmis" is not of the form/);
    expect(r.stdout.split('\n').at(-1)).toBe('1 error, 0 warnings');
  });

  it('gives the same diagnostics in Swedish with --lang sv', async () => {
    const r = await run('validate', fileURLToPath(new URL('fixtures/bad-stage.csv', import.meta.url)), '--lang', 'sv');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad-stage\.csv:3:4: fel: framskridandet "7 Valmis" har inte formen "N Beskrivning" där N är 1–5/);
    const sample = await run('validate', SAMPLE, '--lang', 'sv');
    expect(sample.stdout).toContain('varning: tomma rader hoppades över (8)');
    expect(sample.stdout).not.toMatch(/warning|varoitus/);
  });

  it('a missing file is bad input (1), not a crash', async () => {
    const r = await run('validate', '/nonexistent/x.tsv');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kuntaraportti: tiedostoa /nonexistent/x.tsv ei voi lukea: tiedostoa tai hakemistoa ei ole (ENOENT)');
  });
});

describe('stats', () => {
  it('--json gives exactly the documented shape', async () => {
    const r = await run('stats', SAMPLE, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['actions', 'stages', 'themes', 'diagnostics']);
    expect(json.actions).toBe(51);
    expect(json.stages).toEqual({ 1: 0, 2: 14, 3: 32, 4: 3, 5: 0, unreported: 2 });
    expect(Object.keys(json.themes[0])).toEqual(['id', 'title', 'actions', 'stages', 'goals']);
    expect(json.themes[0].id).toBe('01');
    expect(json.themes[0].title).toBe('Tarjoamme laadukkaita ja saavutettavat palvelut uudistuvassa ympäristössä');
    expect(Object.keys(json.themes[0].goals[0])).toEqual(['id', 'title', 'actions', 'stages']);
    expect(json.themes[0].goals[1]).toMatchObject({ id: '01.02', actions: 2, stages: { 2: 2 } });
    expect(Object.keys(json.diagnostics[0])).toEqual(['severity', 'code', 'message', 'file', 'line', 'column']);
  });

  it('prints a readable table per theme with a total row', async () => {
    const r = await run('stats', SAMPLE);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Teema\s+Toimenp\.\s+1\s+2\s+3\s+4\s+5\s+Ei rap\.\s+Ka\.$/);
    expect(lines.at(-1)).toMatch(/^Yhteensä\s+51\s+0\s+14\s+32\s+3\s+0\s+2\s+2,78$/);
    expect(lines.filter((l) => /^\d\d /.test(l))).toHaveLength(6);
  });
});

describe('usage', () => {
  it('wrong usage exits 2 with one line and a hint', async () => {
    for (const argv of [['frobnicate'], ['stats'], ['stats', 'a', 'b'], ['stats', SAMPLE, '--nope'], ['stats', SAMPLE, '--lang', 'de']]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^kuntaraportti: käyttövirhe: .*\(katso --help\)$/);
    }
  });

  it('--help on every command', async () => {
    for (const cmd of ['validate', 'stats']) {
      const r = await run(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Käyttö: kuntaraportti ${cmd} `));
      expect((await run(cmd, '--help', '--lang', 'en')).stdout).toMatch(new RegExp(`^Usage: kuntaraportti ${cmd} `));
    }
    expect((await run('--help')).stdout).toContain('Paluuarvot: 0 kunnossa, 1 virheellinen syöte, 2 väärä käyttö.');
  });
});

describe('the built command', () => {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  it('is built (npm test builds before testing)', () => {
    expect(existsSync(cli)).toBe(true);
  });

  it('runs from the bundle, which carries zod, handlebars and csv-parse itself (scripts/bundle-cli.mjs)', () => {
    // One file to load instead of some 200 ES modules: a sixth of a second of every run.
    expect(readFileSync(cli, 'utf8')).toContain("export * from './bundle/cli.js';");
    const dir = join(cli, '..', 'bundle');
    const imports = readdirSync(dir).flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:from|import\()\s*"([^".][^"]*)"/g)].map((m) => m[1]));
    expect(imports.filter((p) => /^(zod|handlebars|csv-parse)(\/|$)/.test(p!))).toEqual([]);
  });

  it('reads standard input with -, and never prints a stack trace', () => {
    const out = execFileSync('node', [cli, 'stats', '-', '--json'], { input: '\uFEFFValtuustokauden tavoite;Toimenpide;Julkaistava etenemisaste;Julkaistava teksti\n01. A;01.01.01 B;2;T\n' });
    expect(JSON.parse(out.toString()).stages['2']).toBe(1);
    const bad = spawnSync('node', [cli, 'validate', '-'], { input: Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0]) });
    expect(bad.status).toBe(1);
    expect(bad.stdout.toString()).toContain('-:0:0: virhe: tiedosto ei ole tekstimuotoinen taulukko');
    expect(bad.stderr.toString()).not.toMatch(/\n\s+at /);
  });
});

describe('the README', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

  it('opens with the two commands: a report from the sample, and the tests', () => {
    const lines = block.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^npm install && npx kuntaraportti report samples\/\S+\.tsv/);
    expect(lines[1]).toBe('npm test');
  });

  it('its first command works as written (npx finds the linked bin), here into a temporary folder', () => {
    const command = block.trim().split('\n')[0]!.replace(/^npm install && npx /, '');
    const out = mkdtempSync(join(tmpdir(), 'kr-readme-'));
    const r = spawnSync('npx', ['--no-install', ...command.split(/\s+/), '--out', out], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').map((p) => p.replace(out, 'OUT'))).toEqual(['OUT/tuusula-strategia-seuranta-2023-valtuusto-liite.pdf', 'OUT/tuusula-strategia-seuranta-2023-valtuusto-liite.docx']);
    expect(readdirSync(out).sort()).toEqual(['tuusula-strategia-seuranta-2023-valtuusto-liite.docx', 'tuusula-strategia-seuranta-2023-valtuusto-liite.pdf']);
  });
});
