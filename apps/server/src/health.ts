/** Readiness: a database round trip and a write check, with the reason when the server is not ready. */
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '@policy/db';
import { dbFault } from '@policy/db/client';
import type { DbFaultKind } from '@policy/db/client';

export type Readiness =
  | { ready: true }
  | { ready: false; reason: `db-${DbFaultKind}` | 'db-timeout' | 'db-error'; message: string };

const ROLLBACK = Symbol('rollback');

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
const TIMEOUT = Symbol('timeout');

/**
 * Checks the database: `select 1`, then a write (an update of Kysely's migration-lock row that
 * changes nothing) inside a transaction that is rolled back, so a read-only file or a standby
 * server is caught without leaving a trace.
 *
 * @example
 * const r = await readiness(db);
 * if (!r.ready) reply.code(503).send({ ok: false, reason: r.reason, message: r.message });
 */
export async function readiness(db: Kysely<Database>, opts: { timeoutMs?: number; log?: (detail: unknown) => void } = {}): Promise<Readiness> {
  const check = async () => {
    await sql`select 1`.execute(db);
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`update ${sql.table(DEFAULT_MIGRATION_LOCK_TABLE)} set is_locked = is_locked where id = ${'migration_lock'}`.execute(trx);
        // the migration table is read too: a database that lost its schema is not ready either
        await sql`select count(*) from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(trx);
        throw ROLLBACK;
      })
      .catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
  };
  // a pooled connection the database ended (a restart, pg_terminate_backend) fails once before the
  // pool drops it; the check is tried a second time so readiness reflects a fresh connection
  const checkTwice = async () => {
    try {
      await check();
    } catch (e) {
      if (dbFault(e)?.kind !== 'unavailable') throw e;
      opts.log?.(e);
      await check();
    }
  };
  try {
    const r = await withTimeout(checkTwice(), opts.timeoutMs ?? 5000);
    if (r === TIMEOUT) return { ready: false, reason: 'db-timeout', message: '数据库在 5 秒内没有响应 / the database did not answer within 5 s' };
    return { ready: true };
  } catch (e) {
    opts.log?.(e);
    const fault = dbFault(e);
    if (fault) return { ready: false, reason: `db-${fault.kind}`, message: fault.message };
    return { ready: false, reason: 'db-error', message: '数据库检查失败，详情见服务器日志 / the database check failed, see the server log' };
  }
}
