/** Access to the driver under a Kysely instance, for bulk paths where the query builder is the bottleneck. */
import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { Dialect } from './database.ts';

const sqliteHandles = new WeakMap<object, BetterSqlite3.Database>();

/** Remembers the better-sqlite3 connection behind a Kysely instance (done by `createDb`). */
export function registerSqliteHandle(db: Kysely<any>, handle: BetterSqlite3.Database): void {
  sqliteHandles.set(db, handle);
}

export function sqliteHandle(db: Kysely<any>): BetterSqlite3.Database | undefined {
  return sqliteHandles.get(db);
}

const pgPools = new WeakMap<object, pg.Pool>();

/** Remembers the pg pool behind a Kysely instance (done by `createDb`), for `COPY` loads. */
export function registerPgPool(db: Kysely<any>, pool: pg.Pool): void {
  pgPools.set(db, pool);
}

export function pgPool(db: Kysely<any>): pg.Pool | undefined {
  return pgPools.get(db);
}

/** Which SQL dialect a Kysely instance (or transaction) speaks. */
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * The table whose unique or primary-key constraint `e` violates (PostgreSQL `23505`, SQLite
 * `SQLITE_CONSTRAINT_UNIQUE` / `_PRIMARYKEY`), or `undefined` for any other error.
 */
export function uniqueViolationTable(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { code, table, message } = e as { code?: unknown; table?: unknown; message?: unknown };
  if (code === '23505') return typeof table === 'string' ? table : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const m = typeof message === 'string' ? /constraint failed: (?:index ')?([A-Za-z_][A-Za-z0-9_]*)/.exec(message) : null;
    return m?.[1] ?? '';
  }
  return undefined;
}
