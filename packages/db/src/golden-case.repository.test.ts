/**
 * Golden cases stored with their versions (issue 11): copied to a new draft from its parent, edited
 * only in drafts by whoever may write them (audited, never losing a simultaneous edit), frozen below
 * the application once submitted or released, and the publish gate. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { listAudit, verifyAudit } from './audit.repository.ts';
import { approve, createDraft, importReleasedVersion, publish, reject, submitForReview } from './document.repository.ts';
import { DbError } from './errors.ts';
import { importCaseFile } from './golden-case-import.repository.ts';
import { addCase, diffCases, listCases, recordGoldenOverride, removeCase, setExpectations } from './golden-case.repository.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, gradingDoc, makeActor, openTestDb } from './test-support.ts';

async function refusal(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DbError) return e;
    throw e;
  }
  throw new Error('expected a DbError, but the call succeeded');
}

const enterprise = (uscc: string, records: unknown[] = []) => ({ uscc, name: `企业 ${uscc}`, industryCode: 'C2438', regionCode: '410481', status: 'active', records });
const USCC = ['91410481MA40007005', '91410481MA40007018', '91410481MA4000702B', '91410481MA40007034'];
const fine = { id: 'r1', kind: 'penalty.fine', date: '2026-04-01' };
const caseFile = {
  at: '2026-10-31',
  cases: [
    { name: '无记录为A', enterprise: enterprise(USCC[0]!), expect: { grade: 'A', rule: 'a' } },
    { name: '一次罚款为B', enterprise: enterprise(USCC[1]!, [fine]), expect: { grade: 'B' } },
  ],
};

describe.each(DIALECTS)('golden cases on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let reviewer: Actor;
  let market: Actor;
  let viewer: Actor;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office');
    reviewer = await makeActor(t.db, 'reviewer');
    market = await makeActor(t.db, 'department-editor', 'market-regulation');
    viewer = await makeActor(t.db, 'viewer');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  /** A released v1 with the case file imported (as the seed does). */
  async function releasedWithCases(id: string) {
    const v1 = await t.db.transaction().execute(async (trx) => {
      const v = await importReleasedVersion(trx, SYSTEM_ACTOR, gradingDoc({ id, effectiveFrom: '2026-01-01' }));
      await importCaseFile(trx, SYSTEM_ACTOR, v.id, caseFile, `policies/${id}/v1.cases.json`);
      return v;
    });
    return v1;
  }

  it("starts a new draft with its parent's cases (not v1's file), and a rejection's draft with the rejected version's", async () => {
    const v1 = await releasedWithCases('class-copy');
    expect((await listCases(t.db, viewer, v1.id)).cases.map((c) => c.name)).toEqual(['无记录为A', '一次罚款为B']);
    expect((await listCases(t.db, viewer, v1.id)).sealed).toBe(true);

    const v2 = await createDraft(t.db, office, { documentId: 'class-copy' });
    const added = await addCase(t.db, office, v2.id, { name: '两次罚款为B', at: '2026-10-31', enterprise: enterprise(USCC[2]!, [fine, { ...fine, id: 'r2' }]), expect: { grade: 'B' } });
    const first = (await listCases(t.db, office, v2.id)).cases[0]!;
    await removeCase(t.db, office, v2.id, first.id, '规则 a 另有用例');
    await submitForReview(t.db, office, { versionId: v2.id });
    await approve(t.db, reviewer, { versionId: v2.id });
    await publish(t.db, office, { versionId: v2.id, effectiveFrom: v2.effectiveFrom! });

    const v3 = await createDraft(t.db, office, { documentId: 'class-copy', basedOnVersion: 2 });
    const copied = await listCases(t.db, office, v3.id);
    expect(copied.cases.map((c) => c.name)).toEqual(['一次罚款为B', '两次罚款为B']);
    expect(copied.cases[1]).toMatchObject({ expect: { grade: 'B' }, enterprise: added.enterprise });
    expect(copied).toMatchObject({ sealed: false, editable: true, basedOn: 2 });
    expect((await listCases(t.db, market, v1.id)).editable).toBe(false);

    // the review's diff against the parent
    const d = await diffCases(t.db, reviewer, (await listCases(t.db, office, v3.id)).versionId, 1);
    expect(d.added.map((c) => c.name)).toEqual(['两次罚款为B']);
    expect(d.removed.map((c) => c.name)).toEqual(['无记录为A']);
    const d2 = await diffCases(t.db, reviewer, v3.id);
    expect([d2.against?.versionNumber, d2.added.length, d2.removed.length, d2.unchanged]).toEqual([2, 0, 0, 2]);

    // rejected: the new draft carries the rejected version's cases
    await addCase(t.db, office, v3.id, { name: '第三个', at: '2026-10-31', enterprise: enterprise(USCC[3]!), expect: { grade: 'A' } });
    await submitForReview(t.db, office, { versionId: v3.id });
    const { draft } = await reject(t.db, reviewer, { versionId: v3.id, comment: '再看看' });
    expect((await listCases(t.db, office, draft.id)).cases.map((c) => c.name)).toEqual(['一次罚款为B', '两次罚款为B', '第三个']);
  });

  it('checks added cases, lets only writers of the draft edit them, and audits every change', async () => {
    const v1 = await releasedWithCases('class-edit');
    const v2 = await createDraft(t.db, office, { documentId: 'class-edit' });
    const bad = await refusal(addCase(t.db, office, v2.id, { name: '未知等级', at: '2026-10-31', enterprise: enterprise(USCC[2]!), expect: { grade: 'Z' } }));
    expect([bad.code, bad.details.issues?.map((i) => `${i.code} ${i.path}`)]).toEqual(['BAD_REQUEST', ['grades.unknown /cases/0/expect/grade']]);
    const dup = await refusal(addCase(t.db, office, v2.id, { name: '无记录为A', at: '2026-10-31', enterprise: enterprise(USCC[2]!), expect: { grade: 'A' } }));
    expect([dup.code, dup.details.reason]).toEqual(['CONFLICT', 'duplicate']);
    const foreign = await refusal(addCase(t.db, market, v2.id, { name: 'x', at: '2026-10-31', enterprise: enterprise(USCC[2]!), expect: { grade: 'A' } }));
    expect([foreign.code, foreign.details.reason]).toEqual(['FORBIDDEN', 'department']);
    expect((await refusal(listCases(t.db, viewer, v2.id))).code).toBe('FORBIDDEN');

    const [a] = (await listCases(t.db, office, v2.id)).cases;
    const noReason = await refusal(setExpectations(t.db, office, v2.id, [{ caseId: a!.id, expect: { grade: 'B' } }], '  '));
    expect([noReason.code, noReason.details.reason]).toEqual(['BAD_REQUEST', 'invalid-input']);
    await setExpectations(t.db, office, v2.id, [{ caseId: a!.id, expect: { grade: 'B', rule: 'b' } }], '规则调整，接受当前结果');
    expect((await listCases(t.db, office, v2.id)).cases[0]!.expect).toEqual({ grade: 'B', rule: 'b' });
    const changed = await diffCases(t.db, office, v2.id);
    expect(changed.changed.map((c) => [c.name, c.changed])).toEqual([['无记录为A', ['expect']]]);

    const entries = (await listAudit(t.db, { documentId: 'class-edit' })).map((e) => [e.action, e.version_number, e.target, e.reason]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['cases.import', 1, 'cases:2', 'policies/class-edit/v1.cases.json'],
        ['cases.accept', 2, 'case:无记录为A', '规则调整，接受当前结果'],
      ]),
    );
    expect(v1.versionNumber).toBe(1);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('refuses any change to the cases of a submitted or released version, in the repository and in the database', async () => {
    const v1 = await releasedWithCases('class-frozen-cases');
    const v2 = await createDraft(t.db, office, { documentId: 'class-frozen-cases' });
    await submitForReview(t.db, office, { versionId: v2.id });
    for (const v of [v1, v2]) {
      const e = await refusal(addCase(t.db, office, v.id, { name: '新增', at: '2026-10-31', enterprise: enterprise(USCC[2]!), expect: { grade: 'A' } }));
      expect([e.code, e.details.reason]).toEqual(['PRECONDITION_FAILED', 'immutable']);
      const [c] = (await listCases(t.db, office, v.id)).cases;
      expect((await refusal(removeCase(t.db, office, v.id, c!.id))).details.reason).toBe('immutable');
      expect((await refusal(setExpectations(t.db, office, v.id, [{ caseId: c!.id, expect: { grade: 'B' } }], '改'))).details.reason).toBe('immutable');
      // below the application
      await expect(t.rawExec(`update golden_cases set expect = '{"grade":"B"}' where id = ${c!.id}`)).rejects.toThrow(/never change/);
      await expect(t.rawExec(`delete from golden_cases where id = ${c!.id}`)).rejects.toThrow(/never change/);
      await expect(
        t.rawExec(
          `insert into golden_cases (version_id, position, name, at, enterprise, expect, created_at, created_by, updated_at) values (${v.id}, 99, 'sneaked', '2026-10-31', '{}', '{}', 'x', 'x', 'x')`,
        ),
      ).rejects.toThrow(/never change/);
      await expect(t.rawExec(`delete from golden_case_seals where version_id = ${v.id}`)).rejects.toThrow(/append-only/);
      expect((await listCases(t.db, office, v.id)).cases.map((x) => x.expect)).toEqual([{ grade: 'A', rule: 'a' }, { grade: 'B' }]);
    }
    // a published version's case file is imported once
    expect((await refusal(t.db.transaction().execute((trx) => importCaseFile(trx, SYSTEM_ACTOR, v1.id, caseFile, 'again')))).details.reason).toBe('immutable');
  });

  it('keeps every one of simultaneous additions (Promise.allSettled)', async () => {
    await releasedWithCases('class-concurrent');
    const v2 = await createDraft(t.db, office, { documentId: 'class-concurrent' });
    const names = Array.from({ length: 8 }, (_, k) => `并发用例 ${k}`);
    const results = await Promise.allSettled(
      names.map((name, k) => addCase(t.db, office, v2.id, { name, at: '2026-10-31', enterprise: enterprise(USCC[k % 4]!), expect: { grade: 'A' } })),
    );
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const stored = (await listCases(t.db, office, v2.id)).cases;
    expect(stored.map((c) => c.name).sort()).toEqual([...names, '无记录为A', '一次罚款为B'].sort());
    expect(new Set(stored.map((c) => c.position)).size).toBe(stored.length);
    const adds = (await listAudit(t.db, { documentId: 'class-concurrent' })).filter((e) => e.action === 'cases.add');
    expect(adds).toHaveLength(8);
    // and two simultaneous additions of the same name: one wins, the other is a duplicate
    const same = await Promise.allSettled(
      [0, 1].map(() => addCase(t.db, office, v2.id, { name: '同名', at: '2026-10-31', enterprise: enterprise(USCC[0]!), expect: { grade: 'A' } })),
    );
    expect(same.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(((same.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as DbError).details.reason).toBe('duplicate');
  });

  it("counts whoever added, removed or accepted a draft's cases as its maker: they may neither approve, reject nor override it", async () => {
    await releasedWithCases('class-makers');
    const adder = await makeActor(t.db, 'credit-office');
    const remover = await makeActor(t.db, 'credit-office');
    const accepter = await makeActor(t.db, 'credit-office');
    const v2 = await createDraft(t.db, office, { documentId: 'class-makers' });
    await addCase(t.db, adder, v2.id, { name: '加的', at: '2026-10-31', enterprise: enterprise(USCC[2]!), expect: { grade: 'A' } });
    const [first, second] = (await listCases(t.db, office, v2.id)).cases;
    await removeCase(t.db, remover, v2.id, first!.id, '另有用例');
    await setExpectations(t.db, accepter, v2.id, [{ caseId: second!.id, expect: { grade: 'B', rule: 'b' } }], '接受当前结果');
    await submitForReview(t.db, office, { versionId: v2.id });

    for (const maker of [adder, remover, accepter]) {
      const approving = await refusal(approve(t.db, maker, { versionId: v2.id }));
      expect([maker.username, approving.code, approving.details.reason]).toEqual([maker.username, 'FORBIDDEN', 'self-approval']);
      expect((await refusal(reject(t.db, maker, { versionId: v2.id, comment: '不行' }))).details.reason).toBe('self-approval');
    }
    // a credit-office user who did not touch the version may approve it
    const other = await makeActor(t.db, 'credit-office');
    expect((await approve(t.db, other, { versionId: v2.id })).version.status).toBe('approved');
    for (const maker of [adder, remover, accepter]) {
      expect((await refusal(recordGoldenOverride(t.db, maker, v2.id, { reason: '放行', failing: ['加的'] }))).details.reason).toBe('self-approval');
    }
    expect((await recordGoldenOverride(t.db, reviewer, v2.id, { reason: '放行', failing: ['加的'] })).actorId).toBe(reviewer.id);
  });

  it('refuses to publish while cases fail, unless a reviewer recorded an override reason (audited)', async () => {
    await releasedWithCases('class-gate');
    const v2 = await createDraft(t.db, office, { documentId: 'class-gate' });
    await submitForReview(t.db, office, { versionId: v2.id });
    await approve(t.db, reviewer, { versionId: v2.id });
    const failures = [{ name: '一次罚款为B', message: '等级：预期 B，实际 A' }];
    const e = await refusal(publish(t.db, office, { versionId: v2.id, effectiveFrom: v2.effectiveFrom!, golden: { total: 2, failures } }));
    expect([e.code, e.details.reason, e.details.goldenFailures]).toEqual(['PRECONDITION_FAILED', 'golden-cases-failing', failures]);
    expect(e.message).toContain('1 个黄金用例未通过');
    expect(e.message).toContain('一次罚款为B');
    expect(e.message).toContain('1 failing golden case(s) of 2');

    // the author cannot override; a reviewer can, with a reason
    expect((await refusal(publish(t.db, office, { versionId: v2.id, effectiveFrom: v2.effectiveFrom!, golden: { total: 2, failures, overrideReason: '我自己放行' } }))).details.reason).toBe(
      'self-approval',
    );
    expect((await refusal(recordGoldenOverride(t.db, reviewer, v2.id, { reason: ' ', failing: ['一次罚款为B'] }))).details.reason).toBe('invalid-input');
    expect((await refusal(recordGoldenOverride(t.db, market, v2.id, { reason: 'x', failing: ['一次罚款为B'] }))).code).toBe('FORBIDDEN');
    await recordGoldenOverride(t.db, reviewer, v2.id, { reason: '上限调整后该用例待下一版更新', failing: ['一次罚款为B'] });
    // another failure than the overridden one still refuses
    const other = await refusal(publish(t.db, office, { versionId: v2.id, effectiveFrom: v2.effectiveFrom!, golden: { total: 2, failures: [{ name: '无记录为A' }] } }));
    expect(other.details.reason).toBe('golden-cases-failing');
    const pub = await publish(t.db, office, { versionId: v2.id, effectiveFrom: v2.effectiveFrom!, golden: { total: 2, failures } });
    expect(pub.status).toBe('published');
    const set = await listCases(t.db, viewer, v2.id);
    expect(set.overrides).toMatchObject([{ reason: '上限调整后该用例待下一版更新', actorId: reviewer.id, failing: ['一次罚款为B'] }]);
    const audit = (await listAudit(t.db, { documentId: 'class-gate' })).filter((x) => x.action === 'cases.override');
    expect(audit).toMatchObject([{ actor: reviewer.username, version_number: 2, reason: expect.stringContaining('上限调整后该用例待下一版更新') }]);
    await expect(t.rawExec(`delete from golden_overrides where version_id = ${v2.id}`)).rejects.toThrow(/append-only/);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });
});
