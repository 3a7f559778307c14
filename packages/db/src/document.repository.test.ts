import { addDays, officeDay } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { verifyAudit } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import {
  approve,
  bundleAt,
  createDraft,
  getVersion,
  history,
  inForceAt,
  listDocuments,
  publish,
  reject,
  createRollbackDraft,
  importReleasedVersion,
  saveDraft,
  setRequiredApprovals,
  submitForReview,
} from './document.repository.ts';
import { sql } from 'kysely';
import type { VersionStatus } from '@policy/schemas';
import { createDb } from './client.ts';
import { DbError } from './errors.ts';
import { createMigrator, migrateToLatest } from './migrate.ts';
import { uniqueViolationTable } from './raw.ts';
import type { TestDb } from './test-support.ts';
import { createScratchDatabase, DIALECTS, gradingDoc, itemsDoc, makeActor, openTestDb } from './test-support.ts';

/** A date `days` from the office's today (China time): effective dates must not lie before the publish day. */
function fromToday(days: number): string {
  return addDays(officeDay(), days);
}
const TODAY = fromToday(0);
/** Effective dates in the future, in order. */
const D1 = fromToday(10);
const D2 = fromToday(100);
const D3 = fromToday(200);
const grading = (overrides: Record<string, unknown> = {}) => gradingDoc({ effectiveFrom: D1, ...overrides });
const items = (department: string, itemName?: string) => ({ ...itemsDoc(department, itemName), effectiveFrom: D1 });

/** The DbError a promise rejects with (fails the test when it resolves). */
async function refusal(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DbError) return e;
    throw e;
  }
  throw new Error('expected a DbError, but the call succeeded');
}

