import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addDays, todayIso } from '../../lib/dates.ts';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import { casesView } from '../../test/golden-api.ts';
import type { ReviewVersion } from './api-types.ts';
import { PublishDialog } from './publish-dialog.tsx';

const today = todayIso();

function version(over: Partial<ReviewVersion['effectiveDate']> = {}): ReviewVersion {
  const effectiveFrom = over.effectiveFrom ?? addDays(today, 30);
  return {
    id: 7,
    documentId: 'sampling',
    versionNumber: 3,
    status: 'approved',
    effectiveFrom,
    retroactive: over.retroactive ?? false,
    retroactiveReason: over.retroactiveReason ?? null,
    note: null,
    authorId: 1,
    kind: 'grading',
    content: {
      content: {
        grades: [
          { code: 'good', label: { zh: '良' } },
          { code: 'excellent', label: { zh: '优' } },
        ],
      },
    },
    effectiveDate: {
      effectiveFrom,
      publishDay: today,
      retroactive: false,
      retroactiveReason: null,
      inThePast: effectiveFrom < today,
      pastChanges: [],
      ...over,
    },
  } as unknown as ReviewVersion;
}

function open(
  v: ReviewVersion,
  calls: { path: string; input: unknown }[],
  cases = casesView({ failing: false, editable: false }),
) {
  let done = '';
  render(
    <FakeApi
      handlers={{ 'documents.publish': () => ({ ...v, status: 'published' }), 'cases.list': () => cases }}
      auth={sessionOf(makeUser('credit-office', 'credit-office'))}
      calls={calls}
    >
      <PublishDialog v={v} title="抽查比例" onClose={() => {}} onDone={(d) => (done = d)} />
    </FakeApi>,
  );
  return () => done;
}

const publishButton = () => screen.getByRole('button', { name: /^发\s*布$/ });

describe('PublishDialog', () => {
  it('shows the reviewed date with its day of the week and publishes it only after the publisher ticks the confirmation', async () => {
    const v = version();
    const calls: { path: string; input: unknown }[] = [];
    const done = open(v, calls);
    const date = v.effectiveDate.effectiveFrom!;
    expect(await screen.findByText(date)).toBeTruthy();
    expect(screen.getByText('30 天后生效')).toBeTruthy();
    expect(await screen.findByText('2 个黄金用例全部通过')).toBeTruthy();
    // there is no date to pick: the version's own date is confirmed
    expect(screen.queryByRole('textbox')).toBeNull();
    expect((publishButton() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox'));
    expect((publishButton() as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(publishButton());
    await waitFor(() => expect(done()).toBe(date));
    expect(calls.filter((c) => c.path === 'documents.publish').map((c) => c.input)).toEqual([
      { versionId: 7, effectiveFrom: date },
    ]);
  });

  it('shows a retroactive version with its reason and the past it changes', async () => {
    const from = addDays(today, -40);
    const v = version({
      effectiveFrom: from,
      retroactive: true,
      retroactiveReason: '上级文件自该日起施行',
      inThePast: true,
      pastChanges: [
        { from, to: addDays(today, -1), replaces: { versionNumber: 2, effectiveFrom: '2024-01-01' } },
      ],
    });
    open(v, []);
    expect(await screen.findByText('追溯生效：早于今天 40 天')).toBeTruthy();
    expect(screen.getByText('上级文件自该日起施行')).toBeTruthy();
    expect(
      screen.getByText(new RegExp(`${from} 至 ${addDays(today, -1)}：原为 v2，改为本版本`)),
    ).toBeTruthy();
  });

  it('refuses a past date that is not marked retroactive', async () => {
    open(version({ effectiveFrom: addDays(today, -3), inThePast: true }), []);
    expect(await screen.findByText(/未标记为追溯生效：不能发布/)).toBeTruthy();
    expect((screen.getByRole('checkbox') as HTMLInputElement).disabled).toBe(true);
    expect((publishButton() as HTMLButtonElement).disabled).toBe(true);
  });

  it('lists failing golden cases and publishes only with an override reason', async () => {
    const v = version();
    const calls: { path: string; input: unknown }[] = [];
    const done = open(v, calls, casesView({ editable: false }));
    expect(await screen.findByText('有 1 个黄金用例未通过')).toBeTruthy();
    expect(screen.getByText(/恰好85分为良级：等级 良 →/)).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox'));
    expect((publishButton() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('放行理由（必填）'), {
      target: { value: '85 分企业改为优级是本次调整的目的' },
    });
    expect((publishButton() as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(publishButton());
    await waitFor(() => expect(done()).toBe(v.effectiveDate.effectiveFrom));
    expect(calls.find((c) => c.path === 'documents.publish')?.input).toEqual({
      versionId: 7,
      effectiveFrom: v.effectiveDate.effectiveFrom,
      goldenOverrideReason: '85 分企业改为优级是本次调整的目的',
    });
  });

  it('tells the author of the version that another reviewer must override, and publishes once one has', async () => {
    const v = { ...version(), authorId: 10 } as ReviewVersion;
    open(v, [], casesView({ editable: false }));
    expect(await screen.findByText(/您是本版本的起草人，不能放行/)).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox'));
    expect((publishButton() as HTMLButtonElement).disabled).toBe(true);
  });

  it('publishes without a new reason when a reviewer already overrode every failing case', async () => {
    open(
      { ...version(), authorId: 10 } as ReviewVersion,
      [],
      casesView({ editable: false, overrides: [{ failing: ['恰好85分为良级'], reason: '预期变化' }] }),
    );
    expect(await screen.findByText('所有未通过用例均已由审核人放行')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox'));
    expect((publishButton() as HTMLButtonElement).disabled).toBe(false);
  });
});
