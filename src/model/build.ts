import { DiagnosticSink, differingExcerpts, type Diagnostic, type Lang } from '../diagnostics.js';
import type { RawCell, RawRow, RawTable } from '../load/types.js';
import { CODE_SHAPES, compareCodes, formatCode, parseCode } from './codes.js';
import type { Action, Goal, Model, Source, Stage, StageNumber, Theme } from './types.js';

export interface ModelOptions {
  lang?: Lang;
  /** Labels for stages whose cell gives only the number. */
  stageLabels?: Partial<Record<StageNumber, string>>;
}

export interface ModelResult {
  model: Model;
  diagnostics: Diagnostic[];
}

/** Counts how often each spelling of a title occurs, remembering where each was first seen. */
class TitleVotes {
  private readonly votes = new Map<string, { count: number; first: number; line: number; column: number }>();
  add(title: string, order: number, line: number, column: number): void {
    if (title === '') return;
    const v = this.votes.get(title);
    if (v) v.count++;
    else this.votes.set(title, { count: 1, first: order, line, column });
  }
  /** The most frequent spelling; ties go to the one seen first. */
  winner(): { title: string; others: { title: string; line: number; column: number }[] } {
    const all = [...this.votes.entries()].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first);
    return { title: all[0]?.[0] ?? '', others: all.slice(1).map(([title, v]) => ({ title, line: v.line, column: v.column })) };
  }
}

interface Draft<T> {
  item: T;
  titles: TitleVotes;
}

/** One digit 1–5, then the end, or a space or separator and a label that does not start with a digit. */
const STAGE_RE = /^([1-5])(?=$|[\s\-–—:.)])\s*[-–—:.)]?\s*([\s\S]*)$/;

/**
 * `3 Toteutus on aloitettu` → stage 3 with its label. Anything that is not exactly one of 1–5
 * ("3.5", "2-3", "3–4 Toteutus", "4.0000001", "35") is invalid: never rounded, truncated or read
 * as a stage and a label.
 */
export function parseStage(cell: string, defaults: Partial<Record<StageNumber, string>>): Stage | null | 'invalid' {
  const text = cell.trim();
  if (text === '') return null;
  const m = STAGE_RE.exec(text);
  if (!m || /^\d/.test(m[2]!)) return 'invalid';
  const value = Number(m[1]) as StageNumber;
  const label = m[2]!.trim() || defaults[value] || '';
  return { value, label };
}

/** Stage labels compared without case, spacing or closing punctuation. */
function labelKey(label: string): string {
  return label.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').replace(/[\s.,;:!]+$/, '').trim();
}

/**
 * The scale's usual wordings (the sample's, and the report's default labels in fi/sv/en), so a
 * cell that gives only the label is understood even when no other row spells it with its number.
 */
const KNOWN_LABELS: [StageNumber, string][] = [
  [1, 'Ei aloitettu'],
  [2, 'Suunnitteluvaiheessa'],
  [2, 'Suunnitteluvaiheessa, on edetty hieman'],
  [3, 'Toteutus on aloitettu'],
  [3, 'Toteutus on aloitettu, ei vielä valmis'],
  [4, 'Lähellä valmistumista'],
  [4, 'Toteutusvaiheessa lähellä valmistumista, ei vielä viimeistelty/käyttöön otettu'],
  [5, 'Valmis'],
  [1, 'Inte påbörjad'],
  [2, 'I planeringsskedet'],
  [3, 'Genomförandet har inletts'],
  [4, 'Nära slutförande'],
  [5, 'Klar'],
  [1, 'Not started'],
  [2, 'Being planned'],
  [3, 'Implementation started'],
  [4, 'Close to completion'],
  [5, 'Completed'],
];

/**
 * Label → stage numbers it is used for: the table's own numbered cells, the configured labels and
 * the usual wordings. A label is understood alone only when it names one number.
 */
function stageLabelIndex(table: RawTable, configured: Partial<Record<StageNumber, string>>): Map<string, Set<StageNumber>> {
  const index = new Map<string, Set<StageNumber>>();
  const add = (value: StageNumber, label: string) => {
    const key = labelKey(label);
    if (key === '') return;
    const set = index.get(key) ?? new Set<StageNumber>();
    set.add(value);
    index.set(key, set);
  };
  for (const [value, label] of KNOWN_LABELS) add(value, label);
  for (const [value, label] of Object.entries(configured)) if (label) add(Number(value) as StageNumber, label);
  for (const row of table.rows) {
    const stage = parseStage(row.cells.stage?.value ?? '', {});
    if (stage && stage !== 'invalid') add(stage.value, stage.label);
  }
  return index;
}

