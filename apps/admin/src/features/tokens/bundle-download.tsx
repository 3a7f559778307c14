/**
 * 下载发布包: a button that opens a small dialog — what a release bundle is, a date (today by
 * default) — and downloads `GET /export/bundle?at=…` (the session cookie authenticates) as
 * `发布包_<date>.json`. A refusal (no document in force, not signed in) is shown in the dialog,
 * never as a page of JSON.
 */
import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Modal, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { officeDay } from '@policy/schemas';
import { useT } from '../../i18n/index.tsx';

/** The address of the bundle of a date, relative to the page (the admin works behind any path prefix). */
export const bundleHref = (at: string) => `export/bundle?at=${encodeURIComponent(at)}`;

/** Fetches the bundle of `at` and hands it to the browser as a file; throws the server's message on refusal. */
export async function downloadBundle(at: string): Promise<string> {
  const res = await fetch(bundleHref(at), { credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  const blob = await res.blob();
  const file = `发布包_${at}.json`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return file;
}

export function BundleDownload({ size }: { size?: 'small' | 'middle' }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState<Dayjs>(() => dayjs(officeDay()));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const go = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const file = await downloadBundle(at.format('YYYY-MM-DD'));
      setOutcome({ ok: true, text: t('bundle.saved', { file }) });
    } catch (e) {
      setOutcome({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size={size} icon={<DownloadOutlined />} onClick={() => setOpen(true)}>
        {t('bundle.download')}
      </Button>
      <Modal
        open={open}
        title={t('bundle.title')}
        onCancel={() => setOpen(false)}
        afterClose={() => setOutcome(null)}
        className="bundle-download-dialog"
        footer={[
          <Button key="close" onClick={() => setOpen(false)}>
            {t('bundle.close')}
          </Button>,
          <Button
            key="go"
            type="primary"
            icon={<DownloadOutlined />}
            loading={busy}
            onClick={() => void go()}
          >
            {t('bundle.go')}
          </Button>,
        ]}
      >
        <Typography.Paragraph>{t('bundle.explain')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={t('bundle.at')} extra={t('bundle.atHelp')} required style={{ marginBottom: 8 }}>
            <DatePicker
              value={at}
              allowClear={false}
              format="YYYY-MM-DD"
              aria-label={t('bundle.at')}
              onChange={(d) => d && setAt(d)}
              style={{ width: 200 }}
            />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
          {t('bundle.techNote')}
        </Typography.Paragraph>
        {outcome && (
          <Alert
            style={{ marginTop: 12 }}
            type={outcome.ok ? 'success' : 'error'}
            showIcon
            message={outcome.ok ? outcome.text : t('bundle.failed')}
            description={outcome.ok ? undefined : outcome.text}
          />
        )}
      </Modal>
    </>
  );
}
