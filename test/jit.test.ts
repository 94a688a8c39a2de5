import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// src/node/jit.ts: the command's V8 tuning is for the V8 it was measured on only.
describe('tuneJitForReport', () => {
  // The built module (npm test builds first), as the command loads it.
  const jit = fileURLToPath(new URL('../dist/node/jit.js', import.meta.url));
  // A fresh process each, so the flag set here stays out of the test runner.
  const run = (v8: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `import(${JSON.stringify(jit)}).then((m) => console.log(m.tuneJitForReport(${JSON.stringify(v8)})))`], { encoding: 'utf8' });

  it('raises the interrupt budget on V8 11 (Node 20)', () => {
    const r = run('11.3.244.8-node.33');
    expect(r.stdout.trim()).toBe('true');
    expect(r.stderr).toBe('');
  });

  it('leaves another V8 alone, and writes nothing to stderr', () => {
    const r = run('12.4.254.21-node.33');
    expect(r.stdout.trim()).toBe('false');
    expect(r.stderr).toBe('');
  });
});
