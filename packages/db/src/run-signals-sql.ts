/**
 * A run's early warnings and triggers computed inside PostgreSQL (issues 13 and 16): `INSERT INTO
 * run_signals … SELECT` of the signals statement of `@policy/evaluation` (`signalsSql`, passed in as
 * text and values: this package does not import the evaluation), which reads the run's rows of
 * `sql_run_results` and the dataset tables. The rows are those the in-memory run stores with its
 * completion (run.repository.ts `completeRun`), so the readers of run-signals.repository.ts and the
 * comparisons of runs see no difference between the engines. PostgreSQL only.
 *
 * A statement compiled for a slice of the rows (`signalsSql(…, { rowRange: true })`, `sliced`) is
 * stored as slices of the dataset's rows at once, each in its own transaction and backend
 * (`sliceValueLists` once, then `executeValueLists`; on Citus as well), in one pass: slice k of S numbers its
 * signals from `k · ⌊(2³¹ − 1) / S⌋` (its `seq`, counted from 0 within the slice, plus that base), so
 * `seq` orders the run's signals as one statement would — enterprise in row order, then warnings in
 * rule order, then items in list order — without counting them first (a second evaluation of the
 * leaves, ≈ 40 % more backend CPU). It is dense (0, 1, …, as the in-memory run stores it) within each
 * slice and with one slice; between slices it jumps. The readers (run-signals.repository.ts) use `seq`
 * only to order, page and find a group's first row — never as a position — and nobody sees it. A
 * slice with more signals than its range holds, or failing, fails the whole: the run's rows are
 * removed before the error is thrown (after every slice has ended), so no partial set is left.
 */
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { hasCitus } from './citus.ts';
import { DbError } from './errors.ts';
import { executeValueLists, sliceValueLists, sqlEngineSettings } from './sql-engine.repository.ts';

/** The columns of `run_signals` the statement returns (by name; any order). */
export const RUN_SIGNAL_COLUMNS = ['run_id', 'seq', 'kind', 'document_id', 'code', 'owner', 'row_no', 'uscc', 'name', 'departments', 'detail'] as const;

/** A signals statement: its text and values; `sliced` when its first two values are a slice of the rows (`from ≤ row_no < to`). */
export interface SqlSignalsStatement {
  text: string;
  values: readonly unknown[];
  sliced?: boolean;
}

/**
 * Stores the signals of run `runId`: replaces its rows of `run_signals` (none, or those of an earlier
 * attempt) by the rows of `statement` — one transaction, or, for a `sliced` statement, slices of
 * dataset `datasetId` at once (`slices`, default sql-slices.ts; see the module note). Returns the
 * number of rows written. A signed-off run's signals never change (the table's guard refuses).
 */
export async function insertSqlRunSignals(
  db: Kysely<Database>,
  runId: number,
  statement: SqlSignalsStatement,
  options: { datasetId?: number; slices?: number } = {},
): Promise<number> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    throw new DbError('BAD_REQUEST', 'SQL 引擎只在 PostgreSQL 上可用 / the SQL engine runs on PostgreSQL only', { reason: 'invalid-input' });
  }
  const n = statement.values.length;
  // the statement's run id must be this run's (the rows are written under `runId` only); `seq` plus the slice's base
  const text =
    `INSERT INTO run_signals (${RUN_SIGNAL_COLUMNS.join(', ')}) SELECT ${RUN_SIGNAL_COLUMNS.map((c) => (c === 'seq' ? `seq + $${n + 2}::int` : c)).join(', ')} ` +
    `FROM (\n${statement.text}\n) q WHERE q.run_id = $${n + 1}::int`;
  const remove = CompiledQuery.raw('delete from run_signals where run_id = $1', [runId]);
  const key = (values: readonly unknown[]) => `[${String(values[0])}, ${String(values[1])})`;
  const lists = await sliceValueLists(db, statement, options);
  const width = Math.floor((2 ** 31 - 1) / lists.length);
  if (lists.length === 1) {
    const citus = await hasCitus(db);
    return db.transaction().execute(async (trx) => {
      await sqlEngineSettings(trx, { citus });
      await trx.executeQuery(remove);
      const r = await trx.executeQuery(CompiledQuery.raw(text, [...lists[0]!, runId, 0]));
      return Number(r.numAffectedRows ?? 0);
    });
  }
  await db.executeQuery(remove);
  try {
    const written = await executeValueLists(db, { text }, lists, (k) => [runId, k * width], (r, k) => {
      const w = Number(r.numAffectedRows ?? 0);
      // more would reach into the next slice's numbers: the whole fails (this slice's transaction rolled back)
      if (w > width) throw new Error(`预警与触发分片 ${key(lists[k]!)} 有 ${w} 条，超过 ${width} 条 / signals slice ${key(lists[k]!)} of run ${runId} has ${w} signals, more than ${width}`);
      return w;
    });
    return written.reduce((a, x) => a + x, 0);
  } catch (e) {
    // every slice has ended (executeValueLists awaits them all): the slices that committed are undone
    await db.executeQuery(remove).catch(() => undefined);
    throw e;
  }
}
