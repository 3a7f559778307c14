import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { DomainAssignmentDocument } from '@policy/schemas';
import { domainAssignmentFixture } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../../../test/fake-api.tsx';
import { DomainAssignmentForm } from './domain-assignment-form.tsx';

type Calls = { path: string; input: unknown }[];
const dept = (id: string, zh: string, e: [number, number], i: [number, number]) => ({
  department: id,
  label: { zh },
  enterprises: { before: e[0], after: e[1] },
  inspectionsPerYear: { before: i[0], after: i[1] },
  changed: e[0] !== e[1] || i[0] !== i[1],
});

/** What the server answers: food moved from the market regulator to housing (changed rows first). */
function impact(input: unknown) {
  const doc = (input as { candidate: { documents: DomainAssignmentDocument[] } }).candidate.documents[0]!;
  const food = doc.content.domains.find((d) => d.id === 'food')!;
  const moved = food.departments.includes('housing-construction');
  return {
    datasetId: 1,
    at: '2026-11-26',
    n: 50_000,
    rows: moved
      ? [
          dept('market-regulation', '市场监督管理局', [1200, 1000], [300.4, 250.2]),
          dept('housing-construction', '住房和城乡建设局', [400, 600], [100.4, 150.4]),
          dept('public-security', '公安局', [50_000, 50_000], [8556.5, 8556.5]),
        ]
      : [
          dept('public-security', '公安局', [50_000, 50_000], [8556.5, 8556.5]),
          dept('market-regulation', '市场监督管理局', [1200, 1200], [300.4, 300.4]),
          dept('housing-construction', '住房和城乡建设局', [400, 400], [100.4, 100.4]),
        ],
  };
}

function Harness() {
  const [doc, setDoc] = useState(domainAssignmentFixture() as unknown as DomainAssignmentDocument);
  return <DomainAssignmentForm doc={doc} onChange={(d) => setDoc(d as DomainAssignmentDocument)} />;
}

function show(calls: Calls) {
  return render(
    <FakeApi
      handlers={{
        'adminSupport.defaultDataset': () => ({ id: 1, name: '舞钢市样本', rowCount: 50_000 }),
        'departmentImpact.get': impact,
      }}
      auth={sessionOf(makeUser('credit-office', null))}
      calls={calls}
    >
      <Harness />
    </FakeApi>,
  );
}

describe('DomainAssignmentForm: the effect of an edit on each department (issue 15, item 8)', () => {
  it('shows, per department, enterprises and inspections before → after, changed rows first, with a sum named as such', async () => {
    const calls: Calls = [];
    show(calls);
    const panel = await screen.findByTestId('department-impact');
    await within(panel).findByText('草稿与现行策略相比，各部门的监管户数和抽查户次均无变化', undefined, { timeout: 3000 });
    expect(panel.textContent).toContain('舞钢市样本');
    // 食品 is now also the housing bureau's and no longer the market regulator's
    fireEvent.click(screen.getByRole('checkbox', { name: '切换“住建局”是否负责“食品”' }));
    fireEvent.click(screen.getByRole('checkbox', { name: '切换“市场监管局”是否负责“食品”' }));
    await within(panel).findByText('2 个部门有变化', undefined, { timeout: 3000 });
    const rows = within(panel).getAllByRole('row').filter((r) => r.closest('tbody'));
    const texts = rows.map((r) => r.textContent ?? '');
    expect(texts[0]).toMatch(/^市场监督管理局1,200 → 1,000-200300 → 250-50$/);
    expect(texts[1]).toMatch(/^住房和城乡建设局400 → 600\+200100 → 150\+50$/);
    expect(texts[2]).toMatch(/^公安局50,000 → 50,000/);
    // whole 户次 (8,556.5 rounds to 8,557) and the sum of the shown figures, named a sum over departments
    expect(texts[2]).toContain('8,557 → 8,557');
    expect(panel.textContent).not.toContain('8,556.5');
    const total = panel.querySelector('.impact-total')!.textContent ?? '';
    expect(total).toContain('各部门合计');
    expect(total).toContain('51,600 → 51,600');
    expect(total).toContain('8,957 → 8,957');
    // the server was asked with the edited document, over the default dataset
    const last = calls.filter((c) => c.path === 'departmentImpact.get').at(-1)!.input as {
      datasetId: number;
      candidate: { documents: DomainAssignmentDocument[] };
    };
    expect(last.datasetId).toBe(1);
    expect(last.candidate.documents[0]!.content.domains[0]!.departments).toEqual(['housing-construction']);
    // where the boxes are ticked, one line names the changed departments and their change
    const summary = document.querySelector('.department-impact-summary')!.textContent ?? '';
    expect(summary).toContain('2 个部门有变化：市场监督管理局 监管户数 -200，每年抽查户次 -50；住房和城乡建设局 监管户数 +200，每年抽查户次 +50');
    // only the changed departments, on request
    fireEvent.click(within(panel).getByRole('checkbox', { name: '只看有变化的部门' }));
    await waitFor(() => expect(within(panel).queryByText('公安局')).toBeNull());
  });

  it('an invalid draft is not sent; the editor is told why the figures wait', async () => {
    const calls: Calls = [];
    show(calls);
    const panel = await screen.findByTestId('department-impact');
    await within(panel).findByText(/均无变化/, undefined, { timeout: 3000 });
    const before = calls.filter((c) => c.path === 'departmentImpact.get').length;
    // the last responsible department of 食品 removed: a domain without a department is an error
    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox', { name: '切换“市场监管局”是否负责“食品”' }));
    });
    await within(panel).findByText('草稿有错误，修正后显示对各部门的影响', undefined, { timeout: 3000 });
    expect(calls.filter((c) => c.path === 'departmentImpact.get').length).toBe(before);
  });
});
