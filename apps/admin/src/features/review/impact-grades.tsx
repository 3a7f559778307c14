/** The impact report's per-document sections: the grade distribution before/after and the migration heat map. */
import { useMemo } from 'react';
import { Col, Row, Table, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { LazyChart } from '../../charts/lazy-chart.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import { fmtDelta, fmtInt, fmtPct } from '../../lib/numbers.ts';
import type { DocumentComparison } from './api-types.ts';
import { gradeAxisLabel, heatmapOption, migrationHeatmap } from './heatmap.ts';

/** A signed change, red when it rises and green when it falls. */
export const deltaTag = (d: number, digits = 0) => (
  <span style={{ color: d > 0 ? '#c8161d' : d < 0 ? '#237804' : undefined }}>{fmtDelta(d, digits)}</span>
);

export function DistributionSection({ doc }: { doc: DocumentComparison }) {
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

export function HeatmapSection({ doc }: { doc: DocumentComparison }) {
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
