/**
 * 如何改善 (issue 13 finding 9): the smallest changes that would move the enterprise to each better
 * grade of each grading document, as the server's evaluation.explain computes and checks them
 * (repair a record, an objection upheld, a score above a bound, the day records leave the window).
 */
import { Card, Table, Tag, Typography } from 'antd';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';
import { useLang } from '../../i18n/index.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { useGradeLabels } from '../../lib/grade-labels.tsx';
import { textOf } from '../../lib/texts.ts';

export type Improvement = inferRouterOutputs<AppRouter>['evaluation']['explain']['improvements'][number];

/** The changes, per document, nearest better grade first; a line saying none when there are none. */
export function ImprovementsCard({ items }: { items: readonly Improvement[] }) {
  const { lang } = useLang();
  const docTitle = useDocumentTitle();
  const gradeLabels = useGradeLabels();
  const en = lang === 'en';
  return (
    <Card size="small" style={{ marginTop: 12 }} title={en ? 'How to improve' : '如何改善'}>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{en ? 'No change to the data gives a better grade (or the grades are the best).' : '没有能使等级变好的数据变化（或已是最好的等级）。'}</Typography.Text>
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.document}-${r.to}`}
          dataSource={[...items]}
          columns={[
            { title: en ? 'Document' : '评价文档', dataIndex: 'document', width: 260, render: (v: string) => docTitle(v) },
            { title: en ? 'Change' : '变化', key: 'label', render: (_: unknown, r: Improvement) => textOf(lang, r.label).replace(/ → [^→]*$/, '') },
            {
              title: en ? 'Grade' : '等级',
              key: 'to',
              width: 180,
              render: (_: unknown, r: Improvement) => (
                // grades by their labels, never the codes (good, excellent)
                <span title={`${r.from} → ${r.to}`}>
                  <Tag>{gradeLabels.get(r.from) ?? r.from}</Tag>→{' '}
                  <Tag color="green">{textOf(lang, r.toLabel) || (gradeLabels.get(r.to) ?? r.to)}</Tag>
                </span>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
