/**
 * Builds the neutral document tree from the model, its statistics and a template. Every word the
 * reader sees is decided here (or in the template's texts); renderers only lay it out.
 *
 * Table values (titles, status texts, risks) go into the tree as they are: they never pass through
 * Handlebars as template source, only as data, so nothing in them is interpreted.
 */
import { changeIndex, type ChangeKind, type Comparison } from '../compare/index.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Action, Model, StageNumber, Theme } from '../model/types.js';
import { STAGE_KEYS, type Distribution, type StageKey, type Stats } from '../stats/types.js';
import { formatDate, formatNumber, joinList } from './format.js';
import { localize, settingsForKind, stageLabelsFor, type KindResolved, type ResolvedSettings } from './settings.js';
import { TemplateError, type Section, type SectionType, type StringTextKey, type TemplateBundle, type Texts } from './template.js';
import { compareCodes } from '../model/codes.js';
import { text, type Block, type DocumentTree, type LangTag, type TableCell, type TableColumn } from './types.js';

export interface BuildInput {
  model: Model;
  stats: Stats;
  /** Problems found in the input; the archive template lists them in an appendix. */
  diagnostics: Diagnostic[];
  source: {
    name: string;
    sha256: string;
    /** Data rows read, blank lines not counted. */
    rows: number;
    /** Lines of the file (a text table), header and blank lines included; none for a spreadsheet. */
    lines?: number;
    /** The source bytes: given only when the output will carry them (PDF/A-3b), which the source section then says. */
    data?: Uint8Array;
  };
  /**
   * Changes since the previous report: shown where the template has a `comparison` section, and
   * as a marker on each changed action. Without it both are left out.
   */
  comparison?: { result: Comparison; previousName: string; /** The previous report's date (ISO), from its settings or `--previous-date`. */ previousDate?: string };
}

const LANG_TAGS = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const satisfies Record<string, LangTag>;

/** Theme codes are shown as the table and SFS 2487 write them (`01.`); goals and actions as is. */
export function themeCode(id: string): string {
  return `${id}.`;
}

interface Ctx {
  input: BuildInput;
  settings: KindResolved;
  stageLabels: Record<StageNumber, string>;
  template: TemplateBundle;
  t: Texts;
  /** Change of each action since the previous report, when there is one. */
  changes: Map<string, ChangeKind>;
  /** The language of the table's own texts, when it is not the report's (settings `dataLang`). */
  dataLang: LangTag | undefined;
}

/** `{ lang }` for the table's own text when the report is in another language. */
function dataLang(ctx: Ctx): { lang?: LangTag } {
  return ctx.dataLang ? { lang: ctx.dataLang } : {};
}

/** A cell of the table's own text (a title). */
function dataCell(ctx: Ctx, value: string, opts: Omit<TableCell, 'children'> = {}): TableCell {
  return { children: [text(value, dataLang(ctx))], ...opts };
}

/** Stage name for tables, chart and key figures: `3 Toteutus on aloitettu`, or `Ei raportoitu`. */
function stageName(ctx: Ctx, key: StageKey): string {
  if (key === 'unreported') return ctx.t.text('unreported', {});
  const n = Number(key) as StageNumber;
  return ctx.t.text('stageName', { stage: n, label: ctx.stageLabels[n] });
}

/** The action's own wording from the table; the configured label when the table gave none. */
function actionStageLabel(ctx: Ctx, action: Action): string {
  if (!action.stage) return ctx.t.text('unreported', {});
  const label = action.stage.label.trim() || ctx.stageLabels[action.stage.value];
  return ctx.t.text('stageIndicator', { stage: action.stage.value, label });
}

/** Where the unit's own wording stands in the stage label, when it is in another language. */
function stageLabelData(ctx: Ctx, action: Action, full: string): { labelData?: { from: number; lang: LangTag } } {
  const own = action.stage?.label.trim();
  if (!ctx.dataLang || !own || !full.endsWith(own)) return {};
  return { labelData: { from: full.length - own.length, lang: ctx.dataLang } };
}

function stageKeyOf(action: Action): StageKey {
  return action.stage ? (String(action.stage.value) as StageKey) : 'unreported';
}

