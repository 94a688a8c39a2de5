/**
 * The one way this renderer changes pdfmake's and pdfkit's methods.
 *
 * Every patch names the method it replaces ('Renderer.prototype.renderLine') and the table next to
 * it records the SHA-256 of that method's source text (Function.prototype.toString) in the pinned
 * version it was written for. Before anything is patched, every original is checked:
 * - a set of speed-ups ('speed') whose originals are not all as recorded is left off whole, and
 *   pdfmake runs stock (one warning line, once per process);
 * - a set the output depends on ('required': tagging, SVG fonts) throws a PdfPatchError naming
 *   the first method that differs.
 *
 * Patches are in force only inside `withPatches(sets, run)`, which installs them, runs `run`
 * (synchronous, so no other code can run while they are in) and puts every original back, even on
 * error. Another pdfmake user in the same process never sees them.
 *
 * The hash is SHA-256 from @noble/hashes: synchronous (the patches go in at the start of a
 * synchronous render; WebCrypto's digest is async), pure JavaScript (the core runs in a browser
 * too), and already in the tree as a dependency of pdfkit.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a patched method has any signature
export type AnyFunction = (this: any, ...args: any[]) => any;

export type PatchKind = 'speed' | 'required';

/** A required patch's original is not the method it was written for. */
export class PdfPatchError extends Error {
  readonly code = 'PDFMAKE_PATCH_MISMATCH';
  readonly params: { method: string; expected: string; found: string };
  constructor(params: { method: string; expected: string; found: string }) {
    super(`PDFMAKE_PATCH_MISMATCH: ${params.method} is not the method the tagging layer was written for (source SHA-256 ${params.found}, expected ${params.expected})`);
    this.name = 'PdfPatchError';
    this.params = params;
  }
}

/**
 * Recorded in a hash table for a method the patch only wraps and whose inside it does not depend
 * on, such as Node's Readable.prototype.push that pdfkit's document inherits (it differs between
 * Node versions): any function is accepted.
 */
export const ANY_FUNCTION = 'any function';

interface MethodPatch {
  /** The method's name in the hash table, e.g. 'Renderer.prototype.renderLine'. */
  readonly method: string;
  readonly target: Record<PropertyKey, unknown>;
  readonly key: string;
  readonly expected: string;
  readonly make: (original: AnyFunction) => AnyFunction;
  /** The replacement made for each function it wrapped, so every render installs the same function objects. */
  readonly made: WeakMap<AnyFunction, AnyFunction>;
}

export class PatchSet {
  readonly patches: MethodPatch[] = [];
  /**
   * @param name for the warning line, e.g. 'speed-ups'
   * @param upstream the version the patches were written for, e.g. 'pdfmake 0.3.11, pdfkit 0.19.1'
   * @param hashes method name → SHA-256 (hex) of its source text in that version
   */
  constructor(
    readonly name: string,
    readonly kind: PatchKind,
    readonly upstream: string,
    readonly hashes: Readonly<Record<string, string>>,
  ) {}

  /**
   * Records a replacement of `target`'s method `method` (the part after the last dot is the
   * property). `make` gets the method it wraps: pdfmake's own, or an earlier set's patch of it.
   */
  method(target: object, method: string, make: (original: AnyFunction) => AnyFunction): void {
    const expected = this.hashes[method];
    // A patch without a recorded hash is a bug in this renderer, not an upstream change.
    if (expected === undefined) throw new Error(`no source hash recorded for ${method}`);
    this.patches.push({ method, target: target as Record<PropertyKey, unknown>, key: method.slice(method.lastIndexOf('.') + 1), expected, make, made: new WeakMap() });
  }
}

/**
 * A bundler re-prints pdfmake's and pdfkit's code, so in the browser bundle no method has the
 * source text it has in node_modules. There the check is done when the bundle is built, on the
 * very files it bundles (web/vite.config.ts runs scripts/patch-hashes.mjs and fails the build on
 * any mismatch), and the bundle says so here at start-up. Never called in Node.
 */
let checkedAtBuild = false;

/** For a bundle whose build checked every original against the tables (see above). */
export function trustOriginalsCheckedAtBuild(): void {
  checkedAtBuild = true;
}

const hashes = new WeakMap<AnyFunction, string>();

