import type { Generated, Insertable, Selectable } from 'kysely';
import type { DocumentKind } from '@policy/schemas';

export interface DocumentTable {
  /** The document id of the policy file, e.g. `public-credit-class`. */
  id: string;
  kind: DocumentKind;
  /** `credit-office` or a department id. */
  owner: string;
  title: string;
  created_at: string;
}
export type DocumentRow = Selectable<DocumentTable>;

import type { VersionStatus } from '@policy/schemas';
// the statuses and their transitions live once, in @policy/schemas (lifecycle.ts)
export { VERSION_STATUSES, type VersionStatus } from '@policy/schemas';

export interface VersionTable {
  id: Generated<number>;
  document_id: string;
  /** 1, 2, 3 … per document. */
  version_number: number;
  status: VersionStatus;
  /** Optimistic concurrency on drafts: +1 on every save. */
  revision: number;
  /** The whole policy document (envelope and content) as JSON text. */
  content: string;
  /** SHA-256 of the canonical JSON (sorted keys) of `content`. */
  content_hash: string;
  /** `content_hash` of the version this one was based on; null for the first version. */
  parent_hash: string | null;
  /** Version number this one was based on. */
  based_on: number | null;
  author_id: number | null;
  author_name: string;
  /**
   * THE effective date (YYYY-MM-DD): for open versions the document's own `effectiveFrom` (kept in
   * step on every save), confirmed at publish; frozen from submission on.
   */
  effective_from: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  /** When the version was released: from then on it is known ("in force at T as known on D"). */
  published_at: string | null;
  /** 1: in force from before its publish day, by intent (needs one more approval); else 0. */
  retroactive: Generated<number>;
  /** Why a retroactive version reaches into the past; null otherwise. */
  retroactive_reason: string | null;
  /** Why the version exists, e.g. "回退至 v1" for a rollback draft; null for ordinary drafts. */
  note: string | null;
}
export type VersionRow = Selectable<VersionTable>;
export type NewVersionRow = Insertable<VersionTable>;

export interface ReviewTable {
  id: Generated<number>;
  version_id: number;
  reviewer_id: number;
  reviewer_name: string;
  decision: 'approve' | 'reject';
  comment: string;
  created_at: string;
}
export type ReviewRow = Selectable<ReviewTable>;

/** Number of approvals needed per document kind; a kind without a row needs 1. */
export interface ApprovalSettingTable {
  kind: DocumentKind;
  required_approvals: number;
}
