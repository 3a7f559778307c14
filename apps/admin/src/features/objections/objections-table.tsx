/** The objection queue as a table: enterprise, run, department, grounds, filed, deadline (已逾期 in red), status. */
import { Button, Empty, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import type { Objection } from './api-types.ts';
import { Deadline, mayAnswer, ObjectionStatusTag } from './objection-parts.tsx';

export function ObjectionsTable({ objections, loading, onOpen, showRun = true }: { objections: readonly Objection[]; loading?: boolean; onOpen: (o: Objection) => void; showRun?: boolean }) {
  const t = useT();
  const me = useCurrentUser();
  return (
    <Table<Objection>
      className="objections-table"
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={[...objections]}
      rowClassName={(o) => (o.overdue ? 'objection-overdue' : '')}
      pagination={objections.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('objections.empty')} /> }}
      columns={[
        {
          title: t('objections.enterprise'),
          key: 'enterprise',
          width: 210,
          render: (_: unknown, o) => (
            <div>
              <div>{o.enterpriseName}</div>
              <code style={{ fontSize: 12, color: '#666' }}>{o.uscc}</code>
            </div>
          ),
        },
        ...(showRun
          ? [{ title: t('objections.run'), key: 'run', width: 90, render: (_: unknown, o: Objection) => <Link to={`/runs/${o.runId}`}>{t('runs.runN', { id: o.runId })}</Link> }]
          : []),
        { title: t('objections.department'), dataIndex: 'departmentName', width: 150 },
        {
          title: t('objections.grounds'),
          dataIndex: 'grounds',
          render: (v: string) => (
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0 }}>
              {v}
            </Typography.Paragraph>
          ),
        },
        {
          title: t('objections.filedBy'),
          key: 'filed',
          width: 140,
          render: (_: unknown, o) => (
            <div>
              <div>{o.filedByName}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(o.filedAt)}
              </Typography.Text>
            </div>
          ),
        },
        { title: t('objections.deadline'), key: 'deadline', width: 170, render: (_: unknown, o) => <Deadline objection={o} /> },
        { title: t('objections.status'), dataIndex: 'status', width: 100, render: (s: Objection['status']) => <ObjectionStatusTag status={s} /> },
        {
          title: t('common.actions'),
          key: 'actions',
          width: 90,
          render: (_: unknown, o) => (
            <Button size="small" type={mayAnswer(me, o) ? 'primary' : 'default'} onClick={() => onOpen(o)}>
              {mayAnswer(me, o) ? t('objections.answerAction') : t('objections.view')}
            </Button>
          ),
        },
      ]}
    />
  );
}
