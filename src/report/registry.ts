/**
 * The renderers, keyed by format: a new output format is a new entry here, not a new branch in
 * the callers. Each entry is loaded on demand, so importing the core loads neither pdfmake nor docx.
 */
import type { DocumentTree } from '../document/types.js';
import type { Rasterize } from '../render/docx/handlers.js';
import type { FontSet } from '../render/fonts.js';
import type { OutputRequest } from './types.js';

export interface RenderContext {
  fonts?: FontSet;
  rasterize?: Rasterize;
}

export interface Renderer<O extends OutputRequest = OutputRequest> {
  /** File name extension, without the dot. */
  extension: string;
  mediaType: string;
  /** `output` has its defaults filled in (createReport does that, once). */
  render(tree: DocumentTree, output: O, ctx: RenderContext): Promise<Uint8Array>;
}

export type Format = OutputRequest['format'];
export type RendererRegistry = { [F in Format]: () => Promise<Renderer<Extract<OutputRequest, { format: F }>>> };

export const RENDERERS: RendererRegistry = {
  pdf: async () => (await import('../render/pdf/renderer.js')).pdfRenderer,
  docx: async () => (await import('../render/docx/renderer.js')).docxRenderer,
  html: async () => (await import('../render/html/renderer.js')).htmlRenderer,
};

export const FORMATS = Object.keys(RENDERERS) as Format[];
