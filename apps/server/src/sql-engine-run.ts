/**
 * Official runs evaluated inside PostgreSQL by the server (issue 16): on PostgreSQL, a dataset with at
 * least `POLICY_SQL_ENGINE_MIN_ENTERPRISES` enterprises (settings.ts) is not loaded into the process.
 * The run is executed by `executeSqlEngineRun` of @policy/db (sql-run-executor.ts, shared with
 * `policy runs create --engine sql`): the relational copy made current, the bundle in force compiled
 * to one statement (`bundleSql`) evaluated with `INSERT … SELECT`, the run's early warnings and
 * triggers written there too (`signalsSql`), the run's chunks — the same lines,
 * chunks and hash as an in-memory run, so exports, `runs.verify` and sign-off do not tell them apart —
 * built there a chunk at a time and the aggregates counted there. All of it is async IO: the event
 * loop is never blocked by the population.
 */
import { dialectOf, executeSqlEngineRun } from '@policy/db';
import type { Actor, Database, Run } from '@policy/db';
import { sqlRunPlan } from '@policy/evaluation';
import type { Evaluator, SqlRunPlan } from '@policy/evaluation';
import type { Kysely } from 'kysely';

/** Which engine computed a run or an impact report. */
export type EngineName = 'sql' | 'memory';

/**
 * The SQL plan of a run when the SQL engine is to compute it: PostgreSQL, a dataset of at least
 * `minEnterprises`, and a bundle whose gradings, models, early warnings and triggers the compiler can
 * express (otherwise null: the in-memory engine, so that no run lacks its signals).
 */
export function sqlEnginePlan(db: Kysely<Database>, minEnterprises: number, rowCount: number, ev: Evaluator, at: string, datasetId: number): SqlRunPlan | null {
  if (dialectOf(db) !== 'postgres' || rowCount < minEnterprises) return null;
  try {
    return sqlRunPlan(ev, at, datasetId);
  } catch {
    // a construct the SQL compiler does not express: the in-memory engine computes it
    return null;
  }
}

/** Runs a started run to completion inside PostgreSQL (in the background); a failure marks it failed with the reason. */
export async function executeSqlRun(db: Kysely<Database>, actor: Actor, run: Run, plan: SqlRunPlan): Promise<void> {
  await executeSqlEngineRun(db, actor, run, plan).catch(() => undefined);
}
