/**
 * Text of the tree into HTML and CSS. Every string goes through one of these: data is never
 * markup, and no cell can open an element, an attribute or a rule.
 */

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Literal text as HTML text or a double-quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITY[c]!);
}

/** Literal text as HTML, a line break in it a `<br>` (as in the PDF and the DOCX). */
export function textHtml(value: string): string {
  return escapeHtml(value).replace(/\n/g, '<br>');
}

/**
 * A CSS string literal (`"…"`) of `value`: everything but letters, digits and spaces as a hex
 * escape, so no quote, backslash or `</style>` from the data survives as such; a line break is
 * `\A`, shown as one where `white-space` keeps breaks. Each escape ends with the one space that
 * CSS takes as its end, so a real space after it is kept.
 */
export function cssString(value: string): string {
  let out = '';
  for (const ch of value) {
    if (/[A-Za-z0-9 ]/.test(ch)) out += ch;
    else out += `\\${ch.codePointAt(0)!.toString(16)} `;
  }
  return `"${out}"`;
}
