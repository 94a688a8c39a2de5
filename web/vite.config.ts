/**
 * The page (web/) and its Web Worker, built to dist/web/ as a static site. The core runs in the
 * worker; pdfkit and pdfmake expect Node's fs, zlib, stream, events and Buffer, so those resolve
 * to browser shims here (web/shims/ and the npm packages Node's own APIs were copied into).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** Node built-ins the bundled libraries import, and what they are in the browser. */
const SHIMS: Record<string, string> = {
  fs: here('./shims/fs.ts'),
  assert: here('./shims/assert.ts'),
  zlib: here('./shims/zlib.ts'),
  'browserify-zlib': here('./shims/zlib.ts'),
  stream: here('../node_modules/readable-stream/lib/ours/browser.js'),
  events: here('../node_modules/events/events.js'),
  buffer: here('../node_modules/buffer/index.js'),
  string_decoder: here('../node_modules/string_decoder/lib/string_decoder.js'),
  process: here('./shims/process.ts'),
};
/** Exact names only (`process/`, `string_decoder/` are the npm packages themselves). */
export const NODE_SHIMS = [
  ...Object.entries(SHIMS).map(([name, replacement]) => ({ find: new RegExp(`^(node:)?${name}$`), replacement })),
  // pdfmake's `browser` field is its prebuilt bundle, with its own copies of the classes the PDF
  // renderer patches (src/render/pdf/pdfmake-*.ts): use the same modules the command uses.
  { find: /^pdfmake$/, replacement: here('../node_modules/pdfmake/js/index.js') },
];

/** Free `Buffer` and `process` in those libraries become imports of the shims, not globals. */
export const NODE_INJECT: Record<string, [string, string]> = {
  Buffer: [here('../node_modules/buffer/index.js'), 'Buffer'],
  process: [here('./shims/process.ts'), 'default'],
};

/** pdfkit's sRGB profile (PDF/A output intent) as base64, for web/shims/fs.ts. A plugin both the build and the dev server's dependency bundler run. */
const SRGB_ICC = 'kuntaraportti:srgb-icc';
export const pdfkitData = {
  name: 'kuntaraportti-pdfkit-data',
  resolveId: (id: string) => (id === SRGB_ICC ? `\0${SRGB_ICC}` : null),
  load: (id: string) => (id === `\0${SRGB_ICC}` ? `export default ${JSON.stringify(readFileSync(here('../node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc')).toString('base64'))};` : null),
};

/**
 * The PDF renderer checks pdfmake's methods by the SHA-256 of their source text before it patches
 * them (src/render/pdf/patches/patch.ts). The bundle re-prints that text, so the check is made
 * here, at build time, on the node_modules files the bundle is made from; a mismatch fails the
 * build. The bundle imports `virtual:kuntaraportti/patches-checked`, which exists only through
 * this plugin, and tells the renderer the check was made.
 */
const PATCHES_CHECKED = 'virtual:kuntaraportti/patches-checked';
export const patchesCheckedAtBuild = {
  name: 'kuntaraportti-patches-checked',
  resolveId: (id: string) => (id === PATCHES_CHECKED ? `\0${PATCHES_CHECKED}` : null),
  load: (id: string) => {
    if (id !== `\0${PATCHES_CHECKED}`) return null;
    if (!existsSync(here('../dist/render/pdf/patches/patch.js'))) throw new Error('run `npm run build` first: the pdfmake patch check (scripts/patch-hashes.mjs) needs dist/');
    try {
      execFileSync(process.execPath, [here('../scripts/patch-hashes.mjs')], { cwd: here('..'), stdio: 'pipe' });
    } catch (error) {
      const out = String((error as { stdout?: Buffer }).stdout ?? '');
      throw new Error(`pdfmake/pdfkit are not the versions the PDF patches were written for:\n${out.split('\n').filter((l) => l.includes('CHANGED')).join('\n')}`);
    }
    return `import { trustOriginalsCheckedAtBuild } from ${JSON.stringify(here('../src/render/pdf/patches/patch.ts'))};\ntrustOriginalsCheckedAtBuild();\n`;
  },
};

export const rolldownOptions = {
  plugins: [pdfkitData, patchesCheckedAtBuild],
  transform: { inject: NODE_INJECT, define: { global: 'globalThis', __dirname: JSON.stringify('/'), __filename: JSON.stringify('/index.js') } },
};

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [pdfkitData, patchesCheckedAtBuild],
  resolve: { alias: NODE_SHIMS },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // One chunk per library is not worth the requests on an intranet: fewer, larger files.
    chunkSizeWarningLimit: 8000,
    rolldownOptions,
  },
  worker: { format: 'es', rolldownOptions },
  server: { fs: { allow: [here('..')] } },
  // `npm run web`: the dependencies Vite pre-bundles for the dev server get the same injections.
  // Listed, so the dev server bundles them at start instead of reloading the page when the first
  // PDF or DOCX asks for them.
  optimizeDeps: {
    rolldownOptions,
    include: [
      'pdfmake',
      ...['PDFDocument', 'Renderer', 'StyleContextStack', 'TextInlines', 'DocMeasure', 'DocumentContext', 'LayoutBuilder', 'PageElementWriter'].map((m) => `pdfmake/js/${m}.js`),
      'linebreak',
      'docx',
      'fflate',
      'csv-parse/sync',
      'handlebars',
      'iconv-lite',
      'exceljs',
      'zod',
      '@resvg/resvg-wasm',
    ],
  },
} satisfies UserConfig);
