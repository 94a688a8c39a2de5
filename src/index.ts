// The public API: a hand-picked list. Everything else is internal and may change.
// The renderers are `kuntaraportti/pdf`, `kuntaraportti/docx` and `kuntaraportti/html`, so importing this loads neither
// pdfmake nor docx; createReport loads the ones a report needs. File-system helpers (fonts,
// templates, rasteriser) live in `kuntaraportti/node`.

// load → validate → model → stats
export { analyse, type Analysis } from './pipeline.js';
export { loadTable, type LoadOptions } from './load/index.js';
export type { RawTable, RawRow, RawCell, Limits, LoadResult, Field } from './load/types.js';
export { DEFAULT_LIMITS } from './load/types.js';
export { buildModel, type ModelOptions, type ModelResult } from './model/build.js';
export type { Model, Theme, Goal, Action, Stage, StageNumber, Source } from './model/types.js';
export { computeStats } from './stats/compute.js';
export type { Stats, ThemeStats, GoalStats, Distribution, StageCounts, StageKey } from './stats/types.js';
export { STAGE_KEYS } from './stats/types.js';
export { CODES, formatDiagnostic, hasErrors, type Diagnostic, type DiagnosticCode, type Severity, type Lang } from './diagnostics.js';

// comparison of two periods
export { compareModels, comparisonJson, type Comparison, type StageChange, type ActionRef, type ThemeChange, type ChangeKind } from './compare/index.js';

// document tree, templates and settings
export type * from './document/types.js';
export { buildDocument, type BuildInput } from './document/build.js';
export { parseSettings, resolveSettings, type ReportSettings, type ResolvedSettings } from './document/settings.js';
export { parseTemplate, TemplateError, type TemplateBundle } from './document/template.js';
export { formatDate, formatNumber, formatPercent } from './document/format.js';
export { chartToSvg } from './document/chart-svg.js';

// one call makes a report: analysis → file bytes, through the renderer registry
export {
  createReport,
  defaultPdfA,
  fileStem,
  carriesSource,
  ReportError,
  formatReportError,
  REPORT_ERRORS,
  RENDERERS,
  FORMATS,
  type CreateReportRequest,
  type ReportResult,
  type ReportErrorCode,
  type Renderer,
  type RendererRegistry,
  type RenderContext,
  type Format,
  type OutputRequest,
  type ReportInput,
  type ReportFile,
} from './report/index.js';
export { PDFA_LEVELS, DEFAULT_PDFA, type PdfA } from './render/pdf/levels.js';
export type { Rasterize } from './render/docx/handlers.js';
export type { FontSet } from './render/fonts.js';
