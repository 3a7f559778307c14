import { Tag } from 'antd';
import { useT } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/index.tsx';

export const STATUS_LABEL: Record<string, MessageKey> = {
  draft: 'status.draft',
  'in-review': 'status.in-review',
  approved: 'status.approved',
  published: 'status.published',
  superseded: 'status.superseded',
  rejected: 'status.rejected',
};

const STATUS_COLOR: Record<string, string> = {
  draft: 'gold',
  'in-review': 'processing',
  approved: 'cyan',
  published: 'success',
  superseded: 'default',
  rejected: 'error',
};

/** A version status as a coloured tag in the UI language: the one status tag of every screen. */
export function StatusTag({ status }: { status: string }) {
  const t = useT();
  const key = STATUS_LABEL[status];
  return <Tag color={STATUS_COLOR[status] ?? 'default'}>{key ? t(key) : status}</Tag>;
}