describe.each(DIALECTS)('document lifecycle on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let office2: Actor;
  let reviewer: Actor;
  let reviewer2: Actor;
  let market: Actor;
  let transport: Actor;
  let viewer: Actor;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office');
    office2 = await makeActor(t.db, 'credit-office');
    reviewer = await makeActor(t.db, 'reviewer');
    reviewer2 = await makeActor(t.db, 'reviewer');
    market = await makeActor(t.db, 'department-editor', 'market-regulation');
    transport = await makeActor(t.db, 'department-editor', 'transport');
    viewer = await makeActor(t.db, 'viewer');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  /** Creates, submits, approves and publishes a new grading document; returns the version id. */
  async function released(id: string, effectiveFrom = D1) {
    const d = await createDraft(t.db, office, { newDocument: { id, kind: 'grading', title: '公共信用分类' }, content: grading({ effectiveFrom }) });
    await submitForReview(t.db, office, { versionId: d.id });
    await approve(t.db, reviewer, { versionId: d.id });
    return publish(t.db, office, { versionId: d.id, effectiveFrom });
  }

  it('takes a document from draft to published and stores the hash of its canonical JSON', async () => {
    const draft = await createDraft(t.db, office, {
      newDocument: { id: 'class-a', kind: 'grading', title: '公共信用分类' },
      content: grading(),
    });
    expect(draft).toMatchObject({ versionNumber: 1, status: 'draft', revision: 1, parentHash: null });
    const stored = await getVersion(t.db, office, draft.id);
    expect(stored.content.id).toBe('class-a');
    expect(draft.contentHash).toBe(contentHash(stored.content));
    // Key order does not change the hash.
    const reversed = Object.fromEntries(Object.entries(stored.content).reverse());
    expect(contentHash(reversed)).toBe(draft.contentHash);

    expect((await submitForReview(t.db, office, { versionId: draft.id })).status).toBe('in-review');
    const a = await approve(t.db, reviewer, { versionId: draft.id, comment: '同意' });
    expect(a).toMatchObject({ approvals: 1, requiredApprovals: 1, version: { status: 'approved' } });
    const pub = await publish(t.db, office, { versionId: draft.id, effectiveFrom: D1 });
    expect(pub).toMatchObject({ status: 'published', effectiveFrom: D1 });

    const v2 = await createDraft(t.db, office, { documentId: 'class-a' });
    expect(v2).toMatchObject({ versionNumber: 2, basedOn: 1, parentHash: draft.contentHash });
  });

  it('refuses self-approval, also by a co-editor, and approval by department editors and viewers', async () => {
    const d = await createDraft(t.db, office, { newDocument: { id: 'class-self', kind: 'grading', title: 't' }, content: grading() });
    const saved = await saveDraft(t.db, office2, { versionId: d.id, revision: d.revision, content: grading({ title: '改' }) });
    await submitForReview(t.db, office, { versionId: d.id, revision: saved.revision });
    const self = await refusal(approve(t.db, office, { versionId: d.id }));
    expect([self.code, self.details.reason]).toEqual(['FORBIDDEN', 'self-approval']);
    const coEditor = await refusal(approve(t.db, office2, { versionId: d.id }));
    expect([coEditor.code, coEditor.details.reason]).toEqual(['FORBIDDEN', 'self-approval']);
    expect((await refusal(approve(t.db, market, { versionId: d.id }))).code).toBe('FORBIDDEN');
    expect((await refusal(approve(t.db, viewer, { versionId: d.id }))).code).toBe('FORBIDDEN');
    expect((await getVersion(t.db, office, d.id)).status).toBe('in-review');
  });

  it('refuses any change to a submitted version, in the repository and in the database', async () => {
    const d = await createDraft(t.db, office, { newDocument: { id: 'class-frozen', kind: 'grading', title: 't' }, content: grading() });
    await submitForReview(t.db, office, { versionId: d.id });
    const e = await refusal(saveDraft(t.db, office, { versionId: d.id, revision: 1, content: grading({ title: 'x' }) }));
    expect([e.code, e.details.reason]).toEqual(['PRECONDITION_FAILED', 'immutable']);
    const again = await refusal(submitForReview(t.db, office, { versionId: d.id }));
    expect(again.code).toBe('PRECONDITION_FAILED');
    // Below the application: the trigger refuses direct SQL.
    await expect(t.rawExec(`update versions set content = '{}' where id = ${d.id}`)).rejects.toThrow(/immutable/);
    await expect(t.rawExec(`update versions set status = 'draft' where id = ${d.id}`)).rejects.toThrow(/immutable/);
    await expect(t.rawExec(`delete from versions where id = ${d.id}`)).rejects.toThrow(/cannot be deleted/);
    expect((await getVersion(t.db, office, d.id)).contentHash).toBe(d.contentHash);
  });

  it('refuses a stale save with the current revision and content, and loses neither edit', async () => {
    const d = await createDraft(t.db, office, { newDocument: { id: 'class-stale', kind: 'grading', title: 't' }, content: grading() });
    const first = await saveDraft(t.db, office, { versionId: d.id, revision: d.revision, content: grading({ title: '甲的修改' }) });
    expect(first.revision).toBe(2);
    const stale = await refusal(saveDraft(t.db, office2, { versionId: d.id, revision: d.revision, content: grading({ description: '乙的修改' }) }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.details.reason).toBe('stale-revision');
    expect(stale.details.currentRevision).toBe(2);
    expect((stale.details.currentContent as { title: string }).title).toBe('甲的修改');
    // The second editor merges onto the current revision: both edits are kept.
    const merged = await saveDraft(t.db, office2, {
      versionId: d.id,
      revision: stale.details.currentRevision!,
      content: { ...(stale.details.currentContent as object), description: '乙的修改' },
    });
    expect(merged.revision).toBe(3);
    const now = await getVersion(t.db, office, d.id);
    expect(now.content).toMatchObject({ title: '甲的修改', description: '乙的修改' });
  });

  it("keeps department editors out of other departments' drafts and documents", async () => {
    const mDraft = await createDraft(t.db, market, {
      newDocument: { id: 'supervision-items-market-regulation', kind: 'supervision-items', title: '清单' },
      content: items('market-regulation'),
    });
    // write: another department, and a credit-office kind
    const write = await refusal(saveDraft(t.db, transport, { versionId: mDraft.id, revision: 1, content: items('market-regulation', '改') }));
    expect([write.code, write.details.reason]).toEqual(['FORBIDDEN', 'department']);
    const create = await refusal(
      createDraft(t.db, transport, { newDocument: { id: 'x-items', kind: 'supervision-items', owner: 'market-regulation', title: 't' }, content: items('market-regulation') }),
    );
    expect(create.code).toBe('FORBIDDEN');
    expect((await refusal(createDraft(t.db, market, { newDocument: { id: 'm-grading', kind: 'grading', title: 't' }, content: grading() }))).code).toBe(
      'FORBIDDEN',
    );
    // read: the draft is hidden from the other department and from viewers, visible to its own and to reviewers
    const read = await refusal(getVersion(t.db, transport, mDraft.id));
    expect([read.code, read.details.reason]).toEqual(['FORBIDDEN', 'department']);
    expect((await refusal(getVersion(t.db, viewer, mDraft.id))).code).toBe('FORBIDDEN');
    expect((await getVersion(t.db, market, mDraft.id)).status).toBe('draft');
    expect((await getVersion(t.db, reviewer, mDraft.id)).status).toBe('draft');
    const listed = await listDocuments(t.db, transport, { kind: 'supervision-items' });
    expect(listed.find((d) => d.id === 'supervision-items-market-regulation')?.latest).toBeNull();
    expect(await history(t.db, transport, 'supervision-items-market-regulation')).toEqual([]);
    // once published, everyone reads it
    await submitForReview(t.db, market, { versionId: mDraft.id });
    await approve(t.db, reviewer, { versionId: mDraft.id });
    await publish(t.db, reviewer, { versionId: mDraft.id, effectiveFrom: D1 });
    expect((await getVersion(t.db, transport, mDraft.id)).status).toBe('published');
    expect((await getVersion(t.db, viewer, mDraft.id)).status).toBe('published');
    // department editors cannot publish
    expect((await refusal(publish(t.db, market, { versionId: mDraft.id, effectiveFrom: D1 }))).code).toBe('FORBIDDEN');
  });

  it('reject returns the work to a new draft and keeps the comment; the submitted version stays as it was', async () => {
    const d = await createDraft(t.db, office, { newDocument: { id: 'class-reject', kind: 'grading', title: 't' }, content: grading() });
    await submitForReview(t.db, office, { versionId: d.id });
    expect((await refusal(reject(t.db, reviewer, { versionId: d.id, comment: '  ' }))).code).toBe('BAD_REQUEST');
    const r = await reject(t.db, reviewer, { versionId: d.id, comment: 'B 级规则缺少依据' });
    expect(r.rejected).toMatchObject({ status: 'rejected', contentHash: d.contentHash });
    expect(r.draft).toMatchObject({ status: 'draft', versionNumber: 2, parentHash: d.contentHash, authorId: office.id });
    const h = await history(t.db, office, 'class-reject');
    expect(h.map((v) => [v.versionNumber, v.status])).toEqual([
      [1, 'rejected'],
      [2, 'draft'],
    ]);
    expect(h[0]!.reviews).toMatchObject([{ decision: 'reject', comment: 'B 级规则缺少依据', reviewerId: reviewer.id }]);
    // the author edits the new draft
    const edited = await saveDraft(t.db, office, { versionId: r.draft.id, revision: 1, content: grading({ description: '补充依据' }) });
    expect(edited.revision).toBe(2);
  });

  it('needs the configured number of distinct approvals', async () => {
    await setRequiredApprovals(t.db, office, 'supervision-items', 2);
    expect((await refusal(setRequiredApprovals(t.db, reviewer, 'supervision-items', 1))).code).toBe('FORBIDDEN');
    const d = await createDraft(t.db, transport, {
      newDocument: { id: 'supervision-items-transport', kind: 'supervision-items', title: '清单' },
      content: items('transport'),
    });
    await submitForReview(t.db, transport, { versionId: d.id });
    const one = await approve(t.db, reviewer, { versionId: d.id });
    expect(one).toMatchObject({ approvals: 1, requiredApprovals: 2, version: { status: 'in-review' } });
    expect((await refusal(approve(t.db, reviewer, { versionId: d.id }))).details.reason).toBe('already-reviewed');
    expect((await refusal(publish(t.db, office, { versionId: d.id, effectiveFrom: D1 }))).code).toBe('PRECONDITION_FAILED');
    const two = await approve(t.db, reviewer2, { versionId: d.id });
    expect(two).toMatchObject({ approvals: 2, version: { status: 'approved' } });
    await setRequiredApprovals(t.db, office, 'supervision-items', 1);
  });

  it('answers "in force at T" from effective dates, computes standings for a date, and rolls back through review', async () => {
    const v1 = await released('class-time', D1);
    const d2 = await createDraft(t.db, office, { documentId: 'class-time', content: grading({ title: '第二版', effectiveFrom: D2 }) });
    expect(d2.effectiveFrom).toBe(D2); // the draft's 生效日期 is the version's effective date
    await submitForReview(t.db, office, { versionId: d2.id });
    await approve(t.db, reviewer, { versionId: d2.id });
    const v2 = await publish(t.db, office, { versionId: d2.id, effectiveFrom: D2 });

    const at = async (date: string) => (await inForceAt(t.db, date)).find((v) => v.documentId === 'class-time')?.versionNumber;
    expect(await at(TODAY)).toBeUndefined();
    expect(await at(D1)).toBe(1);
    expect(await at(fromToday(99))).toBe(1);
    expect(await at(D2)).toBe(2);
    // released versions keep their status; in force / scheduled / superseded are computed for a date
    expect((await getVersion(t.db, viewer, v1.id)).status).toBe('published');
    const standings = async (on?: string) =>
      (await history(t.db, viewer, 'class-time', on ? { at: on } : {})).map((v) => [v.versionNumber, v.status, v.standing]);
    expect(await standings(D1)).toEqual([
      [1, 'published', 'in-force'],
      [2, 'published', 'scheduled'],
    ]);
    expect(await standings(D2)).toEqual([
      [1, 'published', 'superseded'],
      [2, 'published', 'in-force'],
    ]);
    expect(await standings()).toEqual([
      [1, 'published', 'scheduled'],
      [2, 'published', 'scheduled'],
    ]);
    const listed = (await listDocuments(t.db, viewer, { kind: 'grading' })).find((d) => d.id === 'class-time')!;
    expect([listed.published, listed.scheduled?.versionNumber]).toEqual([null, 1]);

    // a rollback is a draft copying v1, with a note, reviewed and published like any other
    expect((await refusal(createRollbackDraft(t.db, market, { documentId: 'class-time', toVersion: 1, effectiveFrom: D3 }))).code).toBe('FORBIDDEN');
    expect((await refusal(createRollbackDraft(t.db, reviewer, { documentId: 'class-time', toVersion: 1, effectiveFrom: D3 }))).code).toBe('FORBIDDEN');
    const rb = await createRollbackDraft(t.db, office, { documentId: 'class-time', toVersion: 1, effectiveFrom: D3, reason: '恢复第一版' });
    expect(rb).toMatchObject({ versionNumber: 3, status: 'draft', basedOn: 1, parentHash: v1.contentHash, effectiveFrom: D3, note: '回退至 v1：恢复第一版' });
    expect(await at(D3)).toBe(2); // nothing released yet
    const second = await refusal(createRollbackDraft(t.db, office2, { documentId: 'class-time', toVersion: 2 }));
    expect([second.code, second.details.reason, second.details.versionId]).toEqual(['CONFLICT', 'open-version-exists', rb.id]);
    const restored = await getVersion(t.db, reviewer, rb.id);
    const original = await getVersion(t.db, viewer, v1.id);
    expect(restored.content.content).toEqual(original.content.content);
    expect(restored.content).toMatchObject({ title: original.content.title, effectiveFrom: D3, version: 3 });
    // the one who started it cannot approve it
    await submitForReview(t.db, office, { versionId: rb.id });
    expect((await refusal(approve(t.db, office, { versionId: rb.id }))).details.reason).toBe('self-approval');
    await approve(t.db, reviewer, { versionId: rb.id });
    const v3 = await publish(t.db, office, { versionId: rb.id, effectiveFrom: D3 });
    expect(await at(fromToday(199))).toBe(2);
    expect(await at(D3)).toBe(3);
    // history is not rewritten
    const h = await history(t.db, viewer, 'class-time', { at: D3 });
    expect(h.map((v) => [v.versionNumber, v.status, v.standing, v.contentHash])).toEqual([
      [1, 'published', 'superseded', v1.contentHash],
      [2, 'published', 'superseded', v2.contentHash],
      [3, 'published', 'in-force', v3.contentHash],
    ]);
    const bundle = await bundleAt(t.db, D3);
    const doc = bundle.documents.find((d) => d.id === 'class-time');
    expect(doc).toMatchObject({ version: 3, effectiveFrom: D3, kind: 'grading' });
    const log = await t.db.selectFrom('audit_log').selectAll().where('document_id', '=', 'class-time').where('version_number', '=', 3).orderBy('seq').execute();
    expect(log.map((r) => r.action)).toEqual(['draft.create', 'version.submit', 'version.approve', 'version.publish']);
    expect(log[0]).toMatchObject({ target: 'rollback:v1', reason: '回退至 v1：恢复第一版' });
  });

  it('keeps one effective date: set in the draft, frozen at submission, confirmed at publish', async () => {
    const d = await createDraft(t.db, office, { newDocument: { id: 'class-date', kind: 'grading', title: 't' }, content: grading({ effectiveFrom: D2 }) });
    const saved = await saveDraft(t.db, office, { versionId: d.id, revision: d.revision, content: grading({ effectiveFrom: D3 }) });
    expect(saved.effectiveFrom).toBe(D3);
    // a past date is refused at submission unless marked retroactive with a reason
    const past = await saveDraft(t.db, office, { versionId: d.id, revision: saved.revision, content: grading({ effectiveFrom: fromToday(-1) }) });
    const early = await refusal(submitForReview(t.db, office, { versionId: d.id }));
    expect([early.code, early.details.reason]).toEqual(['BAD_REQUEST', 'effective-date']);
    expect(early.message).toMatch(/早于今天.*\/ the effective date/);
    // a retroactive mark on a future date is refused too
    const back = await saveDraft(t.db, office, { versionId: d.id, revision: past.revision, content: grading({ effectiveFrom: D3 }), retroactiveReason: '理由' });
    expect((await refusal(submitForReview(t.db, office, { versionId: d.id }))).details.reason).toBe('effective-date');
    const clean = await saveDraft(t.db, office, { versionId: d.id, revision: back.revision, content: grading({ effectiveFrom: D3 }), retroactiveReason: null });
    expect(clean).toMatchObject({ retroactive: false, retroactiveReason: null });
    await submitForReview(t.db, office, { versionId: d.id });
    const review = await getVersion(t.db, reviewer, d.id);
    expect(review.effectiveDate).toMatchObject({ effectiveFrom: D3, retroactive: false, inThePast: false, pastChanges: [] });
    await approve(t.db, reviewer, { versionId: d.id });
    // publish confirms the reviewed date
    const wrong = await refusal(publish(t.db, office, { versionId: d.id, effectiveFrom: D2 }));
    expect([wrong.code, wrong.details.reason]).toEqual(['CONFLICT', 'effective-date-mismatch']);
    expect(wrong.message).toContain(D3);
    const pub = await publish(t.db, office, { versionId: d.id, effectiveFrom: D3 });
    expect(pub).toMatchObject({ status: 'published', effectiveFrom: D3 });
    expect(officeDay(pub.publishedAt!)).toBe(TODAY);
    const again = await refusal(publish(t.db, office, { versionId: d.id, effectiveFrom: D3 }));
    expect([again.code, again.details.reason]).toEqual(['CONFLICT', 'already-published']);
    expect((await getVersion(t.db, viewer, d.id)).content.effectiveFrom).toBe(D3);
  });

  it('releases a retroactive version only with a reason and one more approval, shows the past it changes, and answers "as known on"', async () => {
    // two versions released long ago: v1 in force from 2024-01-01 (known since 2024-01-01), v2 from 2026-01-01 (known since 2025-12-15)
    await t.db.transaction().execute(async (trx) => {
      await importReleasedVersion(trx, office, gradingDoc({ id: 'class-retro', version: 1, effectiveFrom: '2024-01-01' }), '2024-01-01T08:00:00.000Z');
      await importReleasedVersion(trx, office, gradingDoc({ id: 'class-retro', version: 2, effectiveFrom: '2026-01-01', title: '第二版' }), '2025-12-15T08:00:00.000Z');
    });
    const d = await createDraft(t.db, office, { documentId: 'class-retro', content: gradingDoc({ id: 'class-retro', effectiveFrom: '2025-01-01', title: '追溯版' }) });
    expect(d.basedOn).toBe(2);
    const marked = await saveDraft(t.db, office, {
      versionId: d.id,
      revision: d.revision,
      content: gradingDoc({ id: 'class-retro', effectiveFrom: '2025-01-01', title: '追溯版' }),
      retroactiveReason: '上级文件自 2025 年 1 月 1 日起施行',
    });
    expect(marked).toMatchObject({ retroactive: true, retroactiveReason: '上级文件自 2025 年 1 月 1 日起施行' });
    await submitForReview(t.db, office, { versionId: d.id });
    const review = await getVersion(t.db, reviewer, d.id);
    expect(review.requiredApprovals).toBe(2); // grading needs 1, a retroactive version one more
    expect(review.effectiveDate).toEqual({
      effectiveFrom: '2025-01-01',
      publishDay: TODAY,
      retroactive: true,
      retroactiveReason: '上级文件自 2025 年 1 月 1 日起施行',
      inThePast: true,
      pastChanges: [{ from: '2025-01-01', to: '2025-12-31', replaces: { versionNumber: 1, effectiveFrom: '2024-01-01' } }],
    });
    const one = await approve(t.db, reviewer, { versionId: d.id });
    expect(one).toMatchObject({ approvals: 1, requiredApprovals: 2, version: { status: 'in-review' } });
    expect((await refusal(publish(t.db, office2, { versionId: d.id, effectiveFrom: '2025-01-01' }))).details.reason).toBe('wrong-status');
    expect((await approve(t.db, reviewer2, { versionId: d.id })).version.status).toBe('approved');
    const v3 = await publish(t.db, office2, { versionId: d.id, effectiveFrom: '2025-01-01' });
    expect(v3).toMatchObject({ effectiveFrom: '2025-01-01', retroactive: true });

    const at = async (date: string, asKnownOn?: string) =>
      (await inForceAt(t.db, date, asKnownOn ? { asKnownOn } : {})).find((v) => v.documentId === 'class-retro')?.versionNumber;
    expect(await at('2025-06-30')).toBe(3);
    expect(await at('2025-06-30', fromToday(-1))).toBe(1); // as known yesterday: v3 was not released yet
    expect(await at('2025-06-30', TODAY)).toBe(3);
    expect(await at('2026-06-30', '2025-12-01')).toBe(1); // v2 became known on 2025-12-15
    expect(await at('2026-06-30', '2025-12-15')).toBe(2);
    expect(await at('2024-06-30', '2023-12-31')).toBeUndefined();
    expect((await bundleAt(t.db, '2025-06-30', { asKnownOn: fromToday(-1) })).documents.find((x) => x.id === 'class-retro')?.version).toBe(1);
    // once released, the review still shows what it changed, against the versions known before it
    expect((await getVersion(t.db, viewer, v3.id)).effectiveDate.pastChanges).toEqual([
      { from: '2025-01-01', to: '2025-12-31', replaces: { versionNumber: 1, effectiveFrom: '2024-01-01' } },
    ]);
    expect((await history(t.db, viewer, 'class-retro')).map((v) => v.standing)).toEqual(['superseded', 'in-force', 'superseded']);
    expect((await history(t.db, viewer, 'class-retro', { at: '2025-06-30' })).map((v) => v.standing)).toEqual(['superseded', 'scheduled', 'in-force']);
  });

  it('refuses, in the database itself, changes to a released version and status changes outside the lifecycle', async () => {
    const v = await released('class-guard', D1);
    const raw = (statement: string) => t.rawExec(statement).then(() => 'accepted', (e: unknown) => String((e as Error).message));
    expect(await raw(`update versions set effective_from = '2020-01-01' where id = ${v.id}`)).toMatch(/immutable/);
    expect(await raw(`update versions set published_at = '2020-01-01T00:00:00.000Z' where id = ${v.id}`)).toMatch(/released version is immutable/);
    expect(await raw(`update versions set status = 'superseded' where id = ${v.id}`)).toMatch(/released version is immutable/);
    expect(await raw(`update versions set retroactive = 1, retroactive_reason = 'x' where id = ${v.id}`)).toMatch(/immutable/);
    expect(await raw(`update versions set note = 'x' where id = ${v.id}`)).toMatch(/immutable/);
    expect(await raw(`delete from versions where id = ${v.id}`)).toMatch(/cannot be deleted/);
    // status changes outside draft → in-review → approved → published, in-review → rejected
    const d = await createDraft(t.db, office, { documentId: 'class-guard' });
    expect(await raw(`update versions set status = 'approved' where id = ${d.id}`)).toMatch(/status change not allowed/);
    expect(await raw(`update versions set status = 'published', published_at = 'x' where id = ${d.id}`)).toMatch(/status change not allowed/);
    await submitForReview(t.db, office, { versionId: d.id });
    expect(await raw(`update versions set effective_from = '2020-01-01' where id = ${d.id}`)).toMatch(/immutable/);
    expect(await raw(`update versions set status = 'approved' where id = ${d.id}`)).toMatch(/not enough approvals/);
    expect(await raw(`update versions set status = 'published' where id = ${d.id}`)).toMatch(/status change not allowed/);
    expect(await raw(`update versions set status = 'draft' where id = ${d.id}`)).toMatch(/immutable/);
    await approve(t.db, reviewer, { versionId: d.id });
    expect(await raw(`update versions set status = 'published' where id = ${d.id}`)).toMatch(/effective date and publish time/);
    expect(await raw(`update versions set status = 'in-review' where id = ${d.id}`)).toMatch(/status change not allowed/);
    expect((await getVersion(t.db, office, d.id)).status).toBe('approved');
  });

  it('refuses an invalid document with JSON pointers, and a second open draft', async () => {
    const bad = grading();
    (bad.content as { decision: { rules: unknown[] } }).decision.rules = [];
    const e = await refusal(createDraft(t.db, office, { newDocument: { id: 'class-bad', kind: 'grading', title: 't' }, content: bad }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.details.issues?.map((i) => i.path)).toContain('/content/decision/rules');
    await released('class-open');
    const open = await createDraft(t.db, office, { documentId: 'class-open' });
    const second = await refusal(createDraft(t.db, office2, { documentId: 'class-open' }));
    expect([second.code, second.details.reason, second.details.versionId]).toEqual(['CONFLICT', 'open-version-exists', open.id]);
  });

  it('lets only one of two simultaneous createDraft calls open a draft; the other gets CONFLICT open-version-exists', async () => {
    for (const round of [1, 2, 3]) {
      const id = `class-race-${round}`;
      await released(id);
      const settled = await Promise.allSettled([createDraft(t.db, office, { documentId: id }), createDraft(t.db, office2, { documentId: id })]);
      const won = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
      const lost = settled.filter((s) => s.status === 'rejected').map((s) => s.reason as unknown);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(DbError);
      const e = lost[0] as DbError;
      expect([e.code, e.details.reason, e.details.versionId]).toEqual(['CONFLICT', 'open-version-exists', won[0]!.id]);
      expect(e.message).toMatch(/未发布的版本/);
      const h = await history(t.db, office, id);
      expect(h.map((v) => [v.versionNumber, v.status])).toEqual([
        [1, 'published'],
        [2, 'draft'],
      ]);
    }
    // below the application: a second open version is refused by the database itself
    const direct = await t
      .rawExec(
        `insert into versions (document_id, version_number, status, revision, content, content_hash, author_name, created_at, updated_at)
         values ('class-race-1', 3, 'draft', 1, '{}', 'x', 'someone', '2026-01-01', '2026-01-01')`,
      )
      .then(() => 'inserted', (err: unknown) => err);
    expect(uniqueViolationTable(direct)).toBe('versions');
    // the same for two new documents with one id: CONFLICT duplicate, one document
    const both = await Promise.allSettled([
      createDraft(t.db, office, { newDocument: { id: 'class-race-new', kind: 'grading', title: 't' }, content: grading() }),
      createDraft(t.db, office2, { newDocument: { id: 'class-race-new', kind: 'grading', title: 't' }, content: grading() }),
    ]);
    expect(both.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const dup = both.find((s) => s.status === 'rejected')!.reason as DbError;
    expect(dup).toBeInstanceOf(DbError);
    expect([dup.code, dup.details.reason]).toEqual(['CONFLICT', 'duplicate']);
    expect((await history(t.db, office, 'class-race-new')).map((v) => v.versionNumber)).toEqual([1]);
  });

  it('records every action in an unbroken audit chain', async () => {
    const r = await verifyAudit(t.db);
    expect(r).toMatchObject({ ok: true });
    expect(r.count).toBeGreaterThan(40);
  });
});

describe.each(DIALECTS)('the release-guards migration on %s', (dialect) => {
  it('fills the effective date of open versions from their document and turns "superseded" into "published"', async () => {
    const scratch = await createScratchDatabase(dialect);
    const h = createDb(scratch.url);
    try {
      const before = await createMigrator(h.db).migrateTo('2026_11_26_02_00_00_audit_anchor');
      if (before.error) throw before.error;
      await h.db.insertInto('documents').values({ id: 'sampling', kind: 'sampling', owner: 'credit-office', title: 't', created_at: '2025-01-01' }).execute();
      const row = (n: number, status: VersionStatus, effectiveFrom: string | null, contentDate: string) => ({
        document_id: 'sampling',
        version_number: n,
        status,
        revision: 1,
        content: JSON.stringify({ id: 'sampling', version: n, effectiveFrom: contentDate }),
        content_hash: `h${n}`,
        author_name: 'someone',
        effective_from: effectiveFrom,
        created_at: '2025-01-01',
        updated_at: '2025-01-01',
        published_at: effectiveFrom ? '2025-01-01T00:00:00.000Z' : null,
      });
      // v1: the record says 2025-03-01, its JSON 2024-01-01 (the record is what was in force)
      await sql`insert into versions (document_id, version_number, status, revision, content, content_hash, author_name, effective_from, created_at, updated_at, published_at)
        values ${sql.join(
          [row(1, 'superseded', '2025-03-01', '2024-01-01'), row(2, 'published', '2025-06-01', '2024-01-01'), row(3, 'draft', null, '2027-01-01')].map(
            (r) => sql`(${r.document_id}, ${r.version_number}, ${r.status}, ${r.revision}, ${r.content}, ${r.content_hash}, ${r.author_name}, ${r.effective_from}, ${r.created_at}, ${r.updated_at}, ${r.published_at})`,
          ),
        )}`.execute(h.db);
      const after = await migrateToLatest(h.db);
      if (after.error) throw after.error;
      const rows = await h.db.selectFrom('versions').select(['version_number', 'status', 'effective_from', 'retroactive', 'published_at']).orderBy('version_number').execute();
      expect(rows.map((r) => [Number(r.version_number), r.status, r.effective_from, Number(r.retroactive), r.published_at])).toEqual([
        [1, 'published', '2025-03-01', 0, '2025-01-01T00:00:00.000Z'],
        [2, 'published', '2025-06-01', 0, '2025-01-01T00:00:00.000Z'],
        [3, 'draft', '2027-01-01', 0, null],
      ]);
      expect((await inForceAt(h.db, '2025-04-01')).map((v) => v.versionNumber)).toEqual([1]);
    } finally {
      await h.destroy();
      await scratch.drop();
    }
  });
});
