import { useMemo } from 'react';
import { Alert, Card, Col, Empty, List, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { canWrite, isOpenStatus } from '@policy/schemas';
import { Link } from 'react-router';
import { LazyChart } from '../../charts/lazy-chart.tsx';
import { pickText, useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime, todayIso } from '../../lib/dates.ts';
import { DatasetLine } from '../../lib/default-dataset.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { BundleDownload } from '../tokens/bundle-download.tsx';
import { KIND_LABEL } from '../../lib/kind-labels.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { StatusTag } from '../../lib/status-tag.tsx';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { DistributionDocument } from './api-types.ts';
import { WorkQueues } from './work-queues.tsx';

const fmt = (n: number) => n.toLocaleString('zh-CN');
const CHART_DOCS = ['public-credit-class', 'public-credit-score'];
const COLORS = ['#389e0d', '#1d4f91', '#d48806', '#cf1322', '#8c8c8c', '#722ed1'];

function ErrorBox({ error }: { error: unknown }) {
  const t = useT();
  return (
    <Alert type="error" showIcon message={t('common.loadFailed')} description={apiError(error).message} />
  );
}

/** 首页: what needs me (the queues of my role), the set in force, my drafts (returned ones marked 已退回), the grade distribution of the default dataset. */
export default function HomePage() {
  const t = useT();
  const { lang } = useLang();
  const user = useCurrentUser();
  const departmentName = useDepartmentName();
  const trpc = useTRPC();
  const at = todayIso();
  const inForce = useQuery(trpc.documents.inForce.queryOptions({ at }));
  const docs = useQuery(trpc.documents.list.queryOptions({}));
  const dist = useQuery(trpc.adminSupport.distribution.queryOptions({ at }));

  // the drafts returned to me (derived on the server from the stored rejection); the same query as the queues
  const work = useQuery({ ...trpc.worklist.home.queryOptions(), staleTime: 0 });
  const returned = useMemo(
    () => new Map((work.data?.returned ?? []).map((r) => [r.versionId, r])),
    [work.data],
  );
  const myDrafts = useMemo(
    () =>
      (docs.data ?? []).filter(
        (d) => d.latest && isOpenStatus(d.latest.status) && d.latest.authorId === user.id,
      ),
    [docs.data, user],
  );
  const docTitle = useDocumentTitle();

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <WorkQueues />
      <Row gutter={16}>
        <Col span={16}>
          <Card title={t('home.inForce', { date: at })} size="small" style={{ height: '100%' }} extra={<BundleDownload size="small" />}>
            {inForce.error ? (
              <ErrorBox error={inForce.error} />
            ) : inForce.isPending ? (
              <Skeleton active />
            ) : inForce.data.length === 0 ? (
              <Empty description={t('home.inForceEmpty')} />
            ) : (
              <Table
                size="small"
                rowKey="documentId"
                pagination={false}
                dataSource={inForce.data}
                columns={[
                  {
                    title: t('docs.col.title'),
                    key: 'title',
                    render: (_: unknown, v) => (
                      <Link to={`/documents/${encodeURIComponent(v.documentId)}/versions/${v.versionNumber}`}>
                        {docTitle(v.documentId, typeof v.content.title === 'string' ? v.content.title : null)}
                      </Link>
                    ),
                  },
                  {
                    title: t('docs.col.kind'),
                    dataIndex: 'kind',
                    width: 150,
                    render: (k: keyof typeof KIND_LABEL) => t(KIND_LABEL[k]),
                  },
                  {
                    title: t('docs.col.department'),
                    dataIndex: 'owner',
                    width: 110,
                    render: (o: string) => departmentName(o),
                  },
                  {
                    title: t('docs.col.version'),
                    dataIndex: 'versionNumber',
                    width: 64,
                    render: (n: number) => `v${n}`,
                  },
                  { title: t('docs.col.effective'), dataIndex: 'effectiveFrom', width: 104 },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col span={8}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('home.myDrafts', { n: myDrafts.length })} size="small">
              {docs.error ? (
                <ErrorBox error={docs.error} />
              ) : docs.isPending ? (
                <Skeleton active paragraph={{ rows: 2 }} />
              ) : myDrafts.length === 0 ? (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    (docs.data ?? []).some((d) => canWrite(user, d))
                      ? t('home.myDraftsEmpty')
                      : t('home.myDraftsNone')
                  }
                />
              ) : (
                <List
                  size="small"
                  dataSource={myDrafts}
                  renderItem={(d) => {
                    const back = returned.get(d.latest!.id);
                    return (
                      <List.Item
                        actions={[
                          <Link
                            key="o"
                            to={`/documents/${encodeURIComponent(d.id)}/versions/${d.latest!.versionNumber}`}
                          >
                            {t('home.open')}
                          </Link>,
                        ]}
                      >
                        <List.Item.Meta
                          title={
                            <Space size={4}>
                              {`${docTitle(d.id, d.title)} v${d.latest!.versionNumber}`}
                              {/* a returned draft reads 已退回, as on the review list */}
                              <StatusTag status={back ? 'rejected' : d.latest!.status} />
                            </Space>
                          }
                          description={
                            back ? (
                              <>
                                <div>
                                  {t('home.returnedBy', {
                                    who: back.reviewerName,
                                    when: formatDateTime(back.rejectedAt),
                                    version: back.rejectedVersionNumber,
                                  })}
                                </div>
                                <div>{t('home.opinion', { comment: back.comment })}</div>
                              </>
                            ) : (
                              t('home.updatedAt', { when: formatDateTime(d.latest!.updatedAt) })
                            )
                          }
                        />
                      </List.Item>
                    );
                  }}
                />
              )}
            </Card>
          </Space>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('home.distribution')}
        extra={
          dist.data?.dataset && (
            <Space size={4} wrap>
              <DatasetLine dataset={dist.data.dataset} isDefault />
              <Typography.Text type="secondary">
                {` · ${t('home.evaluatedAt', { date: dist.data.at })}`}
                {dist.data.outside > 0 && ` · ${t('home.deregistered', { n: fmt(dist.data.outside) })}`}
              </Typography.Text>
            </Space>
          )
        }
      >
        {dist.error ? (
          <ErrorBox error={dist.error} />
        ) : dist.isPending ? (
          <Skeleton active />
        ) : !dist.data.dataset ? (
          <Empty description={t('home.noDataset')} />
        ) : (
          <Row gutter={24}>
            {CHART_DOCS.map((id) => dist.data.documents.find((d) => d.id === id))
              .filter((d) => d !== undefined)
              .map((d) => (
                <Col span={12} key={d.id}>
                  <GradeChart doc={d} lang={lang} />
                </Col>
              ))}
          </Row>
        )}
      </Card>
    </Space>
  );
}

function GradeChart({ doc, lang }: { doc: DistributionDocument; lang: 'zh' | 'en' }) {
  const title = useDocumentTitle()(doc.id, doc.title);
  const t = useT();
  const rows = doc.grades.map((g, k) => ({
    grade: g,
    label: pickText(lang, doc.gradeLabels[k], g),
    count: doc.counts[k] ?? 0,
  }));
  if (doc.noGrade > 0) rows.push({ grade: '', label: t('preview.noGrade'), count: doc.noGrade });
  const option = useMemo<EChartsOption>(
    () => ({
      animation: false,
      grid: { left: 56, right: 16, top: 24, bottom: 28 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => `${fmt(Number(v))}（${((Number(v) / doc.total) * 100).toFixed(1)}%）`,
      },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.label),
        axisLabel: { interval: 0, fontSize: 12 },
      },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          data: rows.map((r, k) => ({
            value: r.count,
            itemStyle: { color: r.grade ? COLORS[k % COLORS.length] : '#bfbfbf' },
          })),
          label: {
            show: true,
            position: 'top',
            formatter: (p) => `${((Number(p.value) / doc.total) * 100).toFixed(1)}%`,
            fontSize: 11,
          },
        },
      ],
    }),
    [doc, rows, lang],
  );
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <LazyChart option={option} height={230} ariaLabel={t('home.chartLabel', { title })} />
      <Space size={[8, 4]} wrap>
        {rows.map((r) => (
          <Tag key={r.grade || 'none'}>
            {r.label}：{fmt(r.count)} · {((r.count / doc.total) * 100).toFixed(1)}%
          </Tag>
        ))}
      </Space>
    </div>
  );
}
