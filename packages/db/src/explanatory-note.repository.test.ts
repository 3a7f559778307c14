/**
 * 起草说明 (issue 15) on both dialects: stored with its version and read back; written by the author or
 * the credit office only, while the version is a draft or in review (until its first review); a
 * rejection's new draft keeps it; after approval and publication refused — by the repository and,
 * for a direct SQL write, by the database; audited; a discarded draft takes it along; of two
 * simultaneous edits from the same revision exactly one wins (on SQLite through two connections).
 */
import { addDays, officeDay } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { createDb } from './client.ts';
import type { Database } from './database.ts';
import { approve, createDraft, discardDraft, publish, reject, submitForReview } from './document.repository.ts';
import { DbError } from './errors.ts';
import { explanatoryNoteOf, explanatoryNotesOf, NOTE_MAX_CHARS, saveExplanatoryNote } from './explanatory-note.repository.ts';
import { sqliteHandle } from './raw.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, gradingDoc, itemsDoc, makeActor, openTestDb } from './test-support.ts';

const FUTURE = addDays(officeDay(), 40);
const NOTE = '一、修改内容\n（一）优 区间下限由“高于 85”改为“高于 80”。\n\n四、起草理由\n落实 2026 年监管计划。';

async function refusal(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DbError) return e;
    throw e;
  }
  throw new Error('expected a DbError, but the call succeeded');
}

