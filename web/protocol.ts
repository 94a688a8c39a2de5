/** Messages between the page and its worker (web/worker.ts). */
import type { Lang, Severity } from '../src/diagnostics.js';
import type { ResolvedSettings } from '../src/document/settings.js';
import type { Format } from './report.js';

export interface DiagnosticLine {
  severity: Severity;
  line: number;
  column: number;
  /** formatDiagnostic's line, the command's wording. */
  text: string;
}

export type ToWorker =
  | { type: 'load'; id: number; which: 'current' | 'previous'; name: string; bytes: Uint8Array; lang: Lang }
  | { type: 'clear'; id: number }
  | { type: 'diagnostics'; id: number; lang: Lang }
  | { type: 'render'; id: number; format: Format | 'html'; templateName: string; settings: ResolvedSettings; uiLang: Lang };

export type FromWorker =
  | { type: 'ready'; templates: string[]; html: boolean }
  | { type: 'loaded'; id: number; which: 'current' | 'previous'; name: string; rows: number; ok: boolean; actions: number; diagnostics: DiagnosticLine[] }
  | { type: 'cleared'; id: number }
  | { type: 'diagnostics'; id: number; sets: { which: 'current' | 'previous'; diagnostics: DiagnosticLine[] }[] }
  | { type: 'progress'; id: number; stage: string }
  | { type: 'rendered'; id: number; format: Format | 'html'; fileName: string; bytes: Uint8Array; ms: number }
  | { type: 'failed'; id: number; lines: string[] };
