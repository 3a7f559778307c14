/**
 * Golden cases as versioned data through the API (issue 11): a new version starts with its parent's
 * cases, cases are added from a dataset's enterprise, accepted as expected with a reason, shown as a
 * diff and as coverage in review; submit shows failures and publish is refused while any case fails
 * unless a reviewer records an override. On SQLite and PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, listAudit, SYSTEM_ACTOR } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { REPO_ROOT } from '../app.ts';
import { reasonOf } from '../errors.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

const FUTURE = '2099-01-01';
const LATER = '2099-06-01';
const samplingCases = JSON.parse(readFileSync(join(REPO_ROOT, 'policies', 'sampling', 'v1.cases.json'), 'utf8')) as { cases: { name: string; enterprise: Record<string, unknown> }[] };
const A_CASE = 'A类企业按低比例3%、每年1次抽查(无事不扰)';
const B_CASE = 'B类企业按常规比例10%、每年1次抽查';

async function failure(p: Promise<unknown>): Promise<TRPCError> {
  return p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as TRPCError,
  );
}

describe.each(DIALECTS)('golden cases through the API on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  let datasetId = 0;
  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_cases');
    f = await createFixture(scratch?.url ?? ':memory:');
    const input = samplingCases.cases.map((c) => JSON.stringify(c.enterprise)).join('\n');
    const r = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: '用例企业', format: 'jsonl', input });
    if (!r.success) throw new Error('dataset import failed');
    datasetId = r.dataset.id;
  }, 120_000);
  afterAll(async () => {
    await f?.handle.destroy();
    await scratch?.drop();
  });

  const publishedId = async (documentId: string) => (await f.as('viewer').documents.list({})).find((d) => d.id === documentId)!.published!.id;

  /** A credit-office draft of a document with `edit` applied to its content and the effective date set. */
  async function draftOf(documentId: string, effectiveFrom: string, edit: (c: Record<string, any>) => void = () => {}) {
    const co = f.as('credit-office');
    const draft = await co.documents.createDraft({ documentId });
    const c = structuredClone((await co.documents.get({ versionId: draft.id })).content) as Record<string, any>;
    edit(c.content);
    c.effectiveFrom = effectiveFrom;
    return co.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content: c });
  }

  it("starts a new version with its parent's cases (not v1's file); adds a dataset's enterprise; released cases stay as they are", async () => {
    const co = f.as('credit-office');
    const v1 = await f.as('viewer').cases.list({ versionId: await publishedId('public-credit-class') });
    expect([v1.cases.length, v1.run.failed, v1.sealed, v1.editable]).toEqual([38, 0, true, false]);
    expect(v1.cases[0]!.result).toMatchObject({ passed: true, message: null });
    expect(v1.cases[0]!.source).toBe('policies/public-credit-class/v2.cases.json');
    const released = await failure(co.cases.add({ versionId: v1.versionId, name: 'x', expect: { grade: 'A' }, from: { enterprise: samplingCases.cases[0]!.enterprise } }));
    expect([released.code, reasonOf(released.cause)]).toEqual(['PRECONDITION_FAILED', 'immutable']);

    const v2 = await draftOf('public-credit-class', FUTURE);
    expect((await co.cases.list({ versionId: v2.id })).cases).toHaveLength(38);
    const uscc = String(samplingCases.cases[1]!.enterprise.uscc);
    const looked = await co.cases.lookup({ versionId: v2.id, datasetId, uscc: uscc.toLowerCase(), at: '2026-10-31' });
    expect(looked.record.uscc).toBe(uscc);
    expect(looked.suggested).toMatchObject({ grade: 'B' });
    expect((await failure(co.cases.lookup({ versionId: v2.id, datasetId, uscc: '91000000000000000X' }))).code).toBe('NOT_FOUND');
    const added = await co.cases.add({ versionId: v2.id, name: '数据集中的一般失信企业', at: '2026-10-31', expect: looked.suggested!, from: { datasetId, uscc } });
    const mine = added.cases.find((c) => c.name === '数据集中的一般失信企业')!;
    expect([added.cases.length, mine.source, mine.result.passed, mine.at]).toEqual([39, `dataset:${datasetId}`, true, '2026-10-31']);
    expect((await failure(f.as('market-regulation').cases.add({ versionId: v2.id, name: 'y', expect: { grade: 'A' }, from: { datasetId, uscc } }))).code).toBe('FORBIDDEN');

    const submitted = await co.documents.submit({ versionId: v2.id });
    expect(submitted.golden).toMatchObject({ total: 39, failed: 0, failures: [] });
    await f.as('reviewer').documents.approve({ versionId: v2.id });
    await co.documents.publish({ versionId: v2.id, effectiveFrom: FUTURE });

    const v3 = await co.documents.createDraft({ documentId: 'public-credit-class', basedOnVersion: v2.versionNumber });
    const copied = await co.cases.list({ versionId: v3.id });
    expect(copied.cases.map((c) => c.name)).toContain('数据集中的一般失信企业');
    expect([copied.cases.length, copied.basedOn, copied.editable]).toEqual([39, v2.versionNumber, true]);
  });

  it('shows failing cases at submit, refuses publish while they fail, and publishes after a reviewer records an override (audited)', async () => {
    const co = f.as('credit-office');
    const draft = await draftOf('sampling', FUTURE, (c) => {
      c.rows.find((r: { grade: string }) => r.grade === 'A').ratioPercent = 5;
    });
    const submitted = await co.documents.submit({ versionId: draft.id });
    expect(submitted.golden.failed).toBeGreaterThan(0);
    expect(submitted.golden.failures.map((x) => x.name)).toContain(A_CASE);
    expect(submitted.golden.failures.find((x) => x.name === A_CASE)).toMatchObject({ expected: { ratioPercent: 3 }, actual: { ratioPercent: 5 }, message: expect.stringContaining('比例') });
    await f.as('reviewer').documents.approve({ versionId: draft.id });

    const refused = await failure(co.documents.publish({ versionId: draft.id, effectiveFrom: FUTURE }));
    expect([refused.code, reasonOf(refused.cause)]).toEqual(['PRECONDITION_FAILED', 'golden-cases-failing']);
    expect(refused.message).toContain(`${submitted.golden.failed} 个黄金用例未通过`);
    expect(refused.message).toContain(A_CASE);
    expect(refused.message).toContain('failing golden case(s)');
    expect((await f.as('reviewer').documents.get({ versionId: draft.id })).status).toBe('approved');
    // the author is no reviewer of its own cases
    const self = await failure(co.documents.publish({ versionId: draft.id, effectiveFrom: FUTURE, goldenOverrideReason: '我来放行' }));
    expect([self.code, reasonOf(self.cause)]).toEqual(['FORBIDDEN', 'self-approval']);
    expect((await failure(f.as('reviewer').cases.override({ versionId: draft.id, reason: '  ' }))).code).toBe('BAD_REQUEST');
    expect((await failure(f.as('market-regulation').cases.override({ versionId: draft.id, reason: 'x' }))).code).toBe('FORBIDDEN');

    const overridden = await f.as('reviewer').cases.override({ versionId: draft.id, reason: 'A 类比例按新文件调整，用例随下一版更新' });
    expect(overridden.overrides).toMatchObject([{ reason: 'A 类比例按新文件调整，用例随下一版更新', failing: expect.arrayContaining([A_CASE]) }]);
    const pub = await co.documents.publish({ versionId: draft.id, effectiveFrom: FUTURE });
    expect(pub.status).toBe('published');
    const audit = (await listAudit(f.handle.db, { documentId: 'sampling' })).filter((e) => e.action === 'cases.override');
    expect(audit).toMatchObject([{ actor: 'reviewer', version_number: draft.versionNumber, reason: expect.stringContaining('A 类比例按新文件调整') }]);
    expect((await f.as('credit-office').audit.verify()).ok).toBe(true);
  });

  it('accepts the current results as expected with a reason: the cases pass, the review shows the changed expectations, publish needs no override', async () => {
    const co = f.as('credit-office');
    const draft = await draftOf('sampling', LATER, (c) => {
      c.rows.find((r: { grade: string }) => r.grade === 'B').ratioPercent = 12;
    });
    const before = await co.cases.list({ versionId: draft.id });
    expect(before.cases.filter((c) => !c.result.passed).map((c) => c.name)).toContain(B_CASE);
    expect((await failure(co.cases.acceptCurrent({ versionId: draft.id, reason: ' ' }))).code).toBe('BAD_REQUEST');
    expect((await failure(f.as('reviewer').cases.acceptCurrent({ versionId: draft.id, reason: 'x' }))).code).toBe('FORBIDDEN');
    const after = await co.cases.acceptCurrent({ versionId: draft.id, reason: 'B 类比例调整为 12%' });
    expect(after.run.failed).toBe(0);
    expect(after.cases.find((c) => c.name === B_CASE)!.expect).toMatchObject({ ratioPercent: 12, frequencyPerYear: 1 });
    const accepted = (await listAudit(f.handle.db, { documentId: 'sampling' })).filter((e) => e.action === 'cases.accept' && e.version_number === draft.versionNumber);
    expect(accepted.map((e) => [e.target, e.reason])).toContainEqual([`case:${B_CASE}`, 'B 类比例调整为 12%']);

    const review = await f.as('reviewer').cases.review({ versionId: draft.id });
    expect(review.diff.changed.map((c) => [c.name, c.changed])).toContainEqual([B_CASE, ['expect']]);
    expect(review.diff.changed.find((c) => c.name === B_CASE)!.before.expect).toMatchObject({ ratioPercent: 10 });
    expect(review.coverage.success).toBe(true);

    expect((await co.documents.submit({ versionId: draft.id })).golden.failed).toBe(0);
    await f.as('reviewer').documents.approve({ versionId: draft.id });
    expect((await co.documents.publish({ versionId: draft.id, effectiveFrom: LATER })).status).toBe('published');
  });

  it('lists a rule no case reaches as uncovered, and keeps every one of simultaneous additions', async () => {
    const co = f.as('credit-office');
    const open = (await co.documents.list({})).find((d) => d.id === 'public-credit-class')!.latest!;
    expect(open.status).toBe('draft');
    const v = await co.documents.get({ versionId: open.id });
    const c = structuredClone(v.content) as Record<string, any>;
    const counted = c.content.measures.find((m: { type: string }) => m.type === 'recordCount').id as string;
    c.content.decision.rules.splice(0, 0, { id: 'c-never-reached', grade: 'C', when: { measure: counted, op: '>=', value: 1000 } });
    const saved = await co.documents.saveDraft({ versionId: open.id, revision: v.revision, content: c });
    const coverage = await f.as('reviewer').cases.coverage({ versionId: saved.id });
    if (!coverage.success) throw new Error('coverage failed');
    expect(coverage.uncovered.map((u) => [u.kind, u.id, u.path])).toEqual([['rule', 'c-never-reached', '/content/decision/rules/0']]);
    expect(coverage.items.find((i) => i.id !== 'c-never-reached')!.cases.length).toBeGreaterThan(0);

    const names = [0, 1, 2, 3, 4].map((k) => `同时添加 ${k}`);
    const settled = await Promise.allSettled(
      names.map((name, k) => co.cases.add({ versionId: saved.id, name, expect: { grade: 'A' }, from: { enterprise: { ...samplingCases.cases[0]!.enterprise, name: `企业 ${k}` } } })),
    );
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    const list = await co.cases.list({ versionId: saved.id });
    expect(names.every((n) => list.cases.some((x) => x.name === n))).toBe(true);
    expect(list.cases).toHaveLength(39 + names.length);
  });
});
