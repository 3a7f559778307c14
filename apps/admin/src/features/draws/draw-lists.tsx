/**
 * The lists of the 双随机抽查 page: the draws the user may see (every published one; drafts of the
 * user's department, all for the credit office), the redraw requests an approver decides, and the
 * joint inspections of a round.
 */
import { useState } from 'react';
import { App as AntApp, AutoComplete, Button, Card, Empty, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import type { DrawRow, JointVisits, RedrawRequest } from './api-types.ts';
import { DrawStatusTag, UserName, useItemName } from './draw-parts.tsx';

export function DrawsListTab() {
  const t = useT();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const deptName = useDepartmentName();
  const list = useQuery(trpc.draws.list.queryOptions({}));
  const rows = (list.data ?? []).filter((d) => d.roundLabel !== null);
  const publicOnly = me.role === 'viewer' || me.role === 'reviewer';
  return (
    <Card size="small" className="draws-list" title={t('draws.tab.lists')}>
      {list.error && <ErrorAlert error={list.error} />}
      <Table<DrawRow>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={publicOnly ? t('draws.list.emptyPublic') : t('draws.list.empty')} /> }}
        columns={[
          { title: t('draws.list.draw'), dataIndex: 'id', width: 100, render: (id: number) => <Link to={`/draws/${id}`}>{t('draws.list.drawN', { id })}</Link> },
          { title: t('draws.round'), key: 'round', width: 140, render: (_: unknown, d) => `${d.roundLabel}${d.attempt && d.attempt > 1 ? `（${t('draws.list.attempt', { n: d.attempt })}）` : ''}` },
          { title: t('draws.department'), key: 'department', render: (_: unknown, d) => deptName(d.department) },
          { title: t('draws.redraws.status'), key: 'status', width: 170, render: (_: unknown, d) => <DrawStatusTag status={d.status} /> },
          { title: t('draws.list.created'), key: 'created', width: 180, render: (_: unknown, d) => (
            <span>
              <UserName username={d.createdBy} /> · {formatDateTime(d.createdAt)}
            </span>
          ) },
          { title: t('draws.list.published'), key: 'published', width: 180, render: (_: unknown, d) => (d.publishedAt ? formatDateTime(d.publishedAt) : '—') },
          { title: t('common.actions'), key: 'open', width: 80, render: (_: unknown, d) => <Link to={`/draws/${d.id}`}>{t('draws.list.open')}</Link> },
        ]}
      />
    </Card>
  );
}

const REDRAW_COLOR: Record<string, string> = { pending: 'gold', approved: 'blue', rejected: 'red', used: 'default' };

