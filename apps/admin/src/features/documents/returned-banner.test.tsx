import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import { ReturnedBanner } from './returned-banner.tsx';

const RETURNED = [
  {
    versionId: 41,
    documentId: 'supervision-items-transport',
    title: '交通运输局信用监管事项清单',
    versionNumber: 5,
    rejectedVersionNumber: 4,
    reviewerId: 2,
    reviewerUsername: 'reviewer-2',
    reviewerName: '审核人二',
    rejectedAt: '2026-11-24T06:30:00Z',
    comment: 'JT-002 的设定依据请写明条款；\n风险等级与上一版不一致',
    authorId: 10,
  },
];

function banner(versionId: number, calls: { path: string; input: unknown }[] = []) {
  render(
    <FakeApi auth={sessionOf(makeUser('department-editor', 'transport'))} handlers={{ 'worklist.returned': () => RETURNED }} calls={calls}>
      <ReturnedBanner documentId="supervision-items-transport" versionId={versionId} />
    </FakeApi>,
  );
}

describe('ReturnedBanner', () => {
  it('puts the reviewer’s display name, the date and the opinion on top of the returned draft', async () => {
    const calls: { path: string; input: unknown }[] = [];
    banner(41, calls);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('此草稿已被退回修改');
    expect(alert.textContent).toMatch(/审核人二 于 2026-11-24 \d\d:30 退回了第 4 版/);
    expect(alert.textContent).toContain('JT-002 的设定依据请写明条款；\n风险等级与上一版不一致');
    expect(alert.textContent).not.toContain('reviewer-2');
    expect(calls.find((c) => c.path === 'worklist.returned')?.input).toEqual({ documentId: 'supervision-items-transport' });
  });

  it('shows nothing on a draft that was not returned', async () => {
    const calls: { path: string; input: unknown }[] = [];
    banner(99, calls);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.map((c) => c.path)).toContain('worklist.returned');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
