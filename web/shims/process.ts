/** The little of `process` that readable-stream and its helpers use in the browser bundle. */
export const env: Record<string, string | undefined> = {};
export const browser = true;
export const version = '';
export const versions: Record<string, string> = {};
export const platform = 'browser';
export const argv: string[] = [];
export function nextTick(fn: (...args: unknown[]) => void, ...args: unknown[]): void {
  queueMicrotask(() => fn(...args));
}
export function cwd(): string {
  return '/';
}
export function emitWarning(): void {}

export default { env, browser, version, versions, platform, argv, nextTick, cwd, emitWarning };
