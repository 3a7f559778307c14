/**
 * A draw's record as its department and the credit office see it: counts per grade (by label), the
 * load per inspector, the enterprises left out by status, and the list with grades and inspectors.
 */
import { Card, Col, Row, Table, Tag, Typography } from 'antd';
import { useT } from '../../i18n/index.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import type { DrawInspection, DrawRecord } from './api-types.ts';
import { useGradeLabel, useItemName } from './draw-parts.tsx';

/** Inspector id → "姓名（工号）" from a roster or directory. */
export type InspectorNames = (id: string) => string;

export function DrawCounts({ record, inspectorName }: { record: DrawRecord; inspectorName: InspectorNames }) {
  const t = useT();
  const gradeLabel = useGradeLabel();
  const loads = Object.entries(record.load).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const values = loads.map(([, n]) => n);
  const spread = values.length > 0 ? Math.max(...values) - Math.min(...values) : 0;
  return (
    <Row gutter={[12, 12]} className="draw-counts" style={{ marginBottom: 12 }}>
      <Col xs={24} xl={12}>
        <Card size="small" type="inner" title={t('draws.byGrade')} extra={<Typography.Text strong>{t('draws.totalDrawn', { n: fmtInt(record.inspections.length) })}</Typography.Text>}>
          <Table
            className="draw-groups"
            size="small"
            pagination={false}
            rowKey={(g) => `${g.grade ?? ''}|${g.ratioPercent}|${g.frequencyPerYear}`}
            dataSource={record.groups}
            columns={[
              { title: t('draws.grade'), key: 'grade', render: (_: unknown, g) => gradeLabel(g.grade) },
              { title: t('draws.plan.ratio'), dataIndex: 'ratioPercent', align: 'right', render: (n: number) => `${n}%` },
              { title: t('draws.plan.frequency'), dataIndex: 'frequencyPerYear', align: 'right' },
              { title: t('draws.group.population'), dataIndex: 'population', align: 'right', render: (n: number) => fmtInt(n) },
              {
                title: t('draws.group.drawn'),
                key: 'drawn',
                align: 'right',
                render: (_: unknown, g) => (g.scheduled ? <Typography.Text strong>{fmtInt(g.drawn)}</Typography.Text> : <Typography.Text type="secondary">{t('draws.group.notScheduled')}</Typography.Text>),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
            {t('draws.plan.groupsHint')}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} className="draw-excluded">
            {t('draws.excluded', { deregistered: fmtInt(record.excluded.deregistered), revoked: fmtInt(record.excluded.licenceRevoked) })}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" type="inner" title={t('draws.load')} extra={<Typography.Text type="secondary">{t('draws.loadSpread', { n: spread })}</Typography.Text>}>
          <Table
            className="draw-load"
            size="small"
            pagination={loads.length > 8 ? { pageSize: 8, size: 'small', showSizeChanger: false } : false}
            rowKey={([id]) => id}
            dataSource={loads}
            columns={[
              { title: t('draws.inspectors'), key: 'who', render: (_: unknown, [id]) => inspectorName(id) },
              { title: t('draws.count'), key: 'n', align: 'right', render: (_: unknown, [, n]) => fmtInt(n) },
            ]}
          />
          {record.repeatedFromPrevious > 0 && (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('draws.repeated', { n: record.repeatedFromPrevious })}
            </Typography.Paragraph>
          )}
        </Card>
      </Col>
    </Row>
  );
}

/** The internal list: enterprise, USCC, grade, items by name, the two inspectors. */
export function InspectionsTable({ inspections, inspectorName }: { inspections: readonly DrawInspection[]; inspectorName: InspectorNames }) {
  const t = useT();
  const gradeLabel = useGradeLabel();
  const itemName = useItemName();
  return (
    <Table<DrawInspection>
      className="draw-inspections"
      size="small"
      rowKey="uscc"
      dataSource={[...inspections]}
      pagination={{ pageSize: 10, size: 'small', showSizeChanger: false }}
      scroll={{ x: 900 }}
      columns={[
        { title: t('draws.enterprise'), dataIndex: 'name', ellipsis: true },
        { title: t('draws.uscc'), dataIndex: 'uscc', width: 190, render: (u: string) => <code>{u}</code> },
        { title: t('draws.grade'), key: 'grade', width: 120, render: (_: unknown, x) => <Tag>{gradeLabel(x.grade)}</Tag> },
        {
          title: t('draws.items'),
          key: 'items',
          render: (_: unknown, x) => x.items.filter((i) => /[A-Z]+-\d+/.test(i)).map(itemName).join('、') || x.items.map(itemName).join('、'),
        },
        { title: t('draws.inspectors'), key: 'inspectors', width: 220, render: (_: unknown, x) => x.inspectors.map(inspectorName).join('、') },
      ]}
    />
  );
}
