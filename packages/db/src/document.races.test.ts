/**
 * Concurrent state changes on both dialects: each test fires several calls at once
 * (Promise.allSettled) and checks that exactly the allowed ones win and the others get a typed
 * refusal. On SQLite the calls alternate between two Kysely instances on the same file (as two
 * server processes would), so their transactions really interleave; calls through one instance are
 * serialised by the driver.
 */
import { addDays, officeDay } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { createDb } from './client.ts';
import type { Database } from './database.ts';
import { approve, createDraft, getVersion, history, publish, reject, saveDraft, setRequiredApprovals, submitForReview } from './document.repository.ts';
import { DbError } from './errors.ts';
import { sqliteHandle } from './raw.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, gradingDoc, makeActor, openTestDb } from './test-support.ts';

const ROUNDS = 3;
const AT_ONCE = 8;

/** A date `days` from the office's today (China time), so the tests do not age. */
function fromToday(days: number): string {
  return addDays(officeDay(), days);
}

function outcome<T>(settled: PromiseSettledResult<T>[]): { won: T[]; lost: DbError[]; other: unknown[] } {
  const won: T[] = [];
  const lost: DbError[] = [];
  const other: unknown[] = [];
  for (const s of settled) {
    if (s.status === 'fulfilled') won.push(s.value);
    else if (s.reason instanceof DbError) lost.push(s.reason);
    else other.push(s.reason);
  }
  return { won, lost, other };
}

