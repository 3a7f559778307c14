import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { RunRow } from './api-types.ts';
import { defaultRunDate } from './run-parts.tsx';
import RunsPage from './runs-page.tsx';

const base: RunRow = {
  id: 1,
  datasetId: 3,
  datasetName: '示例数据集',
  datasetHash: 'a'.repeat(64),
  datasetVersion: 1,
  at: '2026-10-31',
  jurisdiction: null,
  versions: [{ documentId: 'public-credit-class', versionNumber: 2, contentHash: 'b'.repeat(64) }],
  status: 'completed',
  error: null,
  progress: { done: 3000, total: 3000 },
  counts: { dataset: 3000, evaluated: 3000, outside: 12 },
  runHash: 'c'.repeat(64),
  createdBy: 'credit-office',
  createdAt: '2026-11-20T02:00:00.000Z',
  completedAt: '2026-11-20T02:01:00.000Z',
  signedOffBy: null,
  signedOffAt: null,
  engine: 'memory',
};

function show(runs: RunRow[], get: (id: number) => unknown) {
  return render(
    <FakeApi
      handlers={{
        'runs.list': () => runs,
        'runs.get': (input) => get((input as { runId: number }).runId),
        'documents.list': () => [{ id: 'public-credit-class', title: '公共信用信息分类' }],
        'runs.people': () => [
          { username: 'credit-office', displayName: '信用办管理员' },
          { username: 'reviewer-2', displayName: '审核人二' },
        ],
      }}
      auth={sessionOf(makeUser('reviewer', 'credit-office'))}
    >
      <RunsPage />
    </FakeApi>,
  );
}

describe('RunsPage', () => {
  it('shows each status as a Chinese tag, a running run with its progress polled from runs.get, a failed one with its reason', async () => {
    const running = { ...base, id: 3, status: 'running' as const, progress: { done: 0, total: 3000 }, counts: null, runHash: null, completedAt: null };
    const failed = { ...base, id: 2, status: 'failed' as const, error: { zh: '评价失败：数据集内容已变', en: 'evaluation failed: dataset changed' }, counts: null };
    const signed = { ...base, id: 1, status: 'signed-off' as const, signedOffBy: 'reviewer-2', signedOffAt: '2026-11-21T02:00:00.000Z' };
    show([running, failed, signed], (id) => (id === 3 ? { ...running, progress: { done: 1200, total: 3000 }, aggregates: null } : null));
    expect(await screen.findByText('运行中')).toBeTruthy();
    expect(await screen.findByText('已评价 1,200 / 3,000 户')).toBeTruthy();
    expect(screen.getByLabelText('评价进度').textContent).toContain('40%');
    expect(screen.getByText('失败')).toBeTruthy();
    expect(screen.getByText('评价失败：数据集内容已变')).toBeTruthy();
    expect(screen.getByText('已签发')).toBeTruthy();
    // people by their names, never their login names
    expect(await screen.findByText('审核人二')).toBeTruthy();
    expect(screen.getAllByText('信用办管理员').length).toBe(3);
    expect(screen.getAllByText('1 份策略文件').length).toBe(3);
    // not the credit office: no start form
    expect(screen.queryByText('发起评价批次')).toBeNull();
  });

  it('turns a running run into 已完成 once runs.get says so', async () => {
    let status: 'running' | 'completed' = 'running';
    const running = { ...base, id: 4, status: 'running' as const, progress: { done: 10, total: 3000 }, counts: null };
    show([running], () => ({ ...running, status, progress: { done: status === 'running' ? 10 : 3000, total: 3000 }, aggregates: null }));
    expect(await screen.findByText('运行中')).toBeTruthy();
    status = 'completed';
    await waitFor(() => expect(screen.getByText('已完成')).toBeTruthy(), { timeout: 4000 });
  });

  it('defaults the evaluation date to the 31 October before today', () => {
    expect(defaultRunDate('2026-11-26')).toBe('2026-10-31');
    expect(defaultRunDate('2026-10-31')).toBe('2025-10-31');
    expect(defaultRunDate('2027-03-01')).toBe('2026-10-31');
  });
});
