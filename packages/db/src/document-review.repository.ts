/**
 * Review and release: submitting a draft, approving (counted under the version's row lock),
 * rejecting (a new draft for the author), and publishing (exactly one of simultaneous publishes
 * wins; the effective date confirmed; the golden-case gate).
 */
import { canPublish, canReview, canTransition, effectiveDateProblem, isReleasedStatus } from '@policy/schemas';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { approvalsNeededFor } from './approval-settings.repository.ts';
import { anchorRelease, recordAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import { writeTx } from './document-lock.ts';
import type { Trx } from './document-lock.ts';
import { assertDate, assertWrite, dayOf, insertVersion, loadVersion, nextVersionNumber, now, prepareContent } from './document-rows.ts';
import { toSummary } from './document-shapes.ts';
import type { VersionSummary } from './document-shapes.ts';
import type { DocumentRow, VersionRow } from './document.table.ts';
import { DbError } from './errors.ts';
import { goldenGate } from './golden-case.repository.ts';
import type { GoldenGateInput } from './golden-case.repository.ts';
import { makersOf } from './version-makers.ts';

type Db = Kysely<Database>;

function assertReviewer(actor: Actor): void {
  if (!canReview(actor)) {
    throw new DbError('FORBIDDEN', `只有审核人或信用办可以审核 / only reviewers and the credit office review (role ${actor.role})`, {
      reason: 'role',
    });
  }
}

async function approvalsOf(db: Db | Trx, versionId: number): Promise<number> {
  const rows = await db
    .selectFrom('reviews')
    .select('reviewer_id')
    .where('version_id', '=', versionId)
    .where('decision', '=', 'approve')
    .execute();
  return new Set(rows.map((r) => Number(r.reviewer_id))).size;
}

/** Refuses an effective date that may not be released on `today` as the version is marked. */
function assertEffectiveDate(version: VersionRow, today: string, when: 'submit' | 'publish'): void {
  const date = version.effective_from ?? '';
  const problem = effectiveDateProblem(date, today, { retroactive: Number(version.retroactive) !== 0, reason: version.retroactive_reason });
  if (!problem) return;
  const fix =
    when === 'submit'
      ? { zh: '请修改生效日期，或标记为追溯并填写理由', en: 'change the date, or mark the version retroactive with a reason' }
      : { zh: '请新建草稿修改生效日期，或标记为追溯并填写理由后重新审核', en: 'open a new draft with another date, or mark it retroactive with a reason and have it reviewed again' };
  const message = {
    'past-unmarked': `生效日期 ${date} 早于今天 ${today}，${fix.zh} / the effective date ${date} is before today (${today}): ${fix.en}`,
    'no-reason': `追溯生效须填写理由 / a retroactive version needs a written reason`,
    'marked-not-past': `生效日期 ${date} 不早于今天 ${today}，不是追溯，请取消追溯标记 / the effective date ${date} is not in the past (${today}): remove the retroactive mark`,
  }[problem];
  throw new DbError(when === 'publish' ? 'PRECONDITION_FAILED' : 'BAD_REQUEST', message, { reason: 'effective-date' });
}

/**
 * Submits a draft for review. From here on the version never changes, its effective date
 * included. When `revision` is given and stale, CONFLICT `stale-revision`. An effective date
 * before today is refused (BAD_REQUEST `effective-date`) unless the draft is marked retroactive
 * with a reason.
 *
 * @example
 * await submitForReview(db, editor, { versionId: draft.id, revision: draft.revision });
 */
export async function submitForReview(
  db: Db,
  actor: Actor,
  input: { versionId: number; revision?: number; comment?: string },
): Promise<VersionSummary> {
  return writeTx(db, async (trx) => {
    const { version, doc } = await loadVersion(trx, input.versionId, { lock: true });
    assertWrite(actor, doc);
    if (!canTransition(version.status, 'in-review')) {
      throw new DbError('PRECONDITION_FAILED', `只有草稿可以提交审核（当前 ${version.status}） / only drafts can be submitted (now ${version.status})`, {
        reason: 'wrong-status',
      });
    }
    if (input.revision !== undefined && input.revision !== Number(version.revision)) {
      throw new DbError('CONFLICT', `草稿已被他人修改 / the draft changed since revision ${input.revision} (now ${version.revision})`, {
        reason: 'stale-revision',
        currentRevision: Number(version.revision),
        currentContent: JSON.parse(version.content),
      });
    }
    prepareContent(doc, Number(version.version_number), JSON.parse(version.content));
    const at = now();
    assertEffectiveDate(version, dayOf(at), 'submit');
    await trx
      .updateTable('versions')
      .set({ status: 'in-review', submitted_at: at, updated_at: at })
      .where('id', '=', version.id)
      .where('status', '=', 'draft')
      .execute();
    await recordAudit(
      trx,
      actor,
      {
        action: 'version.submit',
        documentId: doc.id,
        versionNumber: Number(version.version_number),
        afterHash: version.content_hash,
        reason: input.comment ?? null,
      },
      at,
    );
    return toSummary({ ...version, status: 'in-review', submitted_at: at, updated_at: at });
  });
}

/** Under the version's row lock: the version is in review, and the actor may review it. */
async function reviewPreconditions(trx: Trx, actor: Actor, versionId: number): Promise<{ version: VersionRow; doc: DocumentRow }> {
  assertReviewer(actor);
  const loaded = await loadVersion(trx, versionId, { lock: true });
  const { version } = loaded;
  if (!canTransition(version.status, 'approved')) {
    throw new DbError('PRECONDITION_FAILED', `只有审核中的版本可以审核（当前 ${version.status}） / only versions in review can be reviewed (now ${version.status})`, {
      reason: 'wrong-status',
    });
  }
  if ((await makersOf(trx, version)).has(actor.id)) {
    throw new DbError(
      'FORBIDDEN',
      '作者（创建、保存、提交该版本或编辑其黄金用例的人）不能审核该版本 / whoever made the version (created, saved or submitted it, or edited its golden cases) cannot review it',
      { reason: 'self-approval' },
    );
  }
  const mine = await trx
    .selectFrom('reviews')
    .select('id')
    .where('version_id', '=', version.id)
    .where('reviewer_id', '=', actor.id)
    .executeTakeFirst();
  if (mine) throw new DbError('PRECONDITION_FAILED', '你已审核过该版本 / you already reviewed this version', { reason: 'already-reviewed' });
  return loaded;
}

/**
 * Approves a version in review. The author (anyone who created, saved or submitted it, or added,
 * removed or accepted one of its golden cases: `makersOf`) may never approve; department editors
 * and viewers may not approve. When the approvals reach the number required (the kind's number, one more for a retroactive version) the version becomes `approved`.
 * Approvals are counted under the version's row lock, so simultaneous approvals all count; once
 * approved, further approvals are refused (PRECONDITION_FAILED `wrong-status`).
 *
 * @example
 * const { version, approvals, requiredApprovals } = await approve(db, reviewer, { versionId, comment: '同意' });
 */
export async function approve(
  db: Db,
  actor: Actor,
  input: { versionId: number; comment?: string },
): Promise<{ version: VersionSummary; approvals: number; requiredApprovals: number }> {
  return writeTx(db, async (trx) => {
    const { version, doc } = await reviewPreconditions(trx, actor, input.versionId);
    const at = now();
    await trx
      .insertInto('reviews')
      .values({ version_id: version.id, reviewer_id: actor.id, reviewer_name: actor.username, decision: 'approve', comment: input.comment ?? '', created_at: at })
      .execute();
    const approvals = await approvalsOf(trx, version.id);
    const requiredApprovals = await approvalsNeededFor(trx, doc.kind, version);
    let status = version.status;
    if (approvals >= requiredApprovals) {
      status = 'approved';
      await trx.updateTable('versions').set({ status, updated_at: at }).where('id', '=', version.id).where('status', '=', 'in-review').execute();
    }
    await recordAudit(
      trx,
      actor,
      {
        action: 'version.approve',
        documentId: doc.id,
        versionNumber: Number(version.version_number),
        afterHash: version.content_hash,
        reason: input.comment ?? null,
        target: `approvals:${approvals}/${requiredApprovals}`,
      },
      at,
    );
    return { version: toSummary({ ...version, status, updated_at: at }), approvals, requiredApprovals };
  });
}

/**
 * Rejects a version in review with a comment. The submitted version becomes `rejected` (it never
 * changes) and a new draft with the same content (effective date, retroactive mark and note) is
 * opened for the author, with the comment kept in the reviews of the rejected version. Of
 * simultaneous rejections one wins; the others find the version rejected (`wrong-status`).
 *
 * @example
 * const { rejected, draft } = await reject(db, reviewer, { versionId, comment: 'C 级比例应不低于 B 级' });
 */
export async function reject(
  db: Db,
  actor: Actor,
  input: { versionId: number; comment: string },
): Promise<{ rejected: VersionSummary; draft: VersionSummary }> {
  if (!input.comment.trim()) {
    throw new DbError('BAD_REQUEST', '退回时必须填写意见 / a rejection needs a comment', { reason: 'invalid-input' });
  }
  return writeTx(db, async (trx) => {
    const { version, doc } = await reviewPreconditions(trx, actor, input.versionId);
    const at = now();
    await trx
      .insertInto('reviews')
      .values({ version_id: version.id, reviewer_id: actor.id, reviewer_name: actor.username, decision: 'reject', comment: input.comment, created_at: at })
      .execute();
    await trx.updateTable('versions').set({ status: 'rejected', updated_at: at }).where('id', '=', version.id).where('status', '=', 'in-review').execute();
    const number = await nextVersionNumber(trx, doc.id);
    const content = { ...JSON.parse(version.content), version: number } as Record<string, unknown>;
    const author: Actor =
      version.author_id === null
        ? { id: 0, username: version.author_name, role: 'credit-office', department: doc.owner }
        : { id: Number(version.author_id), username: version.author_name, role: 'department-editor', department: doc.owner };
    const draft = await insertVersion(trx, author, doc, {
      versionNumber: number,
      status: 'draft',
      content,
      parent: version,
      at,
      effectiveFrom: version.effective_from ?? undefined,
      retroactiveReason: version.retroactive_reason,
      note: version.note,
    });
    await recordAudit(
      trx,
      actor,
      { action: 'version.reject', documentId: doc.id, versionNumber: Number(version.version_number), reason: input.comment, beforeHash: version.content_hash },
      at,
    );
    return { rejected: toSummary({ ...version, status: 'rejected', updated_at: at }), draft: toSummary(draft) };
  });
}

function assertPublisher(actor: Actor): void {
  if (!canPublish(actor)) {
    throw new DbError('FORBIDDEN', `只有信用办或审核人可以发布 / only the credit office or reviewers publish (role ${actor.role})`, {
      reason: 'role',
    });
  }
}

/**
 * Publishes an approved version. `effectiveFrom` is the effective date the publisher confirms: it
 * must be the version's own (the one reviewed), else CONFLICT `effective-date-mismatch`. A date
 * before today needs the version to have been marked retroactive (PRECONDITION_FAILED
 * `effective-date`). Of simultaneous publishes exactly one wins; the others get CONFLICT
 * `already-published`. From here on the version never changes; whether it is in force is computed
 * from the effective dates (`inForceAt`, `standingsAt`), and it is known from `publishedAt` on.
 * With `golden` (the version's golden cases as the caller ran them), failing cases refuse the
 * publish (PRECONDITION_FAILED `golden-cases-failing`) unless a reviewer's override covers them.
 *
 * @example
 * await publish(db, creditOffice, { versionId, effectiveFrom: '2027-01-01' });
 */
export async function publish(
  db: Db,
  actor: Actor,
  input: {
    versionId: number;
    effectiveFrom: string;
    /** The golden cases as the caller ran them (golden-case.repository.ts `goldenGate`): failures refuse unless overridden. */
    golden?: GoldenGateInput;
  },
): Promise<VersionSummary> {
  assertPublisher(actor);
  assertDate(input.effectiveFrom, 'effectiveFrom');
  return writeTx(db, async (trx) => {
    const { version, doc } = await loadVersion(trx, input.versionId, { lock: true });
    const label = `${doc.id} v${version.version_number}`;
    if (isReleasedStatus(version.status)) {
      throw new DbError(
        'CONFLICT',
        `该版本已发布（${label}，${version.published_at ?? ''}），未重复发布 / ${label} is already published (${version.published_at ?? ''}); not published again`,
        { reason: 'already-published', versionId: Number(version.id) },
      );
    }
    if (version.status !== 'approved') {
      throw new DbError('PRECONDITION_FAILED', `只有已批准的版本可以发布（当前 ${version.status}） / only approved versions can be published (now ${version.status})`, {
        reason: 'wrong-status',
      });
    }
    const content = JSON.parse(version.content) as Record<string, unknown>;
    const effectiveFrom = version.effective_from ?? String(content.effectiveFrom ?? '');
    if (input.effectiveFrom !== effectiveFrom) {
      throw new DbError(
        'CONFLICT',
        `确认的生效日期 ${input.effectiveFrom} 与审核通过的 ${effectiveFrom} 不一致 / the confirmed effective date ${input.effectiveFrom} is not the reviewed one (${effectiveFrom})`,
        { reason: 'effective-date-mismatch' },
      );
    }
    const at = now();
    assertEffectiveDate(version, dayOf(at), 'publish');
    if (input.golden) await goldenGate(trx, actor, version, doc, input.golden, at);
    const res = await trx
      .updateTable('versions')
      .set({ status: 'published', effective_from: effectiveFrom, published_at: at, updated_at: at })
      .where('id', '=', version.id)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw new DbError('CONFLICT', `该版本已被同时发布 / ${label} was published at the same time`, { reason: 'already-published', versionId: Number(version.id) });
    }
    if (typeof content.title === 'string') await trx.updateTable('documents').set({ title: content.title }).where('id', '=', doc.id).execute();
    await recordAudit(
      trx,
      actor,
      {
        action: 'version.publish',
        documentId: doc.id,
        versionNumber: Number(version.version_number),
        afterHash: version.content_hash,
        reason: `effectiveFrom=${effectiveFrom}${Number(version.retroactive) ? `; retroactive: ${version.retroactive_reason ?? ''}` : ''}`,
      },
      at,
    );
    // the audit head at this publish (its own entry), kept in `releases` for `verifyAudit`
    await anchorRelease(trx, Number(version.id), at);
    const row = await trx.selectFrom('versions').selectAll().where('id', '=', version.id).executeTakeFirstOrThrow();
    return toSummary(row);
  });
}
