import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { renderIn } from '../../../../test/render.tsx';
import { AhpMatrixEditor, formatJudgement, parseJudgement } from './ahp-matrix-editor.tsx';

const labels = ['许可合规', '抽检合格率', '投诉处理'];
const identity = [
  [1, 1, 1],
  [1, 1, 1],
  [1, 1, 1],
];

describe('AhpMatrixEditor', () => {
  it('typing a judgement fills the reciprocal cell', () => {
    const onChange = vi.fn();
    renderIn(<AhpMatrixEditor labels={labels} matrix={identity} pointer="/m" onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('“许可合规”相对“投诉处理”的重要性'), { target: { value: '5' } });
    const m = onChange.mock.calls.at(-1)![0] as number[][];
    expect(m[0]![2]).toBe(5);
    expect(m[2]![0]).toBeCloseTo(1 / 5, 12);
    expect(m[1]).toEqual([1, 1, 1]);
  });

  it('accepts a fraction in the lower triangle and shows the reciprocal above', () => {
    const onChange = vi.fn();
    const { rerender } = renderIn(
      <AhpMatrixEditor labels={labels} matrix={identity} pointer="/m" onChange={onChange} />,
    );
    fireEvent.change(screen.getByLabelText('“抽检合格率”相对“许可合规”的重要性'), {
      target: { value: '1/3' },
    });
    const m = onChange.mock.calls.at(-1)![0] as number[][];
    expect(m[0]![1]).toBeCloseTo(3, 12);
    rerender(<AhpMatrixEditor labels={labels} matrix={m} pointer="/m" onChange={onChange} />);
    expect((screen.getByLabelText('“许可合规”相对“抽检合格率”的重要性') as HTMLInputElement).value).toBe('3');
  });

  it('shows weights, λmax and CR of a consistent matrix', () => {
    const consistent = [
      [1, 2, 4],
      [1 / 2, 1, 2],
      [1 / 4, 1 / 2, 1],
    ];
    renderIn(<AhpMatrixEditor labels={labels} matrix={consistent} pointer="/m" onChange={() => {}} />);
    expect(screen.getAllByTestId('ahp-weight').map((e) => e.textContent)).toEqual([
      '57.1%',
      '28.6%',
      '14.3%',
    ]);
    expect(screen.getByTestId('ahp-cr').textContent).toBe('0.0000');
    expect(screen.getByTestId('ahp-cr').className).toBe('ahp-cr-ok');
    expect(screen.getByText('CR < 0.1，判断矩阵一致性可以接受')).toBeTruthy();
    expect(document.querySelector('.ant-alert-error')).toBeNull();
  });

  it('flags an inconsistent matrix in red with an explanation', () => {
    const cyclic = [
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1],
    ];
    renderIn(<AhpMatrixEditor labels={labels} matrix={cyclic} pointer="/m" onChange={() => {}} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/^CR = \d+\.\d{3} ≥ 0\.1，判断矩阵不一致/);
    expect(screen.getByTestId('ahp-cr').className).toBe('ahp-cr-bad');
  });

  it('parses and formats Saaty judgements', () => {
    expect(parseJudgement('1/7')).toBeCloseTo(1 / 7, 12);
    expect(parseJudgement('0')).toBeNull();
    expect(parseJudgement('abc')).toBeNull();
    expect(formatJudgement(1 / 7)).toBe('1/7');
    expect(formatJudgement(0.4)).toBe('0.4');
  });
});
