/**
 * 部门收件箱 (department editors): the objections routed to the department with their deadlines
 * (已逾期 in red), and the results of the latest signed-off run for the enterprises of the department's
 * domains — paged, searchable, exportable — from which an objection is filed.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { serverText } from '../../lib/texts.ts';
import { useTRPC } from '../../lib/trpc.tsx';
import { FileObjectionDialog } from '../objections/file-objection-dialog.tsx';
import { ObjectionDrawer } from '../objections/objection-drawer.tsx';
import { mayFile } from '../objections/objection-parts.tsx';
import { ObjectionsTable } from '../objections/objections-table.tsx';
import { ExportLinks } from '../runs/run-actions.tsx';
import { RunResultsTable } from '../runs/run-results-table.tsx';

export default function InboxPage() {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const deptName = useDepartmentName();
  const [params, setParams] = useSearchParams();
  const [filing, setFiling] = useState<{ uscc: string; name: string } | null>(null);
  const runs = useQuery(trpc.runs.list.queryOptions({}));
  const objections = useQuery(trpc.objections.list.queryOptions({ mine: true }));
  const run = (runs.data ?? []).find((r) => r.status === 'signed-off') ?? null;
  const openId = Number(params.get('objection')) || null;
  const selected = (objections.data ?? []).find((o) => o.id === openId) ?? null;
  const setOpen = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id === null) next.delete('objection');
    else next.set('objection', String(id));
    setParams(next, { replace: true });
  };
  if (me.role !== 'department-editor') return <Alert type="info" showIcon message={t('inbox.forDepartments')} />;
  const list = [...(objections.data ?? [])].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline));
  const open = list.filter((o) => o.status === 'open').length;
  const overdue = list.filter((o) => o.overdue).length;
  return (
    <div className="inbox-page">
      <Card
        size="small"
        className="inbox-objections"
        title={t('inbox.objectionsTitle', { department: deptName(me.department) })}
        extra={<Link to="/objections">{t('inbox.allObjections')}</Link>}
        style={{ marginBottom: 12 }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('inbox.objectionsHint', { open })}</Typography.Text>
          {overdue > 0 && <Alert type="error" showIcon message={t('objections.overdueCount', { n: overdue })} />}
          {objections.error && <ErrorAlert error={objections.error} />}
          <ObjectionsTable objections={list} loading={objections.isLoading} onOpen={(o) => setOpen(o.id)} />
        </Space>
      </Card>
      <Card size="small" className="inbox-results" title={t('inbox.resultsTitle', { department: deptName(me.department) })}>
        {runs.error && <ErrorAlert error={runs.error} />}
        {runs.isLoading && <Spin />}
        {runs.data && !run && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.noSignedRun')} />}
        {run && (
          <>
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} style={{ marginBottom: 8 }}>
              <Descriptions.Item label={t('inbox.run')}>
                <Link to={`/runs/${run.id}`}>{t('runs.runN', { id: run.id })}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('runs.dataset')}>{serverText(lang, run.datasetName)}</Descriptions.Item>
              <Descriptions.Item label={t('runs.at')}>{run.at}</Descriptions.Item>
              <Descriptions.Item label={t('inbox.signedOffAt')}>{formatDateTime(run.signedOffAt)}</Descriptions.Item>
            </Descriptions>
            <div style={{ marginBottom: 12 }}>
              <ExportLinks run={run} />
            </div>
            <RunResultsTable
              run={run}
              department={me.department}
              action={
                mayFile(me)
                  ? (r) => (
                      <Button size="small" onClick={() => setFiling({ uscc: r.uscc, name: r.name })}>
                        {t('objections.fileAction')}
                      </Button>
                    )
                  : undefined
              }
            />
            <FileObjectionDialog runId={run.id} enterprise={filing} onClose={() => setFiling(null)} />
          </>
        )}
      </Card>
      <ObjectionDrawer objection={selected} onClose={() => setOpen(null)} />
    </div>
  );
}
