import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { SupervisionItemsDocument } from '@policy/schemas';
import { renderIn } from '../../../../test/render.tsx';
import { DirectoryProvider } from '../../../../lib/department-directory.tsx';
import { SupervisionItemsForm } from './supervision-items-form.tsx';

const directory = {
  departments: [
    { id: 'market-regulation', name: { zh: '市场监督管理局' }, shortName: '市场监管局' },
    { id: 'transport', name: { zh: '交通运输局' }, shortName: '交通运输局' },
  ],
  domains: [
    {
      id: 'food',
      name: { zh: '食品' },
      departments: ['market-regulation'],
      match: { industryPrefixes: ['C14'], all: false },
    },
    {
      id: 'drugs',
      name: { zh: '药品' },
      departments: ['market-regulation'],
      match: { industryPrefixes: ['C27'], all: false },
    },
    {
      id: 'road',
      name: { zh: '道路运输' },
      departments: ['transport'],
      match: { industryPrefixes: ['G54'], all: false },
    },
  ],
};

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
      {
        code: 'SCJG-001',
        name: '食品生产企业监督检查',
        domain: 'food',
        legalBasis: '《中华人民共和国食品安全法》',
        method: 'double-random',
        riskPoints: [],
        triggers: [],
        measures: [],
        changes: [],
      },
    ],
  },
} as SupervisionItemsDocument;

describe('SupervisionItemsForm with the department directory', () => {
  it('names the department and the item’s domain in Chinese and offers only the department’s own domains', () => {
    const onChange = vi.fn();
    renderIn(
      <DirectoryProvider content={directory}>
        <SupervisionItemsForm doc={doc} onChange={onChange} />
      </DirectoryProvider>,
    );
    expect(screen.getAllByText('市场监管局').length).toBeGreaterThan(0);
    const domainSelect = screen.getAllByRole('combobox', { name: '监管领域 1' })[0]!;
    const cell = domainSelect.closest('.ant-select')!;
    expect(within(cell as HTMLElement).getByText('食品')).toBeTruthy();
    fireEvent.mouseDown(domainSelect);
    const options = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent);
    expect(options).toEqual(['食品', '药品']);
  });

  it('falls back to the ids when no domain assignment is known', () => {
    renderIn(<SupervisionItemsForm doc={doc} onChange={() => {}} />);
    const cell = screen
      .getAllByRole('combobox', { name: '监管领域 1' })[0]!
      .closest('.ant-select') as HTMLElement;
    expect(within(cell).getByText('food')).toBeTruthy();
  });
});
