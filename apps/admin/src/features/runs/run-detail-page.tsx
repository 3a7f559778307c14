/**
 * One evaluation run (`#/runs/:id`): what it evaluated (dataset, date, jurisdiction, versions), its
 * status and progress, sign-off, verification, exports and the way to compare it with another run;
 * then its aggregates, and — for readers of enterprises — its results and their objections.
 */
import { useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Descriptions, Result, Space, Spin, Tabs, Typography } from 'antd';
import { DiffOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { canReadFirms } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { ShortHash } from '../../lib/short-hash.tsx';
import { serverText } from '../../lib/texts.ts';
import { useTRPC } from '../../lib/trpc.tsx';
import { aggregatesOf } from './api-types.ts';
import type { RunDetail } from './api-types.ts';
import { ExportLinks, VerifyButton } from './run-actions.tsx';
import { RunAggregatesView } from './run-aggregates.tsx';
import { RunStatus, RunVersions, useUserName } from './run-parts.tsx';
import { RunResultsTable } from './run-results-table.tsx';
import { SignOffButton } from './sign-off.tsx';
import { FileObjectionDialog } from '../objections/file-objection-dialog.tsx';
import { ObjectionDrawer } from '../objections/objection-drawer.tsx';
import { mayFile } from '../objections/objection-parts.tsx';
import { ObjectionsTable } from '../objections/objections-table.tsx';

/** The objections filed against the run's results, each opened in the drawer (`?objection=`). */
function RunObjections({ runId }: { runId: number }) {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const q = useQuery(trpc.objections.list.queryOptions({ runId }));
  const openId = Number(params.get('objection')) || null;
  const selected = (q.data ?? []).find((o) => o.id === openId) ?? null;
  const setOpen = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id === null) next.delete('objection');
    else next.set('objection', String(id));
    setParams(next, { replace: true });
  };
  return (
    <>
      {q.error && <ErrorAlert error={q.error} />}
      <ObjectionsTable objections={q.data ?? []} loading={q.isLoading} onOpen={(o) => setOpen(o.id)} showRun={false} />
      <ObjectionDrawer objection={selected} onClose={() => setOpen(null)} />
    </>
  );
}

function RunHeader({ run }: { run: RunDetail }) {
  const t = useT();
  const { lang } = useLang();
  const userName = useUserName();
  const ready = run.status === 'completed' || run.status === 'signed-off';
  return (
    <Card
      size="small"
      className="run-header"
      title={t('runs.runTitle', { id: run.id, dataset: serverText(lang, run.datasetName), at: run.at })}
      extra={
        ready ? (
          <Link to={`/runs/${run.id}/compare`}>
            <Button icon={<DiffOutlined />}>{t('runs.compare')}</Button>
          </Link>
        ) : null
      }
      style={{ marginBottom: 12 }}
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('runs.status')}>
          <RunStatus run={run} />
        </Descriptions.Item>
        <Descriptions.Item label={t('runs.dataset')}>{serverText(lang, run.datasetName)}</Descriptions.Item>
        <Descriptions.Item label={t('runs.at')}>{run.at}</Descriptions.Item>
        <Descriptions.Item label={t('runs.jurisdiction')}>{run.jurisdiction ?? t('runs.allJurisdictions')}</Descriptions.Item>
        <Descriptions.Item label={t('runs.counts')}>
          {run.counts
            ? t('runs.countsText', {
                stored: fmtInt(run.counts.evaluated - (run.counts.outside ?? 0)),
                outside: fmtInt(run.counts.outside ?? 0),
                dataset: fmtInt(run.counts.dataset),
              })
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('runs.created')}>
          {userName(run.createdBy)} · {formatDateTime(run.createdAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('runs.completedAt')}>{run.completedAt ? formatDateTime(run.completedAt) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('runs.signedOff')}>
          {run.signedOffBy ? `${userName(run.signedOffBy)} · ${formatDateTime(run.signedOffAt)}` : t('runs.notSignedOff')}
        </Descriptions.Item>
        <Descriptions.Item label={t('runs.hash')}>
          <ShortHash hash={run.runHash} />
        </Descriptions.Item>
        <Descriptions.Item label={t('runs.versions')} span={3}>
          <RunVersions versions={run.versions} inline />
        </Descriptions.Item>
      </Descriptions>
      <div className="run-actions" style={{ display: 'flex', flexDirection: 'column', gap: 12, marginTop: 8 }}>
        <div>
          <Typography.Text strong style={{ marginRight: 12 }}>
            {t('runs.signOffTitle')}
          </Typography.Text>
          <SignOffButton run={run} />
        </div>
        <div>
          <Typography.Text strong style={{ marginRight: 12 }}>
            {t('runs.export')}
          </Typography.Text>
          <ExportLinks run={run} />
        </div>
        <VerifyButton run={run} />
      </div>
    </Card>
  );
}

export default function RunDetailPage() {
  const t = useT();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const runId = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const [filing, setFiling] = useState<{ uscc: string; name: string } | null>(null);
  const valid = Number.isInteger(runId) && runId > 0;
  const q = useQuery({ ...trpc.runs.get.queryOptions({ runId: valid ? runId : 1 }), enabled: valid });
  if (!valid) return <Result status="404" title={t('runs.notFound')} />;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  const run = q.data;
  const aggregates = aggregatesOf(run);
  const firms = canReadFirms(me);
  const ready = run.status === 'completed' || run.status === 'signed-off';
  return (
    <div className="run-detail-page">
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/runs">{t('nav.runs')}</Link> }, { title: t('runs.runN', { id: run.id }) }]} />
      <RunHeader run={run} />
      {!ready && run.status !== 'failed' && <Alert type="info" showIcon message={t('runs.runningHint')} style={{ marginBottom: 12 }} />}
      {ready && (
        <Tabs
          className="run-tabs"
          activeKey={params.get('tab') ?? 'aggregates'}
          onChange={(k) => {
            const next = new URLSearchParams(params);
            next.set('tab', k);
            setParams(next, { replace: true });
          }}
          items={[
            {
              key: 'aggregates',
              label: t('runs.tab.aggregates'),
              children: aggregates ? <RunAggregatesView aggregates={aggregates} /> : <Alert type="info" message={t('runs.noAggregates')} />,
            },
            ...(firms
              ? [
                  {
                    key: 'results',
                    label: t('runs.tab.results'),
                    children: (
                      <RunResultsTable
                        run={run}
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
                    ),
                  },
                  { key: 'objections', label: t('runs.tab.objections'), children: <RunObjections runId={run.id} /> },
                ]
              : []),
          ]}
        />
      )}
      {ready && <FileObjectionDialog runId={run.id} enterprise={filing} onClose={() => setFiling(null)} onFiled={() => { const next = new URLSearchParams(params); next.set('tab', 'objections'); setParams(next, { replace: true }); }} />}
      {ready && !firms && (
        <Space style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('runs.viewerAggregatesOnly')}</Typography.Text>
        </Space>
      )}
    </div>
  );
}
