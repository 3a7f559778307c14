/**
 * The impact report's trigger-based supervision (触发式监管, issue 13 finding 6): per department, each
 * supervision item with a conditioned trigger point, how many enterprises trigger it under the
 * published set and the candidate, per trigger point, and the measures that apply. Counts only: no
 * enterprise is named, so every reader sees it.
 */
import { Card, Table, Tag, Typography } from 'antd';
import { pickText, useLang, useT } from '../../i18n/index.tsx';
import type { Preview } from './api-types.ts';

type Departments = NonNullable<Preview['triggers']['candidate']>;
type Item = Departments[number]['items'][number];

const change = (before: number | undefined, after: number) =>
  before === undefined || before === after ? String(after) : `${before} → ${after}`;

/** The section (nothing when neither set has a conditioned trigger point). */
export function TriggersSection({ preview }: { preview: Preview }) {
  const t = useT();
  const { lang } = useLang();
  const cand = preview.triggers?.candidate ?? null;
  const base = preview.triggers?.base ?? null;
  if (!cand && !base) return null;
  const baseItem = (department: string, documentId: string, code: string) =>
    base
      ?.find((d) => d.department === department)
      ?.items.find((x) => x.documentId === documentId && x.code === code);
  return (
    <Card size="small" className="report-section impact-triggers" title={t('triggers.previewTitle')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('triggers.previewHint')}
      </Typography.Paragraph>
      {!cand || cand.length === 0 ? (
        <Typography.Text type="secondary">{t('triggers.none')}</Typography.Text>
      ) : (
        cand.map((dep) => {
          const name = dep.name ? pickText(lang, dep.name) : dep.department;
          const before = base?.find((d) => d.department === dep.department)?.enterprises;
          return (
            <div key={dep.department} style={{ marginBottom: 12 }}>
              <Typography.Title level={5}>
                {t('triggers.enterprisesOf', { department: name, count: change(before, dep.enterprises) })}
              </Typography.Title>
              <Table<Item>
                size="small"
                pagination={false}
                rowKey={(x) => `${x.documentId}|${x.code}`}
                dataSource={dep.items}
                aria-label={`${t('triggers.previewTitle')} ${name}`}
                columns={[
                  {
                    title: t('triggers.item'),
                    key: 'i',
                    width: 200,
                    render: (_, x) => `${x.code} ${x.name}`,
                  },
                  {
                    title: t('triggers.points'),
                    key: 'p',
                    render: (_, x) => {
                      const b = baseItem(dep.department, x.documentId, x.code);
                      return x.triggers.map((p) => (
                        <div key={p.id}>
                          {p.description}
                          <Typography.Text type="secondary">
                            （{pickText(lang, p.condition)}）
                          </Typography.Text>{' '}
                          <Tag>{change(b?.triggers.find((q) => q.id === p.id)?.count, p.count)}</Tag>
                        </div>
                      ));
                    },
                  },
                  {
                    title: `${t('triggers.count')}（${t('triggers.countBase')} → ${t('triggers.countCandidate')}）`,
                    key: 'c',
                    align: 'right',
                    width: 120,
                    render: (_, x) => {
                      const b = baseItem(dep.department, x.documentId, x.code)?.count;
                      return (
                        <span className={b !== undefined && b !== x.count ? 'impact-changed' : undefined}>
                          {change(b, x.count)}
                        </span>
                      );
                    },
                  },
                  {
                    title: t('triggers.measuresApplied'),
                    key: 'm',
                    render: (_, x) => x.measures.map((m) => m.description).join('；'),
                  },
                ]}
              />
            </div>
          );
        })
      )}
    </Card>
  );
}
