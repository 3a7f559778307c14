import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { policyDocument } from '@policy/schemas';
import type { GradingDocument, PolicyDocumentInput, PublicationPeriod } from '@policy/schemas';
import { seedDocument } from '@policy/schemas/fixtures';
import { renderIn } from '../../../../test/render.tsx';
import { DirectoryProvider } from '../../../../lib/department-directory.tsx';
import { DocumentEditor } from '../document-editor.tsx';

// Monaco cannot run in the test DOM: the JSON view gets a plain textarea with the same props.
vi.mock('../../../../components/lazy.tsx', () => ({
  LazyJsonCodeEditor: (props: { value: string; onChange?: (t: string) => void }) => (
    <textarea data-testid="code" value={props.value} onChange={(e) => props.onChange?.(e.target.value)} />
  ),
  LazyDiffView: () => null,
}));

const directory = {
  departments: [{ id: 'market-regulation', name: { zh: '市场监督管理局' }, shortName: '市场监管局' }],
  domains: [
    { id: 'food', name: { zh: '食品' }, departments: ['market-regulation'] },
    { id: 'special-equipment', name: { zh: '特种设备' }, departments: ['market-regulation'] },
    { id: 'emergency-management', name: { zh: '应急管理(安全生产)' }, departments: ['market-regulation'] },
  ],
};

// the class policy with two periods of its own (the seed's newest version may carry others)
const seed = () => {
  const d = policyDocument.parse(seedDocument('public-credit-class')) as GradingDocument;
  d.content.publicationPeriods = [
    { id: 'serious', severity: 'serious', minimum: { years: 1, months: 0 }, maximum: { years: 3, months: 0 }, note: '严重失信行为的行政处罚信息：最短公示期1年，最长3年' },
    { id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 3, months: 0 } },
  ];
  delete d.content.repairBeforeMinimum;
  return d;
};

let latest: PolicyDocumentInput;
function Harness({ initial }: { initial: GradingDocument }) {
  const [doc, setDoc] = useState<PolicyDocumentInput>(initial);
  latest = doc;
  return (
    <DirectoryProvider content={directory}>
      <DocumentEditor value={doc} onChange={setDoc} />
    </DirectoryProvider>
  );
}

function show(patch: (d: GradingDocument) => void = () => {}) {
  const d = seed();
  patch(d);
  renderIn(<Harness initial={d} />);
}
const periods = (): PublicationPeriod[] => (latest as GradingDocument).content.publicationPeriods ?? [];
const rows = () => screen.getAllByTestId('period-row');

/** Opens an antd select (by its aria-label) and clicks the option with that text in its list. */
async function pick(label: string, option: string) {
  fireEvent.mouseDown(screen.getByRole('combobox', { name: label }));
  const found = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' });
  fireEvent.click(found[found.length - 1]!);
}

