import type { Generated, Selectable } from 'kysely';

/** Counters of one throttled key (`user:<name>` or `addr:<address>`); times in epoch milliseconds. */
export interface LoginAttemptTable {
  key: string;
  /** Start of the current counting window. */
  window_start: number;
  /** Attempts admitted in the window (counted before the password is checked). */
  attempts: number;
  /** Of those, the ones that failed. */
  failures: number;
  /** No attempt is admitted before this time (0: not locked). */
  locked_until: number;
  /** Locks imposed in a row; each one lasts twice as long as the one before. */
  locks: number;
}

/**
 * Log-ins, and firm-level reads (003 第五条: results are internal, so every read of an enterprise's
 * result is recorded): `read.enterprise` one enterprise (explanation, record lookup), `read.search`
 * a search of a dataset's enterprises, `read.moved` a list of moved enterprises, `read.sample` the
 * live preview's sample of records, `read.draw` a draw's inspected enterprises, `read.refused` a
 * firm-level read refused (a viewer, or an enterprise outside the reader's domains).
 */
export const SECURITY_EVENT_KINDS = ['login.failed', 'login.locked', 'login.succeeded', 'read.enterprise', 'read.search', 'read.moved', 'read.sample', 'read.draw', 'read.refused'] as const;
/** The firm-level read kinds of {@link SECURITY_EVENT_KINDS}. */
export const ACCESS_EVENT_KINDS = ['read.enterprise', 'read.search', 'read.moved', 'read.sample', 'read.draw', 'read.refused'] as const satisfies readonly (typeof SECURITY_EVENT_KINDS)[number][];
export type AccessEventKind = (typeof ACCESS_EVENT_KINDS)[number];
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** Append-only record of log-ins and firm-level reads (kept out of the hash-chained audit log). */
export interface SecurityEventTable {
  id: Generated<number>;
  at: string;
  kind: SecurityEventKind;
  /** The account named in the attempt (it may not exist). */
  username: string;
  user_id: number | null;
  client_address: string | null;
  detail: string | null;
}
export type SecurityEventRow = Selectable<SecurityEventTable>;
