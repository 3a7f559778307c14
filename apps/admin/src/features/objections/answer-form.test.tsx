import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { Objection } from './api-types.ts';
import { AnswerForm } from './answer-form.tsx';

const objection = {
  id: 5,
  runId: 1,
  uscc: '91410000MA0000000X',
  enterpriseName: '舞钢市示例建材有限公司',
  recordId: 'r-1',
  department: 'transport',
  departmentName: '市交通运输局',
  grounds: '处罚已撤销',
  evidence: null,
  filedBy: 'credit-office',
  filedByName: '信用办管理员',
  filedAt: '2026-11-20T02:00:00.000Z',
  deadline: '2026-11-25',
  status: 'open',
  overdue: true,
  answeredBy: null,
  answeredAt: null,
  answerReason: null,
  correction: null,
} as Objection;

describe('AnswerForm', () => {
  it('requires a decision and a written reason before answering', async () => {
    const calls: { path: string; input: unknown }[] = [];
    render(
      <FakeApi handlers={{ 'objections.answer': () => ({ ...objection, status: 'upheld' }) }} auth={sessionOf(makeUser('department-editor', 'transport'))} calls={calls}>
        <AnswerForm objection={objection} />
      </FakeApi>,
    );
    const submit = await screen.findByRole('button', { name: /提交答复/ });
    fireEvent.click(submit);
    expect(await screen.findByText('请选择处理结果')).toBeTruthy();
    expect(screen.getByText('请填写答复理由')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: /异议成立/ }));
    fireEvent.change(screen.getByLabelText('答复理由（必填）'), { target: { value: '   ' } });
    fireEvent.click(submit);
    expect(await screen.findByText('请填写答复理由')).toBeTruthy();
    expect(calls.some((c) => c.path === 'objections.answer')).toBe(false);
    fireEvent.change(screen.getByLabelText('答复理由（必填）'), { target: { value: '处罚决定已撤销，异议成立' } });
    fireEvent.click(submit);
    await waitFor(() => expect(calls.find((c) => c.path === 'objections.answer')?.input).toEqual({ id: 5, decision: 'upheld', reason: '处罚决定已撤销，异议成立' }));
    expect(await screen.findByText('已答复：异议成立，已重新评价')).toBeTruthy();
  });
});
