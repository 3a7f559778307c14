/** Access to the driver under a Kysely instance, for bulk paths where the query builder is the bottleneck. */
import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Dialect } from './database.ts';

const sqliteHandles = new WeakMap<object, BetterSqlite3.Database>();

/** Remembers the better-sqlite3 connection behind a Kysely instance (done by `createDb`). */
export function registerSqliteHandle(db: Kysely<any>, handle: BetterSqlite3.Database): void {
  sqliteHandles.set(db, handle);
}

export function sqliteHandle(db: Kysely<any>): BetterSqlite3.Database | undefined {
  return sqliteHandles.get(db);
}

/** Which SQL dialect a Kysely instance (or transaction) speaks. */
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
