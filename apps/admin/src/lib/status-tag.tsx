import { Tag } from 'antd';
import type { DocumentKind } from '@policy/schemas';
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
export const STATUS_COLOR: Record<string, string> = {
  draft: 'gold',
  'in-review': 'processing',
  approved: 'cyan',
  published: 'success',
  superseded: 'default',
  rejected: 'error',
};
export const KIND_LABEL: Record<DocumentKind, MessageKey> = {
  grading: 'kind.grading',
  'industry-model': 'kind.industry-model',
  sampling: 'kind.sampling',
  'domain-assignment': 'kind.domain-assignment',
  'supervision-items': 'kind.supervision-items',
};
/** Versions that are neither released nor closed: a document has at most one. */
export const OPEN_STATUSES = ['draft', 'in-review', 'approved'];

/** A version status as a coloured tag in the UI language. */
export function StatusTag({ status }: { status: string }) {
  const t = useT();
  const key = STATUS_LABEL[status];
  return <Tag color={STATUS_COLOR[status] ?? 'default'}>{key ? t(key) : status}</Tag>;
}

/** `2026-11-21T14:02:03.000Z` → `2026-11-21 22:02` (local time). */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
