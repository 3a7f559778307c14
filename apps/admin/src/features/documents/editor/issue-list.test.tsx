import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { Issue } from '@policy/schemas';
import { renderIn } from '../../../test/render.tsx';
import { IssueList } from './issue-list.tsx';

const issues: Issue[] = [
  {
    code: 'sampling.ratio-decreasing',
    severity: 'warning',
    path: '/content/rows/2/ratioPercent',
    message: 'C 类抽查比例低于 B 类',
    messageEn: 'C is sampled less than B',
  },
  {
    code: 'bands.gap',
    severity: 'error',
    path: '/content/decision/bands/1',
    message: '70 与 85 之间有缺口',
    messageEn: 'gap between 70 and 85',
  },
];

describe('IssueList', () => {
  it('lists errors first in Chinese and calls back with the clicked issue', () => {
    const onSelect = vi.fn();
    renderIn(<IssueList issues={issues} onSelect={onSelect} />);
    const items = screen.getAllByTestId('issue-item');
    expect(items[0]!.textContent).toContain('70 与 85 之间有缺口');
    expect(screen.getByText('检查结果：1 个错误，1 个警告')).toBeTruthy();
    fireEvent.click(screen.getByText('C 类抽查比例低于 B 类'));
    expect(onSelect).toHaveBeenCalledWith(issues[0]);
  });

  it('shows the English messages when English is chosen', () => {
    renderIn(<IssueList issues={issues} onSelect={() => {}} />, 'en');
    expect(screen.getByText('gap between 70 and 85')).toBeTruthy();
    expect(screen.queryByText('70 与 85 之间有缺口')).toBeNull();
  });

  it('says so when there is nothing to fix', () => {
    renderIn(<IssueList issues={[]} />);
    expect(screen.getByText('未发现问题')).toBeTruthy();
  });
});
