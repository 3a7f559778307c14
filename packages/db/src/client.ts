/**
 * Opening a connection (a side effect, hence its own entry point `@policy/db/client`).
 * `DATABASE_URL` is a `postgres://` URL or a SQLite file path; unset, `./data/policy.sqlite`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Dialect } from './database.ts';
import { registerSqliteHandle } from './raw.ts';

export const DEFAULT_SQLITE_PATH = './data/policy.sqlite';

export interface DbHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** For SQLite: the absolute file path; for PostgreSQL: the URL. */
  location: string;
  destroy(): Promise<void>;
}

export interface CreateDbOptions {
  /** Directory that a relative SQLite path resolves against (the repo root); default `process.cwd()`. */
  baseDir?: string;
  /** PostgreSQL pool size; default 10. */
  poolSize?: number;
}

/** True when the string names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/**
 * Opens the database named by `url` (default: `process.env.DATABASE_URL`, then `./data/policy.sqlite`).
 * SQLite files get WAL journaling and foreign keys; their folder is created when missing.
 * Run `migrateToLatest(db)` before use.
 *
 * @example
 * const { db, dialect, destroy } = createDb(process.env.DATABASE_URL, { baseDir: repoRoot });
 * await migrateToLatest(db);
 * // …
 * await destroy();
 */
export function createDb(url?: string, options: CreateDbOptions = {}): DbHandle {
  const target = url ?? process.env.DATABASE_URL ?? DEFAULT_SQLITE_PATH;
  if (isPostgresUrl(target)) {
    const pool = new pg.Pool({ connectionString: target, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', location: target, destroy: () => db.destroy() };
  }
  const file = target === ':memory:' ? target : isAbsolute(target) ? target : resolve(options.baseDir ?? process.cwd(), target);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  registerSqliteHandle(db, sqlite);
  return { db, dialect: 'sqlite', location: file, destroy: () => db.destroy() };
}
