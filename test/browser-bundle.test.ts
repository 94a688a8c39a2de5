/**
 * The core as the page bundles it (web/vite.config.ts: the same aliases and injections), built
 * for the browser in library mode, must hold no `node:` import, no `require`, and run where no
 * Node global exists: it is evaluated in a bare V8 context with only what a browser also has,
 * and makes a PDF and a DOCX of the sample there.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { webcrypto } from 'node:crypto';
import { build, type Rolldown } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_SHIMS, patchesCheckedAtBuild, pdfkitData, rolldownOptions } from '../web/vite.config.js';
import { ROOT, SAMPLE } from './helpers/e2e.js';

let code = '';

beforeAll(async () => {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    resolve: { alias: NODE_SHIMS },
    plugins: [pdfkitData, patchesCheckedAtBuild],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: join(ROOT, 'test/fixtures/browser/core-entry.ts'), formats: ['iife'], name: 'KR', fileName: 'core' },
      rolldownOptions: { ...rolldownOptions, output: { codeSplitting: false } },
    },
  })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput;
  const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
  code = outputs.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk').map((c) => c.code).join('\n');
}, 180_000);

describe('the core bundled for the browser', () => {
  it('has no node: import and no require', () => {
    expect(code.length).toBeGreaterThan(100_000);
    expect(code.match(/["']node:[a-z_/]+["']/g) ?? []).toEqual([]);
    // An import left unresolved would stay a require() call or a bare import statement. Two
    // texts are not such calls: sax's optional `try { Stream = require('stream').Stream } catch`
    // (a plain function where there is no require; the run below shows it), and iconv-lite's
    // error message that names `iconv.enableStreamingAPI(require('stream'))`.
    const allowed = [/try\s*\{\s*Stream\s*=\s*$/, /iconv\.enableStreamingAPI\($/];
    const requires = [...code.matchAll(/\brequire\s*\(\s*["'][^"']+["']\s*\)/g)].filter((m) => !allowed.some((re) => re.test(code.slice(Math.max(0, m.index - 40), m.index))));
    expect(requires.map((m) => code.slice(m.index - 60, m.index + 20))).toEqual([]);
    expect(code.match(/^import\s.*from\s/gm) ?? []).toEqual([]);
  });

  it('runs without Buffer, process, require or global and makes a PDF and a DOCX', async () => {
    // Only what a browser's worker has too; no Node global is given.
    const sandbox: Record<string, unknown> = {
      console,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      TextEncoder,
      TextDecoder,
      atob,
      btoa,
      URL,
      crypto: webcrypto,
      performance,
      structuredClone,
      AbortController,
      AbortSignal,
      EventTarget,
      Event,
    };
    const ctx = createContext(sandbox);
    runInContext(code, ctx);
    for (const name of ['Buffer', 'process', 'require', 'global', 'module', 'exports', '__dirname']) {
      expect(runInContext(`typeof globalThis[${JSON.stringify(name)}]`, ctx), name).toBe('undefined');
    }
    const read = (p: string) => Array.from(readFileSync(p));
    const templateFiles: Record<string, string> = {};
    for (const f of readdirSync(join(ROOT, 'templates/valtuusto-liite'))) templateFiles[f] = readFileSync(join(ROOT, 'templates/valtuusto-liite', f), 'utf8');
    for (const f of readdirSync(join(ROOT, 'templates/_shared'))) templateFiles[`_shared/${f}`] = readFileSync(join(ROOT, 'templates/_shared', f), 'utf8');
    const font = (face: string) => read(join(ROOT, 'fonts', `KuntaraporttiSans-${face}.ttf`));
    sandbox.input = { table: read(SAMPLE), templateFiles, fonts: { regular: font('Regular'), bold: font('Bold'), italic: font('Italic'), boldItalic: font('BoldItalic') } };
    // The bytes are made inside the context, with its own Uint8Array, as a browser would have them.
    const result = (await runInContext(
      `(async () => {
        const u8 = (a) => Uint8Array.from(a);
        const bytes = u8(input.table);
        const analysis = await KR.analyse(bytes, { file: 'sample.tsv', lang: 'fi' });
        const template = KR.parseTemplate(input.templateFiles, 'valtuusto-liite', { only: 'fi' });
        const parsed = KR.parseSettings({ meeting: { organ: 'Kunnanvaltuusto', date: '2023-10-23', section: 87, attachment: 3 }, reportDate: '2023-09-30' });
        const f = input.fonts;
        const { files } = await KR.createReport({ analysis, source: { name: 'sample.tsv', bytes } }, {
          template, settings: parsed.settings, outputs: [{ format: 'pdf' }, { format: 'docx' }],
          fonts: { regular: u8(f.regular), bold: u8(f.bold), italic: u8(f.italic), boldItalic: u8(f.boldItalic) },
        });
        return files.map((x) => ({ name: x.fileName, head: Array.from(x.bytes.subarray(0, 5)), length: x.bytes.length, tail: String.fromCharCode(...x.bytes.subarray(x.bytes.length - 6)) }));
      })()`,
      ctx,
    )) as { name: string; head: number[]; length: number; tail: string }[];
    expect(result.map((r) => r.name)).toEqual(['sample-valtuusto-liite.pdf', 'sample-valtuusto-liite.docx']);
    expect(String.fromCharCode(...result[0]!.head)).toBe('%PDF-');
    expect(result[0]!.tail).toContain('%%EOF');
    expect(result[1]!.head.slice(0, 2)).toEqual([0x50, 0x4b]);
    // Still no Node global after running: none was created on the way either.
    expect(runInContext('typeof Buffer + typeof process + typeof require', ctx)).toBe('undefinedundefinedundefined');
  }, 120_000);
});
