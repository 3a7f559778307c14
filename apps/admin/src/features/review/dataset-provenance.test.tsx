import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import { DatasetProvenance } from './dataset-provenance.tsx';
import type { DefaultSetting } from './dataset-provenance.tsx';

const SAMPLE = { id: 1, name: '示例数据集', rowCount: 50_000 };
const UPLOAD = { id: 7, name: '测试上传', rowCount: 30 };
const setting = (over: Partial<DefaultSetting> = {}): DefaultSetting => ({
  dataset: SAMPLE,
  changedAt: '2026-11-20T01:00:00Z',
  changedBy: { username: 'credit-office', displayName: '信用办管理员' },
  ...over,
});

function show(props: Parameters<typeof DatasetProvenance>[0]) {
  render(
    <FakeApi auth={sessionOf(makeUser('reviewer', 'credit-office'))} handlers={{}}>
      <DatasetProvenance {...props} />
    </FakeApi>,
  );
}

describe('the impact report names its dataset', () => {
  it('names the default dataset it ran on, with its size, and who made it the default when', async () => {
    show({ dataset: SAMPLE, defaultSetting: setting(), submittedAt: '2026-11-25T01:00:00Z' });
    expect(await screen.findByText('数据集：示例数据集（50,000 户）（默认数据集）')).toBeTruthy();
    expect(screen.getByText(/默认数据集于 2026-11-20 \d\d:00 由 信用办管理员 设定/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says so when the reviewer picked another dataset than the default', async () => {
    show({ dataset: UPLOAD, defaultSetting: setting(), submittedAt: '2026-11-25T01:00:00Z' });
    expect(await screen.findByText('数据集：测试上传（30 户）')).toBeTruthy();
    expect(screen.getByText('所选数据集不是默认数据集（默认：示例数据集）')).toBeTruthy();
  });

  it('warns when the default changed after the version was submitted', async () => {
    show({
      dataset: UPLOAD,
      defaultSetting: setting({ dataset: UPLOAD, changedAt: '2026-11-26T03:00:00Z' }),
      submittedAt: '2026-11-25T01:00:00Z',
    });
    expect(await screen.findByText('数据集：测试上传（30 户）（默认数据集）')).toBeTruthy();
    expect(screen.getByText(/默认数据集在本版本提交审核（2026-11-25 .*）之后被更改：2026-11-26 .* 由 信用办管理员 设为“测试上传”/)).toBeTruthy();
  });
});
