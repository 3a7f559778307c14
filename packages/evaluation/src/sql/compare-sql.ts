/**
 * A candidate grading against the published results, inside PostgreSQL (issue 16): the migration
 * matrix of one grading document — how many enterprises of the register move from each published
 * grade to each candidate grade — with the candidate evaluated by its grading statement
 * (grading-sql.ts) and the published grades read from a run the SQL engine stored
 * (`sql_run_results`, the document's position in the bundle statement's `grades`). The distributions
 * of both sides are the matrix's row and column sums. Pure: text and bind values, no IO.
 *
 * Only the edited document is evaluated (one pass over the enterprises, its records and lists), not
 * the whole bundle: the cost of a preview of one edit is that of one grading. The join is on the
 * dataset row (`row_no`), the aggregate a plain GROUP BY — what a distributed engine re-aggregates
 * on its coordinator.
 */
import type { GradingDocument } from '@policy/schemas';
import type { SqlStatement } from './grading-sql.ts';
import { addUpCounts, Binder, gradingBody } from './grading-sql.ts';

/** One cell of the migration matrix: published grade → candidate grade (NULL: no grade), enterprises. */
export interface MigrationCell {
  from_grade: string | null;
  to_grade: string | null;
  n: number;
}

/**
 * The migration matrix of grading `candidate` at `at` over dataset `datasetId` against the grades
 * run `published.runId` stored for the document at index `published.docIndex` (evaluator order, as
 * `BundleSql.documents`): rows {@link MigrationCell}, enterprises outside the register left out.
 * `rowRange`: compiled for a slice of the rows (`sliced`; its first two values are the slice,
 * `sliceValues`) — each slice's matrix counts its enterprises only, and {@link mergeMigrationCells}
 * adds the slices' matrices up.
 *
 * @example
 * const q = gradingMigrationSql(edited, '2026-10-31', 7, { runId: 12, docIndex: 0 });
 * const cells = (await pool.query(q.text, q.values)).rows; // [{ from_grade: 'A', to_grade: 'B', n: 120 }, …]
 */
export function gradingMigrationSql(
  candidate: GradingDocument,
  at: string,
  datasetId: number,
  published: { runId: number; docIndex: number },
  options: { rowRange?: boolean } = {},
): SqlStatement & { sliced: boolean; mergeJoins: true } {
  const b = new Binder({ rowRange: options.rowRange === true });
  // both sides in row order and joined by merging (mergeJoins): at 5,000,000 rows a slice 24.6 → 13.5–13.9 s
  // (hash tables of hundreds of MB per join miss the caches; the sorted inputs come from the primary keys)
  const body = gradingBody(candidate, at, datasetId, b, { rowOrder: true });
  const run = b.bind(published.runId, 'int');
  const k = b.bind(published.docIndex + 1, 'int');
  return {
    text:
      `SELECT p.grades[${k}] AS from_grade, c.grade AS to_grade, count(*)::int AS n FROM (\n${body}\n) c ` +
      `JOIN (SELECT row_no, grades, outside FROM sql_run_results WHERE run_id = ${run}${b.rowBounds()} ORDER BY row_no) p ON p.row_no = c.row_no ` +
      'WHERE NOT p.outside GROUP BY 1, 2 ORDER BY 1, 2',
    values: b.values,
    sliced: b.sliced,
    mergeJoins: true,
  };
}

/**
 * The migration matrix of the whole register from the matrices of its slices (each from
 * {@link gradingMigrationSql} with `rowRange`): the cells of equal grades added up, ordered by the
 * published grade, then the candidate grade (code-unit order, no grade last).
 */
export function mergeMigrationCells(parts: readonly (readonly MigrationCell[])[]): MigrationCell[] {
  const order = (x: string | null, y: string | null) => (x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1);
  return addUpCounts(parts, (c) => JSON.stringify([c.from_grade, c.to_grade])).sort((p, q) => order(p.from_grade, q.from_grade) || order(p.to_grade, q.to_grade));
}
