/** The `assert` browserify-zlib's binding calls (png-js decodes a PNG logo with it in the browser). */
function assert(value: unknown, message?: string): asserts value {
  if (!value) throw new Error(message ?? 'assertion failed');
}
assert.ok = assert;
assert.equal = (actual: unknown, expected: unknown, message?: string): void => {
  // Loose, as Node's assert.equal is.
  if (actual != expected) throw new Error(message ?? `${String(actual)} != ${String(expected)}`);
};

export default assert;
