/**
 * The IO of an impact report computed inside PostgreSQL (issue 16). Each side of the comparison is
 * evaluated into a scratch table of its own — unlogged (nothing to the WAL; PostgreSQL empties it
 * after a crash, and it is scratch), named `impact_scratch_<id>_<side>` with an id drawn from the
 * sequence `sql_scratch_runs` — by its bundle statement run as slices at once (sql-slices.ts: a
 * `SELECT` runs in one backend, so one report used one core), or filled from a stored run's rows. The
 * report's counting statements then run as tasks, as many at once as there are slices, each in a
 * transaction of its own in which temporary views give the tables the names the statements read
 * (`impact_base`, `impact_cand`). The tables are dropped when the report ends, whatever happens; while
 * it runs the report holds the advisory lock of its scratch id (sql-run-retention.ts; the tables are
 * named by its negation), so the tables of a report whose process died are dropped by the next prune,
 * never those of a running one. On Citus the tables are distributed with the results
 * (`distributeScratchTable`, citus.ts), so the evaluation into them and the counting run on the
 * workers, and the statements are run as Citus takes them (`citusStatementText`). The SQL
 * comes from `@policy/evaluation` (impact-sql.ts), passed in as text and values: this package does
 * not import it.
 */
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import pLimit from 'p-limit';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';
import { citusStatementText, distributeScratchTable, hasCitus } from './citus.ts';
import { dialectOf } from './raw.ts';
import { executeInSlices, SQL_RUN_RESULT_COLUMNS, sliceValueLists, sqlEngineSettings } from './sql-engine.repository.ts';
import { pruneScratchTables, withNewScratch } from './sql-run-retention.ts';
import { sqlSliceCount } from './sql-slices.ts';

type Db = Kysely<Database>;

/**
 * A statement as text and bind values; `hashAggregates`: grouped in a hash table, never by sorting
 * (a few groups whose columns' statistics suggest millions, see `sqlEngineSettings`).
 */
export interface SqlText {
  text: string;
  values: readonly unknown[];
  hashAggregates?: boolean;
}

/** Runs a statement of one of the report's sessions and returns its rows. */
export type SqlImpactQuery = <R>(statement: SqlText) => Promise<R[]>;

/** One side of the report: the name its statements read it by, and where its rows come from. */
export interface SqlImpactSide {
  /** The name of the side in the report's statements (a temporary view of each session): lower-case letters and `_`. */
  name: string;
  /** The side's bundle statement (rows of `SQL_RUN_RESULT_COLUMNS`), run in slices when compiled with a row range (`sliced`). */
  statement: SqlText & { unorderedText?: string; sliced?: boolean; mergeJoins?: boolean };
  /** A stored run whose rows stand for the side when it still has all `rows` of them (otherwise the statement is evaluated). */
  stored?: { runId: number; rows: number };
}

/** What the report's counting is given (see {@link withSqlImpactTables}). */
export interface SqlImpactSessions {
  /** Runs `work` in a session of its own (its own transaction on its own connection, the sides under their names), at most as many at once as slices. */
  task<T>(work: (query: SqlImpactQuery) => Promise<T>): Promise<T>;
  /** Runs one statement as a task. */
  query: SqlImpactQuery;
  /**
   * A statement compiled with a row range (`sliced`) as one statement per slice of the dataset, as the
   * sides are evaluated (the rows of each a part of the whole: counts add up); others as they are.
   */
  slices(statement: SqlText & { sliced?: boolean }): Promise<{ text: string; values: unknown[] }[]>;
  /** Per side (in the order given): whether the stored run's rows were used. */
  stored: boolean[];
}

const SIDE_NAME = /^[a-z_]+$/;

/**
 * Fills one scratch table per side (see the module note; the sides one after the other, each
 * evaluation in `slices` slices of dataset `datasetId`) and calls `fn` with sessions reading them.
 * Times in milliseconds: filling the tables, and the counting in `fn`.
 */
