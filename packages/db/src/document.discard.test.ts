/**
 * Unfinished work (issue 15): a draft with errors is saved with its issues (submit still refuses it),
 * and an unsubmitted draft can be discarded — by its author or the credit office, audited, and racing
 * correctly (two discards, or a discard and a submit, at once: exactly one wins) on both dialects.
 * On SQLite the racing calls alternate between two Kysely instances on the same file, as two server
 * processes would.
 */
import { addDays, officeDay } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { verifyAudit } from './audit.repository.ts';
import { createDb } from './client.ts';
import type { Database } from './database.ts';
import {
  approve,
  createDraft,
  discardDraft,
  getVersion,
  history,
  listDocuments,
  publish,
  saveDraft,
  submitForReview,
} from './document.repository.ts';
import { DbError } from './errors.ts';
import { sqliteHandle } from './raw.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, gradingDoc, itemsDoc, makeActor, openTestDb } from './test-support.ts';

const ROUNDS = 3;

function fromToday(days: number): string {
  return addDays(officeDay(), days);
}

async function refusal(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DbError) return e;
    throw e;
  }
  throw new Error('expected a DbError, but the call succeeded');
}

describe.each(DIALECTS)('unfinished drafts on %s', (dialect) => {
  let t: TestDb;
  let dbs: Kysely<Database>[];
  let closeSecond: () => Promise<void> = async () => {};
  let office: Actor;
  let office2: Actor;
  let reviewer: Actor;
  let market: Actor;
  let market2: Actor;
  let transport: Actor;
  const FUTURE = fromToday(40);
  const grading = (o: Record<string, unknown> = {}) => gradingDoc({ effectiveFrom: FUTURE, ...o });
  const on = (i: number) => dbs[i % dbs.length]!;

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
    reviewer = await makeActor(t.db, 'reviewer');
    market = await makeActor(t.db, 'department-editor', 'market-regulation');
    market2 = await makeActor(t.db, 'department-editor', 'market-regulation');
    transport = await makeActor(t.db, 'department-editor', 'transport');
  }, 60_000);
  afterAll(async () => {
    await closeSecond();
    await t?.destroy();
  });

  /** A published grading document and an open draft of it (v2). */
  async function withDraft(id: string, by: Actor = office) {
    const d = await createDraft(t.db, office, { newDocument: { id, kind: 'grading', title: '公共信用分类' }, content: grading() });
    await submitForReview(t.db, office, { versionId: d.id });
    await approve(t.db, reviewer, { versionId: d.id });
    await publish(t.db, office, { versionId: d.id, effectiveFrom: FUTURE });
    return createDraft(t.db, by, { documentId: id });
  }

  async function auditCount(documentId: string, action: string): Promise<number> {
    const rows = await t.db.selectFrom('audit_log').select('seq').where('document_id', '=', documentId).where('action', '=', action).execute();
    return rows.length;
  }

  it('saves a draft with errors, answers with its issues, keeps its last effective date, and refuses to submit it', async () => {
    const d = await withDraft('unfinished-save');
    const bad = grading({ effectiveFrom: '2026-13-45' });
    (bad.content as { decision: { rules: unknown[] } }).decision.rules = [];
    const saved = await saveDraft(t.db, office, { versionId: d.id, revision: d.revision, content: bad });
    expect(saved.revision).toBe(d.revision + 1);
    expect(saved.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/content/decision/rules', '/effectiveFrom']));
    const stored = await getVersion(t.db, office, d.id);
    expect((stored.content.content as { decision: { rules: unknown[] } }).decision.rules).toEqual([]);
    expect(stored.effectiveFrom).toBe(FUTURE);
    const e = await refusal(submitForReview(t.db, office, { versionId: d.id }));
    expect([e.code, e.details.reason]).toEqual(['BAD_REQUEST', 'invalid-document']);
    // fixed: saved without issues and submitted
    const fixed = await saveDraft(t.db, office, { versionId: d.id, revision: saved.revision, content: grading({ title: '改好了' }) });
    expect(fixed.issues).toEqual([]);
    expect((await submitForReview(t.db, office, { versionId: d.id })).status).toBe('in-review');
    // not an object: refused
    const notObject = await refusal(saveDraft(t.db, office, { versionId: (await withDraft('unfinished-array')).id, revision: 1, content: [] }));
    expect(notObject.code).toBe('BAD_REQUEST');
  });

  it('lets the author and the credit office discard a draft, audited; not another editor, and not a submitted version', async () => {
    const docId = 'items-discard';
    const first = await createDraft(t.db, market, {
      newDocument: { id: docId, kind: 'supervision-items', title: '清单' },
      content: { ...itemsDoc('market-regulation'), id: docId, effectiveFrom: FUTURE },
    });
    await submitForReview(t.db, market, { versionId: first.id });
    await approve(t.db, reviewer, { versionId: first.id });
    await publish(t.db, office, { versionId: first.id, effectiveFrom: FUTURE });

    const draft = await createDraft(t.db, market, { documentId: docId });
    expect(draft.versionNumber).toBe(2);
    const other = await refusal(discardDraft(t.db, market2, { versionId: draft.id }));
    expect([other.code, other.details.reason]).toEqual(['FORBIDDEN', 'not-author']);
    const foreign = await refusal(discardDraft(t.db, transport, { versionId: draft.id }));
    expect([foreign.code, foreign.details.reason]).toEqual(['FORBIDDEN', 'department']);
    const r = await discardDraft(t.db, market, { versionId: draft.id, reason: '重新起草' });
    expect(r).toEqual({ documentId: docId, versionNumber: 2, documentRemoved: false });
    expect((await history(t.db, market, docId)).map((v) => [v.versionNumber, v.status])).toEqual([[1, 'published']]);
    expect(await auditCount(docId, 'document.discard')).toBe(1);
    const entry = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'document.discard').where('document_id', '=', docId).executeTakeFirstOrThrow();
    expect([entry.actor, entry.version_number, entry.before_hash, entry.reason]).toEqual([market.username, 2, draft.contentHash, '重新起草']);

    // the number of a discarded draft is not given again
    const next = await createDraft(t.db, market2, { documentId: docId });
    expect(next.versionNumber).toBe(3);
    // the credit office may discard any draft, also one of a department
    await discardDraft(t.db, office, { versionId: next.id });
    expect((await history(t.db, market, docId)).map((v) => v.versionNumber)).toEqual([1]);

    // a published version is never discarded
    const published = await refusal(discardDraft(t.db, office, { versionId: first.id }));
    expect([published.code, published.details.reason]).toEqual(['PRECONDITION_FAILED', 'wrong-status']);
  });

  it('removes a new document with its only draft', async () => {
    const d = await createDraft(t.db, office, { newDocument: { id: 'discard-new', kind: 'grading', title: '新分类' }, content: grading() });
    expect(await discardDraft(t.db, office, { versionId: d.id })).toMatchObject({ documentRemoved: true });
    expect((await listDocuments(t.db, office, {})).some((x) => x.id === 'discard-new')).toBe(false);
    const gone = await refusal(getVersion(t.db, office, d.id));
    expect(gone.code).toBe('NOT_FOUND');
  });

  it('lets exactly one of two simultaneous discards win; the other gets NOT_FOUND', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const id = `race-discard-${round}`;
      const d = await withDraft(id);
      const settled = await Promise.allSettled([discardDraft(on(0), office, { versionId: d.id }), discardDraft(on(1), office2, { versionId: d.id })]);
      const won = settled.filter((s) => s.status === 'fulfilled');
      const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(DbError);
      expect([(lost[0] as DbError).code, (lost[0] as DbError).details.reason]).toEqual(['NOT_FOUND', 'not-found']);
      expect(await auditCount(id, 'document.discard')).toBe(1);
      expect((await history(t.db, office, id)).map((v) => v.status)).toEqual(['published']);
    }
  }, 120_000);

  it('lets exactly one of a discard and a submit racing win: the version is either gone or in review, never both', async () => {
    const outcomes = new Set<string>();
    for (let round = 1; round <= ROUNDS * 2; round++) {
      const id = `race-discard-submit-${round}`;
      const d = await withDraft(id);
      const calls = [() => discardDraft(on(round), office, { versionId: d.id }), () => submitForReview(on(round + 1), office, { versionId: d.id })];
      if (round % 2) calls.reverse();
      const settled = await Promise.allSettled(calls.map((c) => c()));
      const won = settled.filter((s) => s.status === 'fulfilled');
      const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(DbError);
      const e = lost[0] as DbError;
      const versions = await history(t.db, office, id);
      if (versions.length === 1) {
        // the discard won: the submit found no draft
        expect([e.code, e.details.reason]).toEqual(['NOT_FOUND', 'not-found']);
        expect(await auditCount(id, 'document.discard')).toBe(1);
        expect(await auditCount(id, 'version.submit')).toBe(1);
        outcomes.add('discard');
      } else {
        expect(versions.map((v) => v.status)).toEqual(['published', 'in-review']);
        expect([e.code, e.details.reason]).toEqual(['PRECONDITION_FAILED', 'wrong-status']);
        expect(await auditCount(id, 'document.discard')).toBe(0);
        outcomes.add('submit');
      }
    }
    expect(outcomes.size).toBeGreaterThan(0);
  }, 120_000);

  it('keeps the audit chain and its records consistent after discards', async () => {
    const r = await verifyAudit(t.db);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true });
  });
});
