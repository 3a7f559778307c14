/**
 * 安全事件 (credit office): log-ins that failed, were locked after too many failures, or succeeded, and
 * reads of enterprises' results (and refused reads) — time, account, client address — filtered by kind
 * and account, newest first, older pages on demand.
 */
import { useMemo, useState } from 'react';
import { Button, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { formatTimestamp } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import type { SecurityEvent } from './api-types.ts';

type Kind = SecurityEvent['kind'];

export const SECURITY_KIND: Record<Kind, { key: MessageKey; color: string }> = {
  'login.failed': { key: 'sec.kind.login.failed', color: 'orange' },
  'login.locked': { key: 'sec.kind.login.locked', color: 'red' },
  'login.succeeded': { key: 'sec.kind.login.succeeded', color: 'green' },
  'read.enterprise': { key: 'sec.kind.read.enterprise', color: 'blue' },
  'read.search': { key: 'sec.kind.read.search', color: 'blue' },
  'read.moved': { key: 'sec.kind.read.moved', color: 'blue' },
  'read.sample': { key: 'sec.kind.read.sample', color: 'blue' },
  'read.draw': { key: 'sec.kind.read.draw', color: 'blue' },
  'read.refused': { key: 'sec.kind.read.refused', color: 'volcano' },
};

/** A detail as people read it: a recorded JSON object as `procedure evaluation.preview · datasetId 1 · at 2026-11-26`. */
export function detailText(detail: string | null): string {
  if (!detail) return '—';
  if (!detail.startsWith('{')) return detail;
  try {
    const o = JSON.parse(detail) as Record<string, unknown>;
    return Object.entries(o)
      .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' · ');
  } catch {
    return detail;
  }
}

export function SecurityEvents() {
  const t = useT();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [kind, setKind] = useState<Kind | undefined>();
  const [account, setAccount] = useState('');
  const [typed, setTyped] = useState('');
  const filterAccount = (u: string) => {
    setTyped(u);
    setAccount(u);
  };
  const username = account.trim() || undefined;
  const events = useInfiniteQuery({
    queryKey: [...trpc.auth.securityEvents.queryKey(), { kind, username }],
    queryFn: ({ pageParam }) =>
      client.auth.securityEvents.query({
        limit: 100,
        ...(kind ? { kind } : {}),
        ...(username ? { username } : {}),
        ...(pageParam ? { before: pageParam } : {}),
      }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    staleTime: 0,
  });
  const rows = useMemo(() => (events.data?.pages ?? []).flatMap((p) => p.events), [events.data]);
  return (
    <div className="security-events">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('sec.explain')}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<Kind | 'all'>
          aria-label={t('sec.kind')}
          style={{ width: 200 }}
          value={kind ?? 'all'}
          onChange={(v) => setKind(v === 'all' ? undefined : v)}
          options={[
            { value: 'all', label: t('sec.kind.all') },
            ...(Object.keys(SECURITY_KIND) as Kind[]).map((k) => ({
              value: k,
              label: t(SECURITY_KIND[k].key),
            })),
          ]}
        />
        <Input.Search
          aria-label={t('sec.accountFilter')}
          placeholder={t('sec.accountFilter')}
          allowClear
          style={{ width: 220 }}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={filterAccount}
        />
      </Space>
      {events.error && <ErrorAlert error={events.error} />}
      <Table<SecurityEvent>
        size="small"
        rowKey="id"
        loading={events.isLoading}
        dataSource={rows}
        pagination={{
          pageSize: 20,
          size: 'small',
          showSizeChanger: false,
          showTotal: (n) => t('sec.loaded', { n: fmtInt(n) }),
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sec.empty')} /> }}
        columns={[
          { title: t('sec.when'), dataIndex: 'at', width: 170, render: (v: string) => formatTimestamp(v) },
          {
            title: t('sec.kind'),
            dataIndex: 'kind',
            width: 170,
            render: (k: Kind) => (
              <Tag color={SECURITY_KIND[k]?.color ?? 'default'}>
                {SECURITY_KIND[k] ? t(SECURITY_KIND[k].key) : k}
              </Tag>
            ),
          },
          {
            title: t('sec.account'),
            dataIndex: 'username',
            width: 180,
            render: (u: string) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => filterAccount(u)}>
                {u}
              </Button>
            ),
          },
          {
            title: t('sec.address'),
            dataIndex: 'clientAddress',
            width: 160,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('sec.detail'),
            dataIndex: 'detail',
            ellipsis: { showTitle: true },
            render: (v: string | null) => detailText(v),
          },
        ]}
      />
      {events.hasNextPage && (
        <Button
          style={{ marginTop: 8 }}
          loading={events.isFetchingNextPage}
          onClick={() => void events.fetchNextPage()}
        >
          {t('sec.more')}
        </Button>
      )}
    </div>
  );
}
