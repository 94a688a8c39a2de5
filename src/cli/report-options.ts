// What the CLI needs of the report command before it runs one: the flags and the error kinds.
// Kept apart from report.ts so `validate`, `stats` and `compare` load no template or renderer code.

export const REPORT_OPTIONS = {
  format: { type: 'string' },
  template: { type: 'string' },
  config: { type: 'string' },
  out: { type: 'string' },
  pdfa: { type: 'string' },
  previous: { type: 'string' },
  'docx-template': { type: 'string' },
  title: { type: 'string' },
  organisation: { type: 'string' },
  unit: { type: 'string' },
  logo: { type: 'string' },
  organ: { type: 'string' },
  'meeting-date': { type: 'string' },
  section: { type: 'string' },
  attachment: { type: 'string' },
  'report-date': { type: 'string' },
  'case-number': { type: 'string' },
  'previous-date': { type: 'string' },
  force: { type: 'boolean' },
} as const;

export class ReportUsageError extends Error {}
/** A problem with a file the user gave (config, logo, template): exit 1, one line each. */
export class ReportInputError extends Error {}
