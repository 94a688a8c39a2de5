import { STAGE_KEYS, type Distribution, type Stats } from '../stats/types.js';
import type { Diagnostic } from '../diagnostics.js';
import type { messages } from './messages.js';

/** The exact JSON of `stats --json`: codes without trailing dots, titles without codes. */
export function statsJson(stats: Stats, diagnostics: Diagnostic[]): unknown {
  return {
    actions: stats.actions,
    stages: stats.stages,
    themes: stats.themes.map((t) => ({
      id: t.id,
      title: t.title,
      actions: t.actions,
      stages: t.stages,
      goals: t.goals.map((g) => ({ id: g.id, title: g.title, actions: g.actions, stages: g.stages })),
    })),
    diagnostics: diagnostics.map(({ severity, code, message, file, line, column }) => ({ severity, code, message, file, line, column })),
  };
}

/** A fixed-width table a person can read in a terminal. */
export function statsTable(stats: Stats, m: ReturnType<typeof messages>, decimal: string): string {
  const titleWidth = 44;
  const cols = [m.actions, ...STAGE_KEYS.map((k) => (k === 'unreported' ? m.unreported : k)), m.mean];
  const widths = cols.map((c) => Math.max(c.length, 4));
  const line = (label: string, d: Distribution) => {
    const cells = [String(d.actions), ...STAGE_KEYS.map((k) => String(d.stages[k])), d.meanStage === null ? '–' : d.meanStage.toFixed(2).replace('.', decimal)];
    return fit(label, titleWidth) + cells.map((c, i) => c.padStart(widths[i]! + 2)).join('');
  };
  const head = fit(m.theme, titleWidth) + cols.map((c, i) => c.padStart(widths[i]! + 2)).join('');
  const rule = '-'.repeat(head.length);
  return [head, rule, ...stats.themes.map((t) => line(`${t.id} ${t.title}`, t)), rule, line(m.total, stats)].join('\n');
}

function fit(text: string, width: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > width ? `${one.slice(0, width - 1)}…` : one.padEnd(width);
}