export async function withSqlImpactTables<T>(
  db: Db,
  sides: readonly SqlImpactSide[],
  fn: (sessions: SqlImpactSessions) => Promise<T>,
  options: { datasetId: number; slices?: number },
): Promise<{ value: T; evaluateMs: number; countMs: number }> {
  if (dialectOf(db) !== 'postgres') {
    throw new DbError('BAD_REQUEST', 'SQL 引擎只在 PostgreSQL 上可用 / the SQL engine runs on PostgreSQL only', { reason: 'invalid-input' });
  }
  for (const s of sides) if (!SIDE_NAME.test(s.name)) throw new Error(`bad side name ${s.name}`);
  // the tables of reports whose process died
  await pruneScratchTables(db);
  const slices = options.slices ?? sqlSliceCount();
  const citus = await hasCitus(db);
  const cols = SQL_RUN_RESULT_COLUMNS.join(', ');
  const exec = (text: string, values: readonly unknown[] = []) => db.executeQuery(CompiledQuery.raw(text, [...values]));
  return withNewScratch(db, async (scratch) => {
    const tables = sides.map((_, k) => `impact_scratch_${-scratch}_${k}`);
    try {
      const t0 = performance.now();
      const stored: boolean[] = [];
      for (const [k, side] of sides.entries()) {
        const table = tables[k]!;
        await exec(`create unlogged table ${table} as select ${cols} from sql_run_results with no data`);
        await distributeScratchTable(db, table);
        let used = false;
        if (side.stored) {
          // the stored run's rows, unless they were pruned meanwhile (sql-run-retention.ts): then evaluated after all
          const r = await exec(`insert into ${table} (${cols}) select ${cols} from sql_run_results where run_id = $1`, [side.stored.runId]);
          used = Number(r.numAffectedRows ?? 0) === side.stored.rows;
          if (!used) await exec(`truncate ${table}`);
        }
        if (!used) {
          const text = `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM (\n${side.statement.unorderedText ?? side.statement.text}\n) q`;
          await executeInSlices(db, { text, values: side.statement.values, sliced: side.statement.sliced, mergeJoins: side.statement.mergeJoins }, [], { datasetId: options.datasetId, slices }, () => null);
        }
        stored.push(used);
        await exec(`analyze ${table}`);
      }
      const t1 = performance.now();
      const limit = pLimit(slices);
      const task = <R>(work: (query: SqlImpactQuery) => Promise<R>): Promise<R> =>
        limit(() =>
          db.transaction().execute(async (trx) => {
            // a statement grouping by hashing (`hashAggregates`) runs without sorts, the next ones with them
            // again (after a failure the transaction is over: nothing to set back)
            const query: SqlImpactQuery = async <X>(st: SqlText) => {
              if (st.hashAggregates) await trx.executeQuery(CompiledQuery.raw('set local enable_sort = off'));
              const rows = (await trx.executeQuery<X>(CompiledQuery.raw(citus ? citusStatementText(st.text) : st.text, [...st.values]))).rows;
              if (st.hashAggregates) await trx.executeQuery(CompiledQuery.raw('set local enable_sort = on'));
              return rows;
            };
            await sqlEngineSettings(trx, { citus });
            for (const [k, side] of sides.entries()) await trx.executeQuery(CompiledQuery.raw(`create temp view ${side.name} as select * from ${tables[k]}`));
            const value = await work(query);
            // views created in this transaction: a failure rolls them back, a success drops them here
            for (const side of sides) await trx.executeQuery(CompiledQuery.raw(`drop view ${side.name}`));
            return value;
          }),
        );
      const inSlices = async (st: SqlText & { sliced?: boolean }) =>
        (await sliceValueLists(db, st, { datasetId: options.datasetId, slices })).map((values) => ({ text: st.text, values }));
      const value = await fn({ task, query: (st) => task((q) => q(st)), slices: inSlices, stored });
      return { value, evaluateMs: Math.round(t1 - t0), countMs: Math.round(performance.now() - t1) };
    } finally {
      for (const table of tables) await exec(`drop table if exists ${table}`);
    }
  });
}

/** A stored run of the SQL engine whose rows can stand for one side of the report. */
export interface ReusableSqlRun {
  id: number;
  /** The document ids of its statement in order (the positions of its `grades`, `rules` and `scores`), from its aggregates. */
  documents: string[];
}

const versionKey = (vs: readonly { documentId: string; versionNumber: number | null; contentHash: string }[]) =>
  [...vs].map((v) => `${v.documentId}@${v.versionNumber ?? ''}@${v.contentHash}`).sort().join(',');

/**
 * The newest stored run of the SQL engine (completed or signed off, the whole dataset: no
 * jurisdiction) of dataset `datasetId` at `at`, evaluated on the content `contentHash` with exactly
 * `versions` (document, version number and content hash, no more, no fewer), whose per-enterprise
 * rows are still in `sql_run_results` (sql-run-retention.ts keeps the newest and the signed-off
 * one); null when there is none. PostgreSQL only (null on SQLite).
 */
export async function reusableSqlRun(
  db: Db,
  q: { datasetId: number; at: string; contentHash: string; versions: readonly { documentId: string; versionNumber: number | null; contentHash: string }[] },
): Promise<ReusableSqlRun | null> {
  if (dialectOf(db) !== 'postgres') return null;
  const want = versionKey(q.versions);
  const { rows } = await db.executeQuery<{ id: number; versions: string; aggregates: string | null }>(
    CompiledQuery.raw(
      "select r.id, r.versions, r.aggregates from runs r where r.dataset_id = $1 and r.at = $2 and r.jurisdiction is null and r.engine = 'sql' " +
        "and r.status in ('completed', 'signed-off') and r.dataset_hash = $3 order by r.id desc",
      [q.datasetId, q.at, q.contentHash],
    ),
  );
  for (const r of rows) {
    const versions = JSON.parse(r.versions) as { documentId: string; versionNumber: number; contentHash: string }[];
    if (versionKey(versions) !== want || r.aggregates === null) continue;
    const agg = JSON.parse(r.aggregates) as { documents?: { id: string }[] };
    if (!Array.isArray(agg.documents)) continue;
    // its rows still kept — asked apart from `runs`: on Citus `sql_run_results` is distributed and `runs` a
    // coordinator table, which Citus does not join directly ("direct joins between distributed and local tables")
    const kept = await db.executeQuery(CompiledQuery.raw('select 1 from sql_run_results where run_id = $1 limit 1', [r.id]));
    if (kept.rows.length === 0) continue;
    return { id: Number(r.id), documents: agg.documents.map((d) => d.id) };
  }
  return null;
}
