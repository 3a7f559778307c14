import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import type { PolicyDocumentInput } from '@policy/schemas';
import { renderIn } from '../../../test/render.tsx';
import { DocumentEditor } from './document-editor.tsx';

// Monaco cannot run in happy-dom: the JSON view gets a plain textarea with the same props.
vi.mock('../../../components/lazy.tsx', () => ({
  LazyJsonCodeEditor: (props: { value: string; onChange?: (t: string) => void }) => (
    <textarea data-testid="code" value={props.value} onChange={(e) => props.onChange?.(e.target.value)} />
  ),
  LazyDiffView: () => null,
}));

const sampling: PolicyDocumentInput = {
  id: 'sampling',
  kind: 'sampling',
  owner: 'credit-office',
  version: 1,
  title: '抽查比例',
  effectiveFrom: '2026-01-01',
  content: {
    grading: 'public-credit-class',
    rows: [
      { grade: 'A', ratioPercent: 3, frequencyPerYear: 1, onSite: 'on-trigger' },
      { grade: 'B', ratioPercent: 10, frequencyPerYear: 1, onSite: 'normal' },
      { grade: 'C', ratioPercent: 30, frequencyPerYear: 2, onSite: 'focused' },
      { grade: 'D', ratioPercent: 80, frequencyPerYear: 4, onSite: 'always' },
    ],
    exceptions: [],
    differentiatedShareMinPercent: 70,
    sources: [],
  },
};

let latest: PolicyDocumentInput = sampling;
function Harness() {
  const [doc, setDoc] = useState<PolicyDocumentInput>(sampling);
  latest = doc;
  return <DocumentEditor value={doc} onChange={setDoc} />;
}

const ratioOf = (doc: PolicyDocumentInput, i: number) =>
  doc.kind === 'sampling' ? doc.content.rows[i]!.ratioPercent : NaN;
const switchTo = (label: '表单' | 'JSON') => fireEvent.click(screen.getByText(label));

describe('DocumentEditor', () => {
  it('keeps a form edit in the JSON view and a JSON edit in the form view', async () => {
    renderIn(<Harness />);
    fireEvent.change(screen.getByLabelText('抽查比例(%) C'), { target: { value: '35' } });
    await waitFor(() => expect(ratioOf(latest, 2)).toBe(35));

    switchTo('JSON');
    const code = (await screen.findByTestId('code')) as HTMLTextAreaElement;
    const fromForm = JSON.parse(code.value) as PolicyDocumentInput;
    expect(ratioOf(fromForm, 2)).toBe(35);

    const edited = code.value.replace('"ratioPercent": 80', '"ratioPercent": 90');
    act(() => {
      fireEvent.change(code, { target: { value: edited } });
    });
    expect(ratioOf(latest, 3)).toBe(90);

    switchTo('表单');
    await waitFor(() =>
      expect((screen.getByLabelText('抽查比例(%) D') as HTMLInputElement).value).toBe('90'),
    );
    expect((screen.getByLabelText('抽查比例(%) C') as HTMLInputElement).value).toBe('35');
  });

  it('keeps unparseable JSON text with its error and locks the form instead of discarding it', async () => {
    renderIn(<Harness />);
    switchTo('JSON');
    const code = (await screen.findByTestId('code')) as HTMLTextAreaElement;
    const broken = code.value.replace('"ratioPercent": 3,', '"ratioPercent": 4,,');
    act(() => {
      fireEvent.change(code, { target: { value: broken } });
    });
    expect(ratioOf(latest, 0)).toBe(3); // not applied
    expect(screen.getByText(/JSON 语法错误：第 \d+ 行第 \d+ 列/)).toBeTruthy();

    switchTo('表单');
    expect(screen.getByText('JSON 文本有语法错误，尚未应用到文档')).toBeTruthy();
    expect((screen.getByLabelText('抽查比例(%) A') as HTMLInputElement).disabled).toBe(true);

    switchTo('JSON');
    expect(((await screen.findByTestId('code')) as HTMLTextAreaElement).value).toBe(broken);
  });

  it('shows live validation issues and clicking one focuses the field in the form', async () => {
    renderIn(<Harness />);
    fireEvent.change(screen.getByLabelText('抽查比例(%) C'), { target: { value: '5' } });
    const issue = await screen.findByText(
      (_, el) =>
        el?.getAttribute('data-testid') === 'issue-item' &&
        /C/.test(el.textContent ?? '') &&
        /比例/.test(el.textContent ?? ''),
    );
    fireEvent.click(issue);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('抽查比例(%) C')));
  });
});
