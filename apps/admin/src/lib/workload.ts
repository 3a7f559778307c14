/**
 * The per-department inspection table as a planner reads it (issue 15, item 8): expected inspections
 * per year (预计每年检查户次) in whole 户次, rounded half up (8,556.5 → 8,557), the change computed from
 * the rounded figures so the columns add up, and two totals named for what they are: the sum of the
 * departments' rows, and the inspections of the enterprises counted once each (an enterprise supervised by
 * two departments — tax and police cover every one — is in both departments' rows but once here).
 */

/** Rounds half up to a whole number (never to even, never a fraction of a visit). */
export const roundHalfUp = (v: number): number => Math.floor(v + 0.5 + 1e-9);

export interface WorkloadInput {
  department: string;
  before: number;
  after: number;
}

export interface PlannerRow<T extends WorkloadInput> {
  row: T;
  before: number;
  after: number;
  delta: number;
}

export interface PlannerTable<T extends WorkloadInput> {
  rows: PlannerRow<T>[];
  /** Σ of the rounded rows (合计（各部门之和）). */
  sum: { before: number; after: number; delta: number };
  /** Every enterprise once (涉及企业去重), rounded. */
  distinct: { before: number; after: number; delta: number };
}

export function plannerTable<T extends WorkloadInput>(departments: readonly T[], total: { before: number; after: number }): PlannerTable<T> {
  const rows = departments.map((row) => {
    const before = roundHalfUp(row.before);
    const after = roundHalfUp(row.after);
    return { row, before, after, delta: after - before };
  });
  const sb = rows.reduce((s, r) => s + r.before, 0);
  const sa = rows.reduce((s, r) => s + r.after, 0);
  const db = roundHalfUp(total.before);
  const da = roundHalfUp(total.after);
  return { rows, sum: { before: sb, after: sa, delta: sa - sb }, distinct: { before: db, after: da, delta: da - db } };
}
