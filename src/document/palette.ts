import type { StageKey } from '../stats/types.js';

/**
 * Stage colours shared by the chart, the tables and the stage indicators of every renderer.
 * A sequential blue palette (ColorBrewer "Blues", light to dark) stays ordered for colour-blind
 * readers and in greyscale print; "not reported" is neutral grey and also hatched.
 */
export const STAGE_COLORS: Record<StageKey, string> = {
  '1': '#deebf7',
  '2': '#9ecae1',
  '3': '#6baed6',
  '4': '#3182bd',
  '5': '#08519c',
  unreported: '#bdbdbd',
};

/** Text colour that stays readable on each stage colour. */
export const STAGE_TEXT_COLORS: Record<StageKey, string> = {
  '1': '#000000',
  '2': '#000000',
  '3': '#000000',
  '4': '#ffffff',
  '5': '#ffffff',
  unreported: '#000000',
};

/** Unfilled step of a stage indicator. */
export const EMPTY_STEP_COLOR = '#ffffff';
export const RULE_COLOR = '#808080';
