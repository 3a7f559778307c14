/**
 * The impact report of a candidate against the published set: distributions before/after, the
 * migration matrix as a heat map, inspections per department, the differentiated-sampling share,
 * moved enterprises (paged, searchable), golden cases and warnings.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { EChartsOption } from 'echarts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { LazyChart } from '../../charts/lazy-chart.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import { useOptionalAuth } from '../../lib/session.tsx';
import { canReadFirms } from '@policy/schemas';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { fmtDelta, fmtInt, fmtPct } from '../../lib/numbers.ts';
import { DatasetLine } from '../../lib/default-dataset.tsx';
import type { NamedDataset } from '../../lib/default-dataset.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { textOf } from '../../lib/texts.ts';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { plannerTable, roundHalfUp } from '../../lib/workload.ts';
import type {
  DocumentComparison,
  GoldenResult,
  MovedItem,
  Preview,
  PreviewInput,
  PreviewWarning,
} from './api-types.ts';
import { gradeAxisLabel, heatmapOption, migrationHeatmap } from './heatmap.ts';
import { BreakdownsCard, PlanSharesSection } from './impact-breakdowns.tsx';

const deltaTag = (d: number, digits = 0) => (
  <span style={{ color: d > 0 ? '#c8161d' : d < 0 ? '#237804' : undefined }}>{fmtDelta(d, digits)}</span>
);

function DistributionSection({ doc }: { doc: DocumentComparison }) {
  const t = useT();
  const { lang } = useLang();
  const rows = doc.distribution
    .map((d, k) => ({
      ...d,
      key: d.grade || '(none)',
      label: gradeAxisLabel(d.grade, doc.gradeLabels[k], lang),
    }))
    .filter((r) => r.grade !== '' || r.before > 0 || r.after > 0);
  const option: EChartsOption = {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('impact.before'), t('impact.after')], top: 0 },
    grid: { left: 56, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: { type: 'value' },
    series: [
      {
        name: t('impact.before'),
        type: 'bar',
        data: rows.map((r) => r.before),
        itemStyle: { color: '#8c9db5' },
      },
      {
        name: t('impact.after'),
        type: 'bar',
        data: rows.map((r) => r.after),
        itemStyle: { color: '#1d4f91' },
      },
    ],
  };
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <LazyChart option={option} height={260} ariaLabel={t('impact.distribution')} />
      </Col>
      <Col xs={24} xl={12}>
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={rows}
          columns={[
            { title: t('impact.grade'), dataIndex: 'label' },
            {
              title: t('impact.before'),
              dataIndex: 'before',
              align: 'right',
              render: (v: number) => fmtInt(v),
            },
            {
              title: t('impact.after'),
              dataIndex: 'after',
              align: 'right',
              render: (v: number) => fmtInt(v),
            },
            { title: 'Δ', dataIndex: 'delta', align: 'right', render: (v: number) => deltaTag(v) },
            { title: '%', key: 'pct', align: 'right', render: (_: unknown, r) => fmtPct(r.before, r.after) },
          ]}
        />
      </Col>
    </Row>
  );
}

function HeatmapSection({ doc }: { doc: DocumentComparison }) {
  const t = useT();
  const { lang } = useLang();
  const model = useMemo(() => migrationHeatmap(doc, lang), [doc, lang]);
  const option = useMemo(
    () =>
      heatmapOption(model, {
        before: t('impact.beforeGrade'),
        after: t('impact.afterGrade'),
        count: t('impact.enterprises'),
      }),
    [model, t],
  );
  return (
    <div>
      <Typography.Text type="secondary">
        {t('impact.heatmapHint', { moved: fmtInt(model.moved) })}
      </Typography.Text>
      <LazyChart
        option={option}
        height={Math.max(240, 60 + model.labels.length * 44 + 70)}
        ariaLabel={t('impact.heatmap')}
      />
    </div>
  );
}

function WorkloadSection({ preview }: { preview: Preview }) {
  const t = useT();
  const { lang } = useLang();
  const depName = useDepartmentName();
  const w = preview.comparison.workload;
  // whole 户次 rounded half up, a true sum, and the distinct-enterprise figure named for what it is
  const table = plannerTable(w.departments, w.total);
  const rows = table.rows.map((r) => ({
    ...r,
    key: r.row.department || '(none)',
    // one department directory for names on every screen (the domain assignment's short names)
    name: r.row.department === '' ? t('impact.noDepartment') : depName(r.row.department) || textOf(lang, r.row.label, r.row.department),
  }));
  // horizontal bars: twenty-odd department names do not fit under a vertical bar chart
  const charted = rows.filter((r) => r.before > 0 || r.after > 0).sort((a, b) => b.after - a.after);
  const option: EChartsOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: [t('impact.before'), t('impact.after')], top: 0 },
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    yAxis: {
      type: 'category',
      inverse: true,
      data: charted.map((r) => r.name),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    xAxis: {
      type: 'value',
      name: t('impact.perYear'),
      nameLocation: 'end',
      nameGap: 4,
      nameTextStyle: { align: 'right', verticalAlign: 'top', padding: [24, 0, 0, 0] },
    },
    series: [
      { name: t('impact.before'), type: 'bar', data: charted.map((r) => r.before), itemStyle: { color: '#8c9db5' } },
      { name: t('impact.after'), type: 'bar', data: charted.map((r) => r.after), itemStyle: { color: '#1d4f91' } },
    ],
  };
  const totalRow = (index: number, label: string, v: { before: number; after: number; delta: number }, hint?: string) => (
    <Table.Summary.Row key={index}>
      <Table.Summary.Cell index={0}>
        <strong>{label}</strong>
        {hint && (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {hint}
            </Typography.Text>
          </div>
        )}
      </Table.Summary.Cell>
      <Table.Summary.Cell index={1} align="right">
        {fmtInt(v.before)}
      </Table.Summary.Cell>
      <Table.Summary.Cell index={2} align="right">
        {fmtInt(v.after)}
      </Table.Summary.Cell>
      <Table.Summary.Cell index={3} align="right">
        {deltaTag(v.delta)}
      </Table.Summary.Cell>
      <Table.Summary.Cell index={4} align="right">
        {fmtPct(v.before, v.after)}
      </Table.Summary.Cell>
    </Table.Summary.Row>
  );
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('impact.workloadExplain')}
        </Typography.Paragraph>
        <Table
          className="workload-table"
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={rows}
          summary={() => (
            <>
              {totalRow(0, t('impact.workloadSum'), table.sum)}
              {totalRow(1, t('impact.workloadDistinct'), table.distinct, t('impact.workloadDistinctHint'))}
            </>
          )}
          columns={[
            { title: t('impact.department'), dataIndex: 'name' },
            { title: t('impact.plannedBefore'), dataIndex: 'before', align: 'right', render: (v: number) => fmtInt(v) },
            { title: t('impact.plannedAfter'), dataIndex: 'after', align: 'right', render: (v: number) => fmtInt(v) },
            { title: t('impact.workloadChange'), dataIndex: 'delta', align: 'right', render: (v: number) => deltaTag(v) },
            { title: '%', key: 'pct', align: 'right', render: (_: unknown, r) => fmtPct(r.before, r.after) },
          ]}
        />
      </Col>
      <Col xs={24} xl={12}>
        <LazyChart option={option} height={Math.max(200, 48 + charted.length * 30)} ariaLabel={t('impact.workload')} />
      </Col>
    </Row>
  );
}

function ShareSection({ preview }: { preview: Preview }) {
  const t = useT();
  const s = preview.comparison.differentiatedShare;
  const pct = (v: number) => Math.round(v * 10) / 10;
  return (
    <Row gutter={24} align="middle">
      <Col span={8}>
        <Statistic title={t('impact.shareBefore')} value={pct(s.beforePercent)} suffix="%" />
      </Col>
      <Col span={8}>
        <Statistic
          title={t('impact.shareAfter')}
          value={pct(s.afterPercent)}
          suffix="%"
          valueStyle={{ color: s.meetsTarget === false ? '#c8161d' : s.meetsTarget ? '#237804' : undefined }}
        />
      </Col>
      <Col span={8}>
        {s.targetPercent === null ? (
          <Typography.Text type="secondary">{t('impact.noTarget')}</Typography.Text>
        ) : (
          <div>
            <div style={{ marginBottom: 4 }}>
              {t('impact.target', { target: s.targetPercent })}{' '}
              {s.meetsTarget ? (
                <Tag color="green">{t('impact.meets')}</Tag>
              ) : (
                <Tag color="red">{t('impact.below')}</Tag>
              )}
            </div>
            <Progress
              aria-label={`${pct(s.afterPercent)}%`}
              percent={Math.min(100, pct(s.afterPercent))}
              success={{ percent: 0 }}
              strokeColor={s.meetsTarget ? '#237804' : '#c8161d'}
              format={() => `${pct(s.afterPercent)}%`}
            />
          </div>
        )}
      </Col>
    </Row>
  );
}

function MovedSection({ preview, input }: { preview: Preview; input: Omit<PreviewInput, 'moved'> }) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const first = page === 1 && search === '';
  const q = useQuery({
    ...trpc.evaluation.moved.queryOptions({
      ...input,
      moved: { offset: (page - 1) * pageSize, limit: pageSize, ...(search ? { search } : {}) },
    }),
    enabled: !first,
    placeholderData: keepPreviousData,
  });
  const data = first
    ? { ...preview.comparison.moved, items: preview.comparison.moved.items.slice(0, pageSize) }
    : q.data;
  const titleOf = (id: string) => preview.comparison.documents.find((d) => d.id === id)?.title ?? id;
  const gradeText = (doc: string, g: string | null) => {
    if (g === null) return t('impact.noGrade');
    const d = preview.comparison.documents.find((x) => x.id === doc);
    const k = d?.grades.indexOf(g) ?? -1;
    return gradeAxisLabel(g, k >= 0 ? d?.gradeLabels[k] : undefined, lang);
  };
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('impact.searchMoved')}
          style={{ width: 360 }}
          onSearch={(v) => {
            setSearch(v.trim());
            setPage(1);
          }}
          aria-label={t('impact.searchMoved')}
        />
        <Typography.Text type="secondary">
          {t('impact.movedTotal', { n: fmtInt(data?.total ?? 0) })}
        </Typography.Text>
      </Space>
      {q.error && <ErrorAlert error={q.error} />}
      <Table<MovedItem>
        size="small"
        loading={!first && q.isFetching}
        rowKey={(r) => `${r.index}-${r.document}`}
        dataSource={data?.items ?? []}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={search ? t('impact.movedNoneFound') : t('impact.movedNone')}
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          size: 'small',
        }}
        scroll={{ x: 960 }}
        columns={[
          { title: t('impact.uscc'), dataIndex: 'uscc', width: 190, render: (v: string) => <code>{v}</code> },
          { title: t('impact.name'), dataIndex: 'name', width: 200, ellipsis: true },
          {
            title: t('impact.document'),
            dataIndex: 'document',
            width: 160,
            ellipsis: true,
            render: (v: string) => titleOf(v),
          },
          {
            title: t('impact.change'),
            key: 'change',
            width: 170,
            render: (_: unknown, r) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                <Tag>{gradeText(r.document, r.before.grade)}</Tag>→
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {gradeText(r.document, r.after.grade)}
                </Tag>
              </span>
            ),
          },
          {
            title: t('impact.reason'),
            key: 'reason',
            // the deciding rules in words; rule ids only in the tooltip, so no English ids leak into the Chinese UI
            render: (_: unknown, r) =>
              r.before.ruleLabel || r.after.ruleLabel ? (
                <Tooltip title={`${r.before.rule ?? '—'} → ${r.after.rule ?? '—'}`}>
                  <div>
                    {t('impact.ruleBefore')}：
                    {r.before.grade === null
                      ? t('impact.noGrade')
                      : textOf(lang, r.before.ruleLabel, r.before.rule ?? '—')}
                  </div>
                  <div>
                    {t('impact.ruleAfter')}：
                    {r.after.grade === null
                      ? t('impact.noGrade')
                      : textOf(lang, r.after.ruleLabel, r.after.rule ?? '—')}
                  </div>
                </Tooltip>
              ) : (
                textOf(lang, r.reason)
              ),
          },
        ]}
      />
    </div>
  );
}

function GoldenSection({ golden }: { golden: readonly GoldenResult[] }) {
  const t = useT();
  const docTitle = useDocumentTitle();
  const { lang } = useLang();
  const failed = golden.filter((g) => !g.passed).length;
  if (golden.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('impact.goldenNone')} />;
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Tag color="green">{t('impact.goldenPassed', { n: golden.length - failed })}</Tag>
        {failed > 0 && <Tag color="red">{t('impact.goldenFailed', { n: failed })}</Tag>}
      </Space>
      <Table<GoldenResult>
        size="small"
        rowKey={(r) => `${r.file}#${r.name}`}
        dataSource={[...golden].sort((a, b) => Number(a.passed) - Number(b.passed))}
        pagination={golden.length > 10 ? { pageSize: 10, size: 'small' } : false}
        columns={[
          {
            title: t('impact.goldenResult'),
            dataIndex: 'passed',
            width: 90,
            render: (p: boolean) =>
              p ? <Tag color="green">{t('impact.pass')}</Tag> : <Tag color="red">{t('impact.fail')}</Tag>,
          },
          { title: t('impact.goldenCase'), dataIndex: 'name' },
          {
            title: t('impact.goldenFile'),
            dataIndex: 'file',
            width: 240,
            // `sampling v2`: the document by its title, the raw name as the hover title
            render: (v: string) => {
              const [doc = '', ...rest] = v.split(' ');
              return <span title={v}>{[docTitle(doc), ...rest].join(' ')}</span>;
            },
          },
          { title: t('impact.goldenAt'), dataIndex: 'at', width: 110 },
          {
            title: t('impact.goldenWhy'),
            key: 'why',
            render: (_: unknown, r) =>
              r.passed
                ? '—'
                : lang === 'en'
                  ? (r.message?.split(' / ')[1] ?? r.message)
                  : r.message?.split(' / ')[0],
          },
        ]}
      />
    </div>
  );
}

function WarningsSection({ warnings }: { warnings: readonly PreviewWarning[] }) {
  const t = useT();
  const { lang } = useLang();
  const docTitle = useDocumentTitle();
  if (warnings.length === 0)
    return <Typography.Text type="success">{t('impact.warningsNone')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {warnings.map((w, k) => (
        <li key={k} style={{ padding: '2px 0' }}>
          {lang === 'en' ? w.messageEn : w.message}
          {'path' in w && typeof w.path === 'string' && w.path ? (
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
              {'documentId' in w && typeof w.documentId === 'string' ? `${docTitle(w.documentId)} ` : ''}
              <code>{w.path}</code>
            </Typography.Text>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export interface ImpactReportProps {
  preview: Preview;
  /** The preview's input, for paging and searching the moved enterprises. */
  input: Omit<PreviewInput, 'moved'>;
  /** The document under review: shown first and always, even without moves. */
  focusDocument?: string;
  /** The dataset the report ran on, named in the report (and in its print). */
  dataset?: NamedDataset;
  /** The default dataset setting: when and by whom it was last changed. */
  defaultSetting?: DefaultSetting | null;
  /** When the reviewed version was submitted: a change of the default after it is flagged. */
  submittedAt?: string | null;
}

