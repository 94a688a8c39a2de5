import type { Parts } from './package.js';

export type DocxTemplateErrorCode = 'NOT_DOCX' | 'NO_PLACEHOLDER';

export class DocxTemplateError extends Error {
  constructor(
    readonly code: DocxTemplateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocxTemplateError';
  }
}

export function mergeIntoTemplate(_template: Uint8Array, _report: Parts, _opts: { date: string; lang: string; title: string }): Parts {
  throw new DocxTemplateError('NOT_DOCX', 'todo');
}
