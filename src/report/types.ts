import type { Analysis } from '../pipeline.js';
import type { PdfA } from '../render/pdf/levels.js';

export type OutputRequest =
  /** `pdfa` defaults to the template's level (src/report/index.ts defaultPdfA). */
  | { format: 'pdf'; pdfa?: PdfA }
  /** `letterhead`: a .docx with a paragraph `{{raportti}}` that the report is poured into. */
  | { format: 'docx'; letterhead?: Uint8Array }
  /** One self-contained, accessible web page (src/render/html). */
  | { format: 'html' };

export interface ReportInput {
  analysis: Analysis;
  /** The table as read: its file name (`stdin` for standard input) and bytes, which the report hashes and may embed. */
  source: { name: string; bytes: Uint8Array };
  /** The previous period's table, for the comparison section. */
  previous?: { analysis: Analysis; name: string; /** Its report date (ISO), so the report names that period by it. */ date?: string };
}

export interface ReportFile {
  format: OutputRequest['format'];
  bytes: Uint8Array;
  /** `<table name>-<template>.<extension>`, no directory. */
  fileName: string;
}
