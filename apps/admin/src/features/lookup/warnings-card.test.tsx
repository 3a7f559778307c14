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

  it('says a text where a number is expected is no number: "n/a" < 100 does not hold', async () => {
    // the seed rules plus one comparing a key indicator with a number
    const documents = seedDocuments().map((d) => {
      const doc = policyDocument.parse(d);
      if (doc.kind !== 'early-warning') return doc;
      const c = structuredClone(doc);
      c.content.measures.push({ id: 'pass-rate', type: 'indicator', key: 'food.inspectionPassRate', label: { zh: '食品安全抽检合格率(%)' } });
      c.content.rules.push({
        id: 'pass-rate-or-score',
        label: { zh: '抽检合格率低于100%或评价分不高于70分' },
        when: { any: [{ measure: 'pass-rate', op: '<', value: 100 }, { measure: 'public-credit-score', op: '<=', value: 70 }] },
        notify: ['market-regulation'],
      } as (typeof c.content.rules)[number]);
      return c;
    });
    const ev2 = compileOrThrow({ documents });
    const pop2 = buildPopulation([firm('91210100MA0EW0004M', { publicCreditScore: 70, indicators: { 'food.inspectionPassRate': 'n/a' } })]);
    show(ev2.explain(pop2, 0, AT) as unknown as Explanation);
    const item = (await screen.findAllByTestId('lookup-warning')).find((x) => x.textContent?.includes('抽检合格率低于100%'))!;
    expect(item.textContent).toContain('食品安全抽检合格率(%) = n/a（文字，不是数值，按无值比较）（阈值 < 100）不成立');
    expect(item.textContent).toContain('公共信用综合评价分 = 70（阈值 ≤ 70）成立');
  });

  it('is absent when the policy set has no early-warning rules', () => {
    const e = ev.explain(pop, 1, AT) as unknown as Explanation;
    const { container } = show({ ...e, warnings: undefined });
    expect(container.textContent).not.toContain('风险预警');
  });
});
