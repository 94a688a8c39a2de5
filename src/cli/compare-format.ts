import type { Comparison, StageChange } from '../compare/index.js';
import type { messages } from './messages.js';

/** The comparison as lines a person reads in a terminal. */
export function comparisonText(c: Comparison, previous: string, current: string, m: ReturnType<typeof messages>): string {
  const stage = (s: number | null) => (s === null ? m.notReported : String(s));
  const lines = [m.compareHeading(previous, current)];
  const section = (label: string, items: string[]) => {
    lines.push('', `${label} (${items.length})`);
    for (const item of items) lines.push(`  ${item}`);
  };
  const change = (x: StageChange) => `${x.id} ${x.title}: ${stage(x.from)} → ${stage(x.to)}`;
  for (const kind of ['advanced', 'regressed', 'newlyReported', 'noLongerReported'] as const) section(m.changeLabels[kind], c[kind].map(change));
  section(m.changeLabels.added, c.added.map((a) => `${a.id} ${a.title}`));
  section(m.changeLabels.removed, c.removed.map((a) => `${a.id} ${a.title}`));
  lines.push('', m.unchangedLine(c.unchanged));
  return lines.join('\n');
}
