import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { validateDocument } from '@policy/schemas';
import { supervisionItemsFixture } from '@policy/schemas/fixtures';
import { renderIn } from '../../../../test/render.tsx';
import { ItemDetailsForm, withDetailIds } from './item-details-form.tsx';

function Harness({
  initial,
  onItem,
}: {
  initial: Record<string, unknown>;
  onItem: (item: Record<string, unknown>) => void;
}) {
  const [item, setItem] = useState(initial);
  return (
    <ItemDetailsForm
      item={item}
      pointer="/content/items/0"
      onChange={(d) => {
        const next = { ...item, ...d };
        setItem(next);
        onItem(next);
      }}
    />
  );
}

describe('ItemDetailsForm (issue 15, item 6: ids generated, not typed)', () => {
  it('adds a risk point named 风险点一 with a generated id, and the document validates', async () => {
    const doc = supervisionItemsFixture() as any;
    const item = {
      ...doc.content.items[0],
      riskPoints: [{ id: 'risk-1', description: '原料', level: 'high' }],
    };
    const onItem = vi.fn();
    const { container } = renderIn(<Harness initial={item} onItem={onItem} />);
    // no field asks for an id, and the table's own fields (domain id…) are not repeated here
    expect(screen.queryByLabelText(/^标识/)).toBeNull();
    expect(container.textContent).not.toContain(item.domain);
    const risk =
      container.querySelector('[id="pf:/content/items/0/riskPoints"]')?.closest('fieldset') ?? container;
    const add = [...risk.querySelectorAll('button')].find(
      (b) => /添加/.test(b.textContent ?? '') || /添加/.test(b.getAttribute('title') ?? ''),
    );
    expect(add).toBeTruthy();
    act(() => {
      fireEvent.mouseDown(add!);
    });
    act(() => {
      fireEvent.click(add!);
    });
    const latest = () =>
      onItem.mock.calls.at(-1)![0] as { riskPoints: { id: string; description?: string; level?: string }[] };
    expect(latest().riskPoints.map((r) => r.id)).toEqual(['risk-1', 'risk-2']);
    const text = container.querySelector<HTMLTextAreaElement | HTMLInputElement>(
      '[id="pf:/content/items/0/riskPoints/1/description"]',
    )!;
    act(() => {
      fireEvent.change(text, { target: { value: '风险点一' } });
    });
    expect(latest().riskPoints[1]).toMatchObject({ id: 'risk-2', description: '风险点一' });
    doc.content.items[0] = {
      ...latest(),
      riskPoints: latest().riskPoints.map((r) => ({ level: 'medium', ...r })),
    };
    expect(validateDocument(doc).issues).toEqual([]);
  });

  it('gives every entry of the lists without a valid id the next free one', () => {
    const out = withDetailIds({
      riskPoints: [
        { id: 'risk-2', description: 'a', level: 'low' as const },
        { description: '风险点一', level: 'high' as const },
      ],
      triggers: [{ id: '触发点一', description: 'b' }],
      measures: [],
    });
    expect(out.riskPoints!.map((r) => r.id)).toEqual(['risk-2', 'risk-3']);
    expect(out.triggers!.map((r) => r.id)).toEqual(['trigger-1']);
  });
});
