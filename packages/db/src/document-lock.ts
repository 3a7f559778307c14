/**
 * The lock of the document lifecycle: every state change runs in `writeTx` and first locks the row
 * it changes (PostgreSQL `select … for update` through `forUpdate`; SQLite `begin immediate`, the
 * database's single writer lock), then re-reads the status under that lock.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { dialectOf, sqliteHandle } from './raw.ts';

type Db = Kysely<Database>;
/** A transaction (or the connection a SQLite `begin immediate` transaction runs on). */
export type Trx = Kysely<Database>;

/** How long a SQLite writer waits for another connection's write lock before giving up. */
const SQLITE_LOCK_WAIT_MS = 10_000;

const isSqliteBusy = (e: unknown): boolean => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * `begin immediate`: takes SQLite's write lock now, not at the first write, so the reads that
 * decide a state change are made under it. The lock is waited for asynchronously (busy_timeout 0
 * while asking, short sleeps in between), never by blocking the event loop, so another connection
 * of this process holding it can finish meanwhile.
 */
async function beginImmediate(conn: Kysely<Database>, root: Db): Promise<void> {
  const handle = sqliteHandle(root);
  const saved = handle?.pragma('busy_timeout', { simple: true }) as number | undefined;
  const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      if (handle) handle.pragma('busy_timeout = 0');
      await sql`begin immediate`.execute(conn);
      return;
    } catch (e) {
      if (!isSqliteBusy(e) || Date.now() > deadline) throw e;
    } finally {
      if (handle && saved !== undefined) handle.pragma(`busy_timeout = ${Number(saved)}`);
    }
    await sleep(1 + Math.random() * Math.min(40, 2 + attempt * 4));
  }
}

/**
 * Runs a state change in a transaction that serialises with every other state change of the
 * same rows: on PostgreSQL an ordinary transaction whose first read locks the row (`lock: true`
 * of `loadVersion` / `loadDocument`); on SQLite `begin immediate`.
 */
export async function writeTx<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn, db);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      const handle = sqliteHandle(db);
      if (!handle || handle.inTransaction) await sql`rollback`.execute(conn);
      throw e;
    }
  });
}

/** `select … for update` on PostgreSQL; SQLite already holds its write lock (`writeTx`). */
export const forUpdate = <Q extends { forUpdate(): Q }>(trx: Trx, q: Q): Q => (dialectOf(trx) === 'postgres' ? q.forUpdate() : q);