describe.each(DIALECTS)('concurrent state changes on %s', (dialect) => {
  let t: TestDb;
  /** The database handles the calls alternate between. */
  let dbs: Kysely<Database>[];
  let closeSecond: () => Promise<void> = async () => {};
  let office: Actor;
  let office2: Actor;
  const reviewers: Actor[] = [];
  const FUTURE = fromToday(40);

  beforeAll(async () => {
    t = await openTestDb(dialect);
    dbs = [t.db];
    if (dialect === 'sqlite') {
      const second = createDb(sqliteHandle(t.db)!.name);
      dbs.push(second.db);
      closeSecond = second.destroy;
    }
    office = await makeActor(t.db, 'credit-office');
    office2 = await makeActor(t.db, 'credit-office');
    for (let i = 0; i < AT_ONCE; i++) reviewers.push(await makeActor(t.db, 'reviewer'));
  }, 60_000);
  afterAll(async () => {
    await closeSecond();
    await t?.destroy();
  });

  const on = (i: number) => dbs[i % dbs.length]!;

  async function inReview(id: string) {
    const d = await createDraft(t.db, office, { newDocument: { id, kind: 'grading', title: '公共信用分类' }, content: gradingDoc({ effectiveFrom: FUTURE }) });
    await submitForReview(t.db, office, { versionId: d.id });
    return d;
  }

  async function auditCount(documentId: string, action: string): Promise<number> {
    const rows = await t.db.selectFrom('audit_log').select('seq').where('document_id', '=', documentId).where('action', '=', action).execute();
    return rows.length;
  }

  it('lets exactly one of several simultaneous publishes win; the others get CONFLICT already-published', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const id = `race-publish-${round}`;
      const d = await inReview(id);
      await approve(t.db, reviewers[0]!, { versionId: d.id });
      const settled = await Promise.allSettled(
        Array.from({ length: AT_ONCE }, (_, i) => publish(on(i), i % 2 ? office2 : office, { versionId: d.id, effectiveFrom: FUTURE })),
      );
      const { won, lost, other } = outcome(settled);
      expect(other).toEqual([]);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(AT_ONCE - 1);
      for (const e of lost) expect([e.code, e.details.reason]).toEqual(['CONFLICT', 'already-published']);
      expect(lost[0]!.message).toMatch(/已发布.*\/.*already published/);
      expect(await auditCount(id, 'version.publish')).toBe(1);
      expect(await getVersion(t.db, office, d.id)).toMatchObject({ status: 'published', effectiveFrom: FUTURE });
    }
  }, 120_000);

  it('counts simultaneous approvals under a lock: 2 required, exactly 2 approvals taken, the version approved', async () => {
    await setRequiredApprovals(t.db, office, 'grading', 2);
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        const id = `race-approve-${round}`;
        const d = await inReview(id);
        const settled = await Promise.allSettled(reviewers.map((r, i) => approve(on(i), r, { versionId: d.id, comment: `第 ${i} 位` })));
        const { won, lost, other } = outcome(settled);
        expect(other).toEqual([]);
        expect(won).toHaveLength(2);
        expect(won.map((w) => w.approvals).sort()).toEqual([1, 2]);
        expect(won.find((w) => w.approvals === 2)!.version.status).toBe('approved');
        for (const e of lost) expect([e.code, e.details.reason]).toEqual(['PRECONDITION_FAILED', 'wrong-status']);
        const v = await getVersion(t.db, office, d.id);
        expect(v).toMatchObject({ status: 'approved', approvals: 2, requiredApprovals: 2 });
        expect(v.reviews).toHaveLength(2);
        expect(await auditCount(id, 'version.approve')).toBe(2);
      }
    } finally {
      await setRequiredApprovals(t.db, office, 'grading', 1);
    }
  }, 120_000);

  it('lets exactly one of several simultaneous rejections win and opens exactly one new draft', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const id = `race-reject-${round}`;
      const d = await inReview(id);
      const settled = await Promise.allSettled(reviewers.map((r, i) => reject(on(i), r, { versionId: d.id, comment: `退回 ${i}` })));
      const { won, lost, other } = outcome(settled);
      expect(other).toEqual([]);
      expect(won).toHaveLength(1);
      for (const e of lost) expect([e.code, e.details.reason]).toEqual(['PRECONDITION_FAILED', 'wrong-status']);
      const h = await history(t.db, office, id);
      expect(h.map((v) => [v.versionNumber, v.status])).toEqual([
        [1, 'rejected'],
        [2, 'draft'],
      ]);
      expect(h[0]!.reviews).toHaveLength(1);
    }
  }, 120_000);

  it('keeps approvals and a rejection arriving together consistent (2 required)', async () => {
    await setRequiredApprovals(t.db, office, 'grading', 2);
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        const id = `race-mixed-${round}`;
        const d = await inReview(id);
        const settled = await Promise.allSettled(
          reviewers.map((r, i) => (i % 4 === 3 ? reject(on(i), r, { versionId: d.id, comment: '退回' }) : approve(on(i), r, { versionId: d.id }))),
        );
        const { won, other } = outcome(settled);
        expect(other).toEqual([]);
        const v = await getVersion(t.db, office, d.id);
        const approvals = v.reviews.filter((r) => r.decision === 'approve').length;
        const rejections = v.reviews.filter((r) => r.decision === 'reject').length;
        // every accepted call left exactly one review; a decided version takes no more
        expect(v.reviews).toHaveLength(won.length);
        if (v.status === 'approved') expect([approvals, rejections]).toEqual([2, 0]);
        else {
          expect(v.status).toBe('rejected');
          expect(rejections).toBe(1);
          expect(approvals).toBeLessThan(2);
        }
        const open = (await history(t.db, office, id)).filter((x) => ['draft', 'in-review', 'approved'].includes(x.status));
        expect(open).toHaveLength(1);
      }
    } finally {
      await setRequiredApprovals(t.db, office, 'grading', 1);
    }
  }, 120_000);

  it('takes one of several saves from the same revision and refuses the others as stale, losing no edit silently', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const id = `race-save-${round}`;
      const d = await createDraft(t.db, office, { newDocument: { id, kind: 'grading', title: 't' }, content: gradingDoc({ effectiveFrom: FUTURE }) });
      const settled = await Promise.allSettled(
        Array.from({ length: AT_ONCE }, (_, i) =>
          saveDraft(on(i), i % 2 ? office2 : office, { versionId: d.id, revision: d.revision, content: gradingDoc({ effectiveFrom: FUTURE, title: `编辑 ${i}` }) }),
        ),
      );
      const { won, lost, other } = outcome(settled);
      expect(other).toEqual([]);
      expect(won).toHaveLength(1);
      expect(won[0]!.revision).toBe(d.revision + 1);
      for (const e of lost) {
        expect([e.code, e.details.reason]).toEqual(['CONFLICT', 'stale-revision']);
        expect(e.details.currentRevision).toBe(d.revision + 1);
      }
      const v = await getVersion(t.db, office, d.id);
      expect(v.revision).toBe(d.revision + 1);
      expect(v.contentHash).toBe(won[0]!.contentHash);
      expect(await auditCount(id, 'draft.save')).toBe(1);
    }
  }, 120_000);

  it('opens exactly one draft of a document when several editors start one at once', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const id = `race-draft-${round}`;
      const d = await inReview(id);
      await approve(t.db, reviewers[0]!, { versionId: d.id });
      await publish(t.db, office, { versionId: d.id, effectiveFrom: FUTURE });
      const settled = await Promise.allSettled(Array.from({ length: AT_ONCE }, (_, i) => createDraft(on(i), i % 2 ? office2 : office, { documentId: id })));
      const { won, lost, other } = outcome(settled);
      expect(other).toEqual([]);
      expect(won).toHaveLength(1);
      for (const e of lost) expect([e.code, e.details.reason, e.details.versionId]).toEqual(['CONFLICT', 'open-version-exists', won[0]!.id]);
      expect((await history(t.db, office, id)).map((v) => [v.versionNumber, v.status])).toEqual([
        [1, 'published'],
        [2, 'draft'],
      ]);
    }
  }, 120_000);
});
