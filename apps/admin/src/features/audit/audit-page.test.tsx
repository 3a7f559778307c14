/** The audit log without sideways scrolling (details in a drawer), a date filter sent as calendar days, and a CSV export with Chinese headers (issue 15, items 7 and 9). */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import AuditPage from './audit-page.tsx';
import * as csv from '../../lib/csv.ts';

const row = (seq: number, over: Record<string, unknown> = {}) => ({
  seq,
  at: '2026-03-02T02:00:00.000Z',
  actor: 'reviewer',
  actor_id: 2,
  role: 'reviewer',
  department: 'credit-office',
  action: 'version.approve',
  document_id: 'public-credit-score',
  version_number: 2,
  target: null,
  reason: '同意调整，影响可控，理由很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长',
  before_hash: null,
  after_hash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
  prev_hash: 'c'.repeat(64),
  mac: null,
  ...over,
});

afterEach(() => vi.restoreAllMocks());

describe('AuditPage', () => {
  it('fits the table without a horizontal scroll, opens the details, filters by dates and exports CSV', async () => {
    const calls: { path: string; input: unknown }[] = [];
    const download = vi.spyOn(csv, 'downloadCsv').mockImplementation(() => {});
    const { container } = render(
      <FakeApi
        calls={calls}
        auth={sessionOf(makeUser('credit-office', 'credit-office'))}
        handlers={{
          'audit.list': () => ({ entries: [row(2), row(1, { action: 'version.submit', actor: 'credit-office', role: 'credit-office' })], nextBeforeSeq: null }),
          'documents.inForce': () => [],
          'documents.list': () => [{ id: 'public-credit-score', kind: 'grading', owner: 'credit-office', title: '公共信用综合评价', createdAt: '', published: null, scheduled: null, latest: null }],
        }}
      >
        <AuditPage />
      </FakeApi>,
    );
    await screen.findAllByText('批准');
    // no table wider than the page
    expect(container.querySelector('.ant-table-content table')?.getAttribute('style') ?? '').not.toMatch(/width:\s*1500/);
    expect(container.querySelector('.ant-table-scroll-horizontal')).toBeNull();
    // details of one row in a drawer
    fireEvent.click(screen.getByRole('button', { name: '详情 #2' }));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('审计记录 #2')).toBeTruthy();
    expect(within(drawer).getByText(/同意调整/)).toBeTruthy();
    // export: Chinese headers, the rows on screen
    fireEvent.click(screen.getByRole('button', { name: /导出 CSV/ }));
    expect(download).toHaveBeenCalledTimes(1);
    const [name, text] = download.mock.calls[0]!;
    expect(name).toMatch(/^审计日志-.*\.csv$/);
    expect(text.split('\r\n')[0]).toBe('\uFEFF序号,时间,操作人,角色,部门,操作,文档,版本,对象,说明,变更前内容哈希,版本哈希,记录哈希');
    expect(text).toContain('批准');
    // names, not ids: the document by its title
    expect(screen.getAllByText(/公共信用综合评价 第 2 版/).length).toBeGreaterThan(0);
    // the date filter goes to the server as calendar days
    fireEvent.change(screen.getByLabelText('开始日期'), { target: { value: '2026-03-01' } });
    fireEvent.keyDown(screen.getByLabelText('开始日期'), { key: 'Enter' });
    fireEvent.change(screen.getByLabelText('结束日期'), { target: { value: '2026-03-02' } });
    fireEvent.keyDown(screen.getByLabelText('结束日期'), { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: /筛\s*选/ }));
    await waitFor(() =>
      expect(calls.some((c) => c.path === 'audit.list' && (c.input as { from?: string }).from === '2026-03-01' && (c.input as { to?: string }).to === '2026-03-02')).toBe(true),
    );
  });
});
