/**
 * 评价批次: the official evaluation runs, newest first — dataset, evaluation date, jurisdiction, status
 * (a running run shows its progress, polled every second), counts, who started and who signed off, the
 * versions used. The credit office starts a run here (dataset, date — by default the 31 October before
 * today, 004 二(二) — optional jurisdiction); the start returns at once and the run shows its progress.
 */
import { useState } from 'react';
import dayjs from 'dayjs';
import { Alert, App as AntApp, Button, Card, DatePicker, Empty, Form, Input, Popover, Select, Space, Table, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime, todayIso } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { RunRow } from './api-types.ts';
import { defaultRunDate, RunStatus, RunVersions, useUserName } from './run-parts.tsx';

function StartRunCard() {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  const fallback = useQuery(trpc.adminSupport.defaultDataset.queryOptions());
  const [datasetId, setDatasetId] = useState<number | null>(null);
  const [at, setAt] = useState(() => defaultRunDate(todayIso()));
  const [jurisdiction, setJurisdiction] = useState('');
  const create = useMutation(trpc.runs.create.mutationOptions());
  const chosen = datasetId ?? fallback.data?.id ?? datasets.data?.[0]?.id ?? null;
  const badJurisdiction = jurisdiction !== '' && !/^\d{1,6}$/.test(jurisdiction);
  const start = () => {
    if (chosen === null || badJurisdiction) return;
    create.mutate(
      { datasetId: chosen, at, ...(jurisdiction ? { jurisdiction } : {}) },
      {
        onSuccess: (run) => {
          message.success(t('runs.started', { id: run.id }));
          void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
        },
      },
    );
  };
  return (
    <Card size="small" title={t('runs.startTitle')} style={{ marginBottom: 12 }} className="run-start">
      <Form layout="inline" style={{ rowGap: 8 }} onFinish={start}>
        <Form.Item label={t('runs.dataset')} required>
          <Select
            aria-label={t('runs.dataset')}
            style={{ width: 300 }}
            popupMatchSelectWidth={false}
            loading={datasets.isLoading}
            value={chosen ?? undefined}
            onChange={(v: number) => setDatasetId(v)}
            options={(datasets.data ?? []).map((d) => ({
              value: d.id,
              // the sample's name already says its size: say it once
              label: serverText(lang, d.name).includes(fmtInt(d.rowCount))
                ? serverText(lang, d.name)
                : `${serverText(lang, d.name)}（${t('runs.enterprisesN', { n: fmtInt(d.rowCount) })}）`,
            }))}
            notFoundContent={t('runs.noDatasets')}
          />
        </Form.Item>
        <Form.Item label={t('runs.at')} required tooltip={t('runs.atHint')}>
          <DatePicker
            aria-label={t('runs.at')}
            value={dayjs(at)}
            allowClear={false}
            onChange={(d) => d && setAt(d.format('YYYY-MM-DD'))}
          />
        </Form.Item>
        <Form.Item
          label={t('runs.jurisdiction')}
          validateStatus={badJurisdiction ? 'error' : undefined}
          help={badJurisdiction ? t('runs.jurisdictionBad') : undefined}
        >
          <Input
            aria-label={t('runs.jurisdiction')}
            placeholder={t('runs.jurisdictionPlaceholder')}
            style={{ width: 200 }}
            maxLength={6}
            value={jurisdiction}
            onChange={(e) => setJurisdiction(e.target.value.trim())}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={create.isPending} disabled={chosen === null || badJurisdiction}>
            {t('runs.start')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
        {t('runs.startHint')}
      </Typography.Paragraph>
      {create.error && (
        <Alert style={{ marginTop: 8 }} type="error" showIcon message={t('runs.startFailed')} description={serverText(lang, apiError(create.error).message)} />
      )}
    </Card>
  );
}

export default function RunsPage() {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const userName = useUserName();
  const list = useQuery(trpc.runs.list.queryOptions({}));
  return (
    <div className="runs-page">
      {me.role === 'credit-office' && <StartRunCard />}
      <Card size="small" title={t('runs.title')}>
        {list.error && <ErrorAlert error={list.error} />}
        <Table<RunRow>
          className="runs-table"
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          pagination={(list.data?.length ?? 0) > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runs.empty')} /> }}
          columns={[
            {
              title: t('runs.run'),
              dataIndex: 'id',
              width: 92,
              render: (id: number) => <Link to={`/runs/${id}`}>{t('runs.runN', { id })}</Link>,
            },
            {
              title: t('runs.datasetAt'),
              key: 'dataset',
              render: (_: unknown, r) => (
                <div>
                  <div>{serverText(lang, r.datasetName)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('runs.atShort')} {r.at}
                    {r.jurisdiction ? ` · ${t('runs.jurisdictionShort')} ${r.jurisdiction}` : ` · ${t('runs.allJurisdictions')}`}
                  </Typography.Text>
                </div>
              ),
            },
            { title: t('runs.status'), key: 'status', width: 200, render: (_: unknown, r) => <RunStatus run={r} compact /> },
            {
              title: t('runs.counts'),
              key: 'counts',
              width: 120,
              align: 'right',
              render: (_: unknown, r) =>
                r.counts ? (
                  <div>
                    <div>{fmtInt(r.counts.evaluated - (r.counts.outside ?? 0))}</div>
                    {(r.counts.outside ?? 0) > 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('runs.outsideN', { n: fmtInt(r.counts.outside ?? 0) })}
                      </Typography.Text>
                    )}
                  </div>
                ) : (
                  <Typography.Text type="secondary">{fmtInt(r.progress.total)}</Typography.Text>
                ),
            },
            {
              title: t('runs.created'),
              key: 'created',
              width: 150,
              render: (_: unknown, r) => (
                <div>
                  <div>{userName(r.createdBy)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(r.createdAt)}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('runs.signedOff'),
              key: 'signedOff',
              width: 150,
              render: (_: unknown, r) =>
                r.signedOffBy ? (
                  <div>
                    <div>{userName(r.signedOffBy)}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(r.signedOffAt)}
                    </Typography.Text>
                  </div>
                ) : (
                  <Typography.Text type="secondary">{t('runs.notSignedOff')}</Typography.Text>
                ),
            },
            {
              title: t('runs.versions'),
              key: 'versions',
              width: 130,
              render: (_: unknown, r) => (
                <Popover title={t('runs.versionsTitle')} content={<RunVersions versions={r.versions} />} trigger={['hover', 'click']}>
                  <Button type="link" size="small" style={{ padding: 0 }}>
                    {t('runs.versionsN', { n: r.versions.length })}
                  </Button>
                </Popover>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 90,
              render: (_: unknown, r) => (
                <Space size={4}>
                  <Link to={`/runs/${r.id}`}>{t('runs.open')}</Link>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
