import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { DecisionRule, GradeDef, MeasureDef } from '@policy/schemas';
import { renderIn } from '../../../../test/render.tsx';
import { RuleTableEditor } from './rule-table-editor.tsx';

const grades: GradeDef[] = ['A', 'B', 'C', 'D'].map((code) => ({ code, label: { zh: `${code}类` } }));
const measures: MeasureDef[] = [
  {
    id: 'general-count',
    type: 'recordCount',
    severity: 'general',
    label: { zh: '一般失信记录数', en: 'general records' },
  },
  { id: 'serious-count', type: 'recordCount', severity: 'serious', label: { zh: '严重失信记录数' } },
  { id: 'revoked', type: 'status', equals: 'licence-revoked', label: { zh: '已吊销营业执照' } },
];
const rules: DecisionRule[] = [
  { id: 'd-revoked', grade: 'D', when: { measure: 'revoked', op: '==', value: true } },
  {
    id: 'c-serious',
    grade: 'C',
    when: {
      any: [
        { measure: 'general-count', op: '>', value: 5 },
        { measure: 'serious-count', op: '>=', value: 1 },
      ],
    },
  },
  { id: 'a-default', grade: 'A', when: { always: true } },
];

describe('RuleTableEditor', () => {
  it('reads conditions as Chinese sentences', () => {
    renderIn(
      <RuleTableEditor rules={rules} grades={grades} measures={measures} pointer="/r" onChange={() => {}} />,
    );
    expect(screen.getAllByTestId('rule-condition').map((e) => e.textContent)).toEqual([
      '已吊销营业执照 = 是',
      '一般失信记录数 > 5 或 严重失信记录数 ≥ 1',
      '总是（兜底）',
    ]);
  });

  it('moves a rule down and up', () => {
    const onChange = vi.fn();
    renderIn(
      <RuleTableEditor rules={rules} grades={grades} measures={measures} pointer="/r" onChange={onChange} />,
    );
    fireEvent.click(screen.getByRole('button', { name: '下移 d-revoked' }));
    expect((onChange.mock.calls[0]![0] as DecisionRule[]).map((r) => r.id)).toEqual([
      'c-serious',
      'd-revoked',
      'a-default',
    ]);
    fireEvent.click(screen.getByRole('button', { name: '上移 a-default' }));
    expect((onChange.mock.calls[1]![0] as DecisionRule[]).map((r) => r.id)).toEqual([
      'd-revoked',
      'a-default',
      'c-serious',
    ]);
  });

  it('reorders by dragging a row onto another', () => {
    const onChange = vi.fn();
    renderIn(
      <RuleTableEditor rules={rules} grades={grades} measures={measures} pointer="/r" onChange={onChange} />,
    );
    const rows = screen.getAllByTestId('rule-row');
    const dataTransfer = { setData() {}, effectAllowed: '' };
    fireEvent.dragStart(rows[2]!, { dataTransfer });
    fireEvent.dragOver(rows[0]!, { dataTransfer });
    fireEvent.drop(rows[0]!, { dataTransfer });
    expect((onChange.mock.calls[0]![0] as DecisionRule[]).map((r) => r.id)).toEqual([
      'a-default',
      'd-revoked',
      'c-serious',
    ]);
  });

  it('warns when the last rule is not a catch-all', () => {
    renderIn(
      <RuleTableEditor
        rules={rules.slice(0, 2)}
        grades={grades}
        measures={measures}
        pointer="/r"
        onChange={() => {}}
      />,
    );
    expect(screen.getByText('最后一条规则应为“总是”兜底规则')).toBeTruthy();
  });

  it('in English the sentences are English', () => {
    renderIn(
      <RuleTableEditor rules={rules} grades={grades} measures={measures} pointer="/r" onChange={() => {}} />,
      'en',
    );
    expect(screen.getAllByTestId('rule-condition')[1]!.textContent).toBe(
      'general records > 5 or 严重失信记录数 ≥ 1',
    );
  });
});
