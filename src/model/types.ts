/** Where an item of the model came from in the input. Lines are 1-based, as an editor shows them. */
export interface Source {
  file: string;
  sheet?: string;
  line: number;
}

export type StageNumber = 1 | 2 | 3 | 4 | 5;

/** A reported progress stage: the number decides, the label is the unit's own wording. */
export interface Stage {
  value: StageNumber;
  label: string;
}

export interface Action {
  /** Code without a trailing dot, e.g. `01.02.01`. */
  id: string;
  title: string;
  /** `null` means "not reported": its own category, never stage 1. */
  stage: Stage | null;
  /** Free texts, each kept in input order; an action reported on several rows has several. */
  risks: string[];
  overallStatus: string[];
  texts: string[];
  /** Every row the action was read from, in input order; the first is its home. */
  sources: Source[];
}

export interface Goal {
  /** e.g. `01.02` */
  id: string;
  title: string;
  actions: Action[];
  source: Source;
}

export interface Theme {
  /** e.g. `01` (the input writes `01.`) */
  id: string;
  title: string;
  goals: Goal[];
  source: Source;
}

export interface Model {
  /** Display name of the input (file name, or `-` for stdin). */
  file: string;
  themes: Theme[];
}
