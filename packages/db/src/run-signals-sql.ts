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
 * (`executeInSlices`, sql-slices.ts; one slice on Citus): first each slice's signals are counted
 * (`countText`), then each slice inserts its rows with its `seq` (numbered from 0 within the slice)
 * plus the signals of the slices before it — the run's `seq` dense from 0 in the order of one
 * statement. A slice failing, or writing other than it counted, fails the whole: the run's rows are
 * removed before the error is thrown (after every slice has ended), so no partial set is left.
 */
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';
import { executeInSlices, sliceValueLists, sqlEngineSettings } from './sql-engine.repository.ts';

/** The columns of `run_signals` the statement returns (by name; any order). */
export const RUN_SIGNAL_COLUMNS = ['run_id', 'seq', 'kind', 'document_id', 'code', 'owner', 'row_no', 'uscc', 'name', 'departments', 'detail'] as const;

/** A signals statement: its text and values; `sliced` when its first two values are a slice of the rows, `countText` the count of its rows (same values). */
export interface SqlSignalsStatement {
  text: string;
  values: readonly unknown[];
  sliced?: boolean;
  countText?: string;
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
  const cols = RUN_SIGNAL_COLUMNS.join(', ');
  const n = statement.values.length;
  // the statement's run id must be this run's (the rows are written under `runId` only); `seq` plus the slice's offset
  const text =
    `INSERT INTO run_signals (${cols}) SELECT ${RUN_SIGNAL_COLUMNS.map((c) => (c === 'seq' ? `seq + $${n + 2}::int` : c)).join(', ')} ` +
    `FROM (\n${statement.text}\n) q WHERE q.run_id = $${n + 1}::int`;
  const remove = CompiledQuery.raw('delete from run_signals where run_id = $1', [runId]);
  const lists = await sliceValueLists(db, statement, options);
  if (lists.length === 1) {
    return db.transaction().execute(async (trx) => {
      await sqlEngineSettings(trx);
      await trx.executeQuery(remove);
      const r = await trx.executeQuery(CompiledQuery.raw(text, [...lists[0]!, runId, 0]));
      return Number(r.numAffectedRows ?? 0);
    });
  }
  await db.executeQuery(remove);
  const key = (values: readonly unknown[]) => `[${String(values[0])}, ${String(values[1])})`;
  try {
    // pass 1: each slice's signals counted, at once; the offsets follow in row order
    const countText = statement.countText ?? `SELECT count(*)::int AS n FROM (\n${statement.text}\n) q`;
    const counted = await executeInSlices(db, { ...statement, text: countText }, [], options, (r, values) => {
      const row = r.rows[0] as { n: number | string } | undefined;
      return { slice: key(values), n: Number(row?.n ?? 0) };
    });
    const offsets = new Map<string, { from: number; n: number }>();
    let total = 0;
    for (const c of counted) {
      offsets.set(c.slice, { from: total, n: c.n });
      total += c.n;
    }
    const of = (values: readonly unknown[]) => {
      const o = offsets.get(key(values));
      if (!o) throw new Error(`预警与触发分片 ${key(values)} 未计数（数据集的行变了） / signals slice ${key(values)} of run ${runId} was not counted (the dataset's rows changed)`);
      return o;
    };
    // pass 2: each slice inserts its rows after those of the slices before it, at once
    const written = await executeInSlices(db, { ...statement, text }, (values) => [runId, of(values).from], options, (r, values) => {
      const w = Number(r.numAffectedRows ?? 0);
      // a slice writing other than it counted would leave a gap or an overlap in `seq`: the whole fails (its transaction rolled back)
      if (w !== of(values).n) throw new Error(`预警与触发分片 ${key(values)} 写入 ${w} 行，计数为 ${of(values).n} 行 / signals slice ${key(values)} of run ${runId} wrote ${w} rows, counted ${of(values).n}`);
      return w;
    });
    return written.reduce((a, x) => a + x, 0);
  } catch (e) {
    // every slice has ended (executeInSlices awaits them all): the slices that committed are undone
    await db.executeQuery(remove).catch(() => undefined);
    throw e;
  }
}
