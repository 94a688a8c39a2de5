/**
 * pdfmake's DocumentContext: smaller records of where each line went. Written for pdfmake 0.3.11 and pdfkit 0.19.1 (pinned in package.json).
 */
import documentContextModule from 'pdfmake/js/DocumentContext.js';
import { classOf } from '../pdfkit-bare.js';
import type { PatchSet } from './patch.js';

/** SHA-256 of each patched method's source in pdfmake 0.3.11 (see patch.ts). */
export const ORIGINALS = {
  'DocumentContext.prototype.getCurrentPosition': '75c5c3accd55d601e02c563ff696219a86c823c880c7076e60a92a553606985d',
};

/** What a page's positions share: its inner size and top-left margins. */
interface PageGeometry {
  height: number;
  width: number;
  top: number;
  left: number;
}

/**
 * pdfmake's record of where a line, vector or block was written, with the same values: the page
 * geometry is shared by the positions on a page and the two ratios are computed when read, with
 * the same arithmetic as pdfmake's eager version.
 */
class LinePosition {
  constructor(
    public pageNumber: number,
    public pageOrientation: unknown,
    public left: number,
    public top: number,
    private readonly page: PageGeometry,
  ) {}
  get pageInnerHeight(): number {
    return this.page.height;
  }
  get pageInnerWidth(): number {
    return this.page.width;
  }
  get verticalRatio(): number {
    return (this.top - this.page.top) / this.page.height;
  }
  get horizontalRatio(): number {
    return (this.left - this.page.left) / this.page.width;
  }
}

interface PositionContext {
  page: number;
  x: number;
  y: number;
  pageMargins: { top: number; bottom: number; left: number; right: number };
  getCurrentPage(): { pageSize: { width: number; height: number; orientation: unknown } };
}

/**
 * pdfmake records a position (eight fields, six of them boxed doubles) for every line and vector
 * it writes, keeps it on the node and copies the reference into every enclosing node: ~185,000 of
 * them at 10,000 actions. Only the page number and top are read in our documents.
 */
export function positionPatches(set: PatchSet): void {
  const Context = classOf(documentContextModule as unknown as { prototype: object });
  let last: PageGeometry | undefined;
  set.method(Context.prototype, 'DocumentContext.prototype.getCurrentPosition', () => function (this: PositionContext): LinePosition {
    const pageSize = this.getCurrentPage().pageSize;
    const m = this.pageMargins;
    const height = pageSize.height - m.top - m.bottom;
    const width = pageSize.width - m.left - m.right;
    if (last === undefined || last.height !== height || last.width !== width || last.top !== m.top || last.left !== m.left) {
      last = { height, width, top: m.top, left: m.left };
    }
    return new LinePosition(this.page + 1, pageSize.orientation, this.x, this.y, last);
  });
}
