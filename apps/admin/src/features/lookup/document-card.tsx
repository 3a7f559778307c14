/**
 * One document's part of an enterprise's explanation: its grade, the deciding rule, measures, records
 * counted and excluded, indicators. A text measure the grading compares with a number is said to be no
 * number (the decision read it as no value), as in the early warnings.
 */
import { Card, Descriptions, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useLang, useT } from '../../i18n/index.tsx';
import { enumLabel, recordKindLabel } from '../../i18n/schema-labels.ts';
import { useDepartmentDirectory } from '../../lib/department-directory.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { useGradeLabels } from '../../lib/grade-labels.tsx';
import { textOf } from '../../lib/texts.ts';
import type { DocExplanation } from './api-types.ts';

export function DocumentCard({ d }: { d: DocExplanation }) {
  const t = useT();
  const { lang } = useLang();
  const docTitle = useDocumentTitle();
  const gradeLabels = useGradeLabels();
  const counted = d.records.filter((r) => r.counted).length;
  // a record's domain (the domain of the authority that made it) by its name in the domain assignment in force
  const directory = useDepartmentDirectory();
  const domainName = (code: string) => {
    const found = directory?.domains.find((x) => x.id === code);
    return found ? textOf(lang, found.name, code) : code;
  };
  const withDomains = d.records.some((r) => 'domain' in r && typeof r.domain === 'string');
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <Space wrap>
          <span>{docTitle(d.id, d.title)}</span>
        </Space>
      }
      extra={
        d.grade === null ? (
          <Tag>{t('lookup.noGrade')}</Tag>
        ) : (
          <Tag color="blue" style={{ fontSize: 14, padding: '2px 10px' }}>
            {textOf(lang, d.gradeLabel, d.grade)}
          </Tag>
        )
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('lookup.rule')}>
          {d.rule === null ? '—' : <Tooltip title={d.rule}>{textOf(lang, d.ruleLabel, d.rule)}</Tooltip>}
        </Descriptions.Item>
      </Descriptions>
      {(d.score !== undefined || d.window) && (
        <Descriptions size="small" column={{ xs: 1, lg: 3 }}>
          {d.score !== undefined && (
            <Descriptions.Item label={t('lookup.score')}>{Math.round(d.score * 100) / 100}</Descriptions.Item>
          )}
          {d.window && (
            <Descriptions.Item label={t('lookup.window')}>
              {t('lookup.windowRange', { from: d.window.from, to: d.window.to })}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {d.measures.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey="id"
          dataSource={d.measures}
          columns={[
            {
              title: t('lookup.measure'),
              key: 'label',
              render: (_: unknown, m) => textOf(lang, m.label, m.id),
            },
            {
              title: t('lookup.measureType'),
              dataIndex: 'type',
              width: 180,
              render: (v: string) => enumLabel(lang, v),
            },
            {
              title: t('lookup.value'),
              dataIndex: 'value',
              width: 160,
              render: (v: unknown, m) =>
                v === null ? (
                  <Typography.Text type="secondary">{t('lookup.noValue')}</Typography.Text>
                ) : v === true ? (
                  t('lookup.yes')
                ) : v === false ? (
                  t('lookup.no')
                ) : m.notNumber ? (
                  // a text the grading compares with a number is no number: its decision read it as no value
                  <span data-testid="measure-not-number">
                    {String(v)}
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('lookup.warningNotNumber')}
                    </Typography.Text>
                  </span>
                ) : (
                  // a grade (the general grading an industry model builds on) by its label, not its code
                  (typeof v === 'string' && gradeLabels.get(v)) || String(v)
                ),
            },
          ]}
        />
      )}
      {d.kind === 'grading' && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('lookup.records', { counted, total: d.records.length })}
          </Typography.Title>
          <Table
            size="small"
            pagination={d.records.length > 10 ? { pageSize: 10, size: 'small' } : false}
            rowKey="id"
            dataSource={d.records}
            locale={{ emptyText: t('lookup.noRecords') }}
            columns={[
              { title: t('lookup.recordId'), dataIndex: 'id', width: 160, ellipsis: true },
              {
                title: t('lookup.recordKind'),
                dataIndex: 'kind',
                render: (v: string) => recordKindLabel(lang, v),
              },
              ...(withDomains
                ? [
                    {
                      title: t('lookup.recordDomain'),
                      key: 'domain',
                      render: (_: unknown, r: (typeof d.records)[number]) =>
                        'domain' in r && typeof r.domain === 'string' ? (
                          <span title={r.domain} data-testid="record-domain">
                            {domainName(r.domain)}
                          </span>
                        ) : null,
                    },
                  ]
                : []),
              { title: t('lookup.recordDate'), dataIndex: 'date', width: 120 },
              {
                title: t('lookup.severity'),
                dataIndex: 'severity',
                width: 110,
                render: (v: string) => (
                  <Tag color={v === 'serious' ? 'red' : v === 'ignore' ? 'default' : 'orange'}>
                    {enumLabel(lang, v)}
                  </Tag>
                ),
              },
              {
                title: t('lookup.counted'),
                key: 'counted',
                width: 200,
                render: (_: unknown, r) =>
                  r.counted ? (
                    <Tag color="red">{t('lookup.isCounted')}</Tag>
                  ) : (
                    <Tag color="default">
                      {t('lookup.excluded', { reason: textOf(lang, r.reasonLabel, r.reason ?? '') })}
                    </Tag>
                  ),
              },
            ]}
          />
        </>
      )}
      {d.indicators && d.indicators.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey="id"
          dataSource={d.indicators}
          columns={[
            {
              title: t('lookup.indicator'),
              key: 'label',
              render: (_: unknown, m) => textOf(lang, m.label, m.id),
            },
            {
              title: t('lookup.value'),
              dataIndex: 'value',
              render: (v: unknown) => (v === null ? t('lookup.noValue') : String(v)),
            },
            {
              title: t('lookup.points'),
              dataIndex: 'points',
              align: 'right',
              render: (v: number) => Math.round(v * 100) / 100,
            },
            {
              title: t('lookup.weight'),
              dataIndex: 'weight',
              align: 'right',
              render: (v: number) => `${(v * 100).toFixed(1)}%`,
            },
          ]}
        />
      )}
    </Card>
  );
}
