import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import LookupPage from './lookup-page.tsx';

const LIST = [
  { id: 7, name: '测试上传', createdBy: 'credit-office', createdAt: '2026-11-26T01:00:00Z', rowCount: 30, sourceFormat: 'csv' },
  { id: 1, name: '示例数据集', createdBy: 'system', createdAt: '2026-11-01T01:00:00Z', rowCount: 50_000, sourceFormat: 'jsonl' },
];

describe('enterprise lookup', () => {
  it('uses the default dataset the credit office chose, not the newest upload, and names it', async () => {
    render(
      <FakeApi
        auth={sessionOf(makeUser('reviewer', 'credit-office'))}
        handlers={{
          'datasets.list': () => LIST,
          'datasets.default': () => ({ dataset: LIST[1], changedAt: '2026-11-01T01:00:00Z', changedBy: { username: 'system', displayName: '系统' } }),
        }}
      >
        <LookupPage />
      </FakeApi>,
    );
    expect(await screen.findByText('数据集：示例数据集（50,000 户）（默认数据集）')).toBeTruthy();
    expect(screen.queryByText(/测试上传/)).toBeNull();
  });
});