/**
 * Build the theme → goal → action hierarchy from raw rows. Every quirk of real tables becomes a
 * diagnostic and a sensible model: inferred goals, majority titles, merged duplicate rows.
 */
export function buildModel(table: RawTable, options: ModelOptions = {}): ModelResult {
  const sink = new DiagnosticSink(table.file, options.lang);
  const themes = new Map<string, Draft<Theme>>();
  const goals = new Map<string, Draft<Goal>>();
  const actions = new Map<string, Draft<Action>>();
  const stageRows = new Map<string, { stage: Stage; line: number; column: number }[]>();
  const invalidStage = new Set<string>();
  const stageColumn = table.rows.find((r) => r.cells.stage)?.cells.stage?.column ?? 0;
  let labels: Map<string, Set<StageNumber>> | undefined;
  const src = (line: number): Source => (table.sheet === undefined ? { file: table.file, line } : { file: table.file, sheet: table.sheet, line });

  table.rows.forEach((row, order) => {
    const actionCell = row.cells.action;
    const parsed = parseCode(actionCell?.value ?? '', 3);
    const col = actionCell?.column ?? 0;
    if (parsed.kind === 'empty') {
      if (hasContent(row)) sink.add('MISSING_ACTION_CODE', row.line, col, { text: summary(row) });
      return;
    }
    if (parsed.kind === 'nocode') {
      sink.add('MISSING_ACTION_CODE', row.line, col, { text: short(parsed.text) });
      return;
    }
    if (parsed.kind === 'malformed') {
      sink.add('MALFORMED_CODE', row.line, col, { code: parsed.code, expected: CODE_SHAPES[3] });
      return;
    }
    const [t, g] = parsed.parts as [number, number, number];
    const actionId = formatCode(parsed.parts);
    const themeId = formatCode([t]);
    const goalId = formatCode([t, g]);

    const theme = upsert(themes, themeId, () => ({ id: themeId, title: '', goals: [], source: src(row.line) }));
    theme.titles.add(parentTitle(row.cells.theme, 1, themeId, actionId, row.line, sink), order, row.line, row.cells.theme?.column ?? 0);
    const goal = upsert(goals, goalId, () => ({ id: goalId, title: '', actions: [], source: src(row.line) }));
    goal.titles.add(parentTitle(row.cells.goal, 2, goalId, actionId, row.line, sink), order, row.line, row.cells.goal?.column ?? 0);

    const existing = actions.get(actionId);
    if (existing) {
      sink.add('DUPLICATE_ACTION', row.line, col, { id: actionId, first: existing.item.sources[0]!.line });
    }
    const action = upsert(actions, actionId, () => ({ id: actionId, title: '', stage: null, risks: [], overallStatus: [], texts: [], sources: [] }));
    action.item.sources.push(src(row.line));
    action.titles.add(parsed.title, order, row.line, col);
    appendText(action.item.risks, row.cells.risks);
    appendText(action.item.overallStatus, row.cells.overallStatus);
    appendText(action.item.texts, row.cells.text);

    const stageCell = row.cells.stage;
    let stage = parseStage(stageCell?.value ?? '', options.stageLabels ?? {});
    if (stage === 'invalid' && stageCell && !/^\s*\d/.test(stageCell.value)) {
      // The label alone: its number when the label names exactly one.
      labels ??= stageLabelIndex(table, options.stageLabels ?? {});
      const numbers = labels.get(labelKey(stageCell.value));
      if (numbers?.size === 1) {
        const value = [...numbers][0]!;
        stage = { value, label: stageCell.value.trim() };
        sink.add('STAGE_FROM_LABEL', row.line, stageCell.column, { value, label: stage.label });
      }
    }
    if (stage === 'invalid') {
      sink.add('INVALID_STAGE', row.line, stageCell?.column ?? 0, { value: short(stageCell?.value.trim() ?? '') });
      invalidStage.add(actionId);
    } else if (stage) {
      const list = stageRows.get(actionId) ?? [];
      list.push({ stage, line: row.line, column: stageCell?.column ?? 0 });
      stageRows.set(actionId, list);
    }
  });

  // Settle titles (majority spelling) and stages (lowest of conflicting rows).
  for (const drafts of [themes, goals, actions] as Map<string, Draft<Theme | Goal | Action>>[]) {
    for (const [id, draft] of drafts) {
      const { title, others } = draft.titles.winner();
      draft.item.title = title;
      for (const other of others) {
        const [chosen, variant] = differingExcerpts(title, other.title);
        sink.add('TITLE_VARIANT', other.line, other.column, { id, chosen, other: variant });
      }
      // Themes and goals without a title were reported as inferred already.
      if (title === '' && drafts === actions) sink.add('TITLE_MISSING', (draft.item as Action).sources[0]!.line, 0, { id });
    }
  }
  for (const [id, { item }] of actions) {
    const rows = stageRows.get(id) ?? [];
    const lowest = rows.reduce<(typeof rows)[number] | undefined>((lo, r) => (!lo || r.stage.value < lo.stage.value ? r : lo), undefined);
    if (lowest) {
      item.stage = lowest.stage;
      const distinct = [...new Set(rows.map((r) => r.stage.value))];
      if (distinct.length > 1) sink.add('STAGE_CONFLICT', rows[rows.length - 1]!.line, rows[rows.length - 1]!.column, { id, stages: distinct.join(', ') });
    } else if (!invalidStage.has(id)) {
      sink.add('UNREPORTED', item.sources[0]!.line, stageColumn, { id });
    }
    const goal = goals.get(parentId(id))!.item;
    goal.actions.push(item);
  }
  for (const { item } of goals.values()) themes.get(parentId(item.id))!.item.goals.push(item);

  const sorted = [...themes.values()].map((d) => d.item).sort((a, b) => compareCodes(a.id, b.id));
  for (const theme of sorted) {
    theme.goals.sort((a, b) => compareCodes(a.id, b.id));
    for (const goal of theme.goals) goal.actions.sort((a, b) => compareCodes(a.id, b.id));
  }
  sink.items.sort((a, b) => a.line - b.line || a.column - b.column);
  return { model: { file: table.file, themes: sorted }, diagnostics: sink.items };
}

