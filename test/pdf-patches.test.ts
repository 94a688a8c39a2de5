// The pdfmake layer guarded and scoped (src/render/pdf/patches/patch.ts, printer.ts): every patch
// is checked against the method it was written for before it goes in, and is in force only during
// our own rendering, so another pdfmake user in the process sees stock pdfmake.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import pdfmake from 'pdfmake';
import rendererModule from 'pdfmake/js/Renderer.js';
import styleStackModule from 'pdfmake/js/StyleContextStack.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { classOf, embeddedFontPrototype } from '../src/render/pdf/pdfkit-bare.js';
import { speedPatches } from '../src/render/pdf/patches/index.js';
import { PatchSet, PdfPatchError, resetPatchWarnings, setPatchWarning, sourceHash, withPatches, type AnyFunction } from '../src/render/pdf/patches/patch.js';
import { taggingPatches } from '../src/render/pdf/pdfmake-tags.js';
import { svgFontPatches } from '../src/render/pdf/svg-fonts.js';
import { loadFonts } from '../src/node/fonts.js';
import type { FontSet } from '../src/render/fonts.js';
import type { DocumentTree } from '../src/document/types.js';
import { fullTree } from './fixtures/trees/full.js';
// @ts-expect-error -- a plain .mjs script, no types
import { plainPdf } from './fixtures/pdfmake/plain.mjs';

const PLAIN = fileURLToPath(new URL('fixtures/pdfmake/plain.mjs', import.meta.url));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

let fonts: FontSet;
/** PDF/A-2b (the default) may not carry files; `archive` has the source attached, for 3b. */
let tree: DocumentTree;
let archive: DocumentTree;
beforeAll(async () => {
  fonts = await loadFonts();
  tree = fullTree({ attachments: false });
  archive = fullTree({ attachments: true });
});

/** Every method any patch set replaces, as it is now: target, key, value, own or inherited. */
function snapshot(): { method: string; value: unknown; own: boolean }[] {
  const sets = [svgFontPatches(), speedPatches(embeddedFontPrototype()!), taggingPatches()];
  return sets.flatMap((set) => set.patches.map((p) => ({ method: p.method, value: p.target[p.key], own: Object.prototype.hasOwnProperty.call(p.target, p.key) })));
}

describe('the patch guard, fed a changed method', () => {
  class Upstream {
    greet(name: string): string {
      return `hei ${name}`;
    }
  }
  const stock = Upstream.prototype.greet;
  const hashes = { 'Upstream.prototype.greet': sourceHash(stock as AnyFunction) };
  const shout = (original: AnyFunction): AnyFunction =>
    function (this: unknown, name: string): string {
      return (original.call(this, name) as string).toUpperCase();
    };
  const changed = function (this: unknown, name: string): string {
    return `moi ${name}`;
  };
  afterEach(() => {
    Upstream.prototype.greet = stock;
    resetPatchWarnings();
  });

  it('the recorded method: patched inside the window, the original back afterwards', () => {
    const set = new PatchSet('test speed-ups', 'speed', 'upstream 1.0.0', hashes);
    set.method(Upstream.prototype, 'Upstream.prototype.greet', shout);
    expect(withPatches([set], () => new Upstream().greet('kunta'))).toBe('HEI KUNTA');
    expect(Upstream.prototype.greet).toBe(stock);
    expect(new Upstream().greet('kunta')).toBe('hei kunta');
  });

  it('a changed method under a speed set: left stock, one warning line, once', () => {
    const lines: string[] = [];
    const previous = setPatchWarning((line) => lines.push(line));
    try {
      const set = new PatchSet('test speed-ups', 'speed', 'upstream 1.0.0', hashes);
      set.method(Upstream.prototype, 'Upstream.prototype.greet', shout);
      Upstream.prototype.greet = changed;
      expect(withPatches([set], () => new Upstream().greet('kunta'))).toBe('moi kunta');
      expect(withPatches([set], () => new Upstream().greet('kunta'))).toBe('moi kunta');
      expect(Upstream.prototype.greet).toBe(changed);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^kuntaraportti: PDFMAKE_PATCH_MISMATCH Upstream\.prototype\.greet .*upstream 1\.0\.0.*stock pdfmake$/);
      expect(lines[0]).not.toContain('\n');
    } finally {
      setPatchWarning(previous);
    }
  });

  it('a changed method under a required set: a coded error naming the method, nothing patched', () => {
    const required = new PatchSet('test tagging', 'required', 'upstream 1.0.0', hashes);
    required.method(Upstream.prototype, 'Upstream.prototype.greet', shout);
    Upstream.prototype.greet = changed;
    let error: unknown;
    let ran = false;
    try {
      withPatches([required], () => (ran = true));
    } catch (e) {
      error = e;
    }
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(PdfPatchError);
    expect((error as PdfPatchError).code).toBe('PDFMAKE_PATCH_MISMATCH');
    expect((error as PdfPatchError).params.method).toBe('Upstream.prototype.greet');
    expect((error as PdfPatchError).params.found).toBe(sourceHash(changed));
    expect(Upstream.prototype.greet).toBe(changed);
  });

  it('an error inside the window still puts every original back', () => {
    const set = new PatchSet('test speed-ups', 'speed', 'upstream 1.0.0', hashes);
    set.method(Upstream.prototype, 'Upstream.prototype.greet', shout);
    expect(() =>
      withPatches([set], () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Upstream.prototype.greet).toBe(stock);
  });
});