/** SHA-256 (hex) of a function's source text as the engine gives it; computed once per function. */
export function sourceHash(fn: AnyFunction): string {
  let hash = hashes.get(fn);
  if (hash === undefined) {
    hash = bytesToHex(sha256(utf8ToBytes(Function.prototype.toString.call(fn))));
    hashes.set(fn, hash);
  }
  return hash;
}

/** Each patched method of `set` with the SHA-256 of its original as found now (scripts/patch-hashes.mjs). */
export function currentHashes(set: PatchSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of set.patches) {
    const current = p.target[p.key];
    out[p.method] = p.expected === ANY_FUNCTION ? ANY_FUNCTION : typeof current === 'function' ? sourceHash(current as AnyFunction) : `no function (${typeof current})`;
  }
  return out;
}

/** The first patch of `set` whose current original is not the one recorded, or undefined. */
export function findMismatch(set: PatchSet): { method: string; expected: string; found: string } | undefined {
  if (checkedAtBuild) return undefined;
  for (const p of set.patches) {
    const current = p.target[p.key];
    const found = typeof current === 'function' ? (p.expected === ANY_FUNCTION ? ANY_FUNCTION : sourceHash(current as AnyFunction)) : `no function (${typeof current})`;
    if (found !== p.expected) return { method: p.method, expected: p.expected, found };
  }
  return undefined;
}

/**
 * Throws PdfPatchError unless `fn` is the method `method` that our code copies (printer.ts), by
 * the SHA-256 of its source.
 */
export function assertOriginal(method: string, fn: unknown, expected: string): void {
  if (checkedAtBuild) return;
  const found = typeof fn === 'function' ? sourceHash(fn as AnyFunction) : `no function (${typeof fn})`;
  if (found !== expected) throw new PdfPatchError({ method, expected, found });
}

/** Where the one-line warning goes; tests replace it. */
let warn: (line: string) => void = (line) => console.warn(line);
const warned = new Set<string>();

/** Replaces the warning output (for tests); returns the previous one. */
export function setPatchWarning(next: (line: string) => void): (line: string) => void {
  const previous = warn;
  warn = next;
  return previous;
}

/** Forgets which sets have warned already (for tests). */
export function resetPatchWarnings(): void {
  warned.clear();
}

/** Whether a window of patches is open: patches are not nested. */
let open = false;

/**
 * Runs `run` with the patches of `sets` in force, in that order (a later set wraps an earlier
 * one's patch of the same method), and puts the originals back afterwards. A speed set with a
 * mismatch is skipped (warned once); a required one throws PdfPatchError before anything is
 * patched. `run` must be synchronous: the patches are gone when this returns.
 */
export function withPatches<T>(sets: readonly PatchSet[], run: () => T): T {
  if (open) throw new Error('withPatches: patches are already in force (nested rendering?)');
  const active: PatchSet[] = [];
  // Every check before any patch: each original is compared as pdfmake has it.
  for (const set of sets) {
    const mismatch = findMismatch(set);
    if (mismatch === undefined) active.push(set);
    else if (set.kind === 'required') throw new PdfPatchError(mismatch);
    else if (!warned.has(set.name)) {
      warned.add(set.name);
      warn(`kuntaraportti: PDFMAKE_PATCH_MISMATCH ${mismatch.method} is not the one the ${set.name} were written for (${set.upstream}); rendering with stock pdfmake`);
    }
  }
  const undo: { target: Record<PropertyKey, unknown>; key: string; own: boolean; previous: unknown }[] = [];
  open = true;
  try {
    for (const set of active) {
      for (const p of set.patches) {
        const previous = p.target[p.key] as AnyFunction;
        let replacement = p.made.get(previous);
        if (replacement === undefined) p.made.set(previous, (replacement = p.make(previous)));
        undo.push({ target: p.target, key: p.key, own: Object.prototype.hasOwnProperty.call(p.target, p.key), previous });
        p.target[p.key] = replacement;
      }
    }
    return run();
  } finally {
    for (let i = undo.length - 1; i >= 0; i--) {
      const u = undo[i]!;
      if (u.own) u.target[u.key] = u.previous;
      else delete u.target[u.key];
    }
    open = false;
  }
}
