/**
 * Builds the neutral document tree from the model, its statistics and a template. Every word the
 * reader sees is decided here (or in the template's texts); renderers only lay it out.
 *
 * Table values (titles, status texts, risks) go into the tree as they are: they never pass through
 * Handlebars as template source, only as data, so nothing in them is interpreted.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Action, Model, StageNumber, Theme } from '../model/types.js';
import { STAGE_KEYS, type Distribution, type StageKey, type Stats } from '../stats/types.js';
import { formatDate, formatNumber, joinList } from './format.js';
import { stageLabelsFor, type ResolvedSettings } from './settings.js';
import { TemplateError, type Section, type SectionType, type TemplateBundle, type Texts } from './template.js';
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
    /** The source bytes, embedded when the template says `attachSource` (PDF/A-3b). */
    data?: Uint8Array;
  };
  /**
   * Hook for "changes since the previous report": the comparison step's blocks, placed under a
   * heading where the template has a `comparison` section. Without it that section is skipped.
   */
  comparison?: { blocks: Block[] };
}

const LANG_TAGS = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const satisfies Record<string, LangTag>;

/** Theme codes are shown as the table and SFS 2487 write them (`01.`); goals and actions as is. */
export function themeCode(id: string): string {
  return `${id}.`;
}

interface Ctx {
  input: BuildInput;
  settings: ResolvedSettings;
  stageLabels: Record<StageNumber, string>;
  template: TemplateBundle;
  t: Texts;
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

function stageKeyOf(action: Action): StageKey {
  return action.stage ? (String(action.stage.value) as StageKey) : 'unreported';
}

function countPercent(ctx: Ctx, d: Distribution, key: StageKey): string {
  return ctx.t.text('countPercent', { count: d.stages[key], percent: d.percentages[key] });
}

function themeLabel(theme: { id: string; title: string }): string {
  return theme.title ? `${themeCode(theme.id)} ${theme.title}` : themeCode(theme.id);
}

function cell(value: string, opts: Omit<TableCell, 'children'> = {}): TableCell {
  return { children: [text(value)], ...opts };
}

function meetingReference(ctx: Ctx): string {
  const m = ctx.settings.meeting;
  if (m.date === undefined && m.section === undefined) return '';
  return ctx.t.text('meetingReference', {
    organ: m.organ ?? ctx.t.text('defaultOrgan', {}),
    date: m.date ?? null,
    section: m.section ?? null,
    attachment: m.attachment ?? null,
  });
}

function documentTitle(ctx: Ctx): string {
  // An empty configured title means "not given", never an empty title page.
  const configured = ctx.settings.title;
  if (configured !== undefined && configured.trim() !== '') return configured;
  return ctx.t.text('title', { reportDate: ctx.settings.reportDate ?? null, organisation: ctx.settings.organisation.name });
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
      organisation: ctx.settings.organisation.name,
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
      { header: ctx.t.text('colTheme', {}), width: 4 },
      ...STAGE_KEYS.map((key): TableColumn => ({ header: stageName(ctx, key), width: 1.4, align: 'right' })),
      { header: ctx.t.text('colTotal', {}), width: 1.1, align: 'right' },
    ];
    const row = (label: string, d: Distribution): TableCell[] => [
      cell(label),
      ...STAGE_KEYS.map((key) => cell(countPercent(ctx, d, key), { stage: key, align: 'right' })),
      cell(formatNumber(d.actions, lang), { align: 'right' }),
    ];
    return [
      {
        type: 'table',
        caption: ctx.t.text('distributionCaption', {}),
        columns,
        rows: stats.themes.map((th) => row(themeLabel(th), th)),
        footerRows: [row(ctx.t.text('totalRow', {}), stats)],
      },
    ];
  },

  distributionChart: (_s, ctx) => {
    const { stats } = ctx.input;
    const lang = ctx.settings.lang;
    const categories = [
      ...stats.themes.map((th) => ({ label: themeLabel(th), d: th as Distribution })),
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
              STAGE_KEYS.filter((key) => d.stages[key] > 0).map((key) => ctx.t.text('chartAltPart', { stage: stageName(ctx, key), count: d.stages[key], percent: d.percentages[key] })),
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
        categories: categories.map(({ label, d }) => ({ label, values: { ...d.stages } })),
      },
    ];
  },

  comparison: (_s, ctx) => {
    const comparison = ctx.input.comparison;
    if (!comparison) return [];
    return [{ type: 'heading', level: 1, text: ctx.t.text('comparisonHeading', {}), bookmark: true }, ...comparison.blocks];
  },

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
      { type: 'field', label: ctx.t.text('sourceRows', {}), text: formatNumber(source.rows, ctx.settings.lang) },
    ];
    if (ctx.template.structure.attachSource && source.data) {
      blocks.push({ type: 'paragraph', style: 'note', children: [text(ctx.t.text('sourceAttached', { file: source.name }))] });
    }
    return blocks;
  },

  pageBreak: () => [{ type: 'pageBreak' }],
};

