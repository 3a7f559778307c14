/**
 * 起草说明 in the version history (issue 15): each version's note, folded to its first lines, opened on
 * demand, with who changed it last and when.
 */
import { useMemo } from 'react';
import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useTRPC } from '../../lib/trpc.tsx';

export interface HistoryNoteValue {
  text: string;
  updatedByName: string;
  updatedAt: string;
}

/** The notes of the document's versions by version id (fetched while the history is open). */
export function useVersionNotes(documentId: string, enabled: boolean): Map<number, HistoryNoteValue> {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.notes.ofDocument.queryOptions({ documentId }), enabled });
  return useMemo(() => new Map((q.data ?? []).map((n) => [n.versionId, n])), [q.data]);
}

export function HistoryNote({ note }: { note: HistoryNoteValue }) {
  const t = useT();
  return (
    <div className="history-note" style={{ marginTop: 4 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('note.title')} · {t('note.updated', { name: note.updatedByName, time: formatDateTime(note.updatedAt) })}
      </Typography.Text>
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', fontSize: 13, marginBottom: 0 }}
        ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (expanded) => (expanded ? t('note.hide') : t('note.show')) }}
      >
        {note.text}
      </Typography.Paragraph>
    </div>
  );
}