/** Narrow column header for a stage (`3`, `Ei rap.`); the legend under the table names them. */
function stageColumnHeader(ctx: Ctx, key: StageKey): string {
  return key === 'unreported' ? ctx.t.text('unreportedColumn', {}) : ctx.t.text('stageColumn', { stage: Number(key) });
}

/** A stage's column: the narrow header, and the stage's name as what it stands for (read aloud). */
function stageColumn(ctx: Ctx, key: StageKey, width: number): TableColumn {
  return { header: stageColumnHeader(ctx, key), expansion: stageName(ctx, key), width, align: 'right' };
}

function stageLegend(ctx: Ctx): Block {
  const parts = ([1, 2, 3, 4, 5] as const).map((stage) => ctx.t.text('stageLegendPart', { stage, label: ctx.stageLabels[stage] }));
  return { type: 'paragraph', style: 'note', children: [text(ctx.t.text('stageLegend', { stages: joinList(parts, ctx.settings.lang) }))] };
}

/**
 * A stage's share of all, rounded on its own as a reader checks it (5 of 7 is 71 %, 4 of 12 is
 * 33 %): the table, the key figures, the chart and its alternative text all use this one figure.
 */
export function shareOf(count: number, total: number): number {
  return total > 0 ? Math.round((count * 100) / total) : 0;
}

function totalOf(stages: Record<StageKey, number>): number {
  return STAGE_KEYS.reduce((n, k) => n + stages[k], 0);
}

/** Whether the rounded shares of a row fail to add up to 100 (an empty row has none to add). */
function sharesOff(stages: Record<StageKey, number>): boolean {
  const total = totalOf(stages);
  return total > 0 && STAGE_KEYS.reduce((n, k) => n + shareOf(stages[k], total), 0) !== 100;
}

function countPercent(ctx: Ctx, d: Distribution, key: StageKey): string {
  return ctx.t.text('countPercent', { count: d.stages[key], percent: shareOf(d.stages[key], d.actions) });
}

function shareText(ctx: Ctx, count: number, total: number): string {
  return ctx.t.text('shareInParens', { percent: shareOf(count, total) });
}

/** The chart's bar labels: the same rounded share as the table, without its parentheses. */
function chartShares(ctx: Ctx, stages: Record<StageKey, number>): Partial<Record<StageKey, string>> {
  const total = totalOf(stages);
  const percent = (key: StageKey) => ctx.t.text('shareInParens', { percent: shareOf(stages[key], total) }).replace(/^\((.*)\)$/, '$1');
  return Object.fromEntries(STAGE_KEYS.filter((k) => stages[k] > 0).map((k) => [k, percent(k)]));
}

function roundingNote(ctx: Ctx): Block {
  return { type: 'paragraph', style: 'note', children: [text(ctx.t.text('roundingNote', {}))] };
}

/** A theme or goal whose title the table left empty gets a visible one: never an empty heading. */
function titleOf(ctx: Ctx, level: 'theme' | 'goal', title: string): string {
  if (title.trim() !== '') return title;
  return ctx.t.text(level === 'theme' ? 'missingThemeTitle' : 'missingGoalTitle', {});
}

function themeLabel(theme: { id: string; title: string }, ctx?: Ctx): string {
  if (theme.title) return `${themeCode(theme.id)} ${theme.title}`;
  return ctx ? `${themeCode(theme.id)} ${ctx.t.text('missingThemeTitle', {})}` : themeCode(theme.id);
}

function cell(value: string, opts: Omit<TableCell, 'children'> = {}): TableCell {
  return { children: [text(value)], ...opts };
}

/** The table's own title is in the data's language; the stand-in for a missing one is ours. */
function titleLang(ctx: Ctx, title: string): { lang?: LangTag } {
  return title.trim() !== '' ? dataLang(ctx) : {};
}

/** A theme heading its row: `T1 name` (a row header), the name marked in the data's language. */
function themeCell(ctx: Ctx, theme: { id: string; title: string }): TableCell {
  return { children: [text(themeLabel(theme, ctx), titleLang(ctx, theme.title))], rowHeader: true };
}

