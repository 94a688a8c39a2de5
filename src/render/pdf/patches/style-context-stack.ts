/**
 * pdfmake's StyleContextStack: style lookups without allocating. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 *
 * pdfmake resolves ~20 style properties for every text it measures, each by pushing it on the
 * style stack, calling a fresh closure and allocating a `Set` per named style looked at. The
 * replacement walks the same stack in the same order without allocating; it differs only where a
 * style `extends` another, which it hands to pdfmake's own code.
 */
import styleStackModule from 'pdfmake/js/StyleContextStack.js';
import { classOf } from '../pdfkit-bare.js';
import { isString, isValue, MEASURING, type StyleStack, type StyleStackClass } from './common.js';
import type { AnyFunction, PatchSet } from './patch.js';

/** SHA-256 of each patched method's source in pdfmake 0.3.11 (see patch.ts). */
export const ORIGINALS = {
  'StyleContextStack.prototype.getProperty': '1f44d5be2de5a5d4de85f8a59689ae9d8c9a46191b01a8f18f5406d5b48810c9',
  'StyleContextStack.getStyleProperty': 'ca42470130b7e9d113f844c4a81996338f2911687b20ab0b4c78d9d3be652193',
};

export function stylesPatches(set: PatchSet): void {
  const Stack = classOf(styleStackModule as unknown as StyleStackClass);
  // pdfmake's own two, for styles that extend others; set when the patches are made.
  let originalGetProperty: AnyFunction = Stack.prototype.getProperty;
  let original: AnyFunction = Stack.getStyleProperty.bind(Stack);

  /** A named style's own value, or `undefined`; `null` when pdfmake's own lookup must decide (extends). */
  const fromStyle = (stack: StyleStack, name: string, property: string): unknown => {
    const style = stack.styleDictionary[name];
    if (!style) return undefined;
    const value = style[property];
    if (isValue(value)) return value;
    return style.extends ? null : undefined;
  };

  /** The style stack's value for `property`, as pdfmake's getProperty computes it. */
  function getProperty(this: StyleStack, property: string): unknown {
    const overrides = this.styleOverrides;
    for (let i = overrides.length - 1; i >= 0; i--) {
      const item = overrides[i];
      if (isString(item)) {
        const value = fromStyle(this, String(item), property);
        if (value === null) return originalGetProperty.call(this, property);
        if (value !== undefined) return value;
      } else {
        const value = (item as Record<string, unknown>)[property];
        if (isValue(value)) return value;
      }
    }
    return this.defaultStyle && this.defaultStyle[property];
  }

  /**
   * pdfmake's `auto(item, () => stack.getProperty(property))` without pushing: the item's own
   * value, then its named styles (last first), then the stack.
   */
  function getStyleProperty(item: unknown, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
    const own = (item as Record<string, unknown>)[property];
    if (isValue(own)) return own;
    if (!stack) return defaultValue;
    if (!isString(item) && (item as { section?: unknown }).section === undefined) {
      const style = (item as { style?: unknown }).style;
      if (style) {
        const names = Array.isArray(style) ? (style as unknown[]) : [style];
        for (let i = names.length - 1; i >= 0; i--) {
          const value = fromStyle(stack, String(names[i]), property);
          if (value === null) return original(item, stack, property, defaultValue);
          if (value !== undefined) return value;
        }
      }
    }
    const cache = stack[MEASURING];
    let value: unknown;
    if (cache === undefined) value = getProperty.call(stack, property);
    else if (cache.has(property)) value = cache.get(property);
    else cache.set(property, (value = getProperty.call(stack, property)));
    return isValue(value) ? value : defaultValue;
  }

  set.method(Stack.prototype, 'StyleContextStack.prototype.getProperty', (stock) => {
    originalGetProperty = stock;
    return getProperty;
  });
  set.method(Stack, 'StyleContextStack.getStyleProperty', (stock) => {
    original = stock.bind(Stack);
    return getStyleProperty;
  });
}
