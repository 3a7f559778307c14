/** The draft's autosave on the editor page: the save client (content with its retroactivity reason) and the header's save status. */
import { useMemo } from 'react';
import { Typography } from 'antd';
import { CheckCircleOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import type { PolicyDocumentInput } from '@policy/schemas';
import { useT } from '../../i18n/index.tsx';
import type { TFunction } from '../../i18n/index.tsx';
import { apiError, useTRPCClient } from '../../lib/trpc.tsx';
import { retroactiveReasonToSave } from './editor/effective-date-panel.tsx';
import type { Autosave, AutosaveClient } from './use-autosave.ts';

/**
 * Saves the draft's content and, with it, its retroactivity: the reason typed in the date panel when
 * the effective date is before today, else null (which clears the mark). A draft with errors is saved
 * too (the server keeps unfinished work and says how many errors remain; submitting refuses them).
 */
export function useSaveClient(
  t: TFunction,
  reasonRef: { readonly current: string },
): AutosaveClient<PolicyDocumentInput> {
  const client = useTRPCClient();
  return useMemo(
    () => ({
      async save({ versionId, revision, content }) {
        const date = String((content as { effectiveFrom?: unknown }).effectiveFrom ?? '');
        const retroactiveReason = retroactiveReasonToSave(date, reasonRef.current);
        const r = await client.documents.saveDraft.mutate({
          versionId,
          revision,
          content,
          retroactiveReason,
        });
        return { revision: r.revision, errors: r.errors };
      },
      async load(versionId) {
        const v = await client.documents.get.query({ versionId });
        return { revision: v.revision, content: v.content as PolicyDocumentInput };
      },
      classify(e) {
        const info = apiError(e);
        if (info.code === 'CONFLICT' && info.reason === 'stale-revision') return { kind: 'conflict' };
        if (info.code === 'PRECONDITION_FAILED')
          return { kind: 'error', message: t('doc.notSavedSubmitted') };
        return { kind: 'error', message: t('doc.saveFailed', { message: info.message }) };
      },
    }),
    [client, t, reasonRef],
  );
}

export function SaveStatus({
  a,
  editable,
  jsonBroken,
}: {
  a: Autosave<PolicyDocumentInput>;
  editable: boolean;
  /** Where the JSON view's text stops parsing: that text is not saved. */
  jsonBroken: { line: number } | null;
}) {
  const t = useT();
  if (!editable) return null;
  const time = a.savedAt ? a.savedAt.toLocaleTimeString('zh-CN', { hour12: false }) : null;
  if (jsonBroken)
    return (
      <Typography.Text type="danger" role="status">
        <ExclamationCircleOutlined /> {t('doc.notSavedJson', { line: jsonBroken.line })}
      </Typography.Text>
    );
  if (a.status === 'saved' && a.savedErrors > 0)
    return (
      <Typography.Text type="warning" role="status">
        <ExclamationCircleOutlined /> {t('doc.savedWithIssues', { time: time ?? '', n: a.savedErrors })}
      </Typography.Text>
    );
  switch (a.status) {
    case 'saving':
      return (
        <Typography.Text type="secondary" role="status">
          <LoadingOutlined /> {t('doc.saving')}
        </Typography.Text>
      );
    case 'dirty':
      return (
        <Typography.Text type="secondary" role="status">
          {t('doc.dirty')}
        </Typography.Text>
      );
    case 'conflict':
      return (
        <Typography.Text type="danger" role="status">
          <ExclamationCircleOutlined /> {t('doc.conflictShort')}
        </Typography.Text>
      );
    case 'error':
      return (
        <Typography.Text type="danger" role="status">
          <ExclamationCircleOutlined /> {a.error}
        </Typography.Text>
      );
    default:
      return (
        <Typography.Text type="success" role="status">
          <CheckCircleOutlined /> {time ? t('doc.savedAt', { time }) : t('doc.upToDate')}
        </Typography.Text>
      );
  }
}