/** The meeting the report is an attachment to; empty for a report that is no attachment. */
function meetingReference(ctx: Ctx): string {
  const m = ctx.settings.meeting;
  if (!ctx.settings.isAttachment) return '';
  if (m.date === undefined && m.section === undefined) return '';
  const organ = localize(m.organ, ctx.settings.lang);
  return ctx.t.text('meetingReference', {
    organ: organ !== '' ? organ : ctx.t.text('defaultOrgan', {}),
    date: m.date ?? null,
    section: m.section ?? null,
    attachment: m.attachment ?? null,
  });
}

function documentTitle(ctx: Ctx): string {
  // An empty configured title means "not given", never an empty title page.
  const configured = ctx.settings.title;
  if (configured !== undefined && configured.trim() !== '') return configured;
  return ctx.t.text('title', { reportDate: ctx.settings.reportDate ?? null, organisation: organisationName(ctx.settings) });
}

function organisationName(settings: KindResolved): string {
  return localize(settings.organisation.name, settings.lang);
}

function goalCount(model: Model): number {
  return model.themes.reduce((n, th) => n + th.goals.length, 0);
}

type SectionBuilder<K extends SectionType> = (section: Extract<Section, { type: K }>, ctx: Ctx) => Block[];

/** One builder per section type: adding a section type fails to compile until it is built here. */
const SECTIONS: { [K in SectionType]: SectionBuilder<K> } = {
  title: (_s, ctx) => {
    const blocks: Block[] = [{ type: 'title', text: documentTitle(ctx) }];
    const ref = meetingReference(ctx);
    if (ref) blocks.push({ type: 'paragraph', style: 'meta', children: [text(ref)] });
    if (ctx.settings.reportDate) {
      blocks.push({ type: 'paragraph', style: 'meta', children: [text(ctx.t.text('reportDateLine', { reportDate: ctx.settings.reportDate }))] });
    }
    return blocks;
  },

  intro: (_s, ctx) => {
    const { stats, model } = ctx.input;
    const paragraphs = ctx.t.list('intro', {
      reportDate: ctx.settings.reportDate ?? null,
      organisation: organisationName(ctx.settings),
      attachment: ctx.settings.isAttachment ? (ctx.settings.meeting.attachment ?? null) : null,
      actions: stats.actions,
      themes: model.themes.length,
      goals: goalCount(model),
      reported: stats.actions - stats.stages.unreported,
      unreported: stats.stages.unreported,
      meanStage: stats.meanStage,
    });
    return paragraphs.filter((p) => p.trim() !== '').map((p): Block => ({ type: 'paragraph', style: 'body', children: [text(p)] }));
  },

  keyFigures: (_s, ctx) => {
    const { stats, model } = ctx.input;
    const lang = ctx.settings.lang;
    return [
      {
        type: 'keyFigures',
        caption: ctx.t.text('keyFiguresCaption', {}),
        columns: [ctx.t.text('keyFigureColumn', {}), ctx.t.text('keyValueColumn', {})],
        items: [
          { label: ctx.t.text('keyActions', {}), value: formatNumber(stats.actions, lang) },
          { label: ctx.t.text('keyThemes', {}), value: formatNumber(model.themes.length, lang) },
          { label: ctx.t.text('keyGoals', {}), value: formatNumber(goalCount(model), lang) },
          ...STAGE_KEYS.map((key) => ({ label: stageName(ctx, key), value: countPercent(ctx, stats, key), stage: key })),
        ],
      },
    ];
  },

  distributionTable: (_s, ctx) => {
    const { stats } = ctx.input;
    const lang = ctx.settings.lang;
    const columns: TableColumn[] = [
      { header: ctx.t.text('colTheme', {}), width: 5 },
      ...STAGE_KEYS.map((key) => stageColumn(ctx, key, 1.3)),
      { header: ctx.t.text('colTotal', {}), width: 1.9, align: 'right' },
    ];
    // The theme's name (the table's own text) or the total's label heads its row. Square, count
    // and share are one unit: the count beside its square, the share under it.
    const row = (label: TableCell, d: Distribution): TableCell[] => [
      label,
      ...STAGE_KEYS.map((key): TableCell => ({ ...cell(formatNumber(d.stages[key], lang), { stage: key, align: 'right' }), detail: [text(shareText(ctx, d.stages[key], d.actions))] })),
      cell(formatNumber(d.actions, lang), { align: 'right' }),
    ];
    const off = [...stats.themes, stats].some((d) => sharesOff(d.stages));
    return [
      {
        type: 'table',
        caption: ctx.t.text('distributionCaption', {}),
        columns,
        rows: stats.themes.map((th) => row(themeCell(ctx, th), th)),
        footerRows: [row(cell(ctx.t.text('totalRow', {}), { rowHeader: true }), stats)],
      },
      ...(off ? [roundingNote(ctx)] : []),
      stageLegend(ctx),
    ];
  },

  distributionChart: (_s, ctx) => {
    const { stats } = ctx.input;
    const lang = ctx.settings.lang;
    const categories = [
      ...stats.themes.map((th) => ({ label: themeLabel(th, ctx), d: th as Distribution })),
      { label: ctx.t.text('totalRow', {}), d: stats as Distribution },
    ];
    // The alternative text says every figure the chart shows, in words.
    const alt = ctx.t.text('chartAlt', {
      categories: categories
        .map(({ label, d }) =>
          ctx.t.text('chartAltCategory', {
            label,
            actions: d.actions,
            parts: joinList(
              STAGE_KEYS.filter((key) => d.stages[key] > 0).map((key) => ctx.t.text('chartAltPart', { stage: stageName(ctx, key), count: d.stages[key], percent: shareOf(d.stages[key], d.actions) })),
              lang,
            ),
          }),
        )
        .join(' '),
    });
    return [
      {
        type: 'chart',
        kind: 'stackedBar',
        caption: ctx.t.text('chartCaption', {}),
        alt,
        series: STAGE_KEYS.map((key) => ({ key, label: stageName(ctx, key) })),
        categories: categories.map(({ label, d }) => ({ label, values: { ...d.stages }, shares: chartShares(ctx, d.stages) })),
        totalLabel: ctx.t.text('colTotal', {}),
      },
    ];
  },

  comparison: (_s, ctx) => (ctx.input.comparison ? comparisonSection(ctx, ctx.input.comparison) : []),

  themes: (s, ctx) => ctx.input.model.themes.flatMap((theme) => (s.detail === 'full' ? themeFull(ctx, theme) : themeCompact(ctx, theme))),

  diagnostics: (_s, ctx) => {
    const { diagnostics, source } = ctx.input;
    const blocks: Block[] = [{ type: 'heading', level: 1, text: ctx.t.text('diagnosticsHeading', {}), bookmark: true }];
    if (diagnostics.length === 0) return [...blocks, { type: 'paragraph', style: 'body', children: [text(ctx.t.text('diagnosticsNone', {}))] }];
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    blocks.push({ type: 'paragraph', style: 'body', children: [text(ctx.t.text('diagnosticsIntro', { errors, warnings: diagnostics.length - errors, file: source.name }))] });
    blocks.push({
      type: 'table',
      caption: ctx.t.text('diagnosticsCaption', {}),
      columns: [
        { header: ctx.t.text('colLine', {}), width: 1, align: 'right' },
        { header: ctx.t.text('colSeverity', {}), width: 1.4 },
        { header: ctx.t.text('colMessage', {}), width: 7 },
      ],
      rows: diagnostics.map((d) => [
        // Line 0 means the whole file.
        cell(d.line > 0 ? formatNumber(d.line, ctx.settings.lang) : '–', { align: 'right' }),
        cell(ctx.t.text(d.severity === 'error' ? 'severityError' : 'severityWarning', {})),
        cell(d.message),
      ]),
    });
    return blocks;
  },

  source: (_s, ctx) => {
    const { source } = ctx.input;
    const blocks: Block[] = [
      { type: 'heading', level: 1, text: ctx.t.text('sourceHeading', {}), bookmark: true },
      { type: 'field', label: ctx.t.text('sourceFile', {}), text: source.name },
      { type: 'field', label: ctx.t.text('sourceSha256', {}), text: source.sha256 },
      // What each count counts: the data rows, and the file's own lines beside them.
      { type: 'field', label: ctx.t.text('sourceRows', {}), text: formatNumber(source.rows, ctx.settings.lang) },
      ...(source.lines !== undefined ? [{ type: 'field' as const, label: ctx.t.text('sourceLines', {}), text: formatNumber(source.lines, ctx.settings.lang) }] : []),
    ];
    if (source.data) {
      blocks.push({ type: 'paragraph', style: 'note', children: [text(ctx.t.text('sourceAttached', { file: source.name }))] });
    }
    return blocks;
  },

  pageBreak: () => [{ type: 'pageBreak' }],
};

