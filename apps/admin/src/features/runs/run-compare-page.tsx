/**
 * Comparing two runs (`#/runs/:id/compare?base=&document=`): the run of the address is the candidate,
 * the user picks the base run and the document; the migration matrix (the review's heat map), the
 * distributions overall and by department, the inspections per department, and the moved enterprises
 * with the reasons, a page at a time (not for a viewer).
 */
import { useMemo, useState } from 'react';
import { Alert, Breadcrumb, Card, Col, Descriptions, Empty, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { canReadFirms } from '@policy/schemas';
import { LazyChart } from '../../charts/lazy-chart.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { fmtDelta, fmtInt, fmtPct } from '../../lib/numbers.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { serverText, textOf } from '../../lib/texts.ts';
import { useTRPC } from '../../lib/trpc.tsx';
import { heatmapOption, migrationHeatmap } from '../review/heatmap.ts';
import { aggregatesOf } from './api-types.ts';
import type { RunComparison, RunMovedRow, RunRow } from './api-types.ts';
import { shortTitle } from './run-results-table.tsx';
import { SignalChangesCard } from './run-signal-changes.tsx';

const delta = (d: number, digits = 0) => <span style={{ color: d > 0 ? '#c8161d' : d < 0 ? '#237804' : undefined }}>{fmtDelta(d, digits)}</span>;
const one = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 1 });

/** A grade's label of a comparison in the UI language (`A 守信`, `优`). */
function useGradeText(c: RunComparison) {
  const { lang } = useLang();
  const t = useT();
  return (code: string | null) => {
    if (code === null || code === '') return t('runs.noGrade');
    const g = c.matrix.grades.find((x) => x.code === code);
    const text = g ? textOf(lang, g.label, code) : code;
    return /^[A-Z]$/.test(code) && text !== code ? `${code} ${text}` : text;
  };
}

