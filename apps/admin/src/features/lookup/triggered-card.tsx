/** The supervision items an enterprise triggers (触发式监管, issue 13 finding 6): per item its department, the trigger points that hold and the measures that apply. */
import { Card, List, Tag, Typography } from 'antd';
import { useT } from '../../i18n/index.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import type { Explanation } from './api-types.ts';

/** Nothing when the policy set has no conditioned trigger point (the explanation has no `triggered`). */
export function TriggeredCard({ e }: { e: Explanation }) {
  const t = useT();
  const department = useDepartmentName();
  if (!e.triggered) return null;
  return (
    <Card size="small" title={t('lookup.triggered')} className="lookup-triggered">
      <List
        size="small"
        dataSource={e.triggered}
        locale={{ emptyText: t('lookup.triggeredNone') }}
        renderItem={(x) => (
          <List.Item key={`${x.documentId}|${x.code}`}>
            <div>
              <Typography.Text strong>
                {x.code} {x.name}
              </Typography.Text>
              <Tag style={{ marginLeft: 6 }}>{department(x.department)}</Tag>
              <div>
                {t('lookup.triggeredBy')}：{x.triggers.map((p) => p.description).join('；')}
              </div>
              <div>
                {t('triggers.measuresApplied')}：{x.measures.map((m) => m.description).join('；')}
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
