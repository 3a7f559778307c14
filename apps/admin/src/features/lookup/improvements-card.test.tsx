import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import { ImprovementsCard } from './improvements-card.tsx';

describe('如何改善 (issue 13 finding 9)', () => {
  it('lists each change with the grade it gives, or says there is none', async () => {
    const items = [
      { document: 'public-credit-class', from: 'C', to: 'B', toLabel: { zh: '一般失信', en: 'Generally dishonest' }, changes: [{ type: 'repair' as const, record: 'R-1' }], label: { zh: '修复记录 R-1 → B', en: 'repair record R-1 → B' } },
      { document: 'public-credit-class', from: 'C', to: 'A', toLabel: { zh: '守信', en: 'Trustworthy' }, changes: [{ type: 'wait' as const, date: '2027-05-02', records: ['R-1'] }], label: { zh: '记录 R-1 于 2027-05-02 超出统计期间 → A', en: 'record R-1 leaves the window on 2027-05-02 → A' } },
    ];
    const { unmount } = render(
      <FakeApi auth={sessionOf(makeUser('reviewer', 'credit-office'))} handlers={{}}>
        <ImprovementsCard items={items} />
      </FakeApi>,
    );
    expect(await screen.findByText('如何改善')).toBeTruthy();
    expect(screen.getByText('修复记录 R-1')).toBeTruthy();
    expect(screen.getByText('记录 R-1 于 2027-05-02 超出统计期间')).toBeTruthy();
    unmount();
    render(
      <FakeApi auth={sessionOf(makeUser('reviewer', 'credit-office'))} handlers={{}}>
        <ImprovementsCard items={[]} />
      </FakeApi>,
    );
    expect(await screen.findByText(/没有能使等级变好的数据变化/)).toBeTruthy();
  });
});
