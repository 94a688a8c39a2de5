import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('public API', () => {
  it('exports the library entry points from the package root', () => {
    for (const name of ['analyse', 'loadTable', 'buildModel', 'computeStats', 'formatDiagnostic', 'CODES', 'STAGE_KEYS', 'DEFAULT_LIMITS']) {
      expect(typeof (api as Record<string, unknown>)[name], name).not.toBe('undefined');
    }
  });

  it('the core imports no node: module (only the CLI and src/node adapters may)', () => {
    const core = files(SRC).filter((f) => !/^(cli\.ts|cli\/|node\/)/.test(relative(SRC, f)));
    expect(core.length).toBeGreaterThan(10);
    const offenders = core.filter((f) => /from\s+['"](node:|fs['"]|path['"]|os['"]|child_process['"]|crypto['"])/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
