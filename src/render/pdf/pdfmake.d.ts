// pdfmake 0.3 ships no types; only the surface this renderer uses is declared.
declare module 'pdfmake' {
  interface VirtualFs {
    writeFileSync(name: string, content: Uint8Array | ArrayBuffer): void;
    existsSync(name: string): boolean;
  }
  export interface PdfKitDocument extends NodeJS.ReadableStream {
    end(): void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    read(size?: number): Buffer | null;
    info: Record<string, unknown>;
    outline?: { options: { expanded?: boolean }; outlineData: Record<string, unknown>; children: unknown[] };
    _addInfo(): void;
    appendXML(xml: string, newline?: boolean): void;
  }
  interface OutputDocument {
    getStream(): Promise<PdfKitDocument>;
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMake {
    virtualfs: VirtualFs;
    setFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
    setUrlAccessPolicy(cb: (url: string) => boolean): void;
    setLocalAccessPolicy(cb: (path: string) => boolean): void;
    createPdf(doc: object, options?: object): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}

// pdfmake's internal modules whose classes the renderer patches (patches/, pdfmake-tags.ts, svg-fonts.ts):
// module.exports with the class as `default` (or the class itself, from a bundler).
declare module 'pdfmake/js/*.js' {
  const mod: { default?: { prototype: object }; prototype: object };
  export default mod;
}
