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

// pdfmake require()s linebreak's CommonJS build; our line breaker's `import` would load its ES
// build beside it, a second copy that inflates the same Unicode tables again (~20 ms). The command
// runs only in Node, so there the import takes the CommonJS module pdfmake uses.
const LINEBREAK = '\0kuntaraportti:linebreak-cjs';
const sharedLinebreak = {
  name: 'shared-linebreak',
  resolveId: (id) => (id === 'linebreak' ? LINEBREAK : null),
  load: (id) => (id === LINEBREAK ? "import { createRequire } from 'node:module';\nexport default createRequire(import.meta.url)('linebreak');\n" : null),
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
  input: { cli: entry.pathname },
  platform: 'node',
  logLevel: 'warn',
  plugins: [sharedLinebreak],
  external: (id) => id.startsWith('node:') || (id !== 'linebreak' && !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !BUNDLED.has(packageOf(id))),
  // dist/bundle/ is two levels below the package root like dist/node/, so the relative paths to
  // templates/ and fonts/ stay right.
  output: { dir: outDir.pathname, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});

// The installed command keeps its name and its #! line (the heap limit), and still exports main.
const hashbang = tscOutput.startsWith('#!') ? `${tscOutput.slice(0, tscOutput.indexOf('\n'))}\n` : '';
writeFileSync(entry, `${hashbang}// Written by scripts/bundle-cli.mjs: the command runs from the bundle (one file to load, not 200).\nexport * from './bundle/cli.js';\n`);