function themeFull(ctx: Ctx, theme: Theme): Block[] {
  const lang = dataLang(ctx);
  const blocks: Block[] = [{ type: 'heading', level: 1, code: themeCode(theme.id), text: titleOf(ctx, 'theme', theme.title), bookmark: true, ...titleLang(ctx, theme.title) }];
  for (const goal of theme.goals) {
    blocks.push({ type: 'heading', level: 2, code: goal.id, text: titleOf(ctx, 'goal', goal.title), bookmark: true, ...titleLang(ctx, goal.title) });
    for (const action of goal.actions) {
      blocks.push({ type: 'heading', level: 3, code: action.id, text: action.title, bookmark: false, ...lang });
      const label = actionStageLabel(ctx, action);
      blocks.push({ type: 'stageIndicator', stage: stageKeyOf(action), label, ...stageLabelData(ctx, action, label) });
      const marker = changeMarker(ctx, action.id);
      if (marker) blocks.push({ type: 'paragraph', style: 'note', keepWithNext: true, children: [text(marker, { bold: true })] });
      for (const risk of action.risks) blocks.push({ type: 'field', label: ctx.t.text('risks', {}), text: risk, ...lang });
      for (const status of action.overallStatus) blocks.push({ type: 'field', label: ctx.t.text('overallStatus', {}), text: status, ...lang });
      // Every status text, in input order, exactly as written.
      for (const t of action.texts) blocks.push({ type: 'paragraph', style: 'body', children: [text(t, lang)] });
    }
  }
  return blocks;
}

