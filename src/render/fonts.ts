/** The four faces of the body font (Kuntaraportti Sans, a renamed Liberation Sans; fonts/README.md), as bytes: the core never reads files itself. */
export interface FontSet {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
  boldItalic: Uint8Array;
}
