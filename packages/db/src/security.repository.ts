/**
 * Log-in throttling and security events.
 *
 * Throttling: every log-in attempt must first be *admitted* for each of its keys (the account and
 * the client address). Admission is one atomic statement per key — an upsert whose `where` refuses
 * while the key is locked or has used up its attempts in the window — so concurrent attempts, from
 * one process or several on the same database, can never check more than `maxFailures` passwords per
 * window. A failed attempt counts; the `maxFailures`-th failure locks the key for `lockMs`, doubled
 * for every further lock in a row (capped at `maxLockMs`). A successful log-in clears the account's
 * counters and gives the address its attempt back.
 *
 * Security events: log-ins (failed, locked out, succeeded) go to the append-only `security_events`
 * table, not to the hash-chained audit log, so that routine log-ins never drown the document history.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';
import type { SecurityEventKind, SecurityEventRow } from './security.table.ts';
import { SECURITY_EVENT_KINDS } from './security.table.ts';

export interface ThrottleRule {
  /** Failed attempts admitted per window before the key is locked. */
  maxFailures: number;
  windowMs: number;
  /** First lock; each further lock in a row lasts twice as long. */
  lockMs: number;
  maxLockMs: number;
}

/** One key to admit an attempt for, e.g. `{ key: 'user:admin', rule }`. */
export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
}

export type Admission =
  | { admitted: true; keys: ThrottleKey[] }
  | { admitted: false; /** Which key refused. */ key: string; /** When to try again. */ retryAfterMs: number; locked: boolean };

const num = (v: unknown): number => Number(v);

/**
 * Admits one log-in attempt for every key, or refuses it with the time to wait. Keys already
 * admitted are released when a later key refuses, so a refusal never costs an attempt.
 *
 * @example
 * const a = await admitLoginAttempt(db, [{ key: 'user:admin', rule }, { key: 'addr:10.0.0.7', rule: addrRule }]);
 * if (!a.admitted) throw tooMany(a.retryAfterMs);
 */
export async function admitLoginAttempt(db: Kysely<Database>, keys: ThrottleKey[], now = Date.now()): Promise<Admission> {
  const done: ThrottleKey[] = [];
  for (const k of keys) {
    const { maxFailures, windowMs, maxLockMs } = k.rule;
    const expired = sql<boolean>`login_attempts.window_start + ${windowMs} <= ${now}`;
    const row = await db
      .insertInto('login_attempts')
      .values({ key: k.key, window_start: now, attempts: 1, failures: 0, locked_until: 0, locks: 0 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          window_start: sql`case when ${expired} then ${now} else login_attempts.window_start end`,
          attempts: sql`case when ${expired} then 1 else login_attempts.attempts + 1 end`,
          failures: sql`case when ${expired} then 0 else login_attempts.failures end`,
          // a long quiet spell forgives earlier locks
          locks: sql`case when login_attempts.locked_until + ${maxLockMs} <= ${now} then 0 else login_attempts.locks end`,
        }).where(sql<boolean>`login_attempts.locked_until <= ${now} and (${expired} or login_attempts.attempts < ${maxFailures})`),
      )
      .returning('attempts')
      .executeTakeFirst();
    if (row) {
      done.push(k);
      continue;
    }
    for (const d of done) await releaseAttempt(db, d.key);
    const state = await db.selectFrom('login_attempts').select(['window_start', 'locked_until']).where('key', '=', k.key).executeTakeFirst();
    const lockedUntil = num(state?.locked_until ?? 0);
    const locked = lockedUntil > now;
    const retryAfterMs = locked ? lockedUntil - now : Math.max(1000, num(state?.window_start ?? now) + windowMs - now);
    return { admitted: false, key: k.key, retryAfterMs, locked };
  }
  return { admitted: true, keys: done };
}

/** Gives every attempt of an admission back (the password could not be checked, e.g. a database fault). */
export async function releaseLoginAttempt(db: Kysely<Database>, admission: Extract<Admission, { admitted: true }>): Promise<void> {
  for (const k of admission.keys) await releaseAttempt(db, k.key);
}

/** Gives an admitted attempt back (it was refused by another key, or succeeded on an address key). */
async function releaseAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db
    .updateTable('login_attempts')
    .set({ attempts: sql`case when attempts > 0 then attempts - 1 else 0 end` })
    .where('key', '=', key)
    .execute();
}

/** A key locked by a failure: until when, and which lock in a row it is. */
export interface LockImposed {
  key: string;
  lockedUntil: number;
  locks: number;
}

/**
 * Settles an admitted attempt. A failure counts against every key and returns the locks it imposed;
 * a success clears the counters of `user:` keys and gives the attempt back to the others.
 */
