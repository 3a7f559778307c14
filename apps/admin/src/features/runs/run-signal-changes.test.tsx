/** The warnings and triggers that changed between two runs (issue 13): counts for everyone, enterprises only for firm readers. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { RunComparison } from './api-types.ts';
import { SignalChangesCard } from './run-signal-changes.tsx';

const change = { kind: 'trigger' as const, documentId: 'supervision-items-market-regulation', code: 'SCJG-001', owner: 'market-regulation', label: { zh: '食品生产企业监督检查', en: 'Food producers' } };
const firm = { ...change, row: 0, uscc: '91410481MA4000900G', name: '舞钢市严重失信食品有限公司', departments: ['market-regulation'], triggers: ['trigger-3'], measures: ['measure-1'] };
const signals = (firmRows: boolean): RunComparison['signals'] => ({
  changes: [{ ...change, base: 0, candidate: 1, appeared: 1, disappeared: 0 }],
  firmRows,
  appeared: firmRows ? [firm] : [],
  disappeared: [],
  truncated: false,
});
const show = (s: RunComparison['signals'] | undefined) =>
  render(
    <FakeApi auth={sessionOf(makeUser('viewer', null))} handlers={{}}>
      <SignalChangesCard signals={s} />
    </FakeApi>,
  );

describe('run compare: warnings and triggers that changed', () => {
  it('names the item, its counts in both runs and the enterprise that newly triggers it', async () => {
    show(signals(true));
    const card = await screen.findByTestId('run-signal-changes');
    const row = within(card).getAllByText('食品生产企业监督检查')[0]!.closest('tr')!;
    expect(row.textContent).toContain('触发');
    expect([...row.querySelectorAll('td')].slice(1).map((td) => td.textContent)).toEqual(['0', '1', '1', '0']);
    expect(within(screen.getByTestId('run-signals-appeared')).getByText('舞钢市严重失信食品有限公司')).toBeTruthy();
  });

  it('tells a viewer the counts are all there is, and is absent when the runs kept none', () => {
    show(signals(false));
    expect(screen.getByText('只读用户只能查看数量，不能查看企业名单')).toBeTruthy();
    expect(screen.queryByTestId('run-signals-appeared')).toBeNull();
    const { container } = show({ changes: [], firmRows: true, appeared: [], disappeared: [], truncated: false });
    expect(container.textContent).toBe('');
  });
});