function themeCompact(ctx: Ctx, theme: Theme): Block[] {
  const actions = theme.goals.flatMap((g) => g.actions);
  return [
    { type: 'heading', level: 1, code: themeCode(theme.id), text: titleOf(ctx, 'theme', theme.title), bookmark: true, ...titleLang(ctx, theme.title) },
    {
      type: 'table',
      caption: ctx.t.text('compactCaption', { code: themeCode(theme.id), title: titleOf(ctx, 'theme', theme.title) }),
      columns: [
        { header: ctx.t.text('colCode', {}), width: 1.3 },
        { header: ctx.t.text('colAction', {}), width: 5 },
        { header: ctx.t.text('colStage', {}), width: 2.4 },
        ...(ctx.input.comparison ? [{ header: ctx.t.text('colChange', {}), width: 1.6 }] : []),
      ],
      rows: actions.map((a) => {
        // The compact list uses the short configured stage names, as the distribution table and
        // chart do; the units' own longer wording stays in the full-detail reports.
        const row = [cell(a.id), dataCell(ctx, a.title), cell(stageName(ctx, stageKeyOf(a)), { stage: stageKeyOf(a) })];
        if (ctx.input.comparison) {
          const kind = ctx.changes.get(a.id);
          row.push(cell(kind ? changeLabel(ctx, kind) : ''));
        }
        return row;
      }),
    },
  ];
}

const CHANGE_TEXT = {
  advanced: 'changeAdvanced',
  regressed: 'changeRegressed',
  newlyReported: 'changeNewlyReported',
  noLongerReported: 'changeNoLongerReported',
  added: 'changeAdded',
} as const satisfies Record<ChangeKind, StringTextKey>;

/** Symbol and words together (`▲ Edennyt`): the change is never told by colour alone. */
function changeLabel(ctx: Ctx, kind: ChangeKind): string {
  return ctx.t.text(CHANGE_TEXT[kind], {});
}

/** A stage in a table cell: `3`, or `Ei raportoitu`. */
function stageShort(ctx: Ctx, stage: StageNumber | null): string {
  return stage === null ? ctx.t.text('unreported', {}) : String(stage);
}

/** A stage mid-sentence: `3`, or `ei raportoitu` in lower case. */
function stageInline(ctx: Ctx, stage: StageNumber | null): string {
  return stage === null ? ctx.t.text('unreportedInline', {}) : String(stage);
}

