// The PDF's own shaping of plain Latin text (src/render/pdf/shaper.ts) must give exactly what
// fontkit's layout gives, glyph for glyph and position for position, in every face.
import fc from 'fast-check';
import { create } from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../src/node/fonts.js';
import { PlainShaper } from '../src/render/pdf/shaper.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { bareDocument, embeddedFontPrototype } from '../src/render/pdf/pdfkit-bare.js';
import { speedPatches } from '../src/render/pdf/patches/index.js';
import { withPatches } from '../src/render/pdf/patches/patch.js';
import { fullTree } from './fixtures/trees/full.js';

const FACES = ['regular', 'bold', 'italic', 'boldItalic'] as const;
/** The part of fontkit's font these tests call (vendor.d.ts declares less). */
interface Font {
  unitsPerEm: number;
  layout(text: string): { glyphs: { id: number; advanceWidth: number }[]; positions: Record<string, number>[] };
}
const faces: { name: string; font: Font; scale: number; shaper: PlainShaper }[] = [];

beforeAll(async () => {
  const fonts = await loadFonts();
  for (const name of FACES) {
    const font = create(Buffer.from(fonts[name])) as unknown as Font;
    const scale = 1000 / font.unitsPerEm;
    const shaper = PlainShaper.for(font as never, fonts[name], scale);
    if (shaper === null) throw new Error(`${name}: no plain shaper for our own font`);
    faces.push({ name, font, scale, shaper });
  }
});

/** fontkit's run for `text`, scaled as pdfkit's EmbeddedFont.layoutRun scales it. */
function reference(font: Font, scale: number, text: string) {
  const run = font.layout(text);
  const positions = run.positions.map((p, i) => {
    const out: Record<string, number> = {};
    for (const key in p) out[key] = p[key]! * scale;
    out.advanceWidth = run.glyphs[i]!.advanceWidth * scale;
    return out;
  });
  let width = 0;
  for (const p of positions) width += p.xAdvance!;
  return { ids: run.glyphs.map((g) => g.id), positions, width };
}

function expectSame(text: string): void {
  for (const { name, font, scale, shaper } of faces) {
    const ours = shaper.shape(text);
    if (ours === undefined) throw new Error(`${name}: ${JSON.stringify(text)} not shaped`);
    const ref = reference(font, scale, text);
    expect({ face: name, text, ids: ours.glyphs.map((g) => g.id), positions: ours.positions, width: ours.advanceWidth }).toEqual({ face: name, text, ...ref });
  }
}

const plain: string[] = [];
for (let c = 0x20; c < 0x2213; c++) {
  if (c === 0xad || (c > 0x24f && c < 0x2010) || (c > 0x2027 && c < 0x2030) || (c > 0x205e && c !== 0x20ac && c !== 0x2122 && c !== 0x2212)) continue;
  if (c > 0x7e && c < 0xa0) continue;
  plain.push(String.fromCharCode(c));
}

describe('plain shaper', () => {
  it('shapes every plain character alone as fontkit does', () => {
    for (const ch of plain) expectSame(ch);
  });

  it('kerns every pair of Finnish and Swedish letters, digits and punctuation as fontkit does', () => {
    const set = [...'AÄÅBCDEFGHIJKLMNOÖPQRSTUVWXYZaäåbcdefghijklmnoöpqrstuvwxyz0123456789 .,:;-–—’"\'()/%€«»'];
    for (const a of set) expectSame(set.map((b) => a + b).join(''));
  });

  it('shapes random plain words as fontkit does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...plain), { minLength: 1, maxLength: 40 }), (chars) => {
        expectSame(chars.join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves to fontkit what needs its engine', () => {
    const shaper = faces[0]!.shaper;
    for (const text of ['a\u0308', 'soft\u00adhyphen', 'שלום', 'emoji 😀', 'tab\tx', 'zero\u200bwidth', 'ǅ\u0301', 'x\ufe0f', 'Ω']) {
      expect(shaper.shape(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('is not used for a font with OpenType layout tables', () => {
    const font = { GPOS: {}, glyphForCodePoint: () => ({ id: 0 }) };
    expect(PlainShaper.for(font as never, new Uint8Array(12), 1)).toBeNull();
  });
});

describe('the PDF renderer', () => {
  it('draws with the shared face while it renders, and leaves pdfkit’s fonts stock afterwards', async () => {
    const fonts = await loadFonts();
    await renderPdf(fullTree(), { fonts });
    // pdfkit's font class, as pdfmake's documents use it.
    const font = (bareDocument().font(fonts.regular) as unknown as { _font: object })._font;
    const proto = Object.getPrototypeOf(font) as { layout: { name: string }; encode: { name: string } };
    expect(proto).toBe(embeddedFontPrototype());
    expect([proto.layout.name, proto.encode.name]).toEqual(['layout', 'encode']);
    // As a rendering has them (src/render/pdf/index.ts).
    withPatches([speedPatches(proto)], () => expect([proto.layout.name, proto.encode.name]).toEqual(['fastLayout', 'fastEncode']));
    expect([proto.layout.name, proto.encode.name]).toEqual(['layout', 'encode']);
  });
});
