import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Empty,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ExperimentOutlined, LinkOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { LazyChart } from '../../../charts/lazy-chart.tsx';
import { pickText, useLang, useT } from '../../../i18n/index.tsx';
import { apiError, useTRPC } from '../../../lib/trpc.tsx';
import type { PreviewDocument } from './preview-core.ts';
import { useLivePreview } from './use-live-preview.ts';
import { todayIso } from '../../../lib/dates.ts';

export interface PreviewPanelProps {
  draft: unknown;
  documentId: string;
  /** The version being edited (for the link to the review page). */
  versionNumber: number | null;
  enabled?: boolean;
}

const fmt = (n: number) => n.toLocaleString('zh-CN');

/** A grade as users know it: the label (优), with the code when the code says something else (A 守信). */
function gradeName(code: string, label: { zh: string; en?: string } | undefined, lang: 'zh' | 'en'): string {
  const l = pickText(lang, label, code);
  if (l === code) return code;
  return /^[A-Z]$/.test(code) ? `${code} ${l}` : l;
}
const pct = (a: number, total: number) => (total > 0 ? `${((a / total) * 100).toFixed(1)}%` : '—');

function CountCell({ v, total }: { v: number; total: number }) {
  return (
    <div style={{ whiteSpace: 'nowrap', lineHeight: '16px' }}>
      {fmt(v)}
      <div style={{ fontSize: 11, color: '#888' }}>{pct(v, total)}</div>
    </div>
  );
}

/** Before → after bar chart of one document's grades. */
function DistributionChart({ doc, height = 190 }: { doc: PreviewDocument; height?: number }) {
  const t = useT();
  const { lang } = useLang();
  const option = useMemo<EChartsOption>(() => {
    const keep = doc.grades.map((g, k) => g !== '' || doc.before[k]! > 0 || doc.after[k]! > 0);
    const cats = doc.grades
      .map((g, k) => (g ? gradeName(g, doc.gradeLabels[k], lang) : t('preview.noGrade')))
      .filter((_, k) => keep[k]);
    return {
      animation: false,
      grid: { left: 44, right: 8, top: 28, bottom: 24 },
      legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 12 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: cats, axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', axisLabel: { fontSize: 11 } },
      series: [
        {
          name: t('preview.before'),
          type: 'bar',
          data: doc.before.filter((_, k) => keep[k]),
          itemStyle: { color: '#b7c3d3' },
        },
        {
          name: t('preview.after'),
          type: 'bar',
          data: doc.after.filter((_, k) => keep[k]),
          itemStyle: { color: '#1d4f91' },
        },
      ],
    };
  }, [doc, t, lang]);
  return (
    <LazyChart option={option} height={height} ariaLabel={t('preview.chartLabel', { title: doc.title })} />
  );
}

