/** What the speed patches (one file per upstream class they patch) share. */

/** On a style stack while pdfmake measures the words of one text: the stack's values by property. */
export const MEASURING = Symbol('kuntaraportti.measuring');

export type Style = Record<string, unknown> & { extends?: unknown };
export interface StyleStack {
  [MEASURING]?: Map<string, unknown>;
  styleDictionary: Record<string, Style | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: unknown[];
  getProperty(property: string): unknown;
}
export interface StyleStackClass {
  prototype: StyleStack & Record<symbol, unknown>;
  getStyleProperty(item: unknown, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown;
}

export const isValue = (v: unknown): boolean => v !== undefined && v !== null;
export const isString = (v: unknown): v is string => typeof v === 'string' || v instanceof String;

export interface Inline {
  text: string;
  x: number;
  width: number;
  height?: number;
  font: unknown;
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  characterSpacing?: number;
  fontFeatures?: unknown;
  link?: unknown;
  linkToPage?: unknown;
  linkToDestination?: unknown;
  alignment?: unknown;
  decoration?: unknown;
  decorationColor?: unknown;
  decorationStyle?: unknown;
  decorationThickness?: unknown;
  background?: unknown;
  sup?: unknown;
  sub?: unknown;
  justifyShift?: number;
  _pageNodeRef?: unknown;
}
export interface Line {
  inlines: Inline[];
  _pageNodeRef?: unknown;
}

export interface PdfKitDoc {
  x: number;
  y: number;
  _font: unknown;
  opacity(o: number): void;
  fill(color: unknown): void;
  resolveColor(color: unknown, fallback: string): unknown;
  fontSize(size: number): void;
  _fragment(text: string, x: number, y: number, options: Record<string, unknown>): void;
}

export const pdfNumber = (n: number): number => Math.round(n * 1e6) / 1e6;