function themeFull(ctx: Ctx, theme: Theme): Block[] {
  const blocks: Block[] = [{ type: 'heading', level: 1, code: themeCode(theme.id), text: theme.title, bookmark: true }];
  for (const goal of theme.goals) {
    blocks.push({ type: 'heading', level: 2, code: goal.id, text: goal.title, bookmark: true });
    for (const action of goal.actions) {
      blocks.push({ type: 'heading', level: 3, code: action.id, text: action.title, bookmark: false });
      blocks.push({ type: 'stageIndicator', stage: stageKeyOf(action), label: actionStageLabel(ctx, action) });
      for (const risk of action.risks) blocks.push({ type: 'field', label: ctx.t.text('risks', {}), text: risk });
      for (const status of action.overallStatus) blocks.push({ type: 'field', label: ctx.t.text('overallStatus', {}), text: status });
      // Every status text, in input order, exactly as written.
      for (const t of action.texts) blocks.push({ type: 'paragraph', style: 'body', children: [text(t)] });
    }
  }
  return blocks;
}

function themeCompact(ctx: Ctx, theme: Theme): Block[] {
  const actions = theme.goals.flatMap((g) => g.actions);
  return [
    { type: 'heading', level: 1, code: themeCode(theme.id), text: theme.title, bookmark: true },
    {
      type: 'table',
      caption: ctx.t.text('compactCaption', { code: themeCode(theme.id), title: theme.title }),
      columns: [
        { header: ctx.t.text('colCode', {}), width: 1.3 },
        { header: ctx.t.text('colAction', {}), width: 5 },
        { header: ctx.t.text('colStage', {}), width: 2.4 },
      ],
      rows: actions.map((a) => {
        const stage = a.stage
          ? ctx.t.text('stageName', { stage: a.stage.value, label: a.stage.label.trim() || ctx.stageLabels[a.stage.value] })
          : ctx.t.text('unreported', {});
        return [cell(a.id), cell(a.title), cell(stage, { stage: stageKeyOf(a) })];
      }),
    },
  ];
}

function mimeTypeOf(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'tsv') return 'text/tab-separated-values';
  if (ext === 'csv') return 'text/csv';
  if (ext === 'xlsx') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'application/octet-stream';
}

/** The whole document: deterministic, from its inputs only (no clock). */
export function buildDocument(input: BuildInput, template: TemplateBundle, settings: ResolvedSettings): DocumentTree {
  const t = template.texts[settings.lang];
  if (!t) {
    throw new TemplateError(`templates/${template.name}`, [`kieltä "${settings.lang}" ei ole tässä pohjassa (language not in this template); kielet: ${template.langs.join(', ')}`]);
  }
  const ctx: Ctx = { input, settings, stageLabels: stageLabelsFor(settings), template, t };
  const reportDate = settings.reportDate ?? null;
  const children = template.structure.sections.flatMap((section) => (SECTIONS[section.type] as SectionBuilder<typeof section.type>)(section, ctx));

  const attachment = settings.meeting.attachment;
  const tree: DocumentTree = {
    type: 'document',
    meta: {
      title: documentTitle(ctx),
      subject: t.text('subject', { reportDate, organisation: settings.organisation.name }),
      author: settings.organisation.name,
      keywords: t.list('keywords', {}),
      lang: LANG_TAGS[settings.lang],
      // Empty when neither a report date nor a meeting date is configured: no clock, ever.
      date: reportDate ?? '',
    },
    header: {
      organisation: settings.organisation.name,
      unit: settings.organisation.unit,
      ...(settings.organisation.logo ? { logo: settings.organisation.logo } : {}),
      docType: attachment !== undefined ? t.text('attachmentDocType', { attachment }) : t.text('docType', {}),
      date: reportDate ? formatDate(reportDate, settings.lang) : '',
      reference: meetingReference(ctx),
    },
    pageNumber: '{page} ({pages})',
    children,
  };
  if (template.structure.attachSource && input.source.data) {
    tree.attachments = [
      { name: input.source.name, mimeType: mimeTypeOf(input.source.name), description: t.text('sourceAttachmentDescription', { file: input.source.name }), data: input.source.data },
    ];
  }
  return tree;
}
