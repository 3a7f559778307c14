/**
 * The early warnings a run keeps with its aggregates (风险预警, issue 13 finding 5): per warned department
 * the distinct enterprises, per rule its condition in words, the departments warned and the count.
 * Counts only. Nothing for runs whose set had no rules (or made before warnings were kept).
 */
import { Card, Table, Typography } from 'antd';
import { pickText, useLang, useT } from '../../i18n/index.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import type { RunAggregates } from './api-types.ts';

type Rule = NonNullable<RunAggregates['earlyWarnings']>['rules'][number];

export function RunWarningsSection({ aggregates }: { aggregates: RunAggregates }) {
  const t = useT();
  const { lang } = useLang();
  const department = useDepartmentName();
  const w = aggregates.earlyWarnings;
  if (!w) return null;
  return (
    <Card size="small" className="report-section run-warnings" title={t('warnings.previewTitle')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph>
        {w.departments.map((d) => (
          <span key={d.department} data-testid="run-warned-department" style={{ marginRight: 16 }}>
            {t('warnings.enterprisesOf', { department: d.name ? pickText(lang, d.name) : department(d.department), count: String(d.enterprises) })}
          </span>
        ))}
      </Typography.Paragraph>
      <Table<Rule>
        size="small"
        pagination={false}
        rowKey={(r) => `${r.documentId}|${r.ruleId}`}
        dataSource={w.rules}
        aria-label={t('warnings.previewTitle')}
        columns={[
          { title: t('warnings.ruleName'), key: 'n', width: 220, render: (_, r) => pickText(lang, r.label) },
          { title: t('warnings.when'), key: 'w', render: (_, r) => pickText(lang, r.condition) },
          { title: t('warnings.notify'), key: 'd', width: 200, render: (_, r) => r.notify.map((d) => department(d)).join('、') },
          { title: t('warnings.count'), key: 'c', align: 'right', width: 100, render: (_, r) => r.count },
        ]}
      />
    </Card>
  );
}
