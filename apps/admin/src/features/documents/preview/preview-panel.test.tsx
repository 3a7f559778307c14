import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../../test/fake-api.tsx';
import type { SessionUser } from '../../../lib/session.tsx';
import { PreviewPanel } from './preview-panel.tsx';

function show(user: SessionUser, calls: { path: string; input: unknown }[]) {
  return render(
    <FakeApi
      handlers={{
        'adminSupport.defaultDataset': () => ({ id: 3, name: '示例数据集' }),
        // never answers: the test only looks at who asks
        'adminSupport.sample': () => new Promise(() => {}),
        'documents.inForce': () => [],
      }}
      auth={sessionOf(user)}
      calls={calls}
    >
      <PreviewPanel draft={{}} documentId="public-credit-score" versionNumber={null} />
    </FakeApi>,
  );
}

describe('PreviewPanel', () => {
  it('tells a viewer there is no per-enterprise preview and never asks for the sample', async () => {
    const calls: { path: string; input: unknown }[] = [];
    show(makeUser('viewer', null), calls);
    expect(await screen.findByText('只读用户不提供逐户预览')).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.path === 'adminSupport.defaultDataset')).toBe(true));
    expect(calls.some((c) => c.path === 'adminSupport.sample')).toBe(false);
    // the full preview (aggregates) stays available
    expect(screen.getByRole('button', { name: /完整预览/ })).toBeTruthy();
  });

  it('asks for the sample for the credit office', async () => {
    const calls: { path: string; input: unknown }[] = [];
    show(makeUser('credit-office', 'credit-office'), calls);
    await waitFor(() => expect(calls.some((c) => c.path === 'adminSupport.sample')).toBe(true));
    expect(screen.queryByText('只读用户不提供逐户预览')).toBeNull();
  });
});
