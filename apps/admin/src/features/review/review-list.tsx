import { Button, Card, Empty, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { isOpenStatus } from '@policy/schemas';
import { Link, useNavigate } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { formatTimestamp } from '../../lib/dates.ts';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useUserName } from '../../lib/user-names.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { StatusTag } from '../../lib/status-tag.tsx';
import { useTRPC } from '../../lib/trpc.tsx';

/** `#/reviews`: documents with a version open (in review first), each linking to its review page. */
export function ReviewList() {
  const t = useT();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const docs = useQuery({ ...trpc.documents.list.queryOptions({}), staleTime: 0 });
  // drafts a reviewer returned read 已退回 here as on the home page (derived from the stored rejection)
  const returned = useQuery({ ...trpc.worklist.returned.queryOptions({}), staleTime: 0 });
  const returnedIds = new Set((returned.data ?? []).map((r) => r.versionId));
  const order: Record<string, number> = { 'in-review': 0, approved: 1, draft: 2 };
  const rows = (docs.data ?? [])
    .filter((d) => d.latest && isOpenStatus(d.latest.status))
    .sort(
      (a, b) => (order[a.latest!.status] ?? 9) - (order[b.latest!.status] ?? 9) || a.id.localeCompare(b.id),
    );
  const mine = (authorId: number | null) => authorId === me.id;
  const docTitle = useDocumentTitle();
  const userName = useUserName();
  return (
    <Card size="small" title={t('review.listTitle')}>
      {docs.error && <ErrorAlert error={docs.error} />}
      <Table
        size="small"
        rowKey="id"
        loading={docs.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.listEmpty')} />,
        }}
        columns={[
          {
            title: t('review.listDocument'),
            key: 'title',
            // the title is what people read: room for it (no id column squeezing it to four characters a line)
            render: (_: unknown, d) => (
              <Link to={`/review/${encodeURIComponent(d.id)}`} style={{ display: 'inline-block', minWidth: 240 }}>
                {docTitle(d.id, d.title)}
              </Link>
            ),
          },
          {
            title: t('review.listKind'),
            dataIndex: 'kind',
            width: 150,
            render: (k: string) => t(`kind.${k}` as MessageKey),
          },
          {
            title: t('review.version'),
            key: 'version',
            width: 200,
            render: (_: unknown, d) => (
              <Space>
                v{d.latest!.versionNumber}
                <StatusTag status={returnedIds.has(d.latest!.id) ? 'rejected' : d.latest!.status} />
                {mine(d.latest!.authorId) && <Tag>{t('review.mine')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('review.author'),
            key: 'author',
            width: 140,
            render: (_: unknown, d) => userName(d.latest!.authorName),
          },
          {
            title: t('review.updatedAt'),
            key: 'updated',
            width: 170,
            render: (_: unknown, d) => formatTimestamp(d.latest!.updatedAt),
          },
          {
            title: '',
            key: 'go',
            width: 110,
            render: (_: unknown, d) => (
              <Button
                size="small"
                type={d.latest!.status === 'in-review' && !mine(d.latest!.authorId) ? 'primary' : 'default'}
                onClick={() => void navigate(`/review/${encodeURIComponent(d.id)}`)}
              >
                {t('review.open')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
