import type { Generated, Selectable } from 'kysely';

/**
 * Objections (异议) to an enterprise's result in an official run, routed to the department
 * responsible for the disputed data, answered within 3 working days (000 二(三)). Append-only but
 * for the one answer (database triggers).
 */
export interface ObjectionTable {
  id: Generated<number>;
  run_id: number;
  uscc: string;
  /** The enterprise's name as stored in the run's result. */
  enterprise_name: string;
  /** The disputed record's id, or null when the result as a whole is disputed. */
  record_id: string | null;
  /** Department id the objection is routed to (the domain assignment's directory). */
  department: string;
  /** Its Chinese name at filing. */
  department_name: string;
  grounds: string;
  evidence: string | null;
  filed_by: string;
  filed_by_name: string;
  /** ISO timestamp. */
  filed_at: string;
  /** Calendar day of filing, YYYY-MM-DD (server local time). */
  filed_on: string;
  /** `filed_on` + 3 working days (holiday calendar), YYYY-MM-DD. */
  deadline: string;
  status: ObjectionStatus;
  answered_by: string | null;
  answered_by_name: string | null;
  answered_at: string | null;
  answer_reason: string | null;
}
export type ObjectionRow = Selectable<ObjectionTable>;

export const OBJECTION_STATUSES = ['open', 'upheld', 'rejected'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/**
 * An enterprise's result re-evaluated after an upheld objection: linked to the run and the
 * objection; the run's own results stay as they were. Never changed or deleted.
 */
export interface RunCorrectionTable {
  id: Generated<number>;
  run_id: number;
  uscc: string;
  /** 1, 2, … per (run, enterprise): the latest is the enterprise's corrected result. */
  seq: number;
  /** Dataset row (0-based) of the enterprise, as in the run's result lines. */
  row_number: number;
  objection_id: number;
  /** JSON: the corrected result, the shape of the run's result line. */
  result: string;
  /** JSON: the corrected enterprise record the result was evaluated from. */
  record: string;
  /** SHA-256 over the run hash, enterprise, objection, result and record ({@link correctionHash}). */
  hash: string;
  created_by: string;
  created_at: string;
}
export type RunCorrectionRow = Selectable<RunCorrectionTable>;
