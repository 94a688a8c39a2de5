// The command stands in for pdfkit's encryption and fontkit's WOFF2 modules (src/node/lean-pdf.ts):
// they must not be loaded, the PDF must still be made, and a stand-in that is called must say what
// it replaced. Run in a child process, because the stand-ins go into Node's require cache.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const lean = fileURLToPath(new URL('../dist/node/lean-pdf.js', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

function child(script: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, unknown>;
}

describe('lean PDF loading (the command only)', () => {
  it('keeps brotli and the encryption modules out, and still makes a PDF with pdfmake', () => {
    const result = child(`
      import { createRequire } from 'node:module';
      import { skipUnusedPdfModules } from ${JSON.stringify(lean)};
      const require = createRequire(${JSON.stringify(`${root}/`)});
      skipUnusedPdfModules();
      const pdfmake = require('pdfmake');
      const brotli = createRequire(require.resolve('fontkit')).resolve('brotli/decompress.js');
      const aes = createRequire(require.resolve('pdfkit')).resolve('@noble/ciphers/aes');
      const errors = [];
      for (const call of [() => require(brotli)(new Uint8Array(4), 4), () => require(aes).cbc(1, 2)]) {
        try { call(); errors.push(null); } catch (e) { errors.push(e.constructor.name + ': ' + e.message); }
      }
      const { readFileSync } = await import('node:fs');
      pdfmake.virtualfs.writeFileSync('lean.ttf', readFileSync('fonts/KuntaraporttiSans-Regular.ttf'));
      pdfmake.setFonts({ S: { normal: 'lean.ttf', bold: 'lean.ttf', italics: 'lean.ttf', bolditalics: 'lean.ttf' } });
      pdfmake.setUrlAccessPolicy(() => false);
      pdfmake.setLocalAccessPolicy(() => false);
      const bytes = await pdfmake.createPdf({ content: ['Hei'], defaultStyle: { font: 'S' }, info: { creationDate: new Date(0) } }).getBuffer();
      // The real brotli module has a 120 KB dictionary among its children; the stand-in has none.
      console.log(JSON.stringify({ errors, pdf: bytes.subarray(0, 5).toString(), brotliChildren: require.cache[brotli].children.length }));
    `);
    expect(result.pdf).toBe('%PDF-');
    expect(result.brotliChildren).toBe(0);
    expect(result.errors).toEqual([
      'UnusedModuleError: brotli/decompress.js (WOFF2 fonts) is not loaded by kuntaraportti',
      'UnusedModuleError: @noble/ciphers/aes (PDF encryption) is not loaded by kuntaraportti',
    ]);
  });

  it('leaves modules already loaded alone', () => {
    const result = child(`
      import { createRequire } from 'node:module';
      import { skipUnusedPdfModules } from ${JSON.stringify(lean)};
      const require = createRequire(${JSON.stringify(`${root}/`)});
      const brotli = createRequire(require.resolve('fontkit')).resolve('brotli/decompress.js');
      const real = require(brotli);
      skipUnusedPdfModules();
      console.log(JSON.stringify({ same: require(brotli) === real, type: typeof real }));
    `);
    expect(result).toEqual({ same: true, type: 'function' });
  });
});
