/**
 * A run's early warnings and triggers computed inside PostgreSQL (issues 13 and 16): `INSERT INTO
 * run_signals … SELECT` of the signals statement of `@policy/evaluation` (`signalsSql`, passed in as
 * text and values: this package does not import the evaluation), which reads the run's rows of
 * `sql_run_results` and the dataset tables. The rows are those the in-memory run stores with its
 * completion (run.repository.ts `completeRun`), so the readers of run-signals.repository.ts and the
 * comparisons of runs see no difference between the engines. PostgreSQL only.
 */
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';
import { sqlEngineSettings } from './sql-engine.repository.ts';

/** The columns of `run_signals` the statement returns (by name; any order). */
export const RUN_SIGNAL_COLUMNS = ['run_id', 'seq', 'kind', 'document_id', 'code', 'owner', 'row_no', 'uscc', 'name', 'departments', 'detail'] as const;

/**
 * Stores the signals of run `runId`: replaces its rows of `run_signals` (none, or those of an earlier
 * attempt) by the rows of `statement`, in one transaction. Returns the number of rows written. A
 * signed-off run's signals never change (the table's guard refuses).
 */
export async function insertSqlRunSignals(db: Kysely<Database>, runId: number, statement: { text: string; values: readonly unknown[] }): Promise<number> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    throw new DbError('BAD_REQUEST', 'SQL 引擎只在 PostgreSQL 上可用 / the SQL engine runs on PostgreSQL only', { reason: 'invalid-input' });
  }
  const cols = RUN_SIGNAL_COLUMNS.join(', ');
  const n = statement.values.length;
  // the statement's run id must be this run's: the rows are written under `runId` only
  const text = `INSERT INTO run_signals (${cols}) SELECT ${cols} FROM (\n${statement.text}\n) q WHERE q.run_id = $${n + 1}::int`;
  return db.transaction().execute(async (trx) => {
    await sqlEngineSettings(trx);
    await trx.executeQuery(CompiledQuery.raw('delete from run_signals where run_id = $1', [runId]));
    const r = await trx.executeQuery(CompiledQuery.raw(text, [...statement.values, runId]));
    return Number(r.numAffectedRows ?? 0);
  });
}
