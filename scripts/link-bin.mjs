// `npx kuntaraportti` from the project root: npm 11 tries to install the root package into its npx
// cache for a self-executed bin and fails there (no package.json written). When the package is
// found in the local tree instead, npx runs the bin from node_modules/.bin. So link both.
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';

if (existsSync('dist/cli.js')) {
  chmodSync('dist/cli.js', 0o755);
  mkdirSync('node_modules/.bin', { recursive: true });
  rmSync('node_modules/.bin/kuntaraportti', { force: true });
  symlinkSync('../../dist/cli.js', 'node_modules/.bin/kuntaraportti');
  rmSync('node_modules/kuntaraportti', { force: true, recursive: false });
  symlinkSync('..', 'node_modules/kuntaraportti');
}
