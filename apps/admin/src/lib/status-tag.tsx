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

const STANDING: Record<string, { key: MessageKey; color: string }> = {
  'in-force': { key: 'standing.in-force', color: 'success' },
  scheduled: { key: 'standing.scheduled', color: 'processing' },
  superseded: { key: 'standing.superseded', color: 'default' },
};

/**
 * A version's tag: for a released version its standing on the day (现行有效 / 待生效 / 已被替代),
 * which the stored status cannot say (a published version is superseded only once a later one is in
 * force); for the others its status.
 */
export function VersionTag({ status, standing }: { status: string; standing?: string | null }) {
  const t = useT();
  const s = standing ? STANDING[standing] : undefined;
  if (!s) return <StatusTag status={status} />;
  return <Tag color={s.color}>{t(s.key)}</Tag>;
}
