import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { officeDay } from '@policy/schemas';
import { renderIn } from '../../test/render.tsx';
import { BundleDownload } from './bundle-download.tsx';

const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  vi.unstubAllGlobals();
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

function open() {
  renderIn(<BundleDownload />);
  fireEvent.click(screen.getByRole('button', { name: /下载发布包/ }));
}

describe('BundleDownload', () => {
  it('asks for the bundle of today by default and names the saved file', async () => {
    const fetchMock = vi.fn(
      async () => new Response('{"format":"policy-release-bundle/1"}', { status: 200 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    URL.createObjectURL = vi.fn(() => 'blob:bundle');
    URL.revokeObjectURL = vi.fn();
    open();
    const today = officeDay();
    expect((screen.getByLabelText('日期') as HTMLInputElement).value).toBe(today);
    fireEvent.click(screen.getByRole('button', { name: /download 下\s*载$/ }));
    expect(await screen.findByText(`已下载 发布包_${today}.json`)).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toBe(`export/bundle?at=${today}`);
  });

  it('shows the server’s refusal in the dialog', async () => {
    const body = {
      error: {
        code: 'NOT_FOUND',
        message: '1990-01-01 没有生效的文档 / no document is in force at 1990-01-01',
      },
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(body), { status: 404 })),
    );
    open();
    fireEvent.click(screen.getByRole('button', { name: /download 下\s*载$/ }));
    await waitFor(() => expect(screen.getByText('下载失败')).toBeTruthy());
    expect(screen.getByText(/没有生效的文档/)).toBeTruthy();
  });
});
