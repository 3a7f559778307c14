import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addDays, todayIso } from '../../lib/dates.ts';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
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

function open(v: ReviewVersion, calls: { path: string; input: unknown }[]) {
  let done = '';
  render(
    <FakeApi
      handlers={{ 'documents.publish': () => ({ ...v, status: 'published' }) }}
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
});
