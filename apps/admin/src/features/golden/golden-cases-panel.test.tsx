import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import { casesView, GRADES } from '../../test/golden-api.ts';
import { GoldenCasesPanel } from './golden-cases-panel.tsx';

function show(view: ReturnType<typeof casesView>, calls: { path: string; input: unknown }[] = []) {
  return render(
    <FakeApi
      handlers={{ 'cases.list': () => view, 'cases.acceptCurrent': () => casesView({ failing: false }) }}
      auth={sessionOf(makeUser('credit-office', 'credit-office'))}
      calls={calls}
    >
      <GoldenCasesPanel versionId={7} kind="grading" grades={GRADES} />
    </FakeApi>,
  );
}

describe('GoldenCasesPanel', () => {
  it('lists the cases failing first, with expected against actual in words', async () => {
    show(casesView({ editable: false }));
    const rows = await screen.findAllByRole('row');
    const body = rows.filter(
      (r) => r.classList.contains('golden-fail') || r.classList.contains('golden-pass'),
    );
    expect(body[0]!.classList.contains('golden-fail')).toBe(true);
    expect(body[0]!.textContent).toContain('恰好85分为良级');
    expect(body[0]!.textContent).toContain('等级 良');
    expect(body[0]!.querySelectorAll('.golden-outcome')[1]!.textContent).toBe('等级 优');
    // the rule's id is no text to read: only the hover title names it
    expect(body[0]!.querySelectorAll('.golden-outcome')[1]!.getAttribute('title')).toBe('规则 excellent-above-80');
    expect(body[0]!.textContent).toContain('等级应为 good，实为 excellent');
    expect(screen.getByText('1 个未通过')).toBeTruthy();
    // a sealed version: nothing to change
    expect(screen.queryByRole('button', { name: /添加用例/ })).toBeNull();
  });

  it('accepts the current result of a failing case only with a written reason', async () => {
    const calls: { path: string; input: unknown }[] = [];
    show(casesView(), calls);
    fireEvent.click(await screen.findByRole('button', { name: /确认当前结果为预期/ }));
    const dialog = await waitFor(() => document.querySelector('.golden-accept-dialog') as HTMLElement);
    fireEvent.click(within(dialog).getByRole('button', { name: /确认当前结果为预期/ }));
    expect(await within(dialog).findByText('请填写理由')).toBeTruthy();
    expect(calls.some((c) => c.path === 'cases.acceptCurrent')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('理由（必填）'), {
      target: { value: '分数线调整为 80 分，属预期变化' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: /确认当前结果为预期/ }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === 'cases.acceptCurrent')?.input).toEqual({
        versionId: 7,
        caseIds: [2],
        reason: '分数线调整为 80 分，属预期变化',
      }),
    );
    expect(await screen.findByText('全部通过')).toBeTruthy();
  });
});