function DistributionCard({ c }: { c: RunComparison }) {
  const t = useT();
  const gradeText = useGradeText(c);
  const rows = c.matrix.grades
    .map((g) => ({ key: g.code || '(none)', label: gradeText(g.code), before: c.distributions.base[g.code] ?? 0, after: c.distributions.candidate[g.code] ?? 0 }))
    .filter((r) => r.key !== '(none)' || r.before > 0 || r.after > 0);
  const option: EChartsOption = {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('runCompare.base'), t('runCompare.candidate')], top: 0 },
    grid: { left: 56, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: { type: 'value' },
    series: [
      { name: t('runCompare.base'), type: 'bar', data: rows.map((r) => r.before), itemStyle: { color: '#8c9db5' } },
      { name: t('runCompare.candidate'), type: 'bar', data: rows.map((r) => r.after), itemStyle: { color: '#1d4f91' } },
    ],
  };
  return (
    <Card size="small" className="report-section" title={t('runCompare.distribution')} style={{ marginBottom: 12 }}>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <LazyChart option={option} height={260} ariaLabel={t('runCompare.distribution')} />
        </Col>
        <Col xs={24} xl={12}>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            columns={[
              { title: t('runs.grade'), dataIndex: 'label' },
              { title: t('runCompare.base'), dataIndex: 'before', align: 'right', render: (v: number) => fmtInt(v) },
              { title: t('runCompare.candidate'), dataIndex: 'after', align: 'right', render: (v: number) => fmtInt(v) },
              { title: t('runCompare.delta'), key: 'd', align: 'right', render: (_: unknown, r) => delta(r.after - r.before) },
              { title: t('runCompare.pct'), key: 'p', align: 'right', render: (_: unknown, r) => fmtPct(r.before, r.after) },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}

function ByDepartmentCard({ c }: { c: RunComparison }) {
  const t = useT();
  const { lang } = useLang();
  const gradeText = useGradeText(c);
  const deptName = useDepartmentName();
  const grades = c.matrix.grades.filter((g) => g.code !== '' || c.distributions.byDepartment.some((d) => (d.base[''] ?? 0) + (d.candidate[''] ?? 0) > 0));
  const name = (d: RunComparison['distributions']['byDepartment'][number]) =>
    d.department === '' ? t('runs.noDepartment') : deptName(d.department) !== d.department ? deptName(d.department) : textOf(lang, d.label, d.department);
  const rows = [...c.distributions.byDepartment].sort((a, b) => sum(b.candidate) - sum(a.candidate));
  return (
    <Card size="small" className="report-section" title={t('runCompare.byDepartment')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('runCompare.byDepartmentHint')}
      </Typography.Paragraph>
      <Table
        className="compare-by-department"
        size="small"
        rowKey={(r) => r.department || '(none)'}
        dataSource={rows}
        pagination={rows.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('runs.department'), key: 'name', fixed: 'left', render: (_: unknown, r) => name(r) },
          ...grades.map((g) => ({
            title: gradeText(g.code),
            key: `g-${g.code}`,
            align: 'right' as const,
            render: (_: unknown, r: (typeof rows)[number]) => {
              const b = r.base[g.code] ?? 0;
              const a = r.candidate[g.code] ?? 0;
              return (
                <span style={{ whiteSpace: 'nowrap' }}>
                  {fmtInt(b)} → {fmtInt(a)}
                  {a !== b && <span style={{ marginLeft: 4 }}>（{delta(a - b)}）</span>}
                </span>
              );
            },
          })),
        ]}
      />
    </Card>
  );
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((s, v) => s + v, 0);

function WorkloadCard({ c }: { c: RunComparison }) {
  const t = useT();
  const { lang } = useLang();
  const deptName = useDepartmentName();
  const rows = [...c.workload.departments].sort((a, b) => b.after - a.after);
  return (
    <Card size="small" className="report-section" title={t('runCompare.workload')} style={{ marginBottom: 12 }}>
      <Table
        size="small"
        rowKey={(r) => r.department || '(none)'}
        dataSource={rows}
        pagination={rows.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <strong>{t('runs.total')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              {one(c.workload.total.before)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {one(c.workload.total.after)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {delta(c.workload.total.delta, 1)}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
        columns={[
          {
            title: t('runs.department'),
            key: 'name',
            render: (_: unknown, r) => (r.department === '' ? t('runs.noDepartment') : deptName(r.department) !== r.department ? deptName(r.department) : textOf(lang, r.label, r.department)),
          },
          { title: t('runCompare.base'), dataIndex: 'before', align: 'right', render: (v: number) => one(v) },
          { title: t('runCompare.candidate'), dataIndex: 'after', align: 'right', render: (v: number) => one(v) },
          { title: t('runCompare.delta'), dataIndex: 'delta', align: 'right', render: (v: number) => delta(v, 1) },
        ]}
      />
    </Card>
  );
}

function MovedCard({ c, page, pageSize, onPage, loading }: { c: RunComparison; page: number; pageSize: number; onPage: (p: number) => void; loading: boolean }) {
  const t = useT();
  const { lang } = useLang();
  const me = useCurrentUser();
  const gradeText = useGradeText(c);
  return (
    <Card size="small" className="report-section" title={t('runCompare.moved')} style={{ marginBottom: 12 }}>
      {!canReadFirms(me) ? (
        <Alert type="info" showIcon message={t('runCompare.movedViewer', { n: fmtInt(c.moved.all) })} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            {c.moved.total === c.moved.all ? t('runCompare.movedTotal', { n: fmtInt(c.moved.total) }) : t('runCompare.movedMine', { n: fmtInt(c.moved.total), all: fmtInt(c.moved.all) })}
          </Typography.Paragraph>
          <Table<RunMovedRow>
            className="compare-moved"
            size="small"
            rowKey="uscc"
            loading={loading}
            dataSource={c.moved.rows}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runCompare.movedNone')} /> }}
            pagination={{ current: page, pageSize, total: c.moved.total, showSizeChanger: false, onChange: onPage, size: 'small' }}
            columns={[
              { title: t('runs.uscc'), dataIndex: 'uscc', width: 180, render: (v: string) => <code style={{ fontSize: 12 }}>{v}</code> },
              { title: t('runs.name'), dataIndex: 'name', width: 170 },
              {
                title: t('runCompare.change'),
                key: 'change',
                width: 170,
                render: (_: unknown, r) => (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <Tag>{gradeText(r.from)}</Tag>→
                    <Tag color="orange" style={{ marginLeft: 8 }}>
                      {gradeText(r.to)}
                    </Tag>
                  </span>
                ),
              },
              {
                title: t('runCompare.reasons'),
                key: 'reasons',
                render: (_: unknown, r) => (
                  <div style={{ fontSize: 13 }}>
                    <ul style={{ margin: 0, paddingLeft: 18 }}>
                      {r.reasons.map((x, k) => (
                        <li key={k}>{serverText(lang, x)}</li>
                      ))}
                    </ul>
                    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                      {t('runCompare.ruleBefore')}：{serverText(lang, r.sentenceBefore)}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                      {t('runCompare.ruleAfter')}：{serverText(lang, r.sentenceAfter)}
                    </Typography.Text>
                  </div>
                ),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

const comparable = (r: RunRow) => r.status === 'completed' || r.status === 'signed-off';

export default function RunComparePage() {
  const t = useT();
  const docTitle = useDocumentTitle();
  const { lang } = useLang();
  const trpc = useTRPC();
  const candidateId = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const runs = useQuery(trpc.runs.list.queryOptions({}));
  const candidateRun = useQuery({ ...trpc.runs.get.queryOptions({ runId: candidateId }), enabled: candidateId > 0 });
  const others = useMemo(() => (runs.data ?? []).filter((r) => r.id !== candidateId && comparable(r)), [runs.data, candidateId]);
  const fromAddress = Number(params.get('base'));
  // by default the newest earlier run (signed-off first), else any other
  const baseId =
    fromAddress > 0
      ? fromAddress
      : (others.find((r) => r.id < candidateId && r.status === 'signed-off') ?? others.find((r) => r.id < candidateId) ?? others[0])?.id ?? null;
  const docs = (candidateRun.data ? (aggregatesOf(candidateRun.data)?.documents ?? []) : []).filter((d) => d.kind === 'grading' || d.kind === 'industry-model');
  const document = params.get('document') ?? (docs.some((d) => d.id === 'public-credit-class') ? 'public-credit-class' : docs[0]?.id);
  const q = useQuery({
    ...trpc.runs.compare.queryOptions({
      baseRunId: baseId ?? 1,
      candidateRunId: candidateId,
      ...(document ? { document } : {}),
      movedPage: { offset: (page - 1) * pageSize, limit: pageSize },
    }),
    enabled: baseId !== null && candidateId > 0,
    placeholderData: keepPreviousData,
  });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
    setPage(1);
  };
  const c = q.data;
  const model = useMemo(
    () => (c ? migrationHeatmap({ grades: c.matrix.grades.map((g) => g.code), gradeLabels: c.matrix.grades.map((g) => g.label), matrix: c.matrix.counts }, lang) : null),
    [c, lang],
  );
  const option = useMemo(
    () => (model ? heatmapOption(model, { before: t('runCompare.baseGrade'), after: t('runCompare.candidateGrade'), count: t('runs.enterprises') }) : null),
    [model, t],
  );
  const runLabel = (r: RunRow) =>
    `${t('runs.runN', { id: r.id })} · ${t('runs.atShort')} ${r.at} · ${serverText(lang, r.datasetName)}${r.status === 'signed-off' ? ` · ${t('runs.status.signed-off')}` : ''}`;
  return (
    <div className="run-compare-page">
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/runs">{t('nav.runs')}</Link> }, { title: <Link to={`/runs/${candidateId}`}>{t('runs.runN', { id: candidateId })}</Link> }, { title: t('runCompare.title') }]}
      />
      <Card size="small" title={t('runCompare.titleOf', { id: candidateId })} style={{ marginBottom: 12 }} className="compare-choose">
        <Space wrap size="middle">
          <span>
            <Typography.Text style={{ marginRight: 8 }}>{t('runCompare.chooseBase')}</Typography.Text>
            <Select
              aria-label={t('runCompare.chooseBase')}
              style={{ width: 480 }}
              popupMatchSelectWidth={false}
              value={baseId ?? undefined}
              placeholder={t('runCompare.noOther')}
              onChange={(v: number) => set('base', String(v))}
              options={others.map((r) => ({ value: r.id, label: runLabel(r) }))}
            />
          </span>
          <span>
            <Typography.Text style={{ marginRight: 8 }}>{t('runCompare.document')}</Typography.Text>
            <Select
              aria-label={t('runCompare.document')}
              style={{ width: 280 }}
              popupMatchSelectWidth={false}
              value={document}
              onChange={(v: string) => set('document', v)}
              options={docs.map((d) => ({ value: d.id, label: shortTitle(docTitle(d.id, d.title)), title: docTitle(d.id, d.title) }))}
            />
          </span>
        </Space>
        {runs.data && others.length === 0 && <Alert style={{ marginTop: 8 }} type="info" showIcon message={t('runCompare.noOther')} />}
      </Card>
      {q.error && <ErrorAlert error={q.error} />}
      {baseId !== null && !c && !q.error && <Spin style={{ display: 'block', marginTop: 40 }} />}
      {c && model && option && (
        <>
          <Card size="small" className="report-section" title={t('runCompare.summary')} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
              <Descriptions.Item label={t('runCompare.base')}>{runLabel(c.base)}</Descriptions.Item>
              <Descriptions.Item label={t('runCompare.candidate')}>{runLabel(c.candidate)}</Descriptions.Item>
              <Descriptions.Item label={t('runCompare.document')}>{docTitle(c.document.id, c.document.title)}</Descriptions.Item>
              <Descriptions.Item label={t('runCompare.both')}>{fmtInt(c.both)}</Descriptions.Item>
              <Descriptions.Item label={t('runCompare.entered')}>{fmtInt(c.entered)}</Descriptions.Item>
              <Descriptions.Item label={t('runCompare.left')}>{fmtInt(c.left)}</Descriptions.Item>
              <Descriptions.Item label={t('runCompare.movedCount')}>{fmtInt(c.moved.all)}</Descriptions.Item>
              <Descriptions.Item label={t('runCompare.workloadTotal')}>
                {one(c.workload.total.before)} → {one(c.workload.total.after)}（{fmtPct(c.workload.total.before, c.workload.total.after)}）
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" className="report-section" title={t('runCompare.matrix')} style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{t('runCompare.matrixHint', { moved: fmtInt(model.moved) })}</Typography.Text>
            <LazyChart option={option} height={Math.max(240, 60 + model.labels.length * 44 + 70)} ariaLabel={t('runCompare.matrix')} />
          </Card>
          <DistributionCard c={c} />
          <ByDepartmentCard c={c} />
          <WorkloadCard c={c} />
          <MovedCard c={c} page={page} pageSize={pageSize} onPage={setPage} loading={q.isFetching} />
          <SignalChangesCard signals={c.signals} />
        </>
      )}
    </div>
  );
}
