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
  rollback,
  saveDraft,
  setRequiredApprovals,
  submitForReview,
} from './document.repository.ts';
import { DbError } from './errors.ts';
import { uniqueViolationTable } from './raw.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, gradingDoc, itemsDoc, makeActor, openTestDb } from './test-support.ts';

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
  async function released(id: string, effectiveFrom = '2026-01-01') {
    const d = await createDraft(t.db, office, { newDocument: { id, kind: 'grading', title: '公共信用分类' }, content: gradingDoc() });
    await submitForReview(t.db, office, { versionId: d.id });
    await approve(t.db, reviewer, { versionId: d.id });
    return publish(t.db, office, { versionId: d.id, effectiveFrom });
  }

  it('takes a document from draft to published and stores the hash of its canonical JSON', async () => {
    const draft = await createDraft(t.db, office, {
      newDocument: { id: 'class-a', kind: 'grading', title: '公共信用分类' },
      content: gradingDoc(),
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
    const pub = await publish(t.db, office, { versionId: draft.id, effectiveFrom: '2026-01-01' });
    expect(pub).toMatchObject({ status: 'published', effectiveFrom: '2026-01-01' });

    const v2 = await createDraft(t.db, office, { documentId: 'class-a' });
    expect(v2).toMatchObject({ versionNumber: 2, basedOn: 1, parentHash: draft.contentHash });
  });

  it('refuses self-approval, also by a co-editor, and approval by department editors and viewers', async () => {
    const d = await createDraft(t.db, office, { newDocument: { id: 'class-self', kind: 'grading', title: 't' }, content: gradingDoc() });
    const saved = await saveDraft(t.db, office2, { versionId: d.id, revision: d.revision, content: gradingDoc({ title: '改' }) });
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
    const d = await createDraft(t.db, office, { newDocument: { id: 'class-frozen', kind: 'grading', title: 't' }, content: gradingDoc() });
    await submitForReview(t.db, office, { versionId: d.id });
    const e = await refusal(saveDraft(t.db, office, { versionId: d.id, revision: 1, content: gradingDoc({ title: 'x' }) }));
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
    const d = await createDraft(t.db, office, { newDocument: { id: 'class-stale', kind: 'grading', title: 't' }, content: gradingDoc() });
    const first = await saveDraft(t.db, office, { versionId: d.id, revision: d.revision, content: gradingDoc({ title: '甲的修改' }) });
    expect(first.revision).toBe(2);
    const stale = await refusal(saveDraft(t.db, office2, { versionId: d.id, revision: d.revision, content: gradingDoc({ description: '乙的修改' }) }));
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
      content: itemsDoc('market-regulation'),
    });
    // write: another department, and a credit-office kind
    const write = await refusal(saveDraft(t.db, transport, { versionId: mDraft.id, revision: 1, content: itemsDoc('market-regulation', '改') }));
    expect([write.code, write.details.reason]).toEqual(['FORBIDDEN', 'department']);
    const create = await refusal(
      createDraft(t.db, transport, { newDocument: { id: 'x-items', kind: 'supervision-items', owner: 'market-regulation', title: 't' }, content: itemsDoc('market-regulation') }),
    );
    expect(create.code).toBe('FORBIDDEN');
    expect((await refusal(createDraft(t.db, market, { newDocument: { id: 'm-grading', kind: 'grading', title: 't' }, content: gradingDoc() }))).code).toBe(
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
    await publish(t.db, reviewer, { versionId: mDraft.id });
    expect((await getVersion(t.db, transport, mDraft.id)).status).toBe('published');
    expect((await getVersion(t.db, viewer, mDraft.id)).status).toBe('published');
    // department editors cannot publish
    expect((await refusal(publish(t.db, market, { versionId: mDraft.id }))).code).toBe('FORBIDDEN');
  });

  it('reject returns the work to a new draft and keeps the comment; the submitted version stays as it was', async () => {
    const d = await createDraft(t.db, office, { newDocument: { id: 'class-reject', kind: 'grading', title: 't' }, content: gradingDoc() });
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
    const edited = await saveDraft(t.db, office, { versionId: r.draft.id, revision: 1, content: gradingDoc({ description: '补充依据' }) });
    expect(edited.revision).toBe(2);
  });

  it('needs the configured number of distinct approvals', async () => {
    await setRequiredApprovals(t.db, office, 'supervision-items', 2);
    expect((await refusal(setRequiredApprovals(t.db, reviewer, 'supervision-items', 1))).code).toBe('FORBIDDEN');
    const d = await createDraft(t.db, transport, {
      newDocument: { id: 'supervision-items-transport', kind: 'supervision-items', title: '清单' },
      content: itemsDoc('transport'),
    });
    await submitForReview(t.db, transport, { versionId: d.id });
    const one = await approve(t.db, reviewer, { versionId: d.id });
    expect(one).toMatchObject({ approvals: 1, requiredApprovals: 2, version: { status: 'in-review' } });
    expect((await refusal(approve(t.db, reviewer, { versionId: d.id }))).details.reason).toBe('already-reviewed');
    expect((await refusal(publish(t.db, office, { versionId: d.id }))).code).toBe('PRECONDITION_FAILED');
    const two = await approve(t.db, reviewer2, { versionId: d.id });
    expect(two).toMatchObject({ approvals: 2, version: { status: 'approved' } });
    await setRequiredApprovals(t.db, office, 'supervision-items', 1);
  });

  it('answers "in force at T" from effective dates and rolls back by publishing old content as a new version', async () => {
    const v1 = await released('class-time', '2026-01-01');
    const d2 = await createDraft(t.db, office, { documentId: 'class-time', content: gradingDoc({ title: '第二版' }) });
    await submitForReview(t.db, office, { versionId: d2.id });
    await approve(t.db, reviewer, { versionId: d2.id });
    const v2 = await publish(t.db, office, { versionId: d2.id, effectiveFrom: '2026-07-01' });

    const at = async (date: string) => (await inForceAt(t.db, date)).find((v) => v.documentId === 'class-time')?.versionNumber;
    expect(await at('2025-12-31')).toBeUndefined();
    expect(await at('2026-01-01')).toBe(1);
    expect(await at('2026-06-30')).toBe(1);
    expect(await at('2026-07-01')).toBe(2);
    expect((await getVersion(t.db, viewer, v1.id)).status).toBe('superseded');

    expect((await refusal(rollback(t.db, market, { documentId: 'class-time', toVersion: 1, effectiveFrom: '2026-10-01' }))).code).toBe('FORBIDDEN');
    const v3 = await rollback(t.db, office, { documentId: 'class-time', toVersion: 1, effectiveFrom: '2026-10-01', reason: '恢复第一版' });
    expect(v3).toMatchObject({ versionNumber: 3, status: 'published', basedOn: 1, parentHash: v1.contentHash, effectiveFrom: '2026-10-01' });
    expect(await at('2026-09-30')).toBe(2);
    expect(await at('2026-10-01')).toBe(3);
    const restored = await getVersion(t.db, viewer, v3.id);
    const original = await getVersion(t.db, viewer, v1.id);
    expect(restored.content.content).toEqual(original.content.content);
    expect(restored.content.title).toBe(original.content.title);
    // history is not rewritten
    const h = await history(t.db, viewer, 'class-time');
    expect(h.map((v) => [v.versionNumber, v.status, v.contentHash])).toEqual([
      [1, 'superseded', v1.contentHash],
      [2, 'superseded', v2.contentHash],
      [3, 'published', v3.contentHash],
    ]);
    const bundle = await bundleAt(t.db, '2026-10-01');
    const doc = bundle.documents.find((d) => d.id === 'class-time');
    expect(doc).toMatchObject({ version: 3, effectiveFrom: '2026-10-01', kind: 'grading' });
  });

  it('refuses an invalid document with JSON pointers, and a second open draft', async () => {
    const bad = gradingDoc();
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
      createDraft(t.db, office, { newDocument: { id: 'class-race-new', kind: 'grading', title: 't' }, content: gradingDoc() }),
      createDraft(t.db, office2, { newDocument: { id: 'class-race-new', kind: 'grading', title: 't' }, content: gradingDoc() }),
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
