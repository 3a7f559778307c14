/** The lookup's triggered supervision items (issue 13 finding 6), from a real explanation of the seed documents. */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildPopulation, compileOrThrow } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { seedDocuments } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { Explanation } from './api-types.ts';
import { TriggeredCard } from './triggered-card.tsx';

const AT = '2026-10-31';
const GOOD = {
  'food.inspectionPassRate': 100,
  'food.incidents': 0,
  'food.inspectionResult': 'compliant',
  'food.complaints': 0,
  'food.traceability': true,
  'food.safetyOfficer': true,
};
const records: EnterpriseRecord[] = [
  {
    uscc: '91410481MA40007119',
    name: '守信食品',
    industryCode: 'C1431',
    regionCode: '410481',
    status: 'active',
    publicCreditScore: 95,
    indicators: GOOD,
  },
  {
    uscc: '91410481MA4000712C',
    name: '严重失信食品',
    industryCode: 'C1431',
    regionCode: '410481',
    status: 'active',
    publicCreditScore: 95,
    indicators: GOOD,
    records: [{ id: 'r1', kind: 'penalty.permit-suspension', date: '2026-05-01' }],
  },
];
const ev = compileOrThrow({ documents: seedDocuments().map((d) => policyDocument.parse(d)) });
const pop = buildPopulation(records);
const show = (e: Explanation) =>
  render(
    <FakeApi auth={sessionOf(makeUser('reviewer', 'credit-office'))} handlers={{}}>
      <TriggeredCard e={e} />
    </FakeApi>,
  );

describe('lookup: triggered supervision items', () => {
  it('shows the items a C-graded food business triggers with trigger points and measures; an A-graded one none', async () => {
    const { unmount } = show(ev.explain(pop, 1, AT) as unknown as Explanation);
    expect(await screen.findByText('触发的监管事项')).toBeTruthy();
    expect(screen.getByText('SCJG-001 食品生产企业监督检查')).toBeTruthy();
    expect(screen.getByText('触发点：信用风险分类为C、D类')).toBeTruthy();
    expect(screen.getByText(/监管措施：依法责令限期整改并跟踪复查；/)).toBeTruthy();
    unmount();
    show(ev.explain(pop, 0, AT) as unknown as Explanation);
    expect(await screen.findByText('未触发任何监管事项')).toBeTruthy();
  });

  it('is absent when the policy set has no conditioned trigger point', () => {
    const e = ev.explain(pop, 1, AT) as unknown as Explanation;
    const { container } = show({ ...e, triggered: undefined });
    expect(container.textContent).not.toContain('触发的监管事项');
  });
});
