/** The impact report's breakdowns and plan shares (issue 13, findings 9 and 4), from real aggregates. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aggregate, buildPopulation, compileOrThrow, generatePopulation } from '@policy/evaluation';
import { bundleFixture } from '@policy/schemas/fixtures';
import type { PolicyBundle } from '@policy/schemas';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { Preview } from './api-types.ts';
import { BreakdownsCard, PlanSharesSection } from './impact-breakdowns.tsx';

const AT = '2026-10-31';
const pop = buildPopulation(generatePopulation({ count: 1_500, seed: 13 }));
const base = { documents: bundleFixture() } as PolicyBundle;
/** The candidate: class C from more than 2 general records instead of more than 5. */
const candidate = structuredClone(base);
const gradingOf = (b: PolicyBundle) => b.documents.find((d) => d.kind === 'grading' && d.content.decision.type === 'rules')!;
const stricter = JSON.stringify(gradingOf(candidate)).replace('"op":">","value":5', '"op":">","value":2');
candidate.documents[candidate.documents.indexOf(gradingOf(candidate))] = JSON.parse(stricter);
const aggBase = aggregate(compileOrThrow(base).evaluate(pop, AT), pop);
const aggCand = aggregate(compileOrThrow(candidate).evaluate(pop, AT), pop);

const preview = (planShares: Preview['planShares'] = []) =>
  ({ base: { versions: [], aggregate: aggBase }, candidate: { versions: [], aggregate: aggCand }, planShares }) as unknown as Preview;

function show(node: React.ReactNode) {
  render(<FakeApi auth={sessionOf(makeUser('reviewer', 'credit-office'))} handlers={{}}>{node}</FakeApi>);
}

describe('impact report: breakdowns', () => {
  it('lists per department the grades before → after of the rows that changed, with one tab per dimension', async () => {
    show(<BreakdownsCard preview={preview()} />);
    expect(await screen.findByText('分项统计（按部门、监管领域、行业门类、行政区划）')).toBeTruthy();
    for (const tab of ['按部门', '按监管领域', '按行业门类', '按行政区划']) expect(screen.getByRole('tab', { name: tab })).toBeTruthy();
    // a department whose C count rises: its row shows before → after
    const depAfter = aggCand.documents[0]!.byDepartment.find((r, k) => r.counts[2]! > aggBase.documents[0]!.byDepartment[k]!.counts[2]!)!;
    const dep = aggBase.documents[0]!.byDepartment.find((r) => r.key === depAfter.key)!;
    const after = depAfter;
    const row = screen.getByText(after.label!.zh).closest('tr')!;
    expect(within(row).getByText(`${dep.counts[2]} → ${after.counts[2]}`)).toBeTruthy();
    expect(screen.getByText(/临界（阈值 ±1 分以内）/)).toBeTruthy();
  });

  it('says so when nothing changed', async () => {
    show(<BreakdownsCard preview={{ ...preview(), candidate: { versions: [], aggregate: aggBase } } as unknown as Preview} />);
    expect(await screen.findByText('各项分布均无变化')).toBeTruthy();
  });

  it('shows the plans’ differentiated share in enterprises and by how much it misses the target', async () => {
    show(
      <PlanSharesSection
        preview={preview([
          { department: 'market-regulation', departmentLabel: { zh: '市市场监督管理局', en: 'Market Regulation' }, year: 2023, differentiated: 600, total: 1000, sharePercent: 60, targetPercent: 70, gapPoints: 10, meetsTarget: false, index: 0 },
        ])}
      />,
    );
    expect(await screen.findByText('60.0%（600 / 1000 户）')).toBeTruthy();
    expect(screen.getByText('差 10.0 个百分点')).toBeTruthy();
  });
});
