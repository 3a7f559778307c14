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

export const SECURITY_EVENT_KINDS = ['login.failed', 'login.locked', 'login.succeeded'] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** Append-only record of log-ins (kept out of the hash-chained audit log). */
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