describe.each(DIALECTS)('explanatory notes on %s', (dialect) => {
  let t: TestDb;
  let dbs: Kysely<Database>[];
  let closeSecond: () => Promise<void> = async () => {};
  let office: Actor;
  let reviewer: Actor;
  let reviewer2: Actor;
  let viewer: Actor;
  let market: Actor;
  let market2: Actor;
  let transport: Actor;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    dbs = [t.db];
    if (dialect === 'sqlite') {
      const second = createDb(sqliteHandle(t.db)!.name);
      dbs.push(second.db);
      closeSecond = second.destroy;
    }
    office = await makeActor(t.db, 'credit-office');
    reviewer = await makeActor(t.db, 'reviewer');
    reviewer2 = await makeActor(t.db, 'reviewer');
    viewer = await makeActor(t.db, 'viewer');
    market = await makeActor(t.db, 'department-editor', 'market-regulation');
    market2 = await makeActor(t.db, 'department-editor', 'market-regulation');
    transport = await makeActor(t.db, 'department-editor', 'transport');
  }, 60_000);
  afterAll(async () => {
    await closeSecond();
    await t?.destroy();
  });

  const grading = (id: string) => createDraft(t.db, office, { newDocument: { id, kind: 'grading', title: '公共信用分类' }, content: gradingDoc({ effectiveFrom: FUTURE }) });
  const items = (id: string) =>
    createDraft(t.db, market, {
      newDocument: { id, kind: 'supervision-items', title: '清单' },
      content: { ...itemsDoc('market-regulation'), id, effectiveFrom: FUTURE },
    });

  it('stores the note with the draft, reads it back, keeps it through submission and audits each change', async () => {
    const d = await grading('note-store');
    expect(await explanatoryNoteOf(t.db, d.id)).toBeNull();
    const first = await saveExplanatoryNote(t.db, office, { versionId: d.id, text: `${NOTE}\r\n\n`, revision: 0 });
    expect(first).toMatchObject({ versionId: d.id, text: NOTE, revision: 1, updatedBy: office.username });
    // the same text again is no change
    expect((await saveExplanatoryNote(t.db, office, { versionId: d.id, text: NOTE, revision: 1 })).revision).toBe(1);
    await submitForReview(t.db, office, { versionId: d.id });
    const edited = await saveExplanatoryNote(t.db, office, { versionId: d.id, text: `${NOTE}\n补充。`, revision: 1 });
    expect(edited.revision).toBe(2);
    expect((await explanatoryNotesOf(t.db, [d.id, 999_999])).map((n) => n.text)).toEqual([`${NOTE}\n补充。`]);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('document_id', '=', 'note-store').where('action', '=', 'version.note').orderBy('seq').execute();
    expect(audit.map((a) => [a.actor, a.version_number, a.before_hash === null])).toEqual([
      [office.username, 1, true],
      [office.username, 1, false],
    ]);
    expect(audit[0]!.reason).toContain('优 区间下限');
  });

  it('refuses a note over the length limit in Chinese, and stale revisions with the stored text', async () => {
    const d = await grading('note-limits');
    const long = await refusal(saveExplanatoryNote(t.db, office, { versionId: d.id, text: '字'.repeat(NOTE_MAX_CHARS + 1), revision: 0 }));
    expect([long.code, long.details.reason]).toEqual(['BAD_REQUEST', 'invalid-input']);
    expect(long.message).toContain(`起草说明不能超过 ${NOTE_MAX_CHARS} 字`);
    await saveExplanatoryNote(t.db, office, { versionId: d.id, text: '甲', revision: 0 });
    const stale = await refusal(saveExplanatoryNote(t.db, office, { versionId: d.id, text: '乙', revision: 0 }));
    expect([stale.code, stale.details.reason, stale.details.currentRevision, stale.details.currentContent]).toEqual(['CONFLICT', 'stale-revision', 1, '甲']);
  });

  it('lets the author and the credit office write it; not a colleague who did not make the version, another department, a reviewer or a viewer', async () => {
    const d = await items('note-who');
    for (const [who, actor, code, reason] of [
      ['colleague', market2, 'FORBIDDEN', 'not-author'],
      ['transport', transport, 'FORBIDDEN', 'department'],
      ['reviewer', reviewer, 'FORBIDDEN', 'role'],
      ['viewer', viewer, 'FORBIDDEN', 'role'],
    ] as const) {
      const e = await refusal(saveExplanatoryNote(t.db, actor, { versionId: d.id, text: '说明', revision: 0 }));
      expect([who, e.code, e.details.reason]).toEqual([who, code, reason]);
      expect(e.message).toMatch(/起草说明|其他部门|当前角色/);
    }
    const mine = await saveExplanatoryNote(t.db, market, { versionId: d.id, text: '说明', revision: 0 });
    expect((await saveExplanatoryNote(t.db, office, { versionId: d.id, text: '信用办补充', revision: mine.revision })).revision).toBe(2);
  });

  it('refuses changes after the first review, after approval and after publication; the database refuses a direct write too', async () => {
    const d = await grading('note-frozen');
    await saveExplanatoryNote(t.db, office, { versionId: d.id, text: NOTE, revision: 0 });
    await submitForReview(t.db, office, { versionId: d.id });
    await approve(t.db, reviewer, { versionId: d.id });
    const approved = await refusal(saveExplanatoryNote(t.db, office, { versionId: d.id, text: '改', revision: 1 }));
    expect([approved.code, approved.details.reason]).toEqual(['PRECONDITION_FAILED', 'wrong-status']);
    expect(approved.message).toContain('已批准，起草说明不能再修改');
    await publish(t.db, office, { versionId: d.id, effectiveFrom: FUTURE });
    const published = await refusal(saveExplanatoryNote(t.db, office, { versionId: d.id, text: '改', revision: 1 }));
    expect(published.message).toContain('已发布，起草说明不能再修改');
    // below the application: the guard refuses an update, a delete and a second row
    await expect(t.rawExec(`update explanatory_notes set text = '改' where version_id = ${d.id}`)).rejects.toThrow(/起草说明/);
    await expect(t.rawExec(`delete from explanatory_notes where version_id = ${d.id}`)).rejects.toThrow(/起草说明/);
    expect((await explanatoryNoteOf(t.db, d.id))?.text).toBe(NOTE);

    // two approvals needed: after the first one the note is what that reviewer read
    const two = await grading('note-two-approvals');
    await t.db.insertInto('approval_settings').values({ kind: 'grading', required_approvals: 2 }).execute();
    try {
      await submitForReview(t.db, office, { versionId: two.id });
      await saveExplanatoryNote(t.db, office, { versionId: two.id, text: NOTE, revision: 0 });
      await approve(t.db, reviewer, { versionId: two.id });
      const reviewed = await refusal(saveExplanatoryNote(t.db, office, { versionId: two.id, text: '改', revision: 1 }));
      expect(reviewed.message).toContain('已有审核意见');
      await approve(t.db, reviewer2, { versionId: two.id });
    } finally {
      await t.db.deleteFrom('approval_settings').where('kind', '=', 'grading').execute();
    }
  });

  it('carries the note of a rejected version into the new draft (editable there), not into drafts of a published one; a discarded draft takes it along', async () => {
    const d = await items('note-rejected');
    await saveExplanatoryNote(t.db, market, { versionId: d.id, text: NOTE, revision: 0 });
    await submitForReview(t.db, market, { versionId: d.id });
    const { draft } = await reject(t.db, reviewer, { versionId: d.id, comment: '请补充依据' });
    const carried = await explanatoryNoteOf(t.db, draft.id);
    expect(carried).toMatchObject({ text: NOTE, revision: 1 });
    const rejected = await refusal(saveExplanatoryNote(t.db, market, { versionId: d.id, text: '改', revision: 1 }));
    expect(rejected.message).toContain('已退回');
    expect((await saveExplanatoryNote(t.db, market, { versionId: draft.id, text: `${NOTE}\n依据已补充。`, revision: 1 })).revision).toBe(2);
    await discardDraft(t.db, market, { versionId: draft.id });
    expect(await explanatoryNoteOf(t.db, draft.id)).toBeNull();

    const p = await grading('note-after-publish');
    await saveExplanatoryNote(t.db, office, { versionId: p.id, text: NOTE, revision: 0 });
    await submitForReview(t.db, office, { versionId: p.id });
    await approve(t.db, reviewer, { versionId: p.id });
    await publish(t.db, office, { versionId: p.id, effectiveFrom: FUTURE });
    const next = await createDraft(t.db, office, { documentId: 'note-after-publish' });
    expect(await explanatoryNoteOf(t.db, next.id)).toBeNull();
  });

  it('of several simultaneous edits from the same revision exactly one wins; the others get CONFLICT stale-revision', async () => {
    for (let round = 0; round < 3; round++) {
      const d = await grading(`note-race-${round}`);
      const base = round === 0 ? 0 : (await saveExplanatoryNote(t.db, office, { versionId: d.id, text: '起点', revision: 0 })).revision;
      const settled = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => saveExplanatoryNote(dbs[i % dbs.length]!, office, { versionId: d.id, text: `第 ${i} 份`, revision: base })),
      );
      const won = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost.map((e) => (e instanceof DbError ? `${e.code}/${e.details.reason}` : String(e)))).toEqual(Array(5).fill('CONFLICT/stale-revision'));
      const stored = await explanatoryNoteOf(t.db, d.id);
      expect(stored).toMatchObject({ text: won[0]!.text, revision: base + 1 });
      const entries = await t.db.selectFrom('audit_log').select('seq').where('document_id', '=', `note-race-${round}`).where('action', '=', 'version.note').execute();
      expect(entries).toHaveLength(round === 0 ? 1 : 2);
    }
  });
});
