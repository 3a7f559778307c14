/**
 * Excel import of supervision items never replaces silently (issue 15): a good sheet opens a dialog
 * with append / update by code / replace and what each changes; replacing needs an explicit
 * confirmation; an applied import can be undone. 监管领域 is read by its Chinese name as the editor
 * shows it; an unknown value refuses the file, naming row and column.
 */
import { useState } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SupervisionItemsDocument } from '@policy/schemas';
import { renderIn } from '../../../../test/render.tsx';
import { DirectoryProvider } from '../../../../lib/department-directory.tsx';
import { SupervisionItemsForm } from '../kinds/supervision-items-form.tsx';
import { COLUMNS } from './items-excel.ts';
import type * as ItemsExcel from './items-excel.ts';

// the sheet a test "uploads": readSheet is the only part of the Excel module replaced
let sheet: string[][] = [];
vi.mock('./items-excel.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof ItemsExcel>()),
  readSheet: async () => sheet,
}));

const directory = {
  departments: [{ id: 'market-regulation', name: { zh: '市场监督管理局' }, shortName: '市场监管局' }],
  domains: [
    {
      id: 'food',
      name: { zh: '食品', en: 'Food' },
      departments: ['market-regulation'],
      match: { industryPrefixes: ['C14'], all: false },
    },
    {
      id: 'market-entities',
      name: { zh: '市场主体(一般行业)' },
      departments: ['market-regulation'],
      match: { industryPrefixes: [], all: true },
    },
    {
      id: 'road',
      name: { zh: '道路运输' },
      departments: ['transport'],
      match: { industryPrefixes: ['G54'], all: false },
    },
  ],
};

const item = (code: string, name: string, domain = 'food') => ({
  code,
  name,
  domain,
  legalBasis: '《中华人民共和国食品安全法》',
  method: 'double-random' as const,
  riskPoints: [{ id: 'risk-1', level: 'high' as const, description: '无证经营' }],
  triggers: [],
  measures: [],
  changes: [{ date: '2026-01-05', type: 'added' as const }],
});

const doc = {
  id: 'supervision-items-market-regulation',
  kind: 'supervision-items',
  owner: 'market-regulation',
  version: 2,
  title: '市场监管局信用监管事项清单',
  effectiveFrom: '2026-01-01',
  content: {
    department: 'market-regulation',
    items: [
      item('SCJG-001', '食品生产企业监督检查'),
      item('SCJG-002', '食品经营企业监督检查'),
      item('SCJG-003', '市场主体登记事项检查', 'market-entities'),
    ],
  },
} as SupervisionItemsDocument;

const row = (code: string, name: string, domain: string, method = '双随机抽查') => [
  code,
  name,
  domain,
  '《中华人民共和国食品安全法》',
  method,
  '',
  '[高] 无证经营',
  '',
  '',
];

let latest: SupervisionItemsDocument = doc;
const changes = vi.fn();
function Harness() {
  const [d, setD] = useState(doc);
  latest = d;
  return (
    <DirectoryProvider content={directory}>
      <SupervisionItemsForm
        doc={d}
        onChange={(next) => {
          changes(next);
          setD(next as SupervisionItemsDocument);
        }}
      />
    </DirectoryProvider>
  );
}

function upload(rows: string[][]) {
  sheet = [[...COLUMNS], ...rows];
  const input = screen.getByTestId('items-import-input');
  fireEvent.change(input, { target: { files: [new File(['x'], 'items.xlsx')] } });
}
const codes = () => latest.content.items.map((i) => i.code);

describe('importing supervision items from Excel', () => {
  it('shows what each mode changes, changes nothing before applying, asks before replacing, and undoes', async () => {
    changes.mockClear();
    renderIn(<Harness />);
    // a one-row sheet: SCJG-001 renamed, SCJG-009 new; the domain written as the editor shows it
    upload([
      row('SCJG-001', '食品生产企业监督检查（修订）', '食品'),
      row('SCJG-009', '新事项', '市场主体（一般行业）'),
    ]);
    const dialog = await screen.findByRole('dialog');
    expect(changes).not.toHaveBeenCalled();
    // default: update by item code
    const plan = within(dialog).getByTestId('import-plan');
    expect(plan.textContent).toContain('新增 1 个、更新 1 个、删除 0 个');
    expect(plan.textContent).toContain('SCJG-001 食品生产企业监督检查（修订）：事项名称');

    fireEvent.click(within(dialog).getByLabelText(/追加/));
    expect(plan.textContent).toContain('新增 1 个、更新 0 个、删除 0 个');
    expect(plan.textContent).toContain('跳过已有编码 1 个');

    fireEvent.click(within(dialog).getByLabelText(/替换全部/));
    expect(plan.textContent).toContain('新增 1 个、更新 1 个、删除 2 个');
    expect(plan.textContent).toContain('SCJG-002');
    const ok = within(dialog).getByRole('button', { name: /替换全部/ });
    expect(ok).toHaveProperty('disabled', true);
    fireEvent.click(within(dialog).getByLabelText(/我确认删除这 2 个事项/));
    expect(ok).toHaveProperty('disabled', false);
    fireEvent.click(ok);
    await waitFor(() => expect(codes()).toEqual(['SCJG-001', 'SCJG-009']));
    expect(latest.content.items[1]!.domain).toBe('market-entities');
    // the renamed item keeps its change history and its risk point ids
    expect(latest.content.items[0]!.changes).toEqual([{ date: '2026-01-05', type: 'added' }]);

    expect(await screen.findByText(/已导入：新增 1 个、更新 1 个、删除 2 个/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /撤销导入/ }));
    await waitFor(() => expect(codes()).toEqual(['SCJG-001', 'SCJG-002', 'SCJG-003']));
    expect(latest.content.items[0]!.name).toBe('食品生产企业监督检查');
  });

  it('updates by code and adds new codes, keeping the items the sheet lacks', async () => {
    renderIn(<Harness />);
    upload([
      row('SCJG-002', '食品经营企业监督检查', 'Food', '重点检查'),
      row('SCJG-010', '另一个新事项', 'food'),
    ]);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('import-plan').textContent).toContain(
      'SCJG-002 食品经营企业监督检查：监管方式',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: /应用导入/ }));
    await waitFor(() => expect(codes()).toEqual(['SCJG-001', 'SCJG-002', 'SCJG-003', 'SCJG-010']));
    expect(latest.content.items[1]!.method).toBe('key-inspection');
  });

  it('refuses the file when a domain is unknown or not the department’s, naming row and column, and changes nothing', async () => {
    changes.mockClear();
    renderIn(<Harness />);
    upload([
      row('SCJG-001', '名称', '食品'),
      row('SCJG-011', '名称', '市场主体(一般行业)x'),
      row('SCJG-012', '名称', '道路运输'),
    ]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      '第 3 行「监管领域」：未知的监管领域“市场主体(一般行业)x”，可填写：食品、市场主体(一般行业)',
    );
    expect(alert.textContent).toContain('第 4 行「监管领域」：未知的监管领域“道路运输”');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(changes).not.toHaveBeenCalled();
    expect(screen.queryByText(/已导入/)).toBeNull();
  });
});