/** `01.02.03` → `01.02`, `100.01` → `100`: by parts, since a part may have three digits. */
function parentId(id: string): string {
  return id.slice(0, id.lastIndexOf('.'));
}

function upsert<T>(map: Map<string, Draft<T>>, id: string, make: () => T): Draft<T> {
  let draft = map.get(id);
  if (!draft) {
    draft = { item: make(), titles: new TitleVotes() };
    map.set(id, draft);
  }
  return draft;
}

/**
 * The title of a theme or goal from its own cell. An empty cell is inferred from the action code
 * (title unknown on this row); a code that contradicts the action's is overruled by the action code.
 */
function parentTitle(cell: RawCell | undefined, depth: 1 | 2, expected: string, actionId: string, line: number, sink: DiagnosticSink): string {
  const parsed = parseCode(cell?.value ?? '', depth);
  const column = cell?.column ?? 0;
  switch (parsed.kind) {
    case 'empty':
      if (depth === 2) sink.add('GOAL_INFERRED', line, column, { action: actionId, goal: expected });
      else sink.add('THEME_INFERRED', line, column, { theme: expected });
      return '';
    case 'nocode':
      // A title without a code still names the parent the action code points to.
      return parsed.text;
    case 'malformed':
      sink.add('MALFORMED_CODE', line, column, { code: parsed.code, expected: CODE_SHAPES[depth] });
      return '';
    case 'ok': {
      const id = formatCode(parsed.parts);
      if (id !== expected) {
        sink.add('CODE_MISMATCH', line, column, { action: actionId, parent: id, expected });
        return '';
      }
      return parsed.title;
    }
  }
}

function appendText(list: string[], cell: RawCell | undefined): void {
  const value = cell?.value.trim() ?? '';
  // The same text on two rows of one action says nothing new; different texts are all kept.
  if (value !== '' && !list.includes(value)) list.push(value);
}

function hasContent(row: RawRow): boolean {
  return Object.values(row.cells).some((c) => c.value.trim() !== '');
}

function summary(row: RawRow): string {
  return short(Object.values(row.cells).map((c) => c.value.trim()).find((v) => v !== '') ?? '');
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
