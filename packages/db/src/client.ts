/**
 * Opening a connection (a side effect, hence its own entry point `@policy/db/client`).
 * The caller names the database: a `postgres://` URL or a SQLite file path (this module reads no
 * environment variables; the server's settings.ts and the CLI do).
 */
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver } from 'kysely';
import pg from 'pg';
import type { Database, Dialect } from './database.ts';
import { DbUnavailableError } from './errors.ts';
import { registerPgPool, registerSqliteHandle } from './raw.ts';

export { dbFault, DbUnavailableError } from './errors.ts';
export type { DbFault, DbFaultKind } from './errors.ts';

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
  /** PostgreSQL: give up opening a connection after this long (then `DbUnavailableError`); default 5000 ms. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: called when a pooled connection fails outside a query (the server terminated it,
   * restarted, a failover). The pool drops that connection and opens a new one on the next query;
   * without a listener such an error would end the process. Default: a line on stderr.
   */
  onConnectionError?: (error: Error) => void;
  /** SQLite: open the file read-only (writes then fail with SQLITE_READONLY). */
  readonly?: boolean;
}

/** True when the string names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

const defaultConnectionError = (e: Error) => process.stderr.write(`数据库连接出错 / database connection error: ${e.message}\n`);

/**
 * A pg pool whose connection failures become `DbUnavailableError` and whose idle and checked-out
 * connections never raise an unhandled `error` event.
 */
function resilientPool(url: string, options: CreateDbOptions): pg.Pool {
  const onError = options.onConnectionError ?? defaultConnectionError;
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000 });
  // an idle connection that dies is removed from the pool by pg-pool; this listener keeps the process alive
  pool.on('error', (e) => onError(e));
  // a connection that dies while checked out (between two queries of a transaction) emits on the
  // client itself; its next query then fails with "Client has encountered a connection error", which
  // dbFault() reports as unavailable, and pg-pool drops it on release
  pool.on('connect', (client) => client.on('error', () => {}));
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  // Kysely only calls connect() without a callback
  (pool as { connect: () => Promise<pg.PoolClient> }).connect = () =>
    connect().catch((e: unknown) => {
      throw new DbUnavailableError({ cause: e });
    });
  return pool;
}

/**
 * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY
 * in some cases); Kysely's ROLLBACK then fails with "cannot rollback - no transaction is active" and
 * hides the real error. This driver skips the ROLLBACK when no transaction is open any more.
 */
class SqliteDialectKeepingErrors extends SqliteDialect {
  readonly #sqlite: BetterSqlite3.Database;
  constructor(sqlite: BetterSqlite3.Database) {
    super({ database: sqlite });
    this.#sqlite = sqlite;
  }
  override createDriver(): Driver {
    const sqlite = this.#sqlite;
    return new (class extends SqliteDriver {
      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (!sqlite.inTransaction) return;
        await super.rollbackTransaction(connection);
      }
    })({ database: sqlite });
  }
}

/** The page size of a SQLite database file this product creates (an existing file keeps its own). */
export const SQLITE_PAGE_SIZE = 16384;

/**
 * Opens the database named by `url` (unset: `./data/policy.sqlite`).
 * SQLite files get WAL journaling and foreign keys; their folder is created when missing.
 * PostgreSQL pools survive dropped connections (see `onConnectionError`).
 * Run `migrateToLatest(db)` before use.
 *
 * @example
 * const { db, dialect, destroy } = createDb(settings.databaseUrl, { baseDir: repoRoot, onConnectionError: (e) => log.warn('db', { error: e }) });
 * await migrateToLatest(db);
 * // …
 * await destroy();
 */
export function createDb(url: string | undefined, options: CreateDbOptions = {}): DbHandle {
  const target = url || DEFAULT_SQLITE_PATH;
  if (isPostgresUrl(target)) {
    const pool = resilientPool(target, options);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    registerPgPool(db, pool);
    return { db, dialect: 'postgres', location: target, destroy: () => db.destroy() };
  }
  const file = target === ':memory:' ? target : isAbsolute(target) ? target : resolve(options.baseDir ?? process.cwd(), target);
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  // a new file gets 16 KB pages (set before its first write): a dataset's stored columns (pieces of
  // 32 MB) are read along a chain of a quarter as many overflow pages — ≈ 20 % less CPU per cold load
  if (!options.readonly && sqlite.pragma('page_count', { simple: true }) === 0) sqlite.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialectKeepingErrors(sqlite) });
  registerSqliteHandle(db, sqlite);
  return { db, dialect: 'sqlite', location: file, destroy: () => db.destroy() };
}
