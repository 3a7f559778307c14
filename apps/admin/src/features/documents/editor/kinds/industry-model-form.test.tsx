import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { IndustryModelDocument } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { seedDocument } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../../../test/fake-api.tsx';
import { IndustryModelForm } from './industry-model-form.tsx';

const doc = (id: string) => policyDocument.parse(seedDocument(id)) as IndustryModelDocument;

function show(id: string, onChange = vi.fn(), readOnly = false) {
  render(
    <FakeApi handlers={{}} auth={sessionOf(makeUser('department-editor', 'market-regulation'))}>
      <IndustryModelForm doc={doc(id)} onChange={onChange} readOnly={readOnly} />
    </FakeApi>,
  );
  return onChange;
}

describe('IndustryModelForm: the general risk classification (issue 13 finding 2)', () => {
  it('shows each criterion’s dimension by name and a dimension column beside the AHP weights', () => {
    show('general-risk-class', vi.fn(), true);
    for (const name of ['企业基础属性', '动态信息', '监管信息', '关联关系', '社会评价']) expect(screen.getAllByText(name).length).toBeGreaterThan(0);
    const header = screen.getByRole('columnheader', { name: '所属维度' });
    const table = header.closest('table')!;
    const row = within(table).getByText('1年内行政处罚记录数').closest('tr')!;
    // the criterion column and the dimension column (the seed's criteria are named after their dimensions)
    expect(within(row).getAllByText('监管信息')).toHaveLength(2);
  });

  it('changing a criterion’s dimension keeps the rest of the document', () => {
    const onChange = show('general-risk-class');
    const select = screen.getByRole('combobox', { name: '社会评价的所属维度' });
    fireEvent.mouseDown(select);
    fireEvent.click(screen.getAllByText('动态信息').at(-1)!);
    expect(onChange).toHaveBeenCalled();
    const next = onChange.mock.calls.at(-1)![0] as IndustryModelDocument;
    expect(next.content.criteria.map((c) => c.dimension)).toEqual(['basic-attributes', 'dynamic', 'supervision', 'relations', 'dynamic']);
    expect(next.content.classification).toBe('general');
    expect(next.content.criteriaMatrix).toEqual(doc('general-risk-class').content.criteriaMatrix);
  });

  it('a specialised model without dimensions shows no dimension choice', () => {
    show('industry-model-food-safety', vi.fn(), true);
    expect(screen.queryByRole('columnheader', { name: '所属维度' })).toBeNull();
    expect(screen.queryByText('所属维度')).toBeNull();
  });
});
