/**
 * The impact report's early warnings (风险预警, issue 13 finding 5): per warned department, how many
 * enterprises its rules warn under the published set and the candidate, and per rule its condition in
 * words and its count. Counts only: no enterprise is named, so every reader sees it.
 */
import { Card, Table, Typography } from 'antd';
import { pickText, useLang, useT } from '../../i18n/index.tsx';
import type { Preview } from './api-types.ts';

type Counts = NonNullable<Preview['earlyWarnings']['candidate']>;
type Rule = Counts['rules'][number];

const change = (before: number | undefined, after: number) => (before === undefined || before === after ? String(after) : `${before} → ${after}`);
const key = (r: { documentId: string; ruleId: string }) => `${r.documentId}|${r.ruleId}`;

/** The section (nothing when neither set has early-warning rules). */
export function EarlyWarningsSection({ preview }: { preview: Preview }) {
  const t = useT();
  const { lang } = useLang();
  const cand = preview.earlyWarnings?.candidate ?? null;
  const base = preview.earlyWarnings?.base ?? null;
  if (!cand && !base) return null;
  const baseRule = (r: { documentId: string; ruleId: string }) => base?.rules.find((x) => key(x) === key(r));
  const names = new Map([...(base?.departments ?? []), ...(cand?.departments ?? [])].map((d) => [d.department, d.name ? pickText(lang, d.name) : d.department]));
  return (
    <Card size="small" className="report-section impact-warnings" title={t('warnings.previewTitle')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('warnings.previewHint')}
      </Typography.Paragraph>
      {!cand ? (
        <Typography.Text type="secondary">{t('warnings.noneInCandidate')}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph>
            {cand.departments.map((d) => {
              const before = base?.departments.find((x) => x.department === d.department)?.enterprises;
              return (
                <span key={d.department} data-testid="warned-department" style={{ marginRight: 16 }}>
                  {t('warnings.enterprisesOf', { department: names.get(d.department) ?? d.department, count: change(before, d.enterprises) })}
                </span>
              );
            })}
          </Typography.Paragraph>
          <Table<Rule>
            size="small"
            pagination={false}
            rowKey={key}
            dataSource={cand.rules}
            aria-label={t('warnings.previewTitle')}
            columns={[
              { title: t('warnings.ruleName'), key: 'n', width: 220, render: (_, r) => pickText(lang, r.label) },
              { title: t('warnings.when'), key: 'w', render: (_, r) => pickText(lang, r.condition) },
              { title: t('warnings.notify'), key: 'd', width: 200, render: (_, r) => r.notify.map((d) => names.get(d) ?? d).join('、') },
              {
                title: `${t('warnings.count')}（${t('triggers.countBase')} → ${t('triggers.countCandidate')}）`,
                key: 'c',
                align: 'right',
                width: 140,
                render: (_, r) => {
                  const b = baseRule(r)?.count;
                  return <span className={b !== undefined && b !== r.count ? 'impact-changed' : undefined}>{change(b, r.count)}</span>;
                },
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
