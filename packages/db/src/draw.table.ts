import type { Generated, Selectable } from 'kysely';

/**
 * 双随机 draws: run on the published set at a date, stored with their seed, roster and exact versions
 * so that they can be re-run; publishable once (一公开).
 */
export interface DrawTable {
  id: Generated<number>;
  name: string;
  dataset_id: number;
  at: string;
  department: string | null;
  seed: string;
  round: number;
  /** JSON: the inspectors drawn from ({@link DrawInspector}[]). */
  roster: string;
  /** JSON: the version set evaluated ({@link DrawVersion}[]). */
  versions: string;
  /** JSON: groups and inspections. */
  result: string;
  /** SHA-256 of the canonical result (`contentHash`): a re-run must give the same. */
  result_hash: string;
  status: DrawStatus;
  created_by: string;
  created_at: string;
  published_by: string | null;
  published_at: string | null;
  /** Round label (`2026-Q1`) of a round draw (null: a draw made before issue 14). */
  round_label: string | null;
  /** The signed-off run the population came from (null: the policies in force on the dataset). */
  run_id: number | null;
  /** 1 for the round's draw, 2, 3 … for approved redraws. */
  attempt: number | null;
  /** JSON {@link SeedInputs}: the recorded values whose SHA-256 is the seed. */
  seed_inputs: string | null;
  /** Most inspections per inspector in the round (null: none). */
  cap: number | null;
}
export type DrawRow = Selectable<DrawTable>;

/** A round registered before its draw; never changes. */
export interface DrawRoundTable {
  department: string;
  round: string;
  /** The public value fixed in advance (e.g. a lottery result), part of the seed. */
  public_value: string;
  window_from: string | null;
  window_to: string | null;
  registered_by: string;
  registered_at: string;
}

/** A redraw request: a written reason, decided by a second person. */
export interface DrawRedrawTable {
  id: Generated<number>;
  department: string;
  round: string;
  draw_id: number;
  reason: string;
  status: RedrawStatus;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  new_draw_id: number | null;
}
export const REDRAW_STATUSES = ['pending', 'approved', 'rejected', 'used'] as const;
export type RedrawStatus = (typeof REDRAW_STATUSES)[number];

/** An inspection outcome entered after publication. */
export interface DrawOutcomeTable {
  draw_id: number;
  uscc: string;
  outcome: InspectionOutcome;
  note: string;
  recorded_by: string;
  recorded_at: string;
}
/** 未发现问题 / 发现问题 / 未检查 */
export const INSPECTION_OUTCOMES = ['no-problem', 'problem', 'not-inspected'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

/** What a round draw's seed is the SHA-256 of (canonical JSON), recorded with the draw. */
export interface SeedInputs {
  department: string;
  round: string;
  publicValue: string;
  attempt: number;
  /** The signed-off run, or the dataset and the versions in force. */
  source: { kind: 'run'; runId: number; runHash: string } | { kind: 'dataset'; datasetId: number; datasetHash: string; at: string; versions: DrawVersion[] };
}

/** `superseded`: replaced by an approved redraw. */
export const DRAW_STATUSES = ['draft', 'published', 'superseded'] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

/** One inspector of a draw's roster. */
export interface DrawInspector {
  id: string;
  name: string;
  department: string;
}

/** One document version of the set a draw was run on. */
export interface DrawVersion {
  documentId: string;
  versionNumber: number;
  contentHash: string;
}
