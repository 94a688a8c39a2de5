import { hasErrors, type Diagnostic } from './diagnostics.js';
import { loadTable, type LoadOptions } from './load/index.js';
import { buildModel, type ModelOptions } from './model/build.js';
import type { Model } from './model/types.js';
import { computeStats } from './stats/compute.js';
import type { Stats } from './stats/types.js';

export interface Analysis {
  /** Empty (no themes) when the table could not be read at all. */
  model: Model;
  stats: Stats;
  /** Every problem found in load and model, in line order. */
  diagnostics: Diagnostic[];
  /** Data rows read (blank lines not counted). */
  rows: number;
  /** True when nothing is an error, so a report may be made. */
  ok: boolean;
}

/** load → validate → model → stats, for one input. Never throws on bad data. */
export async function analyse(bytes: Uint8Array, options: LoadOptions & ModelOptions): Promise<Analysis> {
  const loaded = await loadTable(bytes, options);
  const built = loaded.table ? buildModel(loaded.table, options) : { model: { file: options.file, themes: [] }, diagnostics: [] };
  const diagnostics = [...loaded.diagnostics, ...built.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    model: built.model,
    stats: computeStats(built.model),
    diagnostics,
    rows: loaded.table?.rows.length ?? 0,
    ok: loaded.table !== null && !hasErrors(diagnostics),
  };
}
