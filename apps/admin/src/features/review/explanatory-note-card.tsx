/**
 * The 起草说明 at the top of the review page (issue 15), printed with the report: the note the author
 * submitted with the version, who changed it last and when. The author (or the credit office) may still
 * correct it while the version is a draft or in review and nobody has reviewed it yet; the server decides
 * (and says why in Chinese when it refuses).
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, Input, Skeleton, Space, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useOptionalAuth } from '../../lib/session.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC, useTRPCClient } from '../../lib/trpc.tsx';

export interface ExplanatoryNoteCardProps {
  versionId: number;
  versionNumber: number;
  status: string;
  authorId: number | null;
  /** Review decisions on the version so far: after the first one the note is what was read. */
  reviewed: boolean;
}

export function ExplanatoryNoteCard({ versionId, versionNumber, status, authorId, reviewed }: ExplanatoryNoteCardProps) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const user = useOptionalAuth()?.user ?? null;
  const q = useQuery(trpc.notes.get.queryOptions({ versionId }));
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const note = q.data?.note ?? null;
  const open = status === 'draft' || (status === 'in-review' && !reviewed);
  const mayEdit = open && user !== null && (user.role === 'credit-office' || (user.role === 'department-editor' && authorId === user.id));

  const save = async () => {
    if (editing === null) return;
    setBusy(true);
    try {
      await client.notes.save.mutate({ versionId, text: editing, revision: note?.revision ?? 0 });
      message.success(t('note.saved'));
      setEditing(null);
      await queryClient.invalidateQueries({ queryKey: trpc.notes.get.queryKey({ versionId }) });
    } catch (e) {
      message.error(t('note.saveFailed', { reason: serverText(lang, apiError(e).message) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      className="report-block explanatory-note"
      // a long note may run over a page in print (the report's cards are otherwise kept whole)
      style={{ breakInside: 'auto' }}
      title={t('note.cardTitle', { version: versionNumber })}
      extra={
        mayEdit &&
        editing === null && (
          <Button className="no-print" size="small" icon={<EditOutlined />} onClick={() => setEditing(note?.text ?? '')}>
            {note ? t('note.edit') : t('note.add')}
          </Button>
        )
      }
    >
      {q.error && <ErrorAlert error={q.error} />}
      {q.isLoading && <Skeleton active paragraph={{ rows: 3 }} />}
      {editing !== null ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            aria-label={t('note.title')}
            value={editing}
            onChange={(e) => setEditing(e.target.value)}
            autoSize={{ minRows: 8, maxRows: 24 }}
            maxLength={q.data?.maxChars}
            showCount
          />
          <Space>
            <Button type="primary" loading={busy} onClick={() => void save()}>
              {t('note.save')}
            </Button>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
          </Space>
        </Space>
      ) : note ? (
        <>
          <Typography.Paragraph className="explanatory-note-text" style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
            {note.text}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('note.updated', { name: note.updatedByName, time: formatDateTime(note.updatedAt) })}
            {!open && <span className="no-print" style={{ marginLeft: 12 }}>{t('note.frozenHint')}</span>}
          </Typography.Text>
        </>
      ) : (
        q.data && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('note.none')} />
      )}
    </Card>
  );
}
