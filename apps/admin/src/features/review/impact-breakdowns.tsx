/**
 * The impact report's breakdowns (issue 13, finding 9) and the yearly plans' differentiated share
 * (finding 4): per document, the grade distribution by department, domain, industry section and region
 * before → after (only rows that changed, with a switch to show all) and the near-threshold counts,
 * from the two aggregates the preview already returns; the plans' share in enterprises against the target.
 */
import { useMemo, useState } from 'react';
import { Alert, Card, Segmented, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { BreakdownDimension, BreakdownRowDelta, DocumentBreakdowns } from '@policy/evaluation';
import { BREAKDOWN_DIMENSIONS, DIMENSION_LABELS, breakdownComparison } from '@policy/evaluation';
import { useLang } from '../../i18n/index.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import type { Preview } from './api-types.ts';

const ROWS = { department: 'byDepartment', domain: 'byDomain', section: 'bySection', region: 'byRegion' } as const;
const L = {
  none: { zh: '各项分布均无变化', en: 'no distribution changed' },
  showAll: { zh: '显示全部行', en: 'show all rows' },
  near: { zh: '临界（阈值 ±{m} 分以内）', en: 'near a threshold (±{m} points)' },
  total: { zh: '合计', en: 'total' },
  gained: { zh: '变动', en: 'moved in' },
  unassigned: { zh: '未归属部门', en: 'no department' },
  plans: { zh: '年度抽查计划的差异化抽查占比（户数）', en: 'Differentiated share of the yearly plans (enterprises)' },
  department: { zh: '部门', en: 'Department' },
  year: { zh: '年度', en: 'Year' },
  share: { zh: '差异化抽查占比', en: 'Differentiated share' },
  target: { zh: '目标', en: 'Target' },
  gap: { zh: '差 {g} 个百分点', en: '{g} points short' },
  met: { zh: '达标', en: 'met' },
  noTarget: { zh: '无目标', en: 'no target' },
  enterprises: { zh: '{d} / {t} 户', en: '{d} of {t}' },
} as const;

type Lang = 'zh' | 'en';
const say = (lang: Lang, key: keyof typeof L, params: Record<string, string | number> = {}) =>
  L[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

function gradeName(d: DocumentBreakdowns, k: number, lang: Lang): string {
  const code = d.grades[k]!;
  const label = d.gradeLabels[k]!;
  const text = lang === 'en' ? (label.en ?? label.zh) : label.zh;
  return code === '' || code.length > 2 ? text : `${code} ${text}`;
}

function DimensionTable({ doc, dimension, all }: { doc: DocumentBreakdowns; dimension: BreakdownDimension; all: boolean }) {
  const { lang } = useLang();
  const rows: BreakdownRowDelta[] = doc[ROWS[dimension]];
  const shown = all ? rows : rows.filter((r) => r.changed > 0 || r.totalBefore !== r.totalAfter);
  if (shown.length === 0) return <Typography.Text type="secondary">{say(lang, 'none')}</Typography.Text>;
  const used = doc.grades.map((_, k) => k).filter((k) => shown.some((r) => r.before[k]! > 0 || r.after[k]! > 0));
  const cell = (b: number, a: number) => (b === a ? String(a) : <span className={a > b ? 'delta-up' : 'delta-down'}>{`${b} → ${a}`}</span>);
  return (
    <Table<BreakdownRowDelta>
      size="small"
      rowKey="key"
      pagination={shown.length > 15 ? { pageSize: 15, size: 'small' } : false}
      dataSource={shown}
      columns={[
        {
          title: DIMENSION_LABELS[dimension][lang] ?? DIMENSION_LABELS[dimension].zh,
          key: 'name',
          render: (_, r) => (r.label ? (lang === 'en' ? (r.label.en ?? r.label.zh) : r.label.zh) : r.key === '' ? say(lang, 'unassigned') : r.key),
        },
        ...used.map((k) => ({ title: gradeName(doc, k, lang), key: `g${k}`, align: 'right' as const, render: (_: unknown, r: BreakdownRowDelta) => cell(r.before[k]!, r.after[k]!) })),
        { title: say(lang, 'total'), key: 'total', align: 'right' as const, render: (_: unknown, r: BreakdownRowDelta) => cell(r.totalBefore, r.totalAfter) },
        { title: say(lang, 'gained'), key: 'changed', align: 'right' as const, dataIndex: 'changed' },
      ]}
    />
  );
}

/** Breakdowns of every document that changed (or of the focus document), one tab per dimension. */
export function BreakdownsSection({ preview, focusDocument }: { preview: Preview; focusDocument?: string }) {
  const { lang } = useLang();
  const [all, setAll] = useState(false);
  const docs = useMemo(() => breakdownComparison(preview.base.aggregate, preview.candidate.aggregate), [preview]);
  const changed = docs.filter((d) => d.id === focusDocument || BREAKDOWN_DIMENSIONS.some((dim) => d[ROWS[dim]].some((r) => r.changed > 0)) || d.nearThreshold.before !== d.nearThreshold.after);
  const [docId, setDocId] = useState<string | undefined>(undefined);
  const docTitle = useDocumentTitle();
  if (changed.length === 0) return <Alert type="info" showIcon message={say(lang, 'none')} />;
  const doc = changed.find((d) => d.id === docId) ?? changed[0]!;
  return (
    <div className="impact-breakdowns">
      <Space wrap style={{ marginBottom: 8 }}>
        {changed.length > 1 && (
          <Segmented value={doc.id} onChange={(v) => setDocId(String(v))} options={changed.map((d) => ({ value: d.id, label: docTitle(d.id, d.title) }))} />
        )}
        <Tag>
          {say(lang, 'near', { m: doc.nearThreshold.margin })}：{doc.nearThreshold.before} → {doc.nearThreshold.after}
        </Tag>
        <Space size={4}>
          <Switch size="small" checked={all} onChange={setAll} aria-label={say(lang, 'showAll')} />
          <Typography.Text type="secondary">{say(lang, 'showAll')}</Typography.Text>
        </Space>
      </Space>
      <Tabs
        size="small"
        items={BREAKDOWN_DIMENSIONS.map((dim) => ({
          key: dim,
          label: DIMENSION_LABELS[dim][lang] ?? DIMENSION_LABELS[dim].zh,
          children: <DimensionTable doc={doc} dimension={dim} all={all} />,
        }))}
      />
    </div>
  );
}

type PlanShare = Preview['planShares'][number];

/** The candidate's yearly plans: share of inspected enterprises chosen by differentiated sampling, against the target. */
export function PlanSharesSection({ preview }: { preview: Preview }) {
  const { lang } = useLang();
  if (preview.planShares.length === 0) return null;
  return (
    <div className="impact-plan-shares">
      <Typography.Title level={5}>{say(lang, 'plans')}</Typography.Title>
      <Table<PlanShare>
        size="small"
        rowKey={(p) => `${p.department}|${p.year}`}
        pagination={false}
        dataSource={preview.planShares}
        columns={[
          { title: say(lang, 'department'), key: 'd', render: (_, p) => (lang === 'en' ? p.departmentLabel.en : p.departmentLabel.zh) },
          { title: say(lang, 'year'), dataIndex: 'year', key: 'y' },
          {
            title: say(lang, 'share'),
            key: 's',
            align: 'right',
            render: (_, p) => (p.sharePercent === null ? '—' : `${p.sharePercent.toFixed(1)}%（${say(lang, 'enterprises', { d: p.differentiated, t: p.total })}）`),
          },
          { title: say(lang, 'target'), key: 't', align: 'right', render: (_, p) => (p.targetPercent === null ? say(lang, 'noTarget') : `${p.targetPercent}%`) },
          {
            title: '',
            key: 'm',
            render: (_, p) =>
              p.meetsTarget === false ? (
                <Tag color="red">{say(lang, 'gap', { g: p.gapPoints.toFixed(1) })}</Tag>
              ) : p.meetsTarget ? (
                <Tag color="green">{say(lang, 'met')}</Tag>
              ) : null,
          },
        ]}
      />
    </div>
  );
}

/** The report section: 分项统计 with the breakdowns. */
export function BreakdownsCard({ preview, focusDocument }: { preview: Preview; focusDocument?: string }) {
  const { lang } = useLang();
  return (
    <Card size="small" className="report-section" title={lang === 'en' ? 'Breakdowns by department, domain, section and region' : '分项统计（按部门、监管领域、行业门类、行政区划）'}>
      <BreakdownsSection preview={preview} focusDocument={focusDocument} />
    </Card>
  );
}
