/**
 * The supervision-items editor sets a trigger point's condition (issue 13 finding 6): the item details
 * show each trigger point with a switch; on, the gradings' condition editor offers 「等级」 under the
 * documents in force; the condition reads as a sentence and the document validates; the generated
 * form never shows the condition's raw fields, and an existing condition survives editing the form.
 */
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { validateDocument } from '@policy/schemas';
import type { TriggerCondition } from '@policy/schemas';
import { supervisionItemsFixture } from '@policy/schemas/fixtures';
import { renderIn } from '../../../../test/render.tsx';
import type { GradeSource } from './condition-editor.tsx';
import { ItemDetailsForm } from './item-details-form.tsx';
import { triggerConditionText } from './trigger-conditions-panel.tsx';

const SOURCES: GradeSource[] = [
  {
    id: 'industry-model-food-safety',
    title: '食品生产经营企业行业信用评价模型',
    grades: ['A', 'B', 'C', 'D'].map((code) => ({ code, label: { zh: `${code}类` } })),
  },
];
const MEASURES = [
  { id: 'complaints', type: 'indicator' as const, key: 'food.complaints', label: { zh: '投诉举报数' } },
];

type Item = { triggers: { id: string; description: string; condition?: TriggerCondition }[] } & Record<
  string,
  unknown
>;

function Harness({ initial, onItem }: { initial: Item; onItem: (item: Item) => void }) {
  const [item, setItem] = useState(initial);
  return (
    <ItemDetailsForm
      item={item}
      pointer="/content/items/0"
      triggerContext={{ measures: MEASURES, gradeSources: SOURCES }}
      onChange={(d) => {
        const next = { ...item, ...d } as Item;
        setItem(next);
        onItem(next);
      }}
    />
  );
}

const base = (): Item => {
  const doc = supervisionItemsFixture() as any;
  return { ...doc.content.items[0], triggers: [{ id: 'trigger-1', description: '信用风险分类为C、D类' }] };
};

describe('trigger conditions in the supervision-items editor (issue 13 finding 6)', () => {
  it('switches a trigger point to a grade condition under the first document in force; the document validates', () => {
    const onItem = vi.fn();
    renderIn(<Harness initial={base()} onItem={onItem} />);
    expect(screen.getByText(/为能用企业数据判断的触发点设置条件/)).toBeTruthy();
    const sw = screen.getByRole('switch', { name: '按数据判断：信用风险分类为C、D类' });
    act(() => {
      fireEvent.click(sw);
    });
    const item = onItem.mock.calls.at(-1)![0] as Item;
    expect(item.triggers[0]!.condition).toEqual({
      document: 'industry-model-food-safety',
      grades: ['C', 'D'],
    });
    expect(screen.getByText('食品生产经营企业行业信用评价模型 等级为 C、D 之一')).toBeTruthy();
    const doc = supervisionItemsFixture() as any;
    doc.content.items[0] = item;
    expect(validateDocument(doc).success).toBe(true);
    // switched off: the trigger point is text only again, without a condition key
    act(() => {
      fireEvent.click(screen.getByRole('switch', { name: '按数据判断：信用风险分类为C、D类' }));
    });
    expect(onItem.mock.calls.at(-1)![0].triggers[0]).toEqual({
      id: 'trigger-1',
      description: '信用风险分类为C、D类',
    });
  });

  it('an existing condition shows as a sentence, the form shows no raw condition fields, and editing the text keeps it', () => {
    const item = base();
    item.triggers[0]!.condition = {
      any: [
        { document: 'industry-model-food-safety', grades: ['D'] },
        { measure: 'complaints', op: '>=', value: 3 },
      ],
    };
    const onItem = vi.fn();
    const { container } = renderIn(<Harness initial={item} onItem={onItem} />);
    expect(container.textContent).toContain('食品生产经营企业行业信用评价模型 等级为 D 或 投诉举报数 ≥ 3');
    expect(container.querySelector('[id^="pf:/content/items/0/triggers/0/condition"]')).toBeNull();
    const text = container.querySelector<HTMLTextAreaElement | HTMLInputElement>(
      '[id="pf:/content/items/0/triggers/0/description"]',
    )!;
    act(() => {
      fireEvent.keyDown(text, { key: 'a' });
      fireEvent.change(text, { target: { value: '信用风险分类为D类或多次投诉' } });
    });
    const last = onItem.mock.calls.at(-1)![0] as Item;
    expect(last.triggers[0]!.description).toBe('信用风险分类为D类或多次投诉');
    expect(last.triggers[0]!.condition).toEqual(item.triggers[0]!.condition);
  });

  it("the grade select offers the document's grades by label", () => {
    const item = base();
    item.triggers[0]!.condition = { document: 'industry-model-food-safety', grades: ['C'] };
    renderIn(<Harness initial={item} onItem={() => {}} />);
    const grades = screen.getAllByLabelText('等级（任一）')[0]!;
    expect(within(grades.closest('.ant-select') as HTMLElement).getByText('C C类')).toBeTruthy();
    expect(triggerConditionText('en', { not: { document: 'x', grades: ['A'] } }, MEASURES, SOURCES)).toBe(
      'not (x grade is A)',
    );
  });
});
