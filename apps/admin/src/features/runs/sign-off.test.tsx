import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { SessionUser } from '../../lib/session.tsx';
import type { RunRow } from './api-types.ts';
import { SignOffButton } from './sign-off.tsx';

const run = {
  id: 7,
  status: 'completed',
  createdBy: 'alice',
  signedOffBy: null,
  signedOffAt: null,
} as unknown as RunRow;

function show(user: SessionUser, r: RunRow = run, calls: { path: string; input: unknown }[] = []) {
  return render(
    <FakeApi handlers={{ 'runs.signOff': () => ({ ...r, status: 'signed-off' }), 'runs.people': () => [] }} auth={sessionOf(user)} calls={calls}>
      <SignOffButton run={r} />
    </FakeApi>,
  );
}

const button = async () => (await screen.findByRole('button', { name: /签发本批次/ })) as HTMLButtonElement;

describe('SignOffButton', () => {
  it('is disabled for the run’s creator, saying another reviewer must sign it off', async () => {
    show(makeUser('reviewer', 'credit-office', { username: 'alice' }));
    expect((await button()).disabled).toBe(true);
    expect(screen.getByText('本批次由您发起，须由另一名审核人签发')).toBeTruthy();
  });

  it('is disabled for a role that does not sign off, and while the run is not completed', async () => {
    show(makeUser('credit-office', 'credit-office'));
    expect((await button()).disabled).toBe(true);
    expect(screen.getByText('只有审核人可以签发评价批次')).toBeTruthy();
  });

  it('says why a running run cannot be signed off yet', async () => {
    show(makeUser('reviewer', 'credit-office'), { ...run, status: 'running' } as RunRow);
    expect((await button()).disabled).toBe(true);
    expect(screen.getByText('评价尚未完成，完成后才能签发')).toBeTruthy();
  });

  it('lets another reviewer sign off after confirming', async () => {
    const calls: { path: string; input: unknown }[] = [];
    show(makeUser('reviewer', 'credit-office', { username: 'bob' }), run, calls);
    const b = await button();
    expect(b.disabled).toBe(false);
    expect(document.querySelector('.run-sign-off-reason')).toBeNull();
    fireEvent.click(b);
    const confirm = await screen.findByText('签发后结果冻结，任何人都不能再更改。');
    const popup = confirm.closest('.ant-popover') as HTMLElement;
    fireEvent.click(popup.querySelector('.ant-btn-primary')!);
    await waitFor(() => expect(calls.find((c) => c.path === 'runs.signOff')?.input).toEqual({ runId: 7 }));
  });
});
