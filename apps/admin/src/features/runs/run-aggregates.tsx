/**
 * A run's aggregates (no enterprise): per grading document the distribution by grade label (chart and
 * table) and by department (department names, grades as columns), then the inspections per department.
 */
import { Card, Col, Row, Table, Typography } from 'antd';
import { RunWarningsSection } from './run-warnings.tsx';
import type { EChartsOption } from 'echarts';
import { LazyChart } from '../../charts/lazy-chart.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { textOf } from '../../lib/texts.ts';
import type { Breakdown, RunAggregates } from './api-types.ts';
import { gradeName } from './run-parts.tsx';

type Doc = RunAggregates['documents'][number];

const share = (n: number, total: number) => (total > 0 ? `${((n / total) * 100).toFixed(1)}%` : '—');

/** Grade columns of a document: its grades, then "no grade" when anybody has none. */
export function gradeColumns(doc: Pick<Doc, 'grades' | 'gradeLabels'>, rows: readonly Pick<Breakdown, 'counts'>[], lang: 'zh' | 'en', none: string) {
  const anyNone = rows.some((r) => (r.counts[doc.grades.length] ?? 0) > 0);
  const cols = doc.grades.map((g, k) => ({ index: k, label: gradeName(lang, g, doc.grades, doc.gradeLabels, none) }));
  if (anyNone) cols.push({ index: doc.grades.length, label: none });
  return cols;
}

/** A department's name (directory in force, else the evaluator's label); '' → no department. */
export function useBreakdownName(): (b: Pick<Breakdown, 'key' | 'label'>) => string {
  const t = useT();
  const { lang } = useLang();
  const name = useDepartmentName();
  return (b) => {
    if (b.key === '') return t('runs.noDepartment');
    const n = name(b.key);
    return n !== b.key ? n : textOf(lang, b.label, b.key);
  };
}

function DocumentSection({ doc }: { doc: Doc }) {
  const title = useDocumentTitle()(doc.id, doc.title);
  const t = useT();
  const { lang } = useLang();
  const deptName = useBreakdownName();
  const cols = gradeColumns(doc, [doc.overall, ...doc.byDepartment], lang, t('runs.noGrade'));
  const rows = cols.map((c) => ({ key: String(c.index), label: c.label, n: doc.overall.counts[c.index] ?? 0 }));
  const option: EChartsOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: { type: 'value' },
    series: [{ name: t('runs.enterprises'), type: 'bar', data: rows.map((r) => r.n), itemStyle: { color: '#1d4f91' }, barMaxWidth: 48 }],
  };
  const depts = [...doc.byDepartment].sort((a, b) => b.total - a.total);
  return (
    <Card size="small" className="run-document report-section" title={title} style={{ marginBottom: 12 }}>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <LazyChart option={option} height={240} ariaLabel={t('runs.distributionOf', { title })} />
        </Col>
        <Col xs={24} xl={12}>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>{t('runs.total')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {fmtInt(doc.overall.total)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  100%
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
            columns={[
              { title: t('runs.grade'), dataIndex: 'label' },
              { title: t('runs.enterprises'), dataIndex: 'n', align: 'right', render: (v: number) => fmtInt(v) },
              { title: t('runs.share'), key: 'share', align: 'right', render: (_: unknown, r) => share(r.n, doc.overall.total) },
            ]}
          />
        </Col>
      </Row>
      {depts.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('runs.byDepartment')}
          </Typography.Title>
          <Table<Breakdown>
            className="run-by-department"
            size="small"
            rowKey="key"
            dataSource={depts}
            pagination={depts.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('runs.department'), key: 'name', render: (_: unknown, r) => deptName(r), fixed: 'left' },
              ...cols.map((c) => ({
                title: c.label,
                key: `g${c.index}`,
                align: 'right' as const,
                render: (_: unknown, r: Breakdown) => fmtInt(r.counts[c.index] ?? 0),
              })),
              { title: t('runs.total'), dataIndex: 'total', align: 'right', render: (v: number) => <strong>{fmtInt(v)}</strong> },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function WorkloadSection({ aggregates }: { aggregates: RunAggregates }) {
  const t = useT();
  const deptName = useBreakdownName();
  const rows = [...aggregates.workload].sort((a, b) => b.inspectionsPerYear - a.inspectionsPerYear);
  const one = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 1 });
  return (
    <Card size="small" className="report-section" title={t('runs.workload')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('runs.workloadHint', { total: one(aggregates.totalInspectionsPerYear), share: aggregates.differentiatedSharePercent.toFixed(1) })}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey={(r) => r.department || '(none)'}
        dataSource={rows}
        pagination={rows.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
        columns={[
          { title: t('runs.department'), key: 'name', render: (_: unknown, r) => deptName({ key: r.department, label: r.label }) },
          { title: t('runs.enterprises'), dataIndex: 'enterprises', align: 'right', render: (v: number) => fmtInt(v) },
          { title: t('runs.inspectionsPerYear'), dataIndex: 'inspectionsPerYear', align: 'right', render: (v: number) => one(v) },
          { title: t('runs.differentiatedPerYear'), dataIndex: 'differentiatedPerYear', align: 'right', render: (v: number) => one(v) },
        ]}
      />
    </Card>
  );
}

export function RunAggregatesView({ aggregates }: { aggregates: RunAggregates }) {
  const docs = aggregates.documents.filter((d) => d.kind === 'grading' || d.kind === 'industry-model');
  return (
    <div className="run-aggregates">
      {docs.map((d) => (
        <DocumentSection key={d.id} doc={d} />
      ))}
      <WorkloadSection aggregates={aggregates} />
      <RunWarningsSection aggregates={aggregates} />
    </div>
  );
}