export async function settleLoginAttempt(
  db: Kysely<Database>,
  admission: Extract<Admission, { admitted: true }>,
  outcome: 'success' | 'failure',
  now = Date.now(),
): Promise<LockImposed[]> {
  const imposed: LockImposed[] = [];
  for (const { key, rule } of admission.keys) {
    if (outcome === 'success') {
      if (key.startsWith('user:')) {
        await db.updateTable('login_attempts').set({ attempts: 0, failures: 0, locks: 0, locked_until: 0, window_start: now }).where('key', '=', key).execute();
      } else await releaseAttempt(db, key);
      continue;
    }
    const { maxFailures, lockMs, maxLockMs } = rule;
    const locking = sql<boolean>`failures + 1 >= ${maxFailures}`;
    // lockMs · 2^locks, capped (the shift is capped too, to stay far from overflow)
    const span = sql<number>`(cast(${lockMs} as bigint) * (1 << (case when locks > 20 then 20 else locks end)))`;
    const duration = sql<number>`case when ${span} > cast(${maxLockMs} as bigint) then cast(${maxLockMs} as bigint) else ${span} end`;
    const row = await db
      .updateTable('login_attempts')
      .set({
        failures: sql`case when ${locking} then 0 else failures + 1 end`,
        attempts: sql`case when ${locking} then 0 else attempts end`,
        locked_until: sql`case when ${locking} then cast(${now} as bigint) + ${duration} else locked_until end`,
        window_start: sql`case when ${locking} then ${now} else window_start end`,
        locks: sql`case when ${locking} then locks + 1 else locks end`,
      })
      .where('key', '=', key)
      .returning(['failures', 'locked_until', 'locks'])
      .executeTakeFirst();
    // only the failure that locks resets `failures` to 0; any other leaves it at 1 or more
    if (row && num(row.failures) === 0 && num(row.locked_until) > now) {
      imposed.push({ key, lockedUntil: num(row.locked_until), locks: num(row.locks) });
    }
  }
  if (outcome === 'success') await purgeStaleAttempts(db, now, admission.keys);
  return imposed;
}

/** Drops counters nobody needs any more (window over, not locked, no lock to remember). */
async function purgeStaleAttempts(db: Kysely<Database>, now: number, keys: ThrottleKey[]): Promise<void> {
  const keep = Math.max(...keys.map((k) => Math.max(k.rule.windowMs, k.rule.maxLockMs)));
  await db
    .deleteFrom('login_attempts')
    .where('window_start', '<', now - keep)
    .where('locked_until', '<', now - keep)
    .execute();
}

// ------------------------------------------------------------------ security events

export interface SecurityEvent {
  id: number;
  at: string;
  kind: SecurityEventKind;
  username: string;
  userId: number | null;
  clientAddress: string | null;
  detail: string | null;
}

const toEvent = (r: SecurityEventRow): SecurityEvent => ({
  id: Number(r.id),
  at: r.at,
  kind: r.kind,
  username: r.username,
  userId: r.user_id === null ? null : Number(r.user_id),
  clientAddress: r.client_address,
  detail: r.detail,
});

/** Appends a security event (log-in failed, locked out or succeeded). */
export async function recordSecurityEvent(
  db: Kysely<Database>,
  event: { kind: SecurityEventKind; username: string; userId?: number | null; clientAddress?: string | null; detail?: string | null },
  at = new Date(),
): Promise<void> {
  await db
    .insertInto('security_events')
    .values({
      at: at.toISOString(),
      kind: event.kind,
      username: event.username.slice(0, 128),
      user_id: event.userId ?? null,
      client_address: event.clientAddress?.slice(0, 64) ?? null,
      detail: event.detail?.slice(0, 500) ?? null,
    })
    .execute();
}

export interface SecurityEventQuery {
  kind?: SecurityEventKind;
  username?: string;
  /** Events with an id below this one (paging, newest first). */
  before?: number;
  /** Default 100, at most 1,000. */
  limit?: number;
}

/**
 * Security events, newest first (credit office only).
 *
 * @example
 * const { events } = await listSecurityEvents(db, actor, { kind: 'login.failed', limit: 50 });
 */
export async function listSecurityEvents(
  db: Kysely<Database>,
  actor: Actor,
  query: SecurityEventQuery = {},
): Promise<{ events: SecurityEvent[]; nextBefore: number | null }> {
  if (actor.role !== 'credit-office') {
    throw new DbError('FORBIDDEN', '只有信用办可以查看安全事件 / only the credit office can read security events', { reason: 'role' });
  }
  if (query.kind !== undefined && !SECURITY_EVENT_KINDS.includes(query.kind)) {
    throw new DbError('BAD_REQUEST', `事件类型无效 / invalid event kind: ${String(query.kind)}`, { reason: 'invalid-input' });
  }
  const limit = Math.min(Math.max(1, query.limit ?? 100), 1000);
  let q = db.selectFrom('security_events').selectAll().orderBy('id', 'desc').limit(limit + 1);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.username) q = q.where('username', '=', query.username);
  if (query.before !== undefined) q = q.where('id', '<', query.before);
  const rows = await q.execute();
  const events = rows.slice(0, limit).map(toEvent);
  return { events, nextBefore: rows.length > limit ? events[events.length - 1]!.id : null };
}
