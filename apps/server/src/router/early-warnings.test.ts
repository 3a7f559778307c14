/**
 * Early warnings in the server (issue 13 finding 5): the preview counts warned enterprises per rule
 * and per warned department, base and candidate; evaluation.explain says which rules warn an
 * enterprise and the values that fired them; another department cannot edit the market regulator's
 * rules; the seed rules' golden cases are stored with the seed and pass.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, SYSTEM_ACTOR } from '@policy/db';
import { createFixture } from '../test-fixture.ts';
import { runSettled } from './runs.ts';
import type { Fixture } from '../test-fixture.ts';

const AT = '2026-10-31';
const base = { industryCode: 'C2438', regionCode: '210102', status: 'active' };
const good = { ...base, uscc: '91210100MA0EW0001D', name: '沈阳市守信工艺品有限公司', publicCreditScore: 92 };
const at70 = { ...base, uscc: '91210100MA0EW0002G', name: '沈阳市七十分工艺品有限公司', publicCreditScore: 70 };
const at65 = { ...base, uscc: '91210100MA0EW0003K', name: '沈阳市六十五分工艺品有限公司', publicCreditScore: 65 };

describe('early warnings in preview and explain', () => {
  let f: Fixture;
  let datasetId: number;
  beforeAll(async () => {
    f = await createFixture(':memory:');
    const d = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'd', format: 'jsonl', input: [good, at70, at65].map((x) => JSON.stringify(x)).join('\n') + '\n', fileName: 'd.jsonl' });
    if (!d.success) throw new Error(d.errors.map((e) => e.message).join('; '));
    datasetId = d.dataset.id;
  }, 120_000);
  afterAll(async () => {
    await f?.handle.destroy();
  });

  const rulesDoc = async () => {
    const v = (await f.as('credit-office').documents.inForce({ at: AT })).find((x) => x.documentId === 'early-warning-market-regulation')!;
    return structuredClone(v.content) as { content: { rules: { id: string; when: unknown }[] } };
  };

  it('the preview counts warned enterprises per rule and warned department, base and candidate', async () => {
    const doc = await rulesDoc();
    // the candidate lowers the threshold to < 70: 70 no longer warns, 65 still does
    doc.content.rules.find((r) => r.id === 'score-at-most-70')!.when = { measure: 'public-credit-score', op: '<', value: 70 };
    const p = await f.as('market-regulation').evaluation.preview({ datasetId, at: AT, candidate: { documents: [doc] } });
    const count = (side: 'base' | 'candidate') => p.earlyWarnings[side]!.rules.find((r) => r.ruleId === 'score-at-most-70')!;
    expect(count('base')).toMatchObject({ count: 2, condition: { zh: '公共信用综合评价分 <= 70' }, notify: ['market-regulation'] });
    expect(count('candidate')).toMatchObject({ count: 1, condition: { zh: '公共信用综合评价分 < 70' } });
    expect(p.earlyWarnings.base!.departments.map((d) => `${d.department} ${d.enterprises}`)).toEqual(['market-regulation 2', 'credit-office 0']);
    expect(p.earlyWarnings.candidate!.enterprises).toBe(1);
  });

  it('evaluation.explain lists the rules that warn an enterprise with the values that fired them', async () => {
    const e = await f.as('market-regulation').evaluation.explain({ datasetId, at: AT, uscc: at70.uscc });
    expect(e.explanation.warnings).toEqual([
      {
        documentId: 'early-warning-market-regulation',
        department: 'market-regulation',
        ruleId: 'score-at-most-70',
        label: { zh: '公共信用综合评价分降至中档及以下(≤70分)', en: 'Public credit score at or below 70' },
        notify: ['market-regulation'],
        condition: { zh: '公共信用综合评价分 <= 70', en: 'Public credit score <= 70' },
        values: [{ leaf: 'measure', measure: 'public-credit-score', label: { zh: '公共信用综合评价分', en: 'Public credit score' }, value: 70, op: '<=', threshold: 70, holds: true }],
      },
    ]);
    expect((await f.as('market-regulation').evaluation.explain({ datasetId, at: AT, uscc: good.uscc })).explanation.warnings).toEqual([]);
  });

  it('another department cannot open a draft of the market regulator\'s rules; the owner can', async () => {
    const err = await f.as('transport').documents.createDraft({ documentId: 'early-warning-market-regulation' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('FORBIDDEN');
    const draft = await f.as('market-regulation').documents.createDraft({ documentId: 'early-warning-market-regulation' });
    expect(draft.id).toBeGreaterThan(0);
  });

  it('a run keeps the warning counts with its aggregates', async () => {
    const run = await f.as('credit-office').runs.create({ datasetId, at: AT });
    await runSettled(run.id);
    const stored = await f.as('viewer').runs.get({ runId: run.id });
    const w = (stored.aggregates as { earlyWarnings: { enterprises: number; rules: { ruleId: string; count: number }[]; departments: { department: string; enterprises: number }[] } }).earlyWarnings;
    expect(w.enterprises).toBe(2);
    expect(w.rules.find((r) => r.ruleId === 'score-at-most-70')!.count).toBe(2);
    expect(w.departments.map((d) => `${d.department} ${d.enterprises}`)).toEqual(['market-regulation 2', 'credit-office 0']);
  });

  it('the seed rules\' golden cases are stored with the seed, run and pass', async () => {
    const doc = (await f.as('viewer').documents.list({})).find((d) => d.id === 'early-warning-market-regulation')!;
    const v1 = await f.as('viewer').cases.list({ versionId: doc.published!.id });
    expect(v1.cases.length).toBe(15);
    expect(v1.run.failed).toBe(0);
  });
});
