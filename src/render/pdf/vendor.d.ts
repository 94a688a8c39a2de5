// fontkit and linebreak ship no types; only what the line breaker uses is declared.
declare module 'fontkit' {
  export interface FontkitFont {
    unitsPerEm: number;
    ascent: number;
    layout(text: string): { positions: { xAdvance: number }[] };
  }
  export function create(bytes: Uint8Array): FontkitFont;
}

declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): { position: number; required: boolean } | null;
  }
}
