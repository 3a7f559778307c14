/** Expired sessions are deleted at start and then periodically (they are refused anyway; this keeps the table small). */
import type { Kysely } from 'kysely';
import type { Database } from '@policy/db';
import type { Logger } from './logger.ts';

/** Deletes the sessions that expired before `now`; returns how many. */
export async function purgeExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Purges every `intervalMs` (the timer does not keep the process alive); a failure is logged and
 * retried at the next tick.
 *
 * @example
 * const purge = scheduleSessionPurge(db, log, 3600_000);
 * // … purge.stop();
 */
export function scheduleSessionPurge(db: Kysely<Database>, log: Logger, intervalMs: number): { stop(): void } {
  const timer = setInterval(() => {
    purgeExpiredSessions(db).then(
      (n) => n > 0 && log.info('expired sessions purged', { count: n }),
      (e: unknown) => log.warn('session purge failed', { error: e }),
    );
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
