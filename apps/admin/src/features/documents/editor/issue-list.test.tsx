import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { Issue } from '@policy/schemas';
import { renderIn } from '../../../test/render.tsx';
import { IssueList } from './issue-list.tsx';
import { validateDraft } from './validate-draft.ts';
import { scoreGradingFixture, supervisionItemsFixture } from '@policy/schemas/fixtures';

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

  // issue 15, item 5: the messages of a real draft name the field and the row as the person sees them
  it('shows validator messages naming the item, the field and what is allowed, the pointer only as a small detail', () => {
    const doc = supervisionItemsFixture() as any;
    const item = doc.content.items[0];
    item.name = '';
    item.riskPoints = [{ id: '风险点一', description: '原料', level: 'urgent' }];
    renderIn(<IssueList issues={validateDraft(doc)} />);
    const texts = screen.getAllByTestId('issue-item').map((e) => e.textContent ?? '');
    const code = item.code as string;
    expect(texts.some((x) => x.includes(`事项 ${code} 的「事项名称」不能为空`))).toBe(true);
    expect(
      texts.some((x) => x.includes(`事项 ${code} 的第 1 个风险点的「风险等级」只能是 低、中、高 之一`)),
    ).toBe(true);
    expect(
      texts.some((x) =>
        x.includes(`事项 ${code} 的第 1 个风险点的「标识」只能包含小写字母、数字、点和连字符`),
      ),
    ).toBe(true);
    for (const x of texts) expect(x).not.toMatch(/正则|期望|>=|"low"\|"medium"|数值过小/);
    expect(screen.getAllByTestId('issue-pointer')[0]!.textContent).toMatch(/^\/content\/items\/0\//);
  });

  it('names bands by their grade labels after a threshold edit, never by ids such as excellent-above-85', () => {
    const doc = scoreGradingFixture() as any;
    doc.content.decision.bands[0].id = 'excellent-above-85';
    doc.content.decision.bands[0].min = { value: 80, inclusive: true };
    renderIn(<IssueList issues={validateDraft(doc).filter((i) => i.code.startsWith('bands.'))} />);
    const texts = screen.getAllByTestId('issue-item').map((e) => e.textContent ?? '');
    expect(texts.some((x) => x.includes('档位「优」与档位「良」重叠'))).toBe(true);
    for (const x of texts) expect(x).not.toContain('excellent');
  });
});
