/**
 * Official runs evaluated inside PostgreSQL by the server (issue 16): on PostgreSQL, a dataset with at
 * least `POLICY_SQL_ENGINE_MIN_ENTERPRISES` enterprises (settings.ts) is not loaded into the process.
 * The run is executed by `executeSqlEngineRun` of @policy/db (sql-run-executor.ts, shared with
 * `policy runs create --engine sql`): the relational copy made current, the bundle in force compiled
 * to one statement (`bundleSql`) evaluated with `INSERT … SELECT`, the run's chunks — the same lines,
 * chunks and hash as an in-memory run, so exports, `runs.verify` and sign-off do not tell them apart —
 * built there a chunk at a time and the aggregates counted there. All of it is async IO: the event
 * loop is never blocked by the population.
 */
import { dialectOf, executeSqlEngineRun } from '@policy/db';
import type { Actor, Database, Run } from '@policy/db';
import { bundleSql, sqlRunPlan } from '@policy/evaluation';
import type { BundleSql, Evaluator } from '@policy/evaluation';
import type { Kysely } from 'kysely';

/** Which engine computed a run or an impact report. */
export type EngineName = 'sql' | 'memory';

/**
 * The SQL statement of a run when the SQL engine is to compute it: PostgreSQL, a dataset of at least
 * `minEnterprises`, and a bundle the compiler can express (otherwise null: the in-memory engine).
 */
export function sqlEngineStatement(db: Kysely<Database>, minEnterprises: number, rowCount: number, ev: Evaluator, at: string, datasetId: number): BundleSql | null {
  if (dialectOf(db) !== 'postgres' || rowCount < minEnterprises) return null;
  try {
    return bundleSql(ev, at, datasetId);
  } catch {
    // a construct the SQL compiler does not express: the in-memory engine computes it
    return null;
  }
}

/** Runs a started run to completion inside PostgreSQL (in the background); a failure marks it failed with the reason. */
export async function executeSqlRun(db: Kysely<Database>, actor: Actor, run: Run, ev: Evaluator, statement: BundleSql): Promise<void> {
  await executeSqlEngineRun(db, actor, run, sqlRunPlan(ev, statement, run.at, run.datasetId)).catch(() => undefined);
}
