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