/** The default dataset as `datasets.default` answers. */
export interface DefaultSetting {
  dataset: NamedDataset | null;
  changedAt: string | null;
  changedBy: { username: string; displayName: string } | null;
}

/**
 * Which dataset the report used, whether it is the default, when and by whom the default was last set,
 * and a warning when that happened after the version was submitted (its author saw other figures).
 */
export function DatasetProvenance({
  dataset,
  defaultSetting,
  submittedAt,
}: Pick<ImpactReportProps, 'dataset' | 'defaultSetting' | 'submittedAt'>) {
  const t = useT();
  const def = defaultSetting ?? null;
  const isDefault = dataset !== undefined && def?.dataset?.id === dataset.id;
  const changedAfter = def?.changedAt && submittedAt && def.changedAt > submittedAt && def.dataset;
  return (
    <div className="dataset-provenance" style={{ marginBottom: 8 }}>
      {dataset && <DatasetLine dataset={dataset} isDefault={isDefault} strong />}
      {def?.changedAt && def.changedBy && (
        <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
          {t('dataset.defaultSetBy', { when: formatDateTime(def.changedAt), who: def.changedBy.displayName })}
        </Typography.Text>
      )}
      {dataset && def?.dataset && !isDefault && (
        <Alert
          style={{ marginTop: 6 }}
          type="info"
          showIcon
          message={t('dataset.notDefault', { name: def.dataset.name })}
        />
      )}
      {changedAfter && (
        <Alert
          className="default-changed-after-submit"
          style={{ marginTop: 6 }}
          type="warning"
          showIcon
          message={t('dataset.changedAfterSubmit', {
            submitted: formatDateTime(submittedAt),
            when: formatDateTime(def.changedAt),
            who: def.changedBy?.displayName ?? '—',
            name: def.dataset!.name,
          })}
        />
      )}
    </div>
  );
}

