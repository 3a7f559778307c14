/**
 * What the document repositories return: versions (summary and detail), reviews, the effective
 * date as the review shows it, documents and history entries; and the mappers from stored rows.
 */
import type { DocumentKind, Standing } from '@policy/schemas';
import type { ReviewRow, VersionRow, VersionStatus } from './document.table.ts';

/** A version without its content. */
export interface VersionSummary {
  id: number;
  documentId: string;
  versionNumber: number;
  status: VersionStatus;
  /** Optimistic-concurrency token of drafts: pass it back to `saveDraft`. */
  revision: number;
  /** SHA-256 of the canonical JSON (sorted keys) of the content. */
  contentHash: string;
  /** Content hash of the version this one was based on; null for the first. */
  parentHash: string | null;
  basedOn: number | null;
  authorId: number | null;
  authorName: string;
  /** THE effective date (the document's `effectiveFrom`): set in the draft, confirmed at publish. */
  effectiveFrom: string | null;
  /** In force from before its publish day, by intent: needs `retroactiveReason` and one more approval. */
  retroactive: boolean;
  retroactiveReason: string | null;
  /** Why the version exists, e.g. "回退至 v1" for a rollback draft. */
  note: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  /** When the version was released, i.e. became known (see `inForceAt(…, { asKnownOn })`). */
  publishedAt: string | null;
}

export interface Review {
  id: number;
  versionId: number;
  reviewerId: number;
  reviewerName: string;
  decision: 'approve' | 'reject';
  comment: string;
  createdAt: string;
}

/** A span of past days whose version in force a (retroactive) version changes. */
export interface PastChange {
  /** First and last day (YYYY-MM-DD, both included). */
  from: string;
  to: string;
  /** The version in force on those days before (null: none was). */
  replaces: { versionNumber: number; effectiveFrom: string } | null;
}

/** The effective date of a version as the review shows it. */
export interface EffectiveDateReview {
  effectiveFrom: string | null;
  /** The day it is (or was) published on: today for unreleased versions. */
  publishDay: string;
  retroactive: boolean;
  retroactiveReason: string | null;
  /** Before the publish day (whether or not marked retroactive). */
  inThePast: boolean;
  /** Past in-force sets it changes, before the publish day; empty when it reaches no past. */
  pastChanges: PastChange[];
}

/** A version with its content, reviews and approval count. */
export interface VersionDetail extends VersionSummary {
  kind: DocumentKind;
  owner: string;
  /** The stored policy document (as written; `version` is the version number). */
  content: Record<string, unknown>;
  reviews: Review[];
  approvals: number;
  /** Distinct approvals this version needs: its kind's number, one more when retroactive. */
  requiredApprovals: number;
  effectiveDate: EffectiveDateReview;
}

export interface DocumentSummary {
  id: string;
  kind: DocumentKind;
  owner: string;
  title: string;
  createdAt: string;
  /** The released version in force today, if any. */
  published: VersionSummary | null;
  /** The released version that comes into force next (after today), if any. */
  scheduled: VersionSummary | null;
  /** The newest version the actor may read (may be a draft). */
  latest: VersionSummary | null;
}

export interface HistoryEntry extends VersionSummary {
  reviews: Review[];
  /** Released versions: in force, scheduled or superseded on the history's date (default today); else null. */
  standing: Standing | null;
}

export const toSummary = (r: VersionRow): VersionSummary => ({
  id: Number(r.id),
  documentId: r.document_id,
  versionNumber: Number(r.version_number),
  status: r.status,
  revision: Number(r.revision),
  contentHash: r.content_hash,
  parentHash: r.parent_hash,
  basedOn: r.based_on === null ? null : Number(r.based_on),
  authorId: r.author_id === null ? null : Number(r.author_id),
  authorName: r.author_name,
  effectiveFrom: r.effective_from,
  retroactive: Number(r.retroactive) !== 0,
  retroactiveReason: r.retroactive_reason,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  publishedAt: r.published_at,
});

export const toReview = (r: ReviewRow): Review => ({
  id: Number(r.id),
  versionId: Number(r.version_id),
  reviewerId: Number(r.reviewer_id),
  reviewerName: r.reviewer_name,
  decision: r.decision,
  comment: r.comment,
  createdAt: r.created_at,
});

export const SUMMARY_COLUMNS = [
  'id',
  'document_id',
  'version_number',
  'status',
  'revision',
  'content_hash',
  'parent_hash',
  'based_on',
  'author_id',
  'author_name',
  'effective_from',
  'retroactive',
  'retroactive_reason',
  'note',
  'created_at',
  'updated_at',
  'submitted_at',
  'published_at',
] as const;
