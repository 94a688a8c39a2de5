// Bundles the command (dist/cli.js as tsc wrote it) into dist/bundle/, and makes dist/cli.js load
// it. Unbundled, a report run first loads some 200 ES modules (zod alone is 95 files); Node resolves
// and compiles each one, which was ~0.15 s of every run. The library (dist/index.js, dist/node/)
// stays as tsc wrote it.
//
// Only the packages listed are bundled. Every other one stays an ordinary import from
// node_modules: pdfkit reads its data files beside its own code, @resvg/resvg-js is native, and
// exceljs, iconv-lite and the renderers' packages are loaded only when a run needs them anyway.
// Run after tsc (`npm run build`).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'rolldown';

const BUNDLED = new Set(['zod', 'csv-parse', 'handlebars', 'source-map', 'fflate']);

// CommonJS packages the PDF renderer imports are require()d in the command instead (Node only):
// - linebreak: pdfmake require()s its CommonJS build, and an `import` would load its ES build
//   beside it, a second copy that inflates the same Unicode tables again (~20 ms);
// - pdfmake's modules: for an `import` of CommonJS, Node first scans the file's source for the
//   names it exports (~15 ms), which a require() does not need.
// The import's default is module.exports either way.
const REQUIRED = /^(linebreak|pdfmake(\/js\/[A-Za-z]+\.js)?)$/;
const CJS = '\0kuntaraportti:require:';
const requireCjs = {
  name: 'require-cjs',
  resolveId: (id) => (REQUIRED.test(id) ? CJS + id : null),
  load: (id) => (id.startsWith(CJS) ? `import { createRequire } from 'node:module';\nexport default createRequire(import.meta.url)(${JSON.stringify(id.slice(CJS.length))});\n` : null),
};
const packageOf = (id) => /^((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1];

const dist = new URL('../dist/', import.meta.url);
const entry = new URL('cli.js', dist);
const outDir = new URL('bundle/', dist);

const tscOutput = readFileSync(entry, 'utf8');
if (tscOutput.includes('./bundle/cli.js')) throw new Error('dist/cli.js is already the loader: run tsc first (npm run build)');
// Chunk names carry content hashes: clear the last build's.
rmSync(outDir, { recursive: true, force: true });

await build({
  // The PDF worker (src/node/pdf-in-worker.ts) is found beside the chunk that starts it.
  // So is the archive's worker (src/node/archive/pool.ts looks for archive-worker.js).
  input: { cli: entry.pathname, 'pdf-worker': new URL('node/pdf-worker.js', dist).pathname, 'archive-worker': new URL('node/archive/worker.js', dist).pathname },
  platform: 'node',
  logLevel: 'warn',
  plugins: [requireCjs],
  external: (id) => id.startsWith('node:') || (!REQUIRED.test(id) && !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !BUNDLED.has(packageOf(id))),
  // dist/bundle/ is two levels below the package root like dist/node/, so the relative paths to
  // templates/ and fonts/ stay right.
  output: { dir: outDir.pathname, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});

// The installed command keeps its name and its #! line (the heap limit), and still exports main.
const hashbang = tscOutput.startsWith('#!') ? `${tscOutput.slice(0, tscOutput.indexOf('\n'))}\n` : '';
writeFileSync(entry, `${hashbang}// Written by scripts/bundle-cli.mjs: the command runs from the bundle (one file to load, not 200).\nexport * from './bundle/cli.js';\n`);