describe('the real patches, fed a changed pdfmake method', () => {
  afterEach(() => resetPatchWarnings());

  it('a speed-up original changed: rendered with stock pdfmake, one warning, the same bytes as with the speed-ups off', async () => {
    const Stack = classOf(styleStackModule as unknown as { prototype: { getProperty: AnyFunction } });
    const original = Stack.prototype.getProperty;
    // The same behaviour in a different source text: as a pdfmake patch release might ship it.
    Stack.prototype.getProperty = function (this: unknown, property: string): unknown {
      return original.call(this, property);
    };
    const lines: string[] = [];
    const previous = setPatchWarning((line) => lines.push(line));
    try {
      const guarded = await renderPdf(tree, { fonts });
      const again = await renderPdf(tree, { fonts });
      Stack.prototype.getProperty = original;
      const stock = await renderPdf(tree, { fonts, speed: false });
      expect(lines).toEqual([expect.stringContaining('PDFMAKE_PATCH_MISMATCH StyleContextStack.prototype.getProperty')]);
      expect(hex(guarded)).toBe(hex(stock));
      expect(hex(again)).toBe(hex(stock));
    } finally {
      Stack.prototype.getProperty = original;
      setPatchWarning(previous);
    }
  });

  it('a tagging original changed: renderPdf rejects with PDFMAKE_PATCH_MISMATCH naming it', async () => {
    const Renderer = classOf(rendererModule as unknown as { prototype: { renderVector: AnyFunction } });
    const original = Renderer.prototype.renderVector;
    Renderer.prototype.renderVector = function (this: unknown, ...args: unknown[]): unknown {
      return original.apply(this, args);
    };
    const before = snapshot();
    try {
      await expect(renderPdf(tree, { fonts })).rejects.toMatchObject({ code: 'PDFMAKE_PATCH_MISMATCH', params: { method: 'Renderer.prototype.renderVector' } });
      expect(snapshot()).toEqual(before);
    } finally {
      Renderer.prototype.renderVector = original;
    }
  });
});

describe('no change another pdfmake user can see', () => {
  it('after renderPdf, a plain pdfmake document gives the same bytes as in a fresh process', async () => {
    const fresh = spawnSync(process.execPath, [PLAIN], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(fresh.status, fresh.stderr).toBe(0);
    // With an attachment (PDF/A-3b), fonts and a chart: everything our rendering puts in.
    await renderPdf(archive, { fonts, pdfa: '3b' });
    await renderPdf(tree, { fonts });
    const here = hex((await plainPdf()) as Uint8Array);
    expect(here.length).toBeGreaterThan(10_000);
    expect(here).toBe(fresh.stdout);
  });

  it('pdfmake\'s own fonts, policies and virtual files are never touched; every patched method is the original again', async () => {
    const vfs = pdfmake.virtualfs as unknown as { storage: Record<string, unknown> };
    const state = pdfmake as unknown as { fonts?: unknown; urlAccessPolicy?: unknown; localAccessPolicy?: unknown };
    const before = { files: Object.keys(vfs.storage), fonts: state.fonts, url: state.urlAccessPolicy, local: state.localAccessPolicy };
    const methods = snapshot();
    await renderPdf(archive, { fonts, pdfa: '3b' });
    expect({ files: Object.keys(vfs.storage), fonts: state.fonts, url: state.urlAccessPolicy, local: state.localAccessPolicy }).toEqual(before);
    expect(Object.keys(vfs.storage).some((name) => name.startsWith('kr-'))).toBe(false);
    const after = snapshot();
    expect(after.length).toBeGreaterThan(30);
    for (let i = 0; i < after.length; i++) {
      expect(after[i]!.value, after[i]!.method).toBe(methods[i]!.value);
      expect(after[i]!.own, after[i]!.method).toBe(methods[i]!.own);
    }
  });

  it('renderings started together give the same bytes as one at a time', async () => {
    const one = await renderPdf(tree, { fonts });
    const together = await Promise.all([renderPdf(tree, { fonts }), renderPdf(archive, { fonts, pdfa: '3b' }), renderPdf(tree, { fonts })]);
    expect(hex(together[0])).toBe(hex(one));
    expect(hex(together[2])).toBe(hex(one));
  });
});