/** The line under a changed action in the detail part; `null` when it did not change. */
function changeMarker(ctx: Ctx, id: string): string | null {
  const kind = ctx.changes.get(id);
  if (!kind || !ctx.input.comparison) return null;
  const c = ctx.input.comparison.result;
  const change = kind === 'added' ? undefined : c[kind].find((x) => x.id === id);
  return ctx.t.text('changeMarker', {
    change: changeLabel(ctx, kind),
    from: change ? stageInline(ctx, change.from) : null,
    to: change ? stageInline(ctx, change.to) : null,
  });
}

function comparisonSection(ctx: Ctx, input: NonNullable<BuildInput['comparison']>): Block[] {
  const c = input.result;
  const lang = ctx.settings.lang;
  const blocks: Block[] = [{ type: 'heading', level: 1, text: ctx.t.text('comparisonHeading', {}), bookmark: true }];
  // Only the kinds of change that happened are told: no "0 new and 0 removed".
  const parts = (
    [
      ['changePartAdvanced', c.advanced.length],
      ['changePartRegressed', c.regressed.length],
      ['changePartNewlyReported', c.newlyReported.length],
      ['changePartNoLongerReported', c.noLongerReported.length],
      ['changePartAdded', c.added.length],
      ['changePartRemoved', c.removed.length],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([key, n]) => ctx.t.text(key, { n }));
  const previous = ctx.t.text('previousReport', { date: input.previousDate ?? null, file: input.previousName });
  for (const p of ctx.t.list('comparisonIntro', { previous, changes: joinList(parts, lang), unchanged: c.unchanged })) {
    blocks.push({ type: 'paragraph', style: 'body', children: [text(p)] });
  }

  const changed = (['advanced', 'regressed', 'newlyReported', 'noLongerReported'] as const)
    .flatMap((kind) => c[kind].map((x) => ({ ...x, kind })))
    .sort((a, b) => compareCodes(a.id, b.id));
  const stageCell = (s: StageNumber | null) => cell(stageShort(ctx, s), { stage: s === null ? 'unreported' : (String(s) as StageKey) });
  if (changed.length === 0) {
    blocks.push({ type: 'paragraph', style: 'body', children: [text(ctx.t.text('changedNone', {}))] });
  } else {
    blocks.push({
      type: 'table',
      caption: ctx.t.text('changedCaption', {}),
      columns: [
        // Wide enough for `Föregående` in bold unbroken (a word cut in two is read as two).
        { header: ctx.t.text('colCode', {}), width: 1.3 },
        { header: ctx.t.text('colAction', {}), width: 4.4 },
        { header: ctx.t.text('colBefore', {}), width: 1.9 },
        { header: ctx.t.text('colNow', {}), width: 1.9 },
        { header: ctx.t.text('colChange', {}), width: 2.2 },
      ],
      rows: changed.map((x) => [cell(x.id), dataCell(ctx, x.title), stageCell(x.from), stageCell(x.to), cell(changeLabel(ctx, x.kind))]),
    });
  }
  for (const [list, caption] of [
    [c.added, 'addedCaption'],
    [c.removed, 'removedCaption'],
  ] as const) {
    if (list.length === 0) continue;
    blocks.push({
      type: 'table',
      caption: ctx.t.text(caption, {}),
      columns: [
        { header: ctx.t.text('colCode', {}), width: 1.3 },
        { header: ctx.t.text('colAction', {}), width: 5 },
        { header: ctx.t.text('colStage', {}), width: 2.4 },
      ],
      rows: list.map((a) => [cell(a.id), dataCell(ctx, a.title), stageCell(a.stage)]),
    });
  }

  // Then and now per theme: two rows each, as a table and as a chart.
  const periods = (th: (typeof c.themes)[number]) => [
    { label: `${themeLabel(th, ctx)} (${ctx.t.text('periodBefore', {})})`, period: ctx.t.text('periodBefore', {}), stages: th.before },
    { label: `${themeLabel(th, ctx)} (${ctx.t.text('periodNow', {})})`, period: ctx.t.text('periodNow', {}), stages: th.after },
  ];
  blocks.push({
    type: 'table',
    caption: ctx.t.text('comparisonTableCaption', {}),
    columns: [
      // The period column fits its longest word (`Föregående`) unbroken: a word cut in two is
      // read as two.
      { header: ctx.t.text('colTheme', {}), width: 3.2 },
      { header: ctx.t.text('colPeriod', {}), width: 1.8 },
      ...STAGE_KEYS.map((key) => stageColumn(ctx, key, 1)),
    ],
    rowGroup: 2,
    rows: c.themes.flatMap((th) =>
      periods(th).map((p, i) => [i === 0 ? themeCell(ctx, th) : cell(''), cell(p.period), ...STAGE_KEYS.map((key) => cell(formatNumber(p.stages[key], lang), { stage: key, align: 'right' }))]),
    ),
  });
  const categories = c.themes.flatMap(periods);
  const total = totalOf;
  blocks.push({
    type: 'chart',
    kind: 'stackedBar',
    caption: ctx.t.text('comparisonChartCaption', {}),
    alt: ctx.t.text('comparisonChartAlt', {
      categories: categories
        .map((cat) =>
          ctx.t.text('chartAltCategory', {
            label: cat.label,
            actions: total(cat.stages),
            parts: joinList(
              STAGE_KEYS.filter((k) => cat.stages[k] > 0).map((k) => ctx.t.text('chartAltPart', { stage: stageName(ctx, k), count: cat.stages[k], percent: shareOf(cat.stages[k], total(cat.stages)) })),
              lang,
            ),
          }),
        )
        .join(' '),
    }),
    series: STAGE_KEYS.map((key) => ({ key, label: stageName(ctx, key) })),
    categories: categories.map((cat) => ({ label: cat.label, values: { ...cat.stages }, shares: chartShares(ctx, cat.stages) })),
    totalLabel: ctx.t.text('colTotal', {}),
  });
  blocks.splice(blocks.length - 1, 0, stageLegend(ctx));
  return blocks;
}

function mimeTypeOf(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'tsv') return 'text/tab-separated-values';
  if (ext === 'csv') return 'text/csv';
  if (ext === 'xlsx') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'application/octet-stream';
}

