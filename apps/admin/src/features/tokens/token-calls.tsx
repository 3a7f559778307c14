/** A token's recent machine calls (newest first): time, interface, records, result. */
import { Alert, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useT } from '../../i18n/index.tsx';
import { formatTimestamp } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import type { TokenCallRow, TokenRow } from './api-types.ts';
import { CallResultTag, routePurpose } from './token-parts.tsx';

export const CALLS_SHOWN = 50;

export function TokenCalls({ token }: { token: TokenRow }) {
  const t = useT();
  const trpc = useTRPC();
  const calls = useQuery(trpc.tokens.calls.queryOptions({ tokenId: token.id, limit: CALLS_SHOWN }));
  if (calls.error) return <ErrorAlert error={calls.error} />;
  return (
    <div className="token-calls">
      <Typography.Text strong>{t('tokens.callsOf', { name: token.name })}</Typography.Text>
      {calls.data?.length === 0 ? (
        <Alert type="info" style={{ marginTop: 8 }} message={t('tokens.callsEmpty')} />
      ) : (
        <Table<TokenCallRow>
          size="small"
          rowKey="id"
          style={{ marginTop: 8 }}
          loading={calls.isPending}
          dataSource={calls.data ?? []}
          pagination={false}
          scroll={{ y: 320 }}
          columns={[
            {
              title: t('tokens.call.at'),
              dataIndex: 'at',
              width: 170,
              render: (v: string) => formatTimestamp(v),
            },
            {
              title: t('tokens.call.route'),
              key: 'route',
              render: (_: unknown, c) => (
                <span>
                  {t(routePurpose(c.route))}
                  <Typography.Text code style={{ marginLeft: 8, fontSize: 12 }}>
                    {c.route}
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: t('tokens.call.records'),
              dataIndex: 'records',
              width: 90,
              align: 'right',
              render: (n: number) => n.toLocaleString('zh-CN'),
            },
            {
              title: t('tokens.call.status'),
              dataIndex: 'status',
              width: 150,
              render: (s: number) => <CallResultTag status={s} />,
            },
          ]}
        />
      )}
    </div>
  );
}
