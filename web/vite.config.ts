/**
 * The page (web/) and its Web Worker, built to dist/web/ as a static site. The core runs in the
 * worker; pdfkit and pdfmake expect Node's fs, zlib, stream, events and Buffer, so those resolve
 * to browser shims here (web/shims/ and the npm packages Node's own APIs were copied into).
 */
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

export const rolldownOptions = { transform: { inject: NODE_INJECT, define: { global: 'globalThis', __dirname: JSON.stringify('/'), __filename: JSON.stringify('/index.js') } } };

export default defineConfig({
  root: here('.'),
  base: './',
  // pdfkit's sRGB profile, inlined for PDF/A (web/shims/fs.ts).
  assetsInclude: ['**/*.icc'],
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
} satisfies UserConfig);
