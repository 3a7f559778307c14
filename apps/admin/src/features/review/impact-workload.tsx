/** The impact report's planning sections: inspections per department (a planner's table and chart) and the differentiated-sampling share. */
import { Col, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { LazyChart } from '../../charts/lazy-chart.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import { fmtInt, fmtPct } from '../../lib/numbers.ts';
import { textOf } from '../../lib/texts.ts';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { plannerTable } from '../../lib/workload.ts';
import type { Preview } from './api-types.ts';
import { deltaTag } from './impact-grades.tsx';

export function WorkloadSection({ preview }: { preview: Preview }) {
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

export function ShareSection({ preview }: { preview: Preview }) {
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