export function ImpactReport({
  preview,
  input,
  focusDocument,
  dataset,
  defaultSetting,
  submittedAt,
}: ImpactReportProps) {
  const t = useT();
  const docTitle = useDocumentTitle();
  const c = preview.comparison;
  const shown = c.documents
    .filter((d) => d.id === focusDocument || d.moved > 0)
    .sort((a, b) => Number(b.id === focusDocument) - Number(a.id === focusDocument));
  const unchanged = c.documents.length - shown.length;
  const failed = preview.golden.filter((g) => !g.passed).length;
  // the moved enterprises are firm-level: a viewer sees aggregates only
  const user = useOptionalAuth()?.user ?? null;
  const firms = user !== null && canReadFirms(user);
  return (
    <div className="impact-report">
      <Card size="small" title={t('impact.summary')} className="report-section">
        <DatasetProvenance dataset={dataset} defaultSetting={defaultSetting} submittedAt={submittedAt} />
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          {!dataset && (
            <Descriptions.Item label={t('impact.dataset')}>#{preview.datasetId}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('impact.enterprisesTotal')}>{fmtInt(preview.n)}</Descriptions.Item>
          <Descriptions.Item label={t('impact.at')}>{preview.at}</Descriptions.Item>
          <Descriptions.Item label={t('impact.movedCount')}>{fmtInt(c.moved.total)}</Descriptions.Item>
          <Descriptions.Item label={t('impact.workloadTotal')}>
            {fmtInt(roundHalfUp(c.workload.total.before))} → {fmtInt(roundHalfUp(c.workload.total.after))}（
            {fmtPct(c.workload.total.before, c.workload.total.after)}）
          </Descriptions.Item>
          <Descriptions.Item label={t('impact.share')}>
            {c.differentiatedShare.afterPercent.toFixed(1)}%
            {c.differentiatedShare.targetPercent !== null &&
              ` / ${t('impact.target', { target: c.differentiatedShare.targetPercent })}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('impact.golden')}>
            {failed > 0 ? (
              <Tag color="red">{t('impact.goldenFailed', { n: failed })}</Tag>
            ) : (
              <Tag color="green">{t('impact.goldenAllPass', { n: preview.golden.length })}</Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('impact.warnings')}>{preview.warnings.length}</Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('impact.versions')}：
          {preview.candidate.versions
            .filter(
              (v) =>
                !preview.base.versions.some(
                  (b) => b.documentId === v.documentId && b.contentHash === v.contentHash,
                ),
            )
            .map(
              (v) =>
                `${docTitle(v.documentId)} ${v.versionNumber === null ? t('impact.unsaved') : `v${v.versionNumber}`}`,
            )
            .join('、') || t('impact.noChangedVersions')}
        </Typography.Text>
      </Card>

      {shown.map((d) => (
        <Card
          key={d.id}
          size="small"
          className="report-section"
          title={d.title}
          extra={
            <Tag color={d.moved > 0 ? 'orange' : 'default'}>{t('impact.movedN', { n: fmtInt(d.moved) })}</Tag>
          }
        >
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('impact.distribution')}
          </Typography.Title>
          <DistributionSection doc={d} />
          <Typography.Title level={5}>{t('impact.heatmap')}</Typography.Title>
          <HeatmapSection doc={d} />
        </Card>
      ))}
      {unchanged > 0 && (
        <Alert
          type="info"
          showIcon
          className="report-section"
          message={t('impact.othersUnchanged', { n: unchanged })}
        />
      )}

      <Card size="small" className="report-section" title={t('impact.workload')}>
        <WorkloadSection preview={preview} />
      </Card>
      <Card size="small" className="report-section" title={t('impact.share')}>
        <ShareSection preview={preview} />
        <PlanSharesSection preview={preview} />
      </Card>
      <BreakdownsCard preview={preview} focusDocument={focusDocument} />
      <Card size="small" className="report-section impact-moved" title={t('impact.moved')}>
        {firms ? (
          <MovedSection preview={preview} input={input} />
        ) : (
          <Alert
            className="impact-aggregates-only"
            type="info"
            showIcon
            message={t('impact.aggregatesOnly')}
          />
        )}
      </Card>
      <Card size="small" className="report-section" title={t('impact.golden')}>
        <GoldenSection golden={preview.golden} />
      </Card>
      <Card size="small" className="report-section" title={t('impact.warnings')}>
        <WarningsSection warnings={preview.warnings} />
      </Card>
    </div>
  );
}
