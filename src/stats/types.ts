export const STAGE_KEYS = ['1', '2', '3', '4', '5', 'unreported'] as const;
export type StageKey = (typeof STAGE_KEYS)[number];

export type StageCounts = Record<StageKey, number>;

export interface Distribution {
  /** Number of unique actions. */
  actions: number;
  stages: StageCounts;
  /** Whole percentages of `actions` that add up to exactly 100 (largest remainder); all 0 when empty. */
  percentages: StageCounts;
  /** Mean stage of the reported actions; `null` when none is reported. */
  meanStage: number | null;
}

export interface GoalStats extends Distribution {
  id: string;
  title: string;
}

export interface ThemeStats extends Distribution {
  id: string;
  title: string;
  goals: GoalStats[];
}

export interface Stats extends Distribution {
  themes: ThemeStats[];
}
