import type { Selectable } from 'kysely';

/** Append-only, hash-chained: `hash = sha256(prev_hash + canonicalJson(fields))`. */
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
}
export type AuditRow = Selectable<AuditLogTable>;
