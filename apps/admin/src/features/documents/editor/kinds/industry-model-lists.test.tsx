/**
 * Issue 13 finding 2: in the industry-model editor an indicator's data source can be a list
 * membership (名单状态) and the list is picked by its Chinese name (经营异常名录), never typed as a code;
 * the general classification's listing indicators show their list by name.
 */
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, within } from '@testing-library/react';
import type { IndustryModelDocument } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { seedDocument } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../../../test/fake-api.tsx';
import { IndustryModelForm } from './industry-model-form.tsx';

const doc = (id: string) => policyDocument.parse(seedDocument(id)) as IndustryModelDocument;

/** The form as the editor holds it: each change becomes the shown document. */
type FormDoc = Parameters<typeof IndustryModelForm>[0]['doc'];

function Held({ onChange }: { onChange: (d: FormDoc) => void }) {
  const [d, setD] = useState<FormDoc>(() => doc('general-risk-class') as FormDoc);
  return (
    <IndustryModelForm
      doc={d}
      readOnly={false}
      onChange={(next) => {
        onChange(next);
        setD(next);
      }}
    />
  );
}

function show(onChange = vi.fn()) {
  render(
    <FakeApi handlers={{}} auth={sessionOf(makeUser('department-editor', 'market-regulation'))}>
      <Held onChange={onChange} />
    </FakeApi>,
  );
  return onChange;
}
const field = (id: string) => document.getElementById(`pf:${id}`)!.closest('.ant-select') as HTMLElement;

describe('IndustryModelForm: an indicator reading a list membership (issue 13 finding 2)', () => {
  it('shows the seed listing indicators as 名单状态 with the list by name, and offers 名单状态 as a data source', () => {
    const onChange = show();
    const k = doc('general-risk-class').content.indicators.findIndex((x) => x.id === 'abnormal-operation-listed');
    expect(within(field(`/content/indicators/${k}/source__oneof_select`)).getByText('名单状态')).toBeTruthy();
    expect(within(field(`/content/indicators/${k}/source/list`)).getByText('经营异常名录')).toBeTruthy();

    // indicator 0 (成立年限) switched to a listing
    fireEvent.mouseDown(document.getElementById('pf:/content/indicators/0/source__oneof_select')!);
    const option = [...document.querySelectorAll('.ant-select-item-option')].find((o) => o.getAttribute('title') === '名单状态')!;
    expect(option).toBeTruthy();
    fireEvent.click(option);
    const next = onChange.mock.calls.at(-1)![0] as IndustryModelDocument;
    expect(next.content.indicators[0]!.source.from).toBe('listMember');
    expect(next.content.indicators.slice(1)).toEqual(doc('general-risk-class').content.indicators.slice(1));
  });
});