describe('PublicationPeriodsEditor in the grading editor', () => {
  it('shows one row per period with its severity, periods and basis, the first-match rule and the repair choice', () => {
    show();
    expect(screen.getByTestId('periods-first-match').textContent).toContain('适用第一条符合的行');
    expect(rows()).toHaveLength(2);
    const [serious, general] = rows();
    expect((within(serious!).getByRole('textbox', { name: '编号 第 1 行' }) as HTMLInputElement).value).toBe('serious');
    expect(within(serious!).getByTitle('严重')).toBeTruthy();
    expect(within(general!).getByTitle('一般')).toBeTruthy();
    // the seed's kinds and domains are empty: they read 所有类型 / 所有领域
    expect(within(serious!).getByText('所有类型')).toBeTruthy();
    expect(within(serious!).getByText('所有领域')).toBeTruthy();
    expect((within(general!).getByRole('spinbutton', { name: '最短公示期（月） 第 2 行' }) as HTMLInputElement).value).toBe('3');
    expect((within(serious!).getByRole('spinbutton', { name: '最长公示期（年） 第 1 行' }) as HTMLInputElement).value).toBe('3');
    expect((screen.getByRole('textbox', { name: '依据 serious' }) as HTMLTextAreaElement).value).toContain('严重失信行为');
    expect(serious!.getAttribute('data-pointer')).toBe('/content/publicationPeriods/0');
    expect((screen.getByRole('radio', { name: /立即生效（默认）/ }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/仍计入到最短公示期届满为止/)).toBeTruthy();
  });

  it('edits an id in a box that wraps a long id; a line break (Enter, or pasted) never enters the id', () => {
    show();
    const box = screen.getByRole('textbox', { name: '编号 第 1 行' });
    expect(box.tagName).toBe('TEXTAREA');
    fireEvent.change(box, { target: { value: 'market-regulation-\nserious' } });
    expect(periods()[0]!.id).toBe('market-regulation-serious');
    expect(fireEvent.keyDown(box, { key: 'Enter', code: 'Enter', keyCode: 13 })).toBe(false);
  });

  it('adds a row with a fresh id and the usual 3 months … 3 years', () => {
    show();
    fireEvent.click(screen.getByRole('button', { name: /添加公示期/ }));
    expect(rows()).toHaveLength(3);
    expect(periods()[2]).toEqual({ id: 'period-3', minimum: { years: 0, months: 3 }, maximum: { years: 3, months: 0 } });
  });

  it('picks a domain by its Chinese name and takes another domain typed as its code', async () => {
    show();
    await pick('适用领域 serious', '特种设备');
    expect(periods()[0]!.domains).toEqual(['special-equipment']);
    const input = screen.getByRole('combobox', { name: '适用领域 serious' });
    fireEvent.change(input, { target: { value: 'fire-safety' } });
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(periods()[0]!.domains).toEqual(['special-equipment', 'fire-safety']));
    // the code outside the domain assignment is shown as such
    expect(within(rows()[0]!).getByText('fire-safety（领域划分中没有）')).toBeTruthy();
    expect(within(rows()[0]!).getByText('特种设备')).toBeTruthy();
    // the other row still applies to every domain
    expect(periods()[1]!.domains).toBeUndefined();
  });

  it('picks record kinds by name and sets the severity back to 所有', async () => {
    show();
    await pick('记录类型 general', '警告、通报批评');
    expect(periods()[1]!.kinds).toEqual(['penalty.warning']);
    await pick('严重程度 general', '所有');
    expect(periods()[1]).not.toHaveProperty('severity');
  });

  it('moves a row down and up; deletes one only after the confirmation', async () => {
    show();
    fireEvent.click(screen.getByRole('button', { name: '下移 serious' }));
    expect(periods().map((p) => p.id)).toEqual(['general', 'serious']);
    fireEvent.click(screen.getByRole('button', { name: '上移 serious' }));
    expect(periods().map((p) => p.id)).toEqual(['serious', 'general']);
    fireEvent.click(screen.getByRole('button', { name: '删除 general' }));
    const confirm = await screen.findByText('删除公示期“general”（第 2 行）？');
    expect(periods()).toHaveLength(2);
    const pop = confirm.closest('.ant-popover')! as HTMLElement;
    fireEvent.click(within(pop).getByRole('button', { name: /删\s*除/ }));
    await waitFor(() => expect(periods().map((p) => p.id)).toEqual(['serious']));
  });

  it('shows a check problem on the row and field it is about', async () => {
    show();
    const years = within(rows()[1]!).getByRole('spinbutton', { name: '最短公示期（年） 第 2 行' });
    fireEvent.change(years, { target: { value: '5' } });
    fireEvent.blur(years);
    await waitFor(() => expect(periods()[1]!.minimum).toEqual({ years: 5, months: 3 }));
    // the message under the row, the boxes of the field marked; the other row untouched
    const details = screen.getAllByTestId('period-row-detail');
    const note = await within(details[1]!).findByTestId('period-issue');
    expect(note.textContent).toMatch(/general/);
    expect(note.textContent).toMatch(/最短公示期/);
    expect(years.closest('.ant-input-number')!.className).toContain('ant-input-number-status-error');
    const other = within(rows()[0]!).getByRole('spinbutton', { name: '最短公示期（年） 第 1 行' });
    expect(other.closest('.ant-input-number')!.className).not.toContain('status-error');
    expect(within(details[0]!).queryByTestId('period-issue')).toBeNull();
    // the same problem is in the issue list above the form
    expect(screen.getAllByTestId('issue-item').some((i) => i.textContent?.includes('/content/publicationPeriods/1/minimum'))).toBe(true);
  });

  it('shows a row-level problem (a row hidden by an earlier catch-all) under that row', () => {
    show((d) => {
      d.content.publicationPeriods = [
        { id: 'all', minimum: { years: 0, months: 3 }, maximum: { years: 3, months: 0 } },
        { id: 'fire', domains: ['fire-safety'], minimum: { years: 1, months: 0 }, maximum: { years: 3, months: 0 } },
      ];
    });
    const details = screen.getAllByTestId('period-row-detail');
    expect(within(details[1]!).getByTestId('period-issue').textContent).toMatch(/all/);
    expect(within(details[0]!).queryByTestId('period-issue')).toBeNull();
  });

  it('keeps what was typed when switching to the JSON view and back', async () => {
    show();
    fireEvent.change(screen.getByRole('textbox', { name: '依据 general' }), { target: { value: '消防法第七十条' } });
    fireEvent.click(screen.getByRole('radio', { name: /最短公示期满后生效/ }));
    fireEvent.click(screen.getByText('JSON'));
    const code = (await screen.findByTestId('code')) as HTMLTextAreaElement;
    expect(code.value).toContain('消防法第七十条');
    expect(code.value).toContain('"repairBeforeMinimum": "deferred"');
    act(() => {
      fireEvent.click(screen.getByText('表单'));
    });
    expect((screen.getByRole('textbox', { name: '依据 general' }) as HTMLTextAreaElement).value).toBe('消防法第七十条');
    expect((screen.getByRole('radio', { name: /最短公示期满后生效/ }) as HTMLInputElement).checked).toBe(true);
  });
});
