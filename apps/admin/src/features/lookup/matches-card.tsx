/** The lookup's matches: an enterprise in the search box's list, and the table of enterprises a name fragment found. */
import { Button, Card, Table, Typography } from 'antd';
import { industryClassName } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { regionName } from '../../lib/regions.ts';
import type { EnterpriseMatch } from './api-types.ts';

/** How many matches the lookup asks for at once. */
export const SEARCH_LIMIT = 20;

export function MatchLabel({ m }: { m: EnterpriseMatch }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{m.name}</span>
      <Typography.Text type="secondary" style={{ fontFamily: 'monospace', flex: 'none' }}>
        {m.uscc}
      </Typography.Text>
    </div>
  );
}

/** The enterprises a fragment matched (more than one); a row or its button opens that enterprise. */
export function MatchesCard({ matches, open }: { matches: readonly EnterpriseMatch[]; open(uscc: string): void }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={t('lookup.matches', { n: matches.length })}
      extra={
        matches.length >= SEARCH_LIMIT && (
          <Typography.Text type="secondary">
            {t('lookup.matchesMore', { n: SEARCH_LIMIT })}
          </Typography.Text>
        )
      }
    >
      <Table
        size="small"
        className="lookup-matches"
        rowKey="uscc"
        pagination={false}
        dataSource={matches}
        onRow={(m) => ({ onClick: () => open(m.uscc), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('lookup.name'), dataIndex: 'name', ellipsis: true },
          {
            title: t('lookup.uscc'),
            dataIndex: 'uscc',
            width: 200,
            render: (v: string) => <code>{v}</code>,
          },
          {
            title: t('lookup.industry'),
            dataIndex: 'industryCode',
            width: 220,
            ellipsis: { showTitle: true },
            render: (v: string) => industryClassName(v) ?? v,
          },
          {
            title: t('lookup.region'),
            dataIndex: 'regionCode',
            width: 140,
            render: (v: string | null) => (v ? (regionName(v, lang) ?? v) : '—'),
          },
          {
            title: '',
            key: 'open',
            width: 80,
            render: (_: unknown, m) => (
              <Button size="small" onClick={() => open(m.uscc)}>
                {t('lookup.view')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
