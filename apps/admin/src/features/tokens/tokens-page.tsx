/**
 * 系统接入令牌 (credit office, issue 17): the tokens departments' systems use for the data interface
 * (/api/v1) — name, department by name, scope (只读 / 导入), expiry, last use and state (active ones
 * first); creating one (the secret shown once), revoking one (after a confirmation saying it cannot
 * be undone), and each token's recent calls (its 最近调用 button opens them under its row). The server checks and audits every change.
 */
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Popconfirm, Space, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { officeDay } from '@policy/schemas';
import { useT } from '../../i18n/index.tsx';
import { daysFrom, formatTimestamp } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import { useUserName } from '../../lib/user-names.tsx';
import type { CreatedToken, TokenRow } from './api-types.ts';
import { TokenCalls } from './token-calls.tsx';
import { TokenCreateDialog } from './token-create-dialog.tsx';
import { ScopeTag, TokenStateTag, tokenState, useTokenDepartment } from './token-parts.tsx';
import type { TokenState } from './token-parts.tsx';
import { TokenSecretDialog } from './token-secret-dialog.tsx';

const STATE_ORDER: Record<TokenState, number> = { active: 0, expired: 1, revoked: 2 };

export default function TokensPage() {
  const t = useT();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useCurrentUser();
  const { message } = AntApp.useApp();
  const userName = useUserName();
  const departmentOf = useTokenDepartment();
  const today = officeDay();
  const office = me.role === 'credit-office';
  const tokens = useQuery({ ...trpc.tokens.list.queryOptions(), enabled: office });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [expanded, setExpanded] = useState<number[]>([]);
  const toggle = (id: number) =>
    setExpanded((e) => (e.includes(id) ? e.filter((x) => x !== id) : [...e, id]));
  // active tokens first, then expired, then revoked; newest first within each
  const rows = useMemo(
    () =>
      [...(tokens.data ?? [])].sort(
        (a, b) => STATE_ORDER[tokenState(a, today)] - STATE_ORDER[tokenState(b, today)] || b.id - a.id,
      ),
    [tokens.data, today],
  );
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: (tok) => {
        void message.success(t('tokens.revoked', { name: tok.name }));
        refresh();
      },
    }),
  );

  if (!office) return <Alert type="info" showIcon message={t('tokens.officeOnly')} />;
  return (
    <div className="tokens-page">
      <Card
        size="small"
        title={t('tokens.title')}
        extra={
          <Space>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void tokens.refetch()}
              loading={tokens.isFetching}
            >
              {t('common.refresh')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('tokens.create')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('tokens.explain')}
        </Typography.Paragraph>
        {tokens.error && <ErrorAlert error={tokens.error} />}
        {revoke.error && <ErrorAlert error={revoke.error} />}
        <Table<TokenRow>
          className="tokens-table"
          size="small"
          rowKey="id"
          loading={tokens.isPending}
          dataSource={rows}
          locale={{ emptyText: t('tokens.empty') }}
          pagination={
            (tokens.data?.length ?? 0) > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false
          }
          expandable={{
            expandedRowRender: (tok) => <TokenCalls token={tok} />,
            expandedRowKeys: expanded,
            showExpandColumn: false,
          }}
          columns={[
            {
              title: t('tokens.col.name'),
              dataIndex: 'name',
              render: (v: string, tok) => (
                <Space direction="vertical" size={0}>
                  <strong>{v}</strong>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('tokens.createdBy', {
                      name: userName(tok.createdBy),
                      at: formatTimestamp(tok.createdAt).slice(0, 16),
                    })}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('tokens.col.department'),
              dataIndex: 'department',
              render: (d: string | null) => departmentOf(d),
            },
            {
              title: t('tokens.col.scope'),
              dataIndex: 'scope',
              width: 80,
              render: (s: TokenRow['scope']) => <ScopeTag scope={s} />,
            },
            {
              title: t('tokens.col.expires'),
              dataIndex: 'expiresOn',
              width: 150,
              render: (d: string, tok) => {
                const left = daysFrom(d, today);
                return (
                  <Space direction="vertical" size={0}>
                    <span>{d}</span>
                    {!tok.revokedAt && left >= 0 && left <= 30 && (
                      <Typography.Text type="warning" style={{ fontSize: 12 }}>
                        {left === 0 ? t('tokens.expiresToday') : t('tokens.expiresIn', { n: left })}
                      </Typography.Text>
                    )}
                  </Space>
                );
              },
            },
            {
              title: t('tokens.col.lastUsed'),
              dataIndex: 'lastUsedAt',
              width: 160,
              render: (v: string | null) =>
                v ? (
                  formatTimestamp(v)
                ) : (
                  <Typography.Text type="secondary">{t('tokens.neverUsed')}</Typography.Text>
                ),
            },
            {
              title: t('tokens.col.status'),
              key: 'status',
              width: 150,
              render: (_: unknown, tok) => (
                <Space direction="vertical" size={0}>
                  <TokenStateTag state={tokenState(tok, today)} />
                  {tok.revokedAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('tokens.revokedBy', {
                        name: userName(tok.revokedBy),
                        at: formatTimestamp(tok.revokedAt).slice(0, 10),
                      })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('tokens.col.actions'),
              key: 'actions',
              width: 180,
              render: (_: unknown, tok) => (
                <Space size={4}>
                  <Button
                    size="small"
                    type={expanded.includes(tok.id) ? 'primary' : 'default'}
                    ghost={expanded.includes(tok.id)}
                    aria-expanded={expanded.includes(tok.id)}
                    onClick={() => toggle(tok.id)}
                  >
                    {t('tokens.calls')}
                  </Button>
                  {!tok.revokedAt && (
                    <Popconfirm
                      title={t('tokens.revokeConfirm', { name: tok.name })}
                      description={<div style={{ maxWidth: 300 }}>{t('tokens.revokeConfirmDetail')}</div>}
                      okText={t('tokens.revoke')}
                      okButtonProps={{ danger: true, loading: revoke.isPending }}
                      cancelText={t('tokens.cancel')}
                      onConfirm={() => revoke.mutate({ id: tok.id })}
                    >
                      <Button size="small" danger>
                        {t('tokens.revoke')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <TokenCreateDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          setCreated(c);
          refresh();
        }}
      />
      <TokenSecretDialog created={created} onClose={() => setCreated(null)} />
    </div>
  );
}
