// The public API: a hand-picked list. Everything else is internal and may change.
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
export type * from './document/types.js';
