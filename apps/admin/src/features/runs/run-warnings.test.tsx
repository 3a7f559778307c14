/** A run's early-warning counts (issue 13 finding 5), from a real evaluation of the seed documents. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildPopulation, compileOrThrow, earlyWarnings } from '@policy/evaluation';
import { policyDocument } from '@policy/schemas';
import { seedDocuments } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { RunAggregates } from './api-types.ts';
import { RunWarningsSection } from './run-warnings.tsx';

const AT = '2026-10-31';
const ev = compileOrThrow({ documents: seedDocuments().map((d) => policyDocument.parse(d)) });
const pop = buildPopulation([
  { uscc: '91210100MA0EW0001D', name: 'a', industryCode: 'C2438', regionCode: '210102', status: 'active', publicCreditScore: 92 },
  { uscc: '91210100MA0EW0002G', name: 'b', industryCode: 'C2438', regionCode: '210102', status: 'active', publicCreditScore: 70 },
]);
const w = earlyWarnings(ev, pop, ev.evaluate(pop, AT))!;
const show = (aggregates: RunAggregates) =>
  render(
    <FakeApi auth={sessionOf(makeUser('viewer', null))} handlers={{}}>
      <RunWarningsSection aggregates={aggregates} />
    </FakeApi>,
  );

describe('run: early warnings', () => {
  it('shows per warned department the enterprises and per rule its count', async () => {
    show({ earlyWarnings: { enterprises: w.enterprises, rules: w.rules, departments: w.departments } } as unknown as RunAggregates);
    expect((await screen.findAllByTestId('run-warned-department')).map((x) => x.textContent)).toEqual([
      '市市场监督管理局：1 户被预警',
      '市社会信用体系建设领导小组办公室：0 户被预警',
    ]);
    const row = screen.getByText('公共信用综合评价分降至中档及以下(≤70分)').closest('tr')!;
    expect(within(row).getByText('1')).toBeTruthy();
  });

  it('is absent for a run without warning counts', () => {
    const { container } = show({} as RunAggregates);
    expect(container.textContent).not.toContain('风险预警');
  });
});
