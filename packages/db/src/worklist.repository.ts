/**
 * What the home page's queues need beyond the document reads: which drafts were returned (退回) and
 * why, and people's display names.
 *
 * "Returned" is not stored a second time: a rejection makes the submitted version `rejected` and opens
 * a new draft for its author based on it (document-review.repository.ts `reject`), with the
 * reviewer's opinion kept in the `reviews` of the rejected version. A draft is returned while the
 * version it is based on is rejected; it stops being returned when it is submitted.
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

type Db = Kysely<Database>;

/** A draft returned to its author, with the rejection that returned it. */
export interface ReturnedDraft {
  /** The draft. */
  versionId: number;
  documentId: string;
  versionNumber: number;
  /** The rejected version the draft was opened from. */
  rejectedVersionNumber: number;
  reviewerId: number;
  reviewerUsername: string;
  /** The reviewer's display name (the user name when the user is gone). */
  reviewerName: string;
  rejectedAt: string;
  comment: string;
}

/**
 * The returned drafts among the given versions (others are left out), by draft version id.
 *
 * @example
 * const returned = await returnedDrafts(db, docs.flatMap((d) => (d.latest ? [d.latest.id] : [])));
 */
export async function returnedDrafts(db: Db, versionIds: readonly number[]): Promise<Map<number, ReturnedDraft>> {
  const out = new Map<number, ReturnedDraft>();
  if (versionIds.length === 0) return out;
  const rows = await db
    .selectFrom('versions as d')
    .innerJoin('versions as p', (j) => j.onRef('p.document_id', '=', 'd.document_id').onRef('p.version_number', '=', 'd.based_on'))
    .innerJoin('reviews as r', 'r.version_id', 'p.id')
    .leftJoin('users as u', 'u.id', 'r.reviewer_id')
    .select([
      'd.id as versionId',
      'd.document_id as documentId',
      'd.version_number as versionNumber',
      'p.version_number as rejectedVersionNumber',
      'r.reviewer_id as reviewerId',
      'r.reviewer_name as reviewerUsername',
      'u.display_name as displayName',
      'r.created_at as rejectedAt',
      'r.comment as comment',
      'r.id as reviewId',
    ])
    .where('d.id', 'in', [...versionIds])
    .where('d.status', '=', 'draft')
    .where('p.status', '=', 'rejected')
    .where('r.decision', '=', 'reject')
    .orderBy('r.id')
    .execute();
  for (const r of rows) {
    out.set(Number(r.versionId), {
      versionId: Number(r.versionId),
      documentId: r.documentId,
      versionNumber: Number(r.versionNumber),
      rejectedVersionNumber: Number(r.rejectedVersionNumber),
      reviewerId: Number(r.reviewerId),
      reviewerUsername: r.reviewerUsername,
      reviewerName: r.displayName ?? r.reviewerUsername,
      rejectedAt: r.rejectedAt,
      comment: r.comment,
    });
  }
  return out;
}

/** Display names by user name (`system` → 系统; unknown names map to themselves). */
export async function displayNames(db: Db, usernames: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(usernames)];
  const out = new Map<string, string>(wanted.map((u) => [u, u === 'system' ? '系统' : u]));
  if (wanted.length === 0) return out;
  for (const r of await db.selectFrom('users').select(['username', 'display_name']).where('username', 'in', wanted).execute()) {
    out.set(r.username, r.display_name);
  }
  return out;
}
