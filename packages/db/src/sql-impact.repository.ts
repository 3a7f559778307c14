/**
 * The IO of an impact report computed inside PostgreSQL (issue 16): one transaction on one
 * connection in which each side of the comparison is evaluated into a temporary table (dropped at
 * commit: nothing is left behind, and concurrent reports do not see each other's tables), analysed,
 * and then counted by the caller's statements. The SQL comes from `@policy/evaluation`
 * (impact-sql.ts), passed in as text and values: this package does not import it.
 */
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';
import { dialectOf } from './raw.ts';
import { SQL_WORK_MEM } from './sql-engine.repository.ts';

type Db = Kysely<Database>;

/** A statement as text and bind values. */
export interface SqlText {
  text: string;
  values: readonly unknown[];
}

/** Runs a statement of the report's transaction and returns its rows. */
export type SqlImpactQuery = <R>(statement: SqlText) => Promise<R[]>;

/**
 * Creates the temporary `tables` (each `name` filled by its statement, a `CREATE TEMP TABLE … ON
 * COMMIT DROP AS SELECT`), analyses them, and calls `fn` with a query runner of the same transaction.
 * Times in milliseconds: creating the tables, and the counting in `fn`.
 */
export async function withSqlImpactTables<T>(
  db: Db,
  tables: readonly { name: string; statement: SqlText }[],
  fn: (query: SqlImpactQuery) => Promise<T>,
): Promise<{ value: T; evaluateMs: number; countMs: number }> {
  if (dialectOf(db) !== 'postgres') {
    throw new DbError('BAD_REQUEST', 'SQL 引擎只在 PostgreSQL 上可用 / the SQL engine runs on PostgreSQL only', { reason: 'invalid-input' });
  }
  return db.transaction().execute(async (trx) => {
    const query: SqlImpactQuery = async <R>(s: SqlText) => (await trx.executeQuery<R>(CompiledQuery.raw(s.text, [...s.values]))).rows;
    // as the SQL runs: no JIT (compiling the long statements costs more than it saves), hash joins in memory
    await trx.executeQuery(CompiledQuery.raw('set local jit = off'));
    await trx.executeQuery(CompiledQuery.raw(`set local work_mem = '${SQL_WORK_MEM}'`));
    const t0 = performance.now();
    for (const t of tables) {
      if (!/^[a-z_]+$/.test(t.name)) throw new Error(`bad table name ${t.name}`);
      await query(t.statement);
      await query({ text: `analyze ${t.name}`, values: [] });
    }
    const t1 = performance.now();
    const value = await fn(query);
    return { value, evaluateMs: Math.round(t1 - t0), countMs: Math.round(performance.now() - t1) };
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
        "and r.status in ('completed', 'signed-off') and r.dataset_hash = $3 and exists (select 1 from sql_run_results x where x.run_id = r.id) order by r.id desc",
      [q.datasetId, q.at, q.contentHash],
    ),
  );
  for (const r of rows) {
    const versions = JSON.parse(r.versions) as { documentId: string; versionNumber: number; contentHash: string }[];
    if (versionKey(versions) !== want || r.aggregates === null) continue;
    const agg = JSON.parse(r.aggregates) as { documents?: { id: string }[] };
    if (!Array.isArray(agg.documents)) continue;
    return { id: Number(r.id), documents: agg.documents.map((d) => d.id) };
  }
  return null;
}
