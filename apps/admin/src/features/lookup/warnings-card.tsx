/**
 * The early warnings of an enterprise (风险预警, issue 13 finding 5): per rule that warns it, who is
 * warned and why — each key indicator's value beside the threshold it was compared with, or the grade
 * under the named document, and whether that part of the condition holds. A text where a number is
 * expected is said to be no number (the comparison read it as no value).
 */
import { Card, List, Tag, Typography } from 'antd';
import { pickText, useLang, useT } from '../../i18n/index.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import type { Explanation } from './api-types.ts';

type Warning = NonNullable<Explanation['warnings']>[number];
type LeafValue = NonNullable<Warning['values']>[number];

const OPS: Record<string, string> = { '>=': '≥', '<=': '≤', '!=': '≠', '==': '=' };
const shown = (v: number | boolean | string | null, none: string, yes: string, no: string) => (v === null ? none : v === true ? yes : v === false ? no : String(v));

/** Nothing when the policy set has no early-warning rules (the explanation has no `warnings`). */
export function WarningsCard({ e }: { e: Explanation }) {
  const t = useT();
  const { lang } = useLang();
  const department = useDepartmentName();
  if (!e.warnings) return null;
  const leaf = (v: LeafValue) => {
    const holds = <Tag color={v.holds ? 'red' : 'default'}>{v.holds ? t('lookup.warningHolds') : t('lookup.warningNotHolds')}</Tag>;
    if (v.leaf === 'grade')
      return (
        <>
          {pickText(lang, v.title)} {t('lookup.warningGrade')} {v.grade ?? t('lookup.warningNoValue')}（{t('lookup.warningGradeIn')} {v.grades.join('、')}）{holds}
        </>
      );
    const value = shown(v.value, t('lookup.warningNoValue'), t('common.yes'), t('common.no'));
    const threshold = shown(v.threshold, '', t('common.yes'), t('common.no'));
    return (
      <>
        {pickText(lang, v.label)} = <Typography.Text strong>{value}</Typography.Text>
        {/* a text compared with a number is no number: the comparison read it as no value */}
        {v.notNumber ? <Typography.Text type="secondary">（{t('lookup.warningNotNumber')}）</Typography.Text> : null}（{t('lookup.warningThreshold')} {OPS[v.op] ?? v.op} {threshold}）{holds}
      </>
    );
  };
  return (
    <Card size="small" title={t('lookup.warnings')} className="lookup-warnings">
      <List
        size="small"
        dataSource={e.warnings}
        locale={{ emptyText: t('lookup.warningsNone') }}
        renderItem={(w) => (
          <List.Item key={`${w.documentId}|${w.ruleId}`} data-testid="lookup-warning">
            <div>
              <Typography.Text strong>{pickText(lang, w.label)}</Typography.Text>
              {w.notify.map((d) => (
                <Tag key={d} style={{ marginLeft: 6 }}>
                  {department(d)}
                </Tag>
              ))}
              <div>
                {t('warnings.when')}：{pickText(lang, w.condition)}
              </div>
              {(w.values ?? []).map((v, k) => (
                <div key={k} className="lookup-warning-value">
                  {leaf(v)}
                </div>
              ))}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