export function RedrawsTab() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const me = useCurrentUser();
  const deptName = useDepartmentName();
  const list = useQuery(trpc.draws.redraws.queryOptions({}));
  const decide = useMutation(trpc.draws.approveRedraw.mutationOptions());
  const [note, setNote] = useState('');
  const decideOn = (r: RedrawRequest, approve: boolean) =>
    decide.mutate(
      { requestId: r.id, approve, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          message.success(approve ? t('draws.redraws.status.approved') : t('draws.redraws.status.rejected'));
          setNote('');
          void queryClient.invalidateQueries({ queryKey: trpc.draws.redraws.queryKey() });
        },
      },
    );
  const noteBox = (
    <Input.TextArea aria-label={t('draws.redraws.note')} placeholder={t('draws.redraws.note')} rows={2} style={{ width: 320, marginTop: 8 }} value={note} onChange={(e) => setNote(e.target.value)} />
  );
  return (
    <Card size="small" className="redraws-tab" title={t('draws.redraws.title')}>
      {list.error && <ErrorAlert error={list.error} />}
      {decide.error && <ErrorAlert error={decide.error} title={t('rb.actionFailed')} />}
      <Table<RedrawRequest>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('draws.redraws.empty')} /> }}
        columns={[
          { title: t('draws.department'), key: 'department', width: 140, render: (_: unknown, r) => deptName(r.department) },
          { title: t('draws.round'), dataIndex: 'round', width: 100 },
          { title: t('draws.list.draw'), key: 'draw', width: 100, render: (_: unknown, r) => <Link to={`/draws/${r.drawId}`}>{t('draws.list.drawN', { id: r.drawId })}</Link> },
          { title: t('draws.redraws.reason'), dataIndex: 'reason' },
          { title: t('draws.redraws.requester'), key: 'who', width: 170, render: (_: unknown, r) => (
            <span>
              <UserName username={r.requestedBy} /> · {formatDateTime(r.requestedAt)}
            </span>
          ) },
          { title: t('draws.redraws.status'), key: 'status', width: 100, render: (_: unknown, r) => <Tag color={REDRAW_COLOR[r.status]}>{t(`draws.redraws.status.${r.status}`)}</Tag> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, r) =>
              r.status !== 'pending' ? (
                <Typography.Text type="secondary">{r.decidedBy ? <><UserName username={r.decidedBy} /> · {formatDateTime(r.decidedAt)}</> : t('draws.redraws.decided')}</Typography.Text>
              ) : r.requestedBy === me.username ? (
                <Typography.Text type="secondary">{t('draws.redraws.own')}</Typography.Text>
              ) : me.role === 'credit-office' || me.role === 'reviewer' ? (
                <Space size={4}>
                  <Popconfirm title={t('draws.redraws.approveTitle', { round: r.round })} description={noteBox} okText={t('draws.redraws.approve')} onConfirm={() => decideOn(r, true)}>
                    <Button size="small" type="primary" loading={decide.isPending}>
                      {t('draws.redraws.approve')}
                    </Button>
                  </Popconfirm>
                  <Popconfirm title={t('draws.redraws.rejectTitle', { round: r.round })} description={noteBox} okText={t('draws.redraws.reject')} okButtonProps={{ danger: true }} onConfirm={() => decideOn(r, false)}>
                    <Button size="small" danger loading={decide.isPending}>
                      {t('draws.redraws.reject')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('draws.redraws.status.pending')}</Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}

export function JointTab() {
  const t = useT();
  const trpc = useTRPC();
  const deptName = useDepartmentName();
  const itemName = useItemName();
  const rounds = useQuery(trpc.draws.rounds.list.queryOptions({}));
  const labels = [...new Set((rounds.data ?? []).map((r) => r.round))];
  const [typed, setTyped] = useState('');
  const [round, setRound] = useState<string | null>(null);
  const shown = round ?? labels[0] ?? null;
  const joint = useQuery({ ...trpc.draws.joint.queryOptions({ round: shown ?? '-' }), enabled: shown !== null });
  const data: JointVisits | undefined = joint.data;
  return (
    <Card size="small" className="joint-tab" title={t('draws.joint.title')}>
      <Typography.Paragraph type="secondary">{t('draws.joint.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <AutoComplete
          aria-label={t('draws.joint.round')}
          style={{ width: 220 }}
          placeholder="2026-Q1"
          value={typed || shown || ''}
          options={labels.map((l) => ({ value: l }))}
          onChange={setTyped}
          onSelect={(v: string) => {
            setTyped(v);
            setRound(v);
          }}
        />
        <Button onClick={() => typed.trim() && setRound(typed.trim())}>{t('draws.joint.show')}</Button>
      </Space>
      {joint.error && <ErrorAlert error={joint.error} />}
      {data && data.draws.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('draws.joint.draws', { list: data.draws.map((d) => `${deptName(d.department)} #${d.id}`).join('、') })}
        </Typography.Paragraph>
      )}
      <Table
        size="small"
        rowKey="uscc"
        loading={joint.isLoading && shown !== null}
        dataSource={data?.visits ?? []}
        pagination={(data?.visits.length ?? 0) > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('draws.joint.empty')} /> }}
        columns={[
          { title: t('draws.enterprise'), dataIndex: 'name' },
          { title: t('draws.uscc'), dataIndex: 'uscc', width: 190, render: (u: string) => <code>{u}</code> },
          { title: t('draws.joint.departments'), key: 'departments', render: (_: unknown, v: JointVisits['visits'][number]) => v.departments.map((d) => deptName(d)).join('、') },
          {
            title: t('draws.items'),
            key: 'items',
            render: (_: unknown, v: JointVisits['visits'][number]) => (
              <div>
                {v.items.map((x) => (
                  <div key={x.department}>
                    <Typography.Text strong>{deptName(x.department)}</Typography.Text>：{x.items.filter((i) => /[A-Z]+-\d+/.test(i)).map(itemName).join('、') || x.items.map(itemName).join('、')}
                  </div>
                ))}
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}
