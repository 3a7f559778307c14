/**
 * Policy documents and their versions: draft → in-review → approved → published (or rejected).
 * Every rule of the lifecycle is enforced here (and again by database triggers: submitted versions
 * never change, released ones not at all, statuses only along the defined transitions), so a
 * caller cannot forget one. Failures throw `DbError` with a `code`.
 *
 * Concurrency: every state change runs in `writeTx` and first locks the row it changes
 * (PostgreSQL `select … for update`; SQLite `begin immediate`, the database's single writer lock),
 * then re-reads the status under that lock, so of two simultaneous publishes exactly one wins and
 * approvals are counted with every committed one in view. The updates are conditional on the
 * status too.
 *
 * Effective dates: a version's effective date is its document's `effectiveFrom`, set in the draft
 * and mirrored in `versions.effective_from`, frozen at submission and confirmed at publish. A date
 * before the publish day needs the version marked retroactive with a written reason, and one more
 * approval. Whether a released version is in force, scheduled or superseded is computed for a date
 * (`standingsAt`), never stored; `published_at` is when it became known (`asKnownOn`).
 *
 * The modules (this one is their entry):
 * - document-read.repository.ts — getVersion, getVersionByNumber, listDocuments, history, inForceAt, bundleAt;
 * - document-write.repository.ts — createDraft, saveDraft, discardDraft, createRollbackDraft, importReleasedVersion;
 * - document-review.repository.ts — submitForReview, approve, reject, publish;
 * - approval-settings.repository.ts — required approvals per kind;
 * - document-shapes.ts (returned shapes, row mappers), document-rows.ts (shared row helpers),
 *   document-lock.ts (`writeTx`, `forUpdate`), version-makers.ts (who may not review a version).
 */
export type { VersionSummary, Review, PastChange, EffectiveDateReview, VersionDetail, DocumentSummary, HistoryEntry } from './document-shapes.ts';
export { getVersion, getVersionByNumber, listDocuments, history, inForceAt, bundleAt } from './document-read.repository.ts';
export type { InForceVersion, InForceOptions } from './document-read.repository.ts';
export { createDraft, saveDraft, discardDraft, createRollbackDraft, importReleasedVersion } from './document-write.repository.ts';
export type { CreateDraftInput } from './document-write.repository.ts';
export { submitForReview, approve, reject, publish } from './document-review.repository.ts';
export { requiredApprovalsFor, setRequiredApprovals, getRequiredApprovals } from './approval-settings.repository.ts';
