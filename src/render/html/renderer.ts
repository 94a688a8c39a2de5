// The HTML entry of the renderer registry (src/report/registry.ts).
import type { Renderer } from '../../report/registry.js';
import { renderHtml } from './index.js';

export const htmlRenderer: Renderer<{ format: 'html' }> = {
  extension: 'html',
  mediaType: 'text/html; charset=utf-8',
  render: (tree) => renderHtml(tree),
};
