/**
 * 年度计划: rounds per year and the inspections expected per round and grade (by the grade's label),
 * from the latest signed-off run or a dataset and a date. Counts only, no enterprise.
 */
import { Alert, Card, Descriptions, Form, Spin, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useT } from '../../i18n/index.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { useTRPC } from '../../lib/trpc.tsx';
import type { YearlyPlan } from './api-types.ts';
import { useDatasetName, useGradeLabel } from './draw-parts.tsx';
import { sourceInput, useDrawSource } from './source-picker.tsx';

export function PlanView({ plan }: { plan: YearlyPlan }) {
  const t = useT();
  const gradeLabel = useGradeLabel();
  const datasetName = useDatasetName();
  const grades = plan.grades;
  // per grade (the key-domain exceptions and frequencies of a grade summed): the expected inspections per round
  const gradeOf = (g: { grade: string | null }) => g.grade ?? '';
  const matrix = plan.rounds.map((r) => {
    const row: Record<string, number> = { round: r.round, total: r.expected };
    for (const g of r.byGrade) row[gradeOf(g)] = (row[gradeOf(g)] ?? 0) + g.expected;
    return row;
  });
  const gradeColumns = [...new Set(grades.map(gradeOf))];
  return (
    <div className="plan-view">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('draws.plan.source')}>{plan.runId ? t('runs.runN', { id: plan.runId }) : `${datasetName(plan.datasetId)} · ${plan.at}`}</Descriptions.Item>
        <Descriptions.Item label={t('draws.plan.rounds')}>
          <Typography.Text strong>{t('draws.plan.roundsPerYear', { n: plan.roundsPerYear })}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('draws.plan.roundTotal')}>
          <Typography.Text strong>{t('draws.plan.perYear', { n: fmtInt(plan.perYear) })}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">{t('draws.excluded', { deregistered: fmtInt(plan.excluded.deregistered), revoked: fmtInt(plan.excluded.licenceRevoked) })}</Typography.Paragraph>
      <Table
        className="plan-rounds"
        size="small"
        rowKey="round"
        pagination={false}
        dataSource={matrix}
        style={{ marginBottom: 16 }}
        columns={[
          { title: t('draws.round'), dataIndex: 'round', width: 100, render: (n: number) => t('draws.plan.round', { n }) },
          ...gradeColumns.map((g) => ({
            title: gradeLabel(g || null),
            key: g,
            align: 'right' as const,
            render: (_: unknown, r: Record<string, number>) => (r[g] !== undefined ? fmtInt(r[g]) : t('draws.plan.notInRound')),
          })),
          { title: t('draws.plan.roundTotal'), dataIndex: 'total', align: 'right' as const, width: 110, render: (n: number) => <Typography.Text strong>{fmtInt(n)}</Typography.Text> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
        {t('draws.plan.groupsHint')}
      </Typography.Paragraph>
      <Table
        className="plan-grades"
        size="small"
        rowKey={(g) => `${g.grade ?? ''}|${g.ratioPercent}|${g.frequencyPerYear}`}
        pagination={false}
        dataSource={grades}
        columns={[
          { title: t('draws.grade'), key: 'grade', render: (_: unknown, g) => gradeLabel(g.grade) },
          { title: t('draws.plan.population'), dataIndex: 'population', align: 'right', render: (n: number) => fmtInt(n) },
          { title: t('draws.plan.ratio'), dataIndex: 'ratioPercent', align: 'right', render: (n: number) => `${n}%` },
          { title: t('draws.plan.frequency'), dataIndex: 'frequencyPerYear', align: 'right' },
          { title: t('draws.plan.perRound'), dataIndex: 'perRound', align: 'right', render: (n: number) => fmtInt(n) },
          { title: t('draws.plan.inRounds'), key: 'rounds', render: (_: unknown, g) => g.rounds.map((n) => t('draws.plan.round', { n })).join('、') || t('draws.plan.notInRound') },
          { title: t('draws.plan.perYearCol'), dataIndex: 'perYear', align: 'right', render: (n: number) => fmtInt(n) },
        ]}
      />
    </div>
  );
}

export function PlanTab({ department }: { department: string }) {
  const t = useT();
  const trpc = useTRPC();
  const deptName = useDepartmentName();
  const { source, picker } = useDrawSource();
  const plan = useQuery({ ...trpc.draws.plan.queryOptions({ department, ...(source ? sourceInput(source) : {}) }), enabled: source !== null, staleTime: 60_000 });
  return (
    <Card size="small" className="plan-tab" title={t('draws.plan.title', { department: deptName(department) })}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('draws.plan.hint')} />
      <Form layout="horizontal">{picker}</Form>
      {plan.error && <ErrorAlert error={plan.error} />}
      {plan.isFetching && !plan.data && <Spin style={{ display: 'block', margin: 24 }} />}
      {plan.data && <PlanView plan={plan.data} />}
    </Card>
  );
}
