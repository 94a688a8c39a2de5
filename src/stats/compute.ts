import type { Action, Model } from '../model/types.js';
import { STAGE_KEYS, type Distribution, type StageCounts, type StageKey, type Stats } from './types.js';

const zero = (): StageCounts => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, unreported: 0 });

export function stageKey(action: Action): StageKey {
  return action.stage ? (String(action.stage.value) as StageKey) : 'unreported';
}

/**
 * Whole percentages that add up to exactly 100: floor every share, then give the remaining points
 * to the largest remainders (ties in stage order), so a table's percentage column never sums to 99.
 */
export function largestRemainder(counts: StageCounts, total: number): StageCounts {
  const result = zero();
  if (total === 0) return result;
  const parts = STAGE_KEYS.map((key) => {
    const exact = (counts[key] * 100) / total;
    result[key] = Math.floor(exact);
    return { key, remainder: exact - Math.floor(exact) };
  });
  let left = 100 - STAGE_KEYS.reduce((sum, key) => sum + result[key], 0);
  for (const { key } of parts.sort((a, b) => b.remainder - a.remainder)) {
    if (left-- <= 0) break;
    result[key]++;
  }
  return result;
}

export function distribution(actions: readonly Action[]): Distribution {
  const stages = zero();
  let sum = 0;
  let reported = 0;
  for (const action of actions) {
    stages[stageKey(action)]++;
    if (action.stage) {
      sum += action.stage.value;
      reported++;
    }
  }
  return {
    actions: actions.length,
    stages,
    percentages: largestRemainder(stages, actions.length),
    meanStage: reported === 0 ? null : Math.round((sum / reported) * 100) / 100,
  };
}

/** Stage distribution per annual goal, per theme and overall; each action counts once. */
export function computeStats(model: Model): Stats {
  const themes = model.themes.map((theme) => ({
    id: theme.id,
    title: theme.title,
    ...distribution(theme.goals.flatMap((g) => g.actions)),
    goals: theme.goals.map((goal) => ({ id: goal.id, title: goal.title, ...distribution(goal.actions) })),
  }));
  return { ...distribution(model.themes.flatMap((t) => t.goals.flatMap((g) => g.actions))), themes };
}