/** The whole document: deterministic, from its inputs only (no clock). */
export function buildDocument(input: BuildInput, template: TemplateBundle, common: ResolvedSettings): DocumentTree {
  const settings = settingsForKind(common, template.name, template.structure.attachment);
  const t = template.texts[settings.lang];
  if (!t) {
    throw new TemplateError(`templates/${template.name}`, [`kieltä "${settings.lang}" ei ole tässä pohjassa (language not in this template); kielet: ${template.langs.join(', ')}`]);
  }
  const changes = input.comparison ? changeIndex(input.comparison.result) : new Map<string, ChangeKind>();
  const ctx: Ctx = { input, settings, stageLabels: stageLabelsFor(settings), template, t, changes, dataLang: settings.dataLang !== settings.lang ? LANG_TAGS[settings.dataLang] : undefined };
  const reportDate = settings.reportDate ?? null;
  const children = template.structure.sections.flatMap((section) => (SECTIONS[section.type] as SectionBuilder<typeof section.type>)(section, ctx));

  const attachment = settings.meeting.attachment;
  const tree: DocumentTree = {
    type: 'document',
    meta: {
      title: documentTitle(ctx),
      subject: t.text('subject', { reportDate, organisation: organisationName(settings) }),
      author: organisationName(settings),
      keywords: t.list('keywords', {}),
      lang: LANG_TAGS[settings.lang],
      // Empty when neither a report date nor a meeting date is configured: no clock, ever.
      date: reportDate ?? '',
    },
    header: {
      organisation: organisationName(settings),
      unit: localize(settings.organisation.unit, settings.lang),
      ...(settings.organisation.logo ? { logo: settings.organisation.logo } : {}),
      // The report kind's own type (interim report, archive copy) unless this report is an attachment.
      docType: settings.isAttachment && attachment !== undefined ? t.text('attachmentDocType', { attachment }) : t.text('docType', {}),
      date: reportDate ? formatDate(reportDate, settings.lang) : '',
      reference: meetingReference(ctx),
      ...(settings.caseNumber?.trim() ? { caseNumber: settings.caseNumber.trim() } : {}),
    },
    pageNumber: '{page} ({pages})',
    children,
  };
  if (input.source.data) {
    tree.attachments = [
      { name: input.source.name, mimeType: mimeTypeOf(input.source.name), description: t.text('sourceAttachmentDescription', { file: input.source.name }), data: input.source.data },
    ];
  }
  return tree;
}
