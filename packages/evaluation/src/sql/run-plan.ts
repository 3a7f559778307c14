/**
 * What the SQL engine's run executor (`executeSqlEngineRun` of @policy/db, which does not import this
 * package) needs of the evaluation for one run (issue 16): the bundle statement with the decoding of a
 * stored row, the statement building the pages of a run's lines, the aggregates from the counts made
 * in PostgreSQL, and the statement of the run's early warnings and triggers — all compiled from the
 * same evaluator. Pure.
 */
import type { PolicyDocument } from '@policy/schemas';
import { compile } from '../compile.ts';
import type { Evaluator } from '../evaluator.ts';
import { bundleSql } from './bundle-sql.ts';
import type { BundleSql } from './bundle-sql.ts';
import { SqlUnsupportedError } from './grading-sql.ts';
import type { SqlStatement } from './grading-sql.ts';
import { resultLinesSql } from './lines-sql.ts';
import type { ResultLinesSql } from './lines-sql.ts';
import { signalsSql } from './signals-sql.ts';
import { sqlRunAggregates } from './sql-aggregates.ts';
import type { SqlGradeCount, SqlSamplingCount } from './sql-aggregates.ts';
import { runEarlyWarnings, runWarningsSql } from './run-warnings-sql.ts';
import type { RunWarningCounts } from './run-warnings-sql.ts';

export interface SqlRunPlan {
  /** The bundle statement (`bundleSql(ev, at, datasetId, { rowRange: true })`: run as slices of the rows at once). */
  statement: BundleSql;
  /** The page statement of the lines of the results stored under `runId` (`resultLinesSql`). */
  lines(runId: number): ResultLinesSql;
  /**
   * The run's aggregates (`sqlRunAggregates` at the run's date), with the early-warning summary from
   * the counts of its stored warnings (`warnings`) when the bundle has warning rules, as an in-memory run keeps it.
   */
  aggregates(counts: { grades: readonly SqlGradeCount[]; sampling: readonly SqlSamplingCount[]; outside: number; n: number }, regions: readonly string[], warnings?: RunWarningCounts | null): unknown;
  /** The statement counting the warnings stored for run `runId` (`runWarningsSql`), null when the bundle has no warning rules. */
  warnings(runId: number): SqlStatement | null;
  /** The `run_signals` rows of the run whose results are stored under `runId` (`signalsSql(…, { rowRange: true })`: stored as slices of the rows at once). */
  signals(runId: number): SqlStatement & { sliced: boolean };
}

/**
 * The plan of a run of dataset `datasetId` at `at` with the bundle compiled in `ev`. Throws
 * SqlUnsupportedError when the SQL compiler cannot express the bundle or its early warnings and
 * triggers (a SQL run never lacks the signals an in-memory run stores: such a run is not made in SQL).
 *
 * @example
 * await executeSqlEngineRun(db, actor, run, sqlRunPlan(ev, '2026-10-31', 3));
 */
export function sqlRunPlan(ev: Evaluator, at: string, datasetId: number): SqlRunPlan {
  const statement = bundleSql(ev, at, datasetId, { rowRange: true });
  // compiled once here so that what the compiler cannot express is known before a run starts
  signalsSql(ev, at, 0, datasetId);
  return {
    statement,
    lines: (runId) => resultLinesSql(ev, runId, datasetId),
    aggregates: (counts, regions, warnings) => {
      const a = sqlRunAggregates(ev, at, counts, regions);
      const early = warnings ? runEarlyWarnings(ev, warnings) : null;
      return early ? { ...(a as object), earlyWarnings: early } : a;
    },
    warnings: (runId) => runWarningsSql(ev, runId),
    signals: (runId) => signalsSql(ev, at, runId, datasetId, { rowRange: true }),
  };
}

/**
 * The plan of a run of `documents` over dataset `datasetId` at `at` (e.g. to verify a stored run
 * inside PostgreSQL), or null when they do not compile or hold a construct the SQL compiler does not
 * express.
 */
export function sqlRunPlanOf(documents: PolicyDocument[], at: string, datasetId: number): SqlRunPlan | null {
  const compiled = compile({ documents });
  if (!compiled.success) return null;
  try {
    return sqlRunPlan(compiled.evaluator, at, datasetId);
  } catch (e) {
    if (e instanceof SqlUnsupportedError) return null;
    throw e;
  }
}
