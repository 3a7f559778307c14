import type { Generated, Selectable } from 'kysely';

/**
 * Append-only, hash-chained: `hash = sha256(prev_hash + canonicalJson(fields))`; with an audit key
 * also `mac = HMAC-SHA-256(key, hash)`.
 */
export interface AuditLogTable {
  /** 1, 2, 3 … without gaps. */
  seq: number;
  at: string;
  actor: string;
  actor_id: number | null;
  role: string;
  department: string | null;
  action: string;
  document_id: string | null;
  version_number: number | null;
  /** Other object of the action: `user:alice`, `dataset:3`, `kind:grading`. */
  target: string | null;
  /** Why: the review comment, the rollback reason. */
  reason: string | null;
  before_hash: string | null;
  after_hash: string | null;
  prev_hash: string;
  hash: string;
  /**
   * HMAC-SHA-256 under the audit key (AUDIT_KEY_FILE) of `hash`; null when written without a key.
   * Not one of the hashed fields. Once an entry carries one, every later entry must.
   */
  mac: string | null;
}
export type AuditRow = Selectable<AuditLogTable>;

/**
 * Append-only: the audit head recorded by each publish (the seq and hash of its publish entry), so
 * the release itself contradicts a log that was later truncated or rewritten.
 */
export interface ReleaseTable {
  id: Generated<number>;
  version_id: number;
  document_id: string;
  version_number: number;
  audit_seq: number;
  audit_hash: string;
  at: string;
}
export type ReleaseRow = Selectable<ReleaseTable>;

// what `verifyAudit` reports (here, beside the rows, so audit-records.ts and audit.repository.ts share it without a circle)
export type AuditProblemKind =
  /** chain */
  | 'gap'
  | 'prev-hash'
  | 'hash'
  /** key */
  | 'mac'
  | 'unkeyed'
  /** anchor file */
  | 'wiped'
  | 'truncated'
  | 'anchor'
  /** records checked against the entries (audit-records.ts) */
  | 'release'
  | 'content'
  | 'effective-date'
  | 'status'
  | 'approvals'
  | 'review'
  | 'missing-record'
  | 'missing-entry';

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The entry concerned, when there is one. */
  seq: number | null;
  documentId?: string;
  versionNumber?: number;
  /** Chinese first, then English; names the entry or version. */
  reason: string;
}
