/** The impact report's trigger-based supervision (issue 13 finding 6), from a real evaluation of the seed documents. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildPopulation, compileOrThrow, supervisionTriggers } from '@policy/evaluation';
import type { EnterpriseRecord, PolicyBundle, SupervisionItemsDocument } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { seedDocuments } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { Preview } from './api-types.ts';
import { TriggersSection } from './impact-triggers.tsx';

const AT = '2026-10-31';
const GOOD = {
  'food.inspectionPassRate': 100,
  'food.incidents': 0,
  'food.inspectionResult': 'compliant',
  'food.complaints': 0,
  'food.traceability': true,
  'food.safetyOfficer': true,
};
const food = (uscc: string, extra: Partial<EnterpriseRecord>): EnterpriseRecord => ({
  uscc,
  name: uscc,
  industryCode: 'C1431',
  regionCode: '410481',
  status: 'active',
  publicCreditScore: 95,
  indicators: GOOD,
  ...extra,
});
const pop = buildPopulation([
  food('91410481MA40007119', {}),
  food('91410481MA4000712C', {
    records: [{ id: 'r1', kind: 'penalty.permit-suspension', date: '2026-05-01' }],
  }),
  food('91410481MA40007207', { status: 'licence-revoked' }),
]);
const seeds: PolicyBundle = { documents: seedDocuments().map((d) => policyDocument.parse(d)) };
/** The candidate reads 信用风险分类 as D only. */
const candidate: PolicyBundle = {
  documents: seeds.documents.map((d) => {
    if (d.id !== 'supervision-items-market-regulation') return d;
    const c = structuredClone(d) as SupervisionItemsDocument;
    c.content.items[0]!.triggers[2]!.condition = { document: 'industry-model-food-safety', grades: ['D'] };
    return c;
  }),
};
const departments = (b: PolicyBundle) => {
  const ev = compileOrThrow(b);
  return supervisionTriggers(ev, pop, ev.evaluate(pop, AT))!.departments;
};
const preview = (triggers: Preview['triggers']) => ({ triggers }) as unknown as Preview;
const show = (node: React.ReactNode) =>
  render(
    <FakeApi auth={sessionOf(makeUser('reviewer', 'credit-office'))} handlers={{}}>
      {node}
    </FakeApi>,
  );

describe('impact report: trigger-based supervision', () => {
  it('lists per department each item with its triggering enterprises, published → candidate, per trigger point, with the measures', async () => {
    show(
      <TriggersSection preview={preview({ base: departments(seeds), candidate: departments(candidate) })} />,
    );
    expect(await screen.findByText('触发式监管')).toBeTruthy();
    expect(screen.getByText('市市场监督管理局：2 → 1 户触发')).toBeTruthy();
    const row = screen.getByText('SCJG-001 食品生产企业监督检查').closest('tr')!;
    expect(within(row).getAllByText('2 → 1').length).toBe(2);
    expect(within(row).getByText(/（食品生产经营企业行业信用评价模型 等级为 D）/)).toBeTruthy();
    expect(within(row).getByText(/约谈企业负责人/)).toBeTruthy();
  });

  it('says so when no trigger point has a condition, and is absent for previews without triggers', () => {
    const { container, unmount } = show(<TriggersSection preview={preview({ base: null, candidate: [] })} />);
    expect(container.textContent).toContain('没有带触发条件的触发点');
    unmount();
    const empty = show(<TriggersSection preview={preview({ base: null, candidate: null })} />);
    expect(empty.container.textContent).not.toContain('触发式监管');
  });
});
