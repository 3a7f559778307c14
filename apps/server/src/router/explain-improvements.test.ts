/** evaluation.explain returns how to improve (issue 13 finding 9): the smallest changes to each better grade, behind the same firm-access check. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, SYSTEM_ACTOR } from '@policy/db';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

const AT = '2026-10-31';
const r = { uscc: '91410481MA4000800T', name: '舞钢市测试有限公司', industryCode: 'F5212', status: 'active', publicCreditScore: 65, records: [{ id: 'R-1', kind: 'penalty.closure', date: '2026-05-02' }] };

describe('evaluation.explain: improvements', () => {
  let f: Fixture;
  let datasetId: number;
  beforeAll(async () => {
    f = await createFixture(':memory:');
    const d = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'd', format: 'jsonl', input: JSON.stringify(r) + '\n', fileName: 'd.jsonl' });
    if (!d.success) throw new Error(d.errors.map((e) => e.message).join('; '));
    datasetId = d.dataset.id;
  }, 120_000);
  afterAll(async () => {
    await f?.handle.destroy();
  });

  it('lists the change that moves the enterprise to each better grade', async () => {
    const e = await f.as('credit-office').evaluation.explain({ datasetId, at: AT, uscc: r.uscc });
    expect(e.explanation.documents.find((d) => d.id === 'public-credit-class')!.grade).toBe('C');
    expect(e.improvements.map((x) => `${x.document}: ${x.label.zh}`)).toContain('public-credit-class: 修复记录 R-1 → A');
  });
});
