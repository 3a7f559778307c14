import { Button, Tooltip, Typography, message } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useT } from '../i18n/index.tsx';

/** The first characters of a hash with a copy button for the whole. */
export function ShortHash({ hash }: { hash: string | null | undefined }) {
  const t = useT();
  if (!hash) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Tooltip title={hash}>
        <code style={{ fontSize: 12 }}>{hash.slice(0, 10)}…</code>
      </Tooltip>
      <Button
        type="text"
        size="small"
        aria-label={t('rb.copyHash')}
        icon={<CopyOutlined />}
        onClick={() => {
          void navigator.clipboard?.writeText(hash).then(
            () => message.success(t('rb.copied')),
            () => message.error(t('rb.copyFailed')),
          );
        }}
      />
    </span>
  );
}
