/** The impact report's early warnings (issue 13 finding 5), from a real evaluation of the seed documents. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildPopulation, compileOrThrow, earlyWarnings } from '@policy/evaluation';
import type { EarlyWarningDocument, EnterpriseRecord, PolicyBundle } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { seedDocuments } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { Preview } from './api-types.ts';
import { EarlyWarningsSection } from './impact-warnings.tsx';

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
  firm('91210100MA0EW0002G', { publicCreditScore: 70 }),
  firm('91210100MA0EW0003K', { publicCreditScore: 65, lists: [{ list: 'serious-dishonesty', from: '2026-10-01', until: null }] }),
]);
const seeds: PolicyBundle = { documents: seedDocuments().map((d) => policyDocument.parse(d)) };
/** The candidate warns below 70 only: exactly 70 no longer warns. */
const candidate: PolicyBundle = {
  documents: seeds.documents.map((d) => {
    if (d.id !== 'early-warning-market-regulation') return d;
    const c = structuredClone(d) as EarlyWarningDocument;
    c.content.rules.find((r) => r.id === 'score-at-most-70')!.when = { measure: 'public-credit-score', op: '<', value: 70 };
    return c;
  }),
};
const counts = (b: PolicyBundle) => {
  const ev = compileOrThrow(b);
  const w = earlyWarnings(ev, pop, ev.evaluate(pop, AT))!;
  return { enterprises: w.enterprises, rules: w.rules, departments: w.departments };
};
const preview = (earlyWarnings: Preview['earlyWarnings']) => ({ earlyWarnings }) as unknown as Preview;
const show = (node: React.ReactNode) =>
  render(
    <FakeApi auth={sessionOf(makeUser('reviewer', 'credit-office'))} handlers={{}}>
      {node}
    </FakeApi>,
  );

describe('impact report: early warnings', () => {
  it('counts per warned department and per rule, published → candidate, with the conditions in words', async () => {
    show(<EarlyWarningsSection preview={preview({ base: counts(seeds), candidate: counts(candidate) })} />);
    expect(await screen.findByText('风险预警')).toBeTruthy();
    expect(screen.getAllByTestId('warned-department').map((x) => x.textContent)).toEqual([
      '市市场监督管理局：2 → 1 户被预警',
      '市社会信用体系建设领导小组办公室：1 户被预警',
    ]);
    const row = screen.getByText('公共信用综合评价分降至中档及以下(≤70分)').closest('tr')!;
    expect(within(row).getByText('2 → 1')).toBeTruthy();
    expect(within(row).getByText('公共信用综合评价分 < 70')).toBeTruthy();
    const list = screen.getAllByText('列入严重失信主体名单', { selector: 'td' })[0]!.closest('tr')!;
    expect(within(list).getByText('市市场监督管理局、市社会信用体系建设领导小组办公室')).toBeTruthy();
  });

  it('says so when the candidate has no rules, and is absent for previews without any', () => {
    const { container, unmount } = show(<EarlyWarningsSection preview={preview({ base: counts(seeds), candidate: null })} />);
    expect(container.textContent).toContain('调整后的策略中没有风险预警规则');
    unmount();
    const empty = show(<EarlyWarningsSection preview={preview({ base: null, candidate: null })} />);
    expect(empty.container.textContent).not.toContain('风险预警');
  });
});
