/**
 * Trigger-based supervision in the server (issue 13 finding 6): the preview lists per department the
 * items and how many enterprises trigger them, for base and candidate; evaluation.explain lists an
 * enterprise's triggered items; a candidate whose condition names an unknown grade is refused.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, SYSTEM_ACTOR } from '@policy/db';
import { issuesOf } from '../errors.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

const AT = '2026-10-31';
const GOOD = { 'food.inspectionPassRate': 100, 'food.incidents': 0, 'food.inspectionResult': 'compliant', 'food.complaints': 0, 'food.traceability': true, 'food.safetyOfficer': true };
const foodA = { uscc: '91410481MA40007119', name: '舞钢市守信食品有限公司', industryCode: 'C1431', regionCode: '410481', status: 'active', publicCreditScore: 95, indicators: GOOD };
const foodC = { ...foodA, uscc: '91410481MA4000712C', name: '舞钢市严重失信食品有限公司', records: [{ id: 'r1', kind: 'penalty.permit-suspension', date: '2026-05-01' }] };

describe('trigger-based supervision in preview and explain', () => {
  let f: Fixture;
  let datasetId: number;
  beforeAll(async () => {
    f = await createFixture(':memory:');
    const d = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'd', format: 'jsonl', input: [foodA, foodC].map((x) => JSON.stringify(x)).join('\n') + '\n', fileName: 'd.jsonl' });
    if (!d.success) throw new Error(d.errors.map((e) => e.message).join('; '));
    datasetId = d.dataset.id;
  }, 120_000);
  afterAll(async () => {
    await f?.handle.destroy();
  });

  const itemsDoc = async () => {
    const v = (await f.as('credit-office').documents.inForce({ at: AT })).find((x) => x.documentId === 'supervision-items-market-regulation')!;
    return structuredClone(v.content) as { content: { items: { triggers: { condition?: unknown }[] }[] } };
  };

  it('the preview counts triggering enterprises per department and item, base and candidate', async () => {
    const doc = await itemsDoc();
    // the candidate reads 信用风险分类 as D only: the C-graded business no longer triggers
    doc.content.items[0]!.triggers[2]!.condition = { document: 'industry-model-food-safety', grades: ['D'] };
    const p = await f.as('market-regulation').evaluation.preview({ datasetId, at: AT, candidate: { documents: [doc] } });
    const count = (side: 'base' | 'candidate') => p.triggers[side]![0]!.items.map((x) => `${x.code} ${x.count}`);
    expect(p.triggers.base![0]!.department).toBe('market-regulation');
    expect(count('base')).toEqual(['SCJG-001 1', 'SCJG-002 0', 'SCJG-003 0']);
    expect(count('candidate')).toEqual(['SCJG-001 0', 'SCJG-002 0', 'SCJG-003 0']);
    expect(p.triggers.base![0]!.items[0]!.measures.map((m) => m.id)).toEqual(['measure-1', 'measure-2', 'measure-3', 'measure-4']);
  });

  it('evaluation.explain lists the items an enterprise triggers, with their measures', async () => {
    const c = await f.as('credit-office').evaluation.explain({ datasetId, at: AT, uscc: foodC.uscc });
    expect(c.explanation.triggered!.map((x) => `${x.code} ${x.triggers.map((t) => t.description).join('、')}`)).toEqual(['SCJG-001 信用风险分类为C、D类']);
    const a = await f.as('credit-office').evaluation.explain({ datasetId, at: AT, uscc: foodA.uscc });
    expect(a.explanation.triggered).toEqual([]);
  });

  it('a candidate condition naming a grade the document lacks is refused with the item and trigger point named', async () => {
    const doc = await itemsDoc();
    doc.content.items[0]!.triggers[2]!.condition = { document: 'industry-model-food-safety', grades: ['E'] };
    const err = await f.as('market-regulation').evaluation.preview({ datasetId, at: AT, candidate: { documents: [doc] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    const issues = issuesOf((err as TRPCError).cause) ?? [];
    expect(issues.map((i) => i.message).join('\n')).toContain('事项 SCJG-001（食品生产企业监督检查） 触发点 trigger-3 的触发条件中，等级 E 不是 industry-model-food-safety 的等级');
  });

  it('the list\'s golden cases are stored with the seed, run and pass; a wrong expectation fails with the items named', async () => {
    const list = (await f.as('viewer').documents.list({})).find((d) => d.id === 'supervision-items-market-regulation')!;
    const v1 = await f.as('viewer').cases.list({ versionId: list.published!.id });
    expect(v1.cases.length).toBe(7);
    expect(v1.run.failed).toBe(0);
    expect(v1.cases[0]!.result).toMatchObject({ passed: true, actual: { triggered: ['SCJG-001'] } });
    const co = f.as('market-regulation');
    const draft = await co.documents.createDraft({ documentId: 'supervision-items-market-regulation' });
    const doc = structuredClone((await co.documents.get({ versionId: draft.id })).content) as { effectiveFrom: string; content: { items: { triggers: { condition?: unknown }[] }[] } };
    doc.content.items[0]!.triggers[2]!.condition = { document: 'industry-model-food-safety', grades: ['D'] };
    doc.effectiveFrom = '2099-01-01';
    await co.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content: doc });
    const v2 = await co.cases.list({ versionId: draft.id });
    const failed = v2.cases.filter((c) => !c.result.passed);
    // the C cases fail (public class C: a serious record, the serious-dishonesty list); the licence-revoked D case still triggers
    expect(failed.map((c) => c.result.message)).toEqual(['预期与实际不符：触发的事项：预期 [SCJG-001]，实际 []', '预期与实际不符：触发的事项：预期 [SCJG-001]，实际 []']);
    expect(failed.map((c) => c.name.slice(0, 12))).toEqual(['食品生产企业1年内有严重', '食品企业列入严重失信主体']);
  });
});
