/** The lookup's early warnings (issue 13 finding 5), from a real explanation of the seed documents. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildPopulation, compileOrThrow } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { seedDocuments } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { Explanation } from './api-types.ts';
import { WarningsCard } from './warnings-card.tsx';

const AT = '2026-10-31';
const firm = (uscc: string, extra: Partial<EnterpriseRecord>): EnterpriseRecord => ({
  uscc,
  name: uscc,
  industryCode: 'C2438',
  regionCode: '210102',
  status: 'active',
  publicCreditScore: 92,
  ...extra,
});
const pop = buildPopulation([
  firm('91210100MA0EW0001D', {}),
  firm('91210100MA0EW0002G', { publicCreditScore: 70, lists: [{ list: 'serious-dishonesty', from: '2026-10-01', until: null }] }),
]);
const ev = compileOrThrow({ documents: seedDocuments().map((d) => policyDocument.parse(d)) });
const show = (e: Explanation) =>
  render(
    <FakeApi auth={sessionOf(makeUser('department-editor', 'market-regulation'))} handlers={{}}>
      <WarningsCard e={e} />
    </FakeApi>,
  );

describe('lookup: early warnings', () => {
  it('says which rules warn an enterprise, whom, and the value beside each threshold', async () => {
    const { unmount } = show(ev.explain(pop, 1, AT) as unknown as Explanation);
    expect(await screen.findByText('风险预警')).toBeTruthy();
    const items = screen.getAllByTestId('lookup-warning');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText('列入严重失信主体名单', { selector: 'strong' })).toBeTruthy();
    expect(items[0]!.textContent).toContain('列入严重失信主体名单 = 是（阈值 = 是）成立');
    expect(items[1]!.textContent).toContain('预警条件：公共信用综合评价分 <= 70');
    expect(items[1]!.textContent).toContain('公共信用综合评价分 = 70（阈值 ≤ 70）成立');
    unmount();
    show(ev.explain(pop, 0, AT) as unknown as Explanation);
    expect(await screen.findByText('未触发任何风险预警规则')).toBeTruthy();
  });

  it('is absent when the policy set has no early-warning rules', () => {
    const e = ev.explain(pop, 1, AT) as unknown as Explanation;
    const { container } = show({ ...e, warnings: undefined });
    expect(container.textContent).not.toContain('风险预警');
  });
});
