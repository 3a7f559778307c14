/**
 * Excel import of the sampling table and of the department × domain matrix never replaces silently
 * (issue 15): a good sheet opens a dialog with append / update / replace and what each changes;
 * replacing needs an explicit confirmation; an applied import can be undone; a bad sheet is refused
 * with row and column in Chinese and changes nothing.
 */
import { useState } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DepartmentDef, SamplingRow } from '@policy/schemas';
import { domainAssignmentFixture, samplingFixture } from '@policy/schemas/fixtures';
import { renderIn } from '../../../../test/render.tsx';
import type * as ItemsExcel from './items-excel.ts';
import { SamplingGrid } from './sampling-grid.tsx';
import { DomainAssignmentTable } from './domain-assignment-table.tsx';
import type { DomainInput } from './assignment-excel.ts';

// the sheet a test "uploads": readSheet is the only part of the Excel module replaced
let sheet: unknown[][] = [];
vi.mock('./items-excel.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof ItemsExcel>()),
  readSheet: async () => sheet,
}));

let latestRows: SamplingRow[] = [];
function Sampling() {
  const [rows, setRows] = useState(samplingFixture().content.rows as SamplingRow[]);
  latestRows = rows;
  return <SamplingGrid rows={rows} onChange={setRows} pointer="/content/rows" />;
}
let latestDomains: DomainInput[] = [];
const departments = domainAssignmentFixture().content.departments as DepartmentDef[];
function Assignment() {
  const [domains, setDomains] = useState(domainAssignmentFixture().content.domains as DomainInput[]);
  latestDomains = domains;
  return <DomainAssignmentTable departments={departments} domains={domains} onChange={setDomains} pointer="/content/domains" />;
}

const upload = (testId: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { files: [new File(['x'], 't.xlsx')] } });

describe('sampling table: Excel import', () => {
  it('offers update / append / replace with what changes; replacing asks for confirmation; undo restores', async () => {
    renderIn(<Sampling />);
    sheet = [
      ['等级', '抽查比例(%)', '比例区间(%)', '每年次数', '现场检查', '说明'],
      ['A', 3, '1–5', 1, '无事不扰', ''],
      ['C', 40, '', 2, '重点关注', '提高'],
    ];
    upload('sampling-xlsx-input');
    const dialog = await screen.findByRole('dialog');
    const plan = within(dialog).getByTestId('xlsx-plan');
    // default: update by grade — C changes, nothing removed
    expect(plan.textContent).toContain('新增 0 行、更新 1 行、删除 0 行、3 行不变');
    expect(plan.textContent).toContain('C：抽查比例(%)、说明');
    expect(latestRows).toHaveLength(4);
    fireEvent.click(within(dialog).getByLabelText(/替换全部/));
    expect(plan.textContent).toContain('删除 2 行');
    expect(plan.textContent).toMatch(/B.*D/);
    const ok = within(dialog).getByRole('button', { name: '替换全部' });
    expect(ok.hasAttribute('disabled')).toBe(true);
    fireEvent.click(within(dialog).getByRole('checkbox', { name: '我确认删除表格中没有的 2 行' }));
    expect(ok.hasAttribute('disabled')).toBe(false);
    fireEvent.click(ok);
    await waitFor(() => expect(latestRows.map((r) => r.grade)).toEqual(['A', 'C']));
    expect(latestRows[1]).toMatchObject({ ratioPercent: 40, note: '提高' });
    fireEvent.click(await screen.findByRole('button', { name: /撤销导入/ }));
    await waitFor(() => expect(latestRows.map((r) => r.grade)).toEqual(['A', 'B', 'C', 'D']));
    expect(latestRows[2]!.ratioPercent).toBe(30);
  });

  it('refuses a bad sheet naming row and column, and changes nothing', async () => {
    renderIn(<Sampling />);
    sheet = [
      ['等级', '抽查比例(%)', '比例区间(%)', '每年次数', '现场检查'],
      ['A', '三', '', 1, '无事不扰'],
    ];
    upload('sampling-xlsx-input');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('文件有错误，未作任何修改');
    expect(alert.textContent).toContain('第 2 行“抽查比例(%)”列：“三”不是数字');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(latestRows).toHaveLength(4);
  });
});

describe('department × domain: Excel import', () => {
  it('reads departments by the names the matrix shows, shows the changed departments, keeps the rest on update', async () => {
    renderIn(<Assignment />);
    sheet = [
      ['监管领域', '行业代码前缀', '市场监管局', '住建局', '公安局'],
      ['食品', 'C13、C14、H62', '√', '√', ''],
      ['网络交易', 'I64', '√', '', ''],
    ];
    upload('assignment-xlsx-input');
    const dialog = await screen.findByRole('dialog');
    const plan = within(dialog).getByTestId('xlsx-plan');
    expect(plan.textContent).toContain('新增 1 行、更新 1 行、删除 0 行');
    expect(plan.textContent).toContain('食品：责任部门');
    expect(plan.textContent).toContain('网络交易');
    fireEvent.click(within(dialog).getByRole('button', { name: /^导\s*入$/ }));
    await waitFor(() => expect(latestDomains).toHaveLength(4));
    expect(latestDomains[0]).toMatchObject({ id: 'food', departments: ['market-regulation', 'housing-construction'] });
    expect(latestDomains.map((d) => d.name.zh)).toEqual(['食品', '房屋建筑', '执法对象', '网络交易']);
  });

  it('refuses a column that is no department of the directory', async () => {
    renderIn(<Assignment />);
    sheet = [['监管领域', '行业代码前缀', '教育局'], ['食品', 'C14', '√']];
    upload('assignment-xlsx-input');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('第 1 行“教育局”列：“教育局”不是部门目录中的部门');
    expect(latestDomains).toHaveLength(3);
  });
});
