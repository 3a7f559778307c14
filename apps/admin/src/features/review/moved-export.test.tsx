/** 导出名单（CSV） of the impact report's moved list (issue 15). */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { SessionUser } from '../../lib/session.tsx';
import { MovedExportButton } from './moved-export.tsx';

const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  vi.restoreAllMocks();
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

const input = { datasetId: 3, at: '2026-10-31', candidate: { versionIds: [7], documents: [] } };
const CSV = '\uFEFF统一社会信用代码,名称,评价/文档,原等级,新等级,原因\r\n91410481MA40007119,甲公司,公共信用综合评价,优,良,原判定：无；现判定：罚款\r\n';

function show(user: SessionUser, handler: () => unknown) {
  const calls: { path: string; input: unknown }[] = [];
  render(
    <FakeApi auth={sessionOf(user)} calls={calls} handlers={{ 'evaluation.movedExport': handler }}>
      <span>等级变动名单</span>
      <MovedExportButton input={input} />
    </FakeApi>,
  );
  return calls;
}

describe('MovedExportButton', () => {
  it('asks the server for the whole list with the report’s input and saves the CSV under its Chinese name', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (blobs.push(b), 'blob:moved'));
    URL.revokeObjectURL = vi.fn();
    // the download link's click would navigate the test page to the blob address
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const calls = show(makeUser('department-editor', 'transport'), () => ({ fileName: '等级变动名单_公共信用综合评价_2026-10-31.csv', count: 1, csv: CSV }));
    fireEvent.click(await screen.findByRole('button', { name: /导出名单（CSV）/ }));
    expect(await screen.findByText('已导出 1 户市场主体：等级变动名单_公共信用综合评价_2026-10-31.csv')).toBeTruthy();
    expect(calls.filter((c) => c.path === 'evaluation.movedExport').map((c) => c.input)).toEqual([input]);
    expect(blobs).toHaveLength(1);
    expect(clicked).toHaveBeenCalledTimes(1);
    expect((clicked.mock.contexts[0] as HTMLAnchorElement).download).toBe('等级变动名单_公共信用综合评价_2026-10-31.csv');
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    // UTF-8 with its byte-order mark, so Excel reads the Chinese headers
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(CSV.slice(1));
  });

  it('shows the server’s refusal', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:x');
    show(makeUser('reviewer', null), () => {
      throw new Error('对比基准无法编译');
    });
    fireEvent.click(await screen.findByRole('button', { name: /导出名单（CSV）/ }));
    await waitFor(() => expect(screen.getByText(/^导出失败：.*对比基准无法编译/)).toBeTruthy());
    expect(URL.createObjectURL).not.toHaveBeenCalled();
  });

  it('offers a viewer, who sees no enterprise, no export', async () => {
    show(makeUser('viewer', null), () => ({ fileName: 'x.csv', count: 0, csv: '' }));
    expect(await screen.findByText('等级变动名单')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /导出名单/ })).toBeNull();
  });
});
