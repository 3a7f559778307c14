import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { HistoryEntry } from './api-types.ts';
import { HistoryDrawer, rollbackTargets } from './history-drawer.tsx';

afterEach(() => {
  window.location.hash = '';
});

const entry = (
  versionNumber: number,
  status: string,
  standing: string | null,
  effectiveFrom: string | null,
): HistoryEntry =>
  ({
    id: versionNumber * 10,
    documentId: 'sampling',
    versionNumber,
    status,
    standing,
    revision: 1,
    contentHash: `h${versionNumber}`.padEnd(64, '0'),
    parentHash: null,
    basedOn: versionNumber > 1 ? versionNumber - 1 : null,
    authorId: 1,
    authorName: '信用办',
    effectiveFrom,
    retroactive: false,
    retroactiveReason: null,
    note: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    submittedAt: null,
    publishedAt: null,
    reviews: [],
  }) as unknown as HistoryEntry;

const HISTORY = [
  entry(1, 'superseded', 'superseded', '2024-01-01'),
  entry(2, 'published', 'in-force', '2025-01-01'),
  entry(3, 'published', 'scheduled', '2099-01-01'),
];

describe('version history', () => {
  it('offers a rollback to superseded versions, and to the one in force while a later one is scheduled', () => {
    expect([...rollbackTargets(HISTORY)]).toEqual([1, 2]);
    expect([...rollbackTargets(HISTORY.slice(0, 2))]).toEqual([1]);
  });

  it('shows standings, asks for the reason and creates the rollback draft', async () => {
    window.location.hash = '#/documents/sampling';
    const calls: { path: string; input: unknown }[] = [];
    render(
      <FakeApi
        handlers={{ 'documents.createRollbackDraft': () => ({ ...entry(4, 'draft', null, '2099-01-01') }) }}
        auth={sessionOf(makeUser('credit-office', 'credit-office'))}
        calls={calls}
      >
        <HistoryDrawer
          open
          onClose={() => {}}
          history={HISTORY}
          current={3}
          documentId="sampling"
          canRollback
        />
      </FakeApi>,
    );
    expect(await screen.findByText('现行有效')).toBeTruthy();
    expect(screen.getByText('待生效')).toBeTruthy();
    expect(screen.getByText('已被替代')).toBeTruthy();
    const v1 = document.querySelector('.history-entry[data-version="1"]') as HTMLElement;
    fireEvent.click(within(v1).getByRole('button', { name: /回退到此版本/ }));
    await screen.findByText('回退到第 1 版');
    const dialog = document.querySelector('.ant-modal') as HTMLElement;
    fireEvent.click(within(dialog).getByRole('button', { name: /创建回退草稿/ }));
    expect(await within(dialog).findByText('请填写回退理由')).toBeTruthy();
    expect(calls.some((c) => c.path === 'documents.createRollbackDraft')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('回退理由（必填）'), { target: { value: '恢复原比例' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /创建回退草稿/ }));
    await waitFor(() => expect(window.location.hash).toBe('#/documents/sampling/versions/4'));
    const input = calls.find((c) => c.path === 'documents.createRollbackDraft')!.input as Record<
      string,
      unknown
    >;
    expect(input).toMatchObject({ documentId: 'sampling', toVersion: 1, reason: '恢复原比例' });
    expect(String(input.effectiveFrom)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
