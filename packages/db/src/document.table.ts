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

export const VERSION_STATUSES = ['draft', 'in-review', 'approved', 'published', 'superseded', 'rejected'] as const;
/**
 * draft → in-review → approved → published → superseded. A rejected review marks the submitted
 * version `rejected` (it never changes again) and opens a new draft with the same content.
 */
export type VersionStatus = (typeof VERSION_STATUSES)[number];

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
  /** Set when published: in force from this date (YYYY-MM-DD). */
  effective_from: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  published_at: string | null;
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