/** The live preview beside the editor, and the full preview on the server on request. */
export function PreviewPanel({ draft, documentId, versionNumber, enabled = true }: PreviewPanelProps) {
  const t = useT();
  const { lang } = useLang();
  const live = useLivePreview(draft, { enabled });
  const [shownDoc, setShownDoc] = useState<string | null>(null);
  const outcome = live.outcome;

  const docs = outcome?.ok ? outcome.documents : [];
  // the edited document first, then the others a change moved, then the general class
  const defaultDoc =
    docs.find((d) => d.id === documentId) ??
    docs.find((d) => d.moved > 0) ??
    docs.find((d) => d.id === 'public-credit-class') ??
    docs[0];
  const doc = docs.find((d) => d.id === shownDoc) ?? defaultDoc;
  const total = doc ? doc.before.reduce((a, b) => a + b, 0) : 0;
  const exampleGrade = (documentId: string, g: string | null) => {
    if (g === null) return t('preview.noGrade');
    const d = docs.find((x) => x.id === documentId);
    const k = d ? d.grades.indexOf(g) : -1;
    return d && k >= 0 ? gradeName(g, d.gradeLabels[k], lang) : g;
  };

  return (
    <Card
      size="small"
      className="live-preview"
      title={
        <Space size={6}>
          <ExperimentOutlined />
          {t('preview.title')}
          {(live.phase === 'evaluating' || live.phase === 'initialising') && <Spin size="small" />}
        </Space>
      }
      extra={
        live.n > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('preview.sample', { n: fmt(live.n) })}
          </Typography.Text>
        )
      }
    >
      {live.phase === 'no-firms' && (
        <Alert className="preview-no-firms" type="info" showIcon message={t('preview.noFirms')} />
      )}
      {live.phase === 'no-dataset' && <Empty description={t('preview.noDataset')} />}
      {live.phase === 'error' && (
        <Alert type="error" showIcon message={t('preview.failed')} description={live.error} />
      )}
      {(live.phase === 'loading' || (live.phase === 'initialising' && !outcome)) && (
        <div style={{ padding: '24px 0', textAlign: 'center' }}>
          <Spin />
          <div style={{ marginTop: 8, color: '#666' }}>
            {live.phase === 'loading' ? t('preview.loadingSample') : t('preview.initialising')}
          </div>
        </div>
      )}
      {outcome && !outcome.ok && live.phase !== 'error' && (
        <Alert
          type="warning"
          showIcon
          message={outcome.reason === 'invalid' ? t('preview.invalid') : t('preview.compileFailed')}
          description={outcome.issues
            .slice(0, 3)
            .map((i) => (lang === 'en' ? i.messageEn : i.message))
            .join('；')}
        />
      )}
      {outcome?.ok && doc && (
        <>
          <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 4 }} wrap>
            <Statistic
              title={t('preview.moved')}
              value={outcome.movedTotal}
              suffix={t('preview.households')}
              valueStyle={{ fontSize: 20, color: outcome.movedTotal ? '#c41d7f' : undefined }}
            />
            <Statistic
              title={t('preview.workload')}
              value={`${fmt(Math.round(outcome.workload.before))} → ${fmt(Math.round(outcome.workload.after))}`}
              valueStyle={{ fontSize: 16 }}
            />
          </Space>
          {docs.length > 1 && (
            <Select
              size="small"
              style={{ width: '100%', marginBottom: 4 }}
              value={doc.id}
              onChange={setShownDoc}
              aria-label={t('preview.document')}
              options={docs.map((d) => ({
                value: d.id,
                label: `${d.title}${d.moved ? `（${t('preview.movedShort', { n: d.moved })}）` : ''}`,
              }))}
            />
          )}
          <DistributionChart doc={doc} />
          <Table
            size="small"
            pagination={false}
            rowKey="grade"
            dataSource={doc.grades
              .map((g, k) => ({
                grade: g,
                label: doc.gradeLabels[k],
                before: doc.before[k]!,
                after: doc.after[k]!,
              }))
              .filter((r) => r.grade !== '' || r.before > 0 || r.after > 0)}
            columns={[
              {
                title: t('preview.grade'),
                dataIndex: 'grade',
                width: 72,
                render: (g: string, r) =>
                  g ? (
                    <Tooltip title={g}>
                      <span>{gradeName(g, r.label, lang)}</span>
                    </Tooltip>
                  ) : (
                    t('preview.noGrade')
                  ),
              },
              {
                title: t('preview.before'),
                dataIndex: 'before',
                align: 'right',
                render: (v: number) => <CountCell v={v} total={total} />,
              },
              {
                title: t('preview.after'),
                dataIndex: 'after',
                align: 'right',
                render: (v: number) => <CountCell v={v} total={total} />,
              },
              {
                title: t('preview.delta'),
                key: 'delta',
                align: 'right',
                width: 64,
                render: (_: unknown, r) => {
                  const d = r.after - r.before;
                  return (
                    <span style={{ color: d > 0 ? '#cf1322' : d < 0 ? '#389e0d' : undefined }}>
                      {d > 0 ? `+${fmt(d)}` : fmt(d)}
                    </span>
                  );
                },
              },
            ]}
          />
          {outcome.examples.length > 0 && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text strong style={{ fontSize: 12 }}>
                {t('preview.examples')}
              </Typography.Text>
              {outcome.examples.slice(0, 4).map((e) => (
                <div
                  key={`${e.document}-${e.uscc}`}
                  style={{ fontSize: 12, lineHeight: '18px', marginTop: 4 }}
                >
                  <Tag style={{ marginInlineEnd: 4 }}>
                    {exampleGrade(e.document, e.before)} → {exampleGrade(e.document, e.after)}
                  </Tag>
                  <Typography.Text
                    ellipsis={{ tooltip: pickText(lang, e.reason) }}
                    style={{ fontSize: 12, maxWidth: '75%' }}
                  >
                    {e.name}
                  </Typography.Text>
                </div>
              ))}
            </div>
          )}
        </>
      )}
      <FullPreview
        draft={draft}
        datasetId={live.datasetId}
        documentId={documentId}
        versionNumber={versionNumber}
      />
    </Card>
  );
}

/** "完整预览": the whole dataset on the server, then a link to the review page. */
function FullPreview({
  draft,
  datasetId,
  documentId,
  versionNumber,
}: {
  draft: unknown;
  datasetId: number | null;
  documentId: string;
  versionNumber: number | null;
}) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const [request, setRequest] = useState<{ draft: unknown } | null>(null);
  const at = todayIso();
  const q = useQuery({
    ...trpc.evaluation.preview.queryOptions({
      datasetId: datasetId ?? 1,
      at,
      candidate: { versionIds: [], documents: request ? [request.draft] : [] },
      moved: { offset: 0, limit: 1 },
    }),
    enabled: request !== null && datasetId !== null,
    staleTime: Infinity,
    retry: false,
  });
  const stale = request !== null && request.draft !== draft;
  return (
    <div style={{ marginTop: 12, borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
      <Space wrap>
        <Button
          icon={<ExperimentOutlined />}
          disabled={datasetId === null}
          loading={q.isFetching}
          onClick={() => setRequest({ draft })}
        >
          {t('preview.full')}
        </Button>
        {versionNumber !== null && (
          <Button
            type="link"
            icon={<LinkOutlined />}
            href={`#/review/${encodeURIComponent(documentId)}?version=${versionNumber}`}
          >
            {t('preview.openReview')}
          </Button>
        )}
      </Space>
      {q.error && (
        <Alert
          style={{ marginTop: 8 }}
          type="error"
          showIcon
          message={t('preview.fullFailed')}
          description={apiError(q.error).message}
        />
      )}
      {q.data && (
        <Alert
          style={{ marginTop: 8 }}
          type={stale ? 'warning' : 'info'}
          message={t('preview.fullResult', {
            n: fmt(q.data.n),
            moved: fmt(q.data.comparison.moved.total),
            ms: q.data.timings.totalMs,
          })}
          description={
            <>
              {q.data.comparison.documents
                .filter((d) => d.moved > 0)
                .map((d) => (
                  <div key={d.id}>{t('preview.fullDoc', { title: d.title, moved: fmt(d.moved) })}</div>
                ))}
              {q.data.warnings.slice(0, 3).map((w, k) => (
                <div key={k} style={{ color: '#ad6800' }}>
                  {lang === 'en' ? w.messageEn : w.message}
                </div>
              ))}
              {stale && <div>{t('preview.fullStale')}</div>}
            </>
          }
        />
      )}
    </div>
  );
}
