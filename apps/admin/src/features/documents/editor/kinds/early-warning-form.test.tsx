import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { EarlyWarningDocument } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { seedDocument } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../../../test/fake-api.tsx';
import { DirectoryProvider } from '../../../../lib/department-directory.tsx';
import { EarlyWarningForm } from './early-warning-form.tsx';

const directory = {
  departments: [
    { id: 'market-regulation', name: { zh: '市场监督管理局' }, shortName: '市场监管局' },
    { id: 'credit-office', name: { zh: '信用办' }, shortName: '信用办' },
    { id: 'transport', name: { zh: '交通运输局' }, shortName: '交通运输局' },
  ],
  domains: [
    { id: 'food', name: { zh: '食品' }, departments: ['market-regulation'], match: { industryPrefixes: ['C14'], all: false } },
    { id: 'road', name: { zh: '道路运输' }, departments: ['transport'], match: { industryPrefixes: ['G54'], all: false } },
  ],
};
const foodModel = {
  kind: 'industry-model',
  documentId: 'industry-model-food-safety',
  content: { id: 'industry-model-food-safety', title: '食品安全信用风险分级模型', content: { grades: ['A', 'B', 'C', 'D'].map((code) => ({ code, label: { zh: `${code}级` } })) } },
};
const doc = () => policyDocument.parse(seedDocument('early-warning-market-regulation')) as EarlyWarningDocument;

function show(onChange = vi.fn(), readOnly = false) {
  render(
    <FakeApi handlers={{ 'documents.inForce': () => [foodModel] }} auth={sessionOf(makeUser('department-editor', 'market-regulation'))}>
      <DirectoryProvider content={directory}>
        <EarlyWarningForm doc={doc()} onChange={onChange} readOnly={readOnly} />
      </DirectoryProvider>
    </FakeApi>,
  );
  return onChange;
}

describe('EarlyWarningForm: the rules as a table', () => {
  it('shows one row per rule with its condition in words, the departments warned by name and the domains', async () => {
    show();
    const rows = await screen.findAllByTestId('warning-rule-row');
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => within(r).getByTestId('warning-condition').textContent)).toEqual([
      '近3个月新增严重失信行为记录数 ≥ 1',
      '列入严重失信主体名单 = 是',
      '列入经营异常名录 = 是',
      '公共信用综合评价分 ≤ 70',
      expect.stringMatching(/^industry-model-food-safety|食品安全信用风险分级模型/),
    ]);
    await waitFor(() => expect(within(rows[4]!).getByTestId('warning-condition').textContent).toBe('食品安全信用风险分级模型 等级为 D'));
    expect(within(rows[0]!).getByText('市场监管局')).toBeTruthy();
    expect(within(rows[0]!).getByText('信用办')).toBeTruthy();
    expect(within(rows[4]!).getByText('食品')).toBeTruthy();
    expect(rows[3]!.getAttribute('data-pointer')).toBe('/content/rules/3');
  });

  it('edits a rule in its row; a new rule warns the owning department; a rule can be deleted', async () => {
    const onChange = show();
    const rows = await screen.findAllByTestId('warning-rule-row');
    fireEvent.change(within(rows[3]!).getByRole('textbox', { name: '预警名称 4' }), { target: { value: '评价分偏低' } });
    const edited = onChange.mock.calls.at(-1)![0] as EarlyWarningDocument;
    expect(edited.content.rules[3]!.label.zh).toBe('评价分偏低');
    expect(edited.content.rules[3]!.when).toEqual({ measure: 'public-credit-score', op: '<=', value: 70 });
    fireEvent.click(screen.getByRole('button', { name: /添加预警规则/ }));
    const added = onChange.mock.calls.at(-1)![0] as EarlyWarningDocument;
    expect(added.content.rules).toHaveLength(6);
    expect(added.content.rules[5]).toEqual({ id: 'rule-1', label: { zh: '新预警规则' }, when: { measure: 'new-serious-records', op: '>=', value: 1 }, notify: ['market-regulation'] });
    fireEvent.click(screen.getByRole('button', { name: '删除 列入经营异常名录' }));
    const deleted = onChange.mock.calls.at(-1)![0] as EarlyWarningDocument;
    expect(deleted.content.rules.map((r) => r.id)).toEqual(['new-serious-record', 'serious-dishonesty-list', 'score-at-most-70', 'food-model-d']);
  });

  it('never asks for a rule id: none is shown, a new rule gets the next free one and a rule without one is given one', async () => {
    const onChange = vi.fn();
    const d = doc();
    d.content.rules[0]!.id = 'rule-4';
    d.content.rules[1]!.id = '预警一';
    render(
      <FakeApi handlers={{ 'documents.inForce': () => [foodModel] }} auth={sessionOf(makeUser('department-editor', 'market-regulation'))}>
        <DirectoryProvider content={directory}>
          <EarlyWarningForm doc={d} onChange={onChange} />
        </DirectoryProvider>
      </FakeApi>,
    );
    const rows = await screen.findAllByTestId('warning-rule-row');
    for (const row of rows) expect(within(row).queryByRole('textbox', { name: /标识/ })).toBeNull();
    expect(screen.queryByDisplayValue('new-serious-record')).toBeNull();
    fireEvent.change(within(rows[2]!).getByRole('textbox', { name: '预警名称 3' }), { target: { value: '列入异常名录' } });
    const edited = onChange.mock.calls.at(-1)![0] as EarlyWarningDocument;
    // the typed Chinese id is replaced by the next free number; valid ids stay
    expect(edited.content.rules.map((r) => r.id)).toEqual(['rule-4', 'rule-5', 'abnormal-operation', 'score-at-most-70', 'food-model-d']);
    fireEvent.click(screen.getByRole('button', { name: /添加预警规则/ }));
    const added = onChange.mock.calls.at(-1)![0] as EarlyWarningDocument;
    expect(added.content.rules.at(-1)!.id).toBe('rule-5');
  });

  it('picks the owning department by name (one picker shared with the supervision items)', async () => {
    const onChange = show();
    await screen.findAllByTestId('warning-rule-row');
    fireEvent.mouseDown(screen.getByRole('combobox', { name: '部门' }));
    fireEvent.click(await screen.findByText('交通运输局', { selector: '.ant-select-item-option-content' }));
    expect((onChange.mock.calls.at(-1)![0] as EarlyWarningDocument).content.department).toBe('transport');
  });

  it('read-only: nothing to add, edit or delete', async () => {
    show(vi.fn(), true);
    await screen.findAllByTestId('warning-rule-row');
    expect(screen.queryByRole('button', { name: /添加预警规则/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /编辑预警条件/ })).toBeNull();
    expect((screen.getByRole('textbox', { name: '预警名称 1' }) as HTMLInputElement).disabled).toBe(true);
  });
});
