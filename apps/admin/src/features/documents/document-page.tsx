/**
 * The editor page: `#/documents/:id` (the open draft, else the published version) and
 * `#/documents/:id/versions/:n`. Drafts the user may write are editable, autosaved with their revision,
 * checked on the server, previewed live in a Web Worker, and submitted for review; every other version
 * is read-only with an "编辑" button where the user may start a draft.
 */
import { Button, Result, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { isOpenStatus } from '@policy/schemas';
import { useNavigate, useParams } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { HistoryEntry } from './api-types.ts';
import { VersionView } from './version-view.tsx';

/** The route's document id and version number (null: pick the open draft or the published version). */
export function parseDocumentParams(params: {
  id?: string;
  n?: string;
}): { documentId: string; versionNumber: number | null } | null {
  if (!params.id) return null;
  if (params.n === undefined) return { documentId: params.id, versionNumber: null };
  const n = Number(params.n);
  return Number.isInteger(n) && n > 0 ? { documentId: params.id, versionNumber: n } : null;
}

/** Which version `#/documents/:id` opens: the open one (draft / in review / approved), else the published, else the newest. */
export function defaultVersion(
  history: readonly Pick<HistoryEntry, 'versionNumber' | 'status'>[],
): number | null {
  const open = history.filter((h) => isOpenStatus(h.status)).at(-1);
  const published = history.filter((h) => h.status === 'published').at(-1);
  return (open ?? published ?? history.at(-1))?.versionNumber ?? null;
}

export default function DocumentPage() {
  const t = useT();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const route = parseDocumentParams(useParams());
  const documentId = route?.documentId ?? '';
  const history = useQuery({
    ...trpc.documents.history.queryOptions({ documentId }),
    enabled: route !== null,
  });
  const target = route?.versionNumber ?? (history.data ? defaultVersion(history.data) : null);
  const version = useQuery({
    ...trpc.documents.getByNumber.queryOptions({ documentId, versionNumber: target ?? 1 }),
    enabled: target !== null,
    // an editor's content must never be replaced behind its back by a refetch
    staleTime: Infinity,
    refetchOnMount: 'always',
  });

  if (!route) return <Result status="404" title={t('page.notFound')} />;
  const err = history.error ?? version.error;
  if (err) {
    const info = apiError(err);
    return (
      <Result
        status={info.code === 'NOT_FOUND' ? '404' : info.code === 'FORBIDDEN' ? '403' : 'error'}
        title={
          info.code === 'NOT_FOUND'
            ? t('doc.notFound', { id: documentId })
            : info.code === 'FORBIDDEN'
              ? t('doc.forbidden')
              : t('common.loadFailed')
        }
        subTitle={info.message}
        extra={<Button onClick={() => void navigate('/documents')}>{t('doc.backToList')}</Button>}
      />
    );
  }
  if (history.data && history.data.length === 0)
    return <Result status="404" title={t('doc.notFound', { id: documentId })} />;
  if (!version.data || !history.data) return <Skeleton active paragraph={{ rows: 12 }} />;
  return <VersionView key={`${version.data.id}`} version={version.data} history={history.data} />;
}
