import { DiagnosticSink, differingExcerpts, type Diagnostic, type Lang } from '../diagnostics.js';
import { compareCodes } from '../model/codes.js';
import type { Action, Model, StageNumber } from '../model/types.js';
import { distribution } from '../stats/compute.js';
import type { StageCounts } from '../stats/types.js';

export interface StageChange {
  id: string;
  title: string;
  /** `null` = not reported. */
  from: StageNumber | null;
  to: StageNumber | null;
}

export interface ActionRef {
  id: string;
  title: string;
  stage: StageNumber | null;
}

export interface ThemeChange {
  id: string;
  title: string;
  before: StageCounts;
  after: StageCounts;
}

/** What moved between two reporting periods, matched by action code. */
export interface Comparison {
  advanced: StageChange[];
  regressed: StageChange[];
  newlyReported: StageChange[];
  noLongerReported: StageChange[];
  added: ActionRef[];
  removed: ActionRef[];
  /** Actions in both tables with the same stage (both unreported counts as the same). */
  unchanged: number;
  themes: ThemeChange[];
  /** Warnings about the matching itself, e.g. a title that changed between the tables. */
  diagnostics: Diagnostic[];
}

export type ChangeKind = 'advanced' | 'regressed' | 'newlyReported' | 'noLongerReported' | 'added';

const actionsOf = (model: Model): Map<string, Action> => new Map(model.themes.flatMap((t) => t.goals.flatMap((g) => g.actions)).map((a) => [a.id, a]));
const stageOf = (a: Action): StageNumber | null => a.stage?.value ?? null;
const ref = (a: Action): ActionRef => ({ id: a.id, title: a.title, stage: stageOf(a) });
const byId = <T extends { id: string }>(x: T, y: T) => compareCodes(x.id, y.id);

export function compareModels(previous: Model, current: Model, options: { lang?: Lang } = {}): Comparison {
  const sink = new DiagnosticSink(current.file, options.lang);
  const before = actionsOf(previous);
  const after = actionsOf(current);
  const result: Comparison = { advanced: [], regressed: [], newlyReported: [], noLongerReported: [], added: [], removed: [], unchanged: 0, themes: [], diagnostics: sink.items };

  for (const [id, now] of after) {
    const then = before.get(id);
    if (!then) {
      result.added.push(ref(now));
      continue;
    }
    if (then.title !== now.title) {
      const [before, after] = differingExcerpts(then.title, now.title);
      sink.add('TITLE_CHANGED', now.sources[0]!.line, 0, { id, before, after });
    }
    const change: StageChange = { id, title: now.title, from: stageOf(then), to: stageOf(now) };
    const kind = changeKind(change);
    if (kind === null) result.unchanged++;
    else (result[kind] as StageChange[]).push(change);
  }
  for (const [id, then] of before) if (!after.has(id)) result.removed.push(ref(then));

  const themeIds = [...new Set([...previous.themes, ...current.themes].map((t) => t.id))].sort(compareCodes);
  result.themes = themeIds.map((id) => {
    const p = previous.themes.find((t) => t.id === id);
    const c = current.themes.find((t) => t.id === id);
    const stages = (t: typeof p) => distribution(t ? t.goals.flatMap((g) => g.actions) : []).stages;
    return { id, title: c?.title ?? p?.title ?? '', before: stages(p), after: stages(c) };
  });
  for (const list of [result.advanced, result.regressed, result.newlyReported, result.noLongerReported, result.added, result.removed]) list.sort(byId);
  return result;
}

/** The kind of change for one matched action; `null` when its stage is the same. */
export function changeKind(change: Pick<StageChange, 'from' | 'to'>): Exclude<ChangeKind, 'added'> | null {
  const { from, to } = change;
  if (from === to) return null;
  if (from === null) return 'newlyReported';
  if (to === null) return 'noLongerReported';
  return to > from ? 'advanced' : 'regressed';
}

/** The change of every action of the current table, for markers in the detail part. */
export function changeIndex(comparison: Comparison): Map<string, ChangeKind> {
  const index = new Map<string, ChangeKind>();
  for (const kind of ['advanced', 'regressed', 'newlyReported', 'noLongerReported'] as const) for (const c of comparison[kind]) index.set(c.id, kind);
  for (const a of comparison.added) index.set(a.id, 'added');
  return index;
}

/** The exact JSON of `compare --json`: ids without trailing dots, stages as numbers or null. */
export function comparisonJson(c: Comparison, diagnostics: Diagnostic[]): unknown {
  const change = ({ id, from, to }: StageChange) => ({ id, from, to });
  return {
    advanced: c.advanced.map(change),
    regressed: c.regressed.map(change),
    added: c.added.map((a) => a.id),
    removed: c.removed.map((a) => a.id),
    newlyReported: c.newlyReported.map(change),
    noLongerReported: c.noLongerReported.map(change),
    unchanged: c.unchanged,
    themes: c.themes.map(({ id, before, after }) => ({ id, before, after })),
    diagnostics: diagnostics.map(({ severity, code, message, file, line, column }) => ({ severity, code, message, file, line, column })),
  };
}
