/**
 * Audit log (审计日志): the append-only, hash-chained record of every action, filterable, with a button
 * that walks the chain and names the first broken entry.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Empty, Form, Input, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import { canReadAudit } from '@policy/schemas';
import { formatTimestamp, todayIso } from '../../lib/dates.ts';
import { downloadCsv, toCsv } from '../../lib/csv.ts';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { useUserName } from '../../lib/user-names.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { ShortHash } from '../../lib/short-hash.tsx';
import { serverText } from '../../lib/texts.ts';
import type { AuditProblem, AuditRow, AuditVerification } from './api-types.ts';
import { SecurityEvents } from './security-events.tsx';

/** Audit actions of the server and the db → message keys. */
export const ACTION_KEYS: Record<string, MessageKey> = {
  seed: 'audit.action.seed',
  'session.login': 'audit.action.session.login',
  'user.create': 'audit.action.user.create',
  'user.change-password': 'audit.action.user.change-password',
  'user.reset-password': 'audit.action.user.reset-password',
  'user.deactivate': 'audit.action.user.deactivate',
  'user.activate': 'audit.action.user.activate',
  'user.change-role': 'audit.action.user.change-role',
  'document.create': 'audit.action.document.create',
  'document.discard': 'audit.action.document.discard',
  'draft.create': 'audit.action.draft.create',
  'draft.save': 'audit.action.draft.save',
  'version.import': 'audit.action.version.import',
  'version.submit': 'audit.action.version.submit',
  'version.note': 'audit.action.version.note',
  'version.approve': 'audit.action.version.approve',
  'version.reject': 'audit.action.version.reject',
  'version.publish': 'audit.action.version.publish',
  'version.rollback': 'audit.action.version.rollback',
  'settings.required-approvals': 'audit.action.settings.required-approvals',
  'dataset.import': 'audit.action.dataset.import',
  'dataset.delete': 'audit.action.dataset.delete',
  'dataset.set-default': 'audit.action.dataset.set-default',
  'draw.create': 'audit.action.draw.create',
  'draw.publish': 'audit.action.draw.publish',
  'cases.import': 'audit.action.cases.import',
  'cases.add': 'audit.action.cases.add',
  'cases.remove': 'audit.action.cases.remove',
  'cases.accept': 'audit.action.cases.accept',
  'cases.override': 'audit.action.cases.override',
  'audit.seal': 'audit.action.audit.seal',
  'token.create': 'audit.action.token.create',
  'token.revoke': 'audit.action.token.revoke',
  'bundle.import': 'audit.action.bundle.import',
  'dataset.update': 'audit.action.dataset.update',
  'deny': 'audit.action.deny',
  'draw.outcome': 'audit.action.draw.outcome',
  'draw.redraw.request': 'audit.action.draw.redraw.request',
  'draw.refused': 'audit.action.draw.refused',
  'draw.round.register': 'audit.action.draw.round.register',
  'inspector.import': 'audit.action.inspector.import',
  'inspector.remove': 'audit.action.inspector.remove',
  'inspector.upsert': 'audit.action.inspector.upsert',
  'moved.export': 'audit.action.moved.export',
  'objection.answer': 'audit.action.objection.answer',
  'objection.file': 'audit.action.objection.file',
  'run.complete': 'audit.action.run.complete',
  'run.correct': 'audit.action.run.correct',
  'run.create': 'audit.action.run.create',
  'run.export': 'audit.action.run.export',
  'run.sign-off': 'audit.action.run.sign-off',
};
const ROLE_KEYS: Record<string, MessageKey> = {
  'credit-office': 'audit.role.credit-office',
  reviewer: 'audit.role.reviewer',
  'department-editor': 'audit.role.department-editor',
  viewer: 'audit.role.viewer',
  system: 'audit.role.system',
};

/**
 * A stored reason as people read it: the machine-made parts (`effectiveFrom=…`, `retroactive: …`,
 * `role=…`) in words; free text as written.
 */
export function reasonText(
  t: (k: MessageKey, p?: Record<string, string | number>) => string,
  reason: string | null,
  depName: (id: string) => string = (id) => id,
): string {
  if (!reason) return '—';
  const roleName = (r: string) => (ROLE_KEYS[r] ? t(ROLE_KEYS[r]) : r);
  return reason
    .replace(/\beffectiveFrom=(\d{4}-\d{2}-\d{2})/g, (_, d: string) => t('audit.reasonEffective', { date: d }))
    .replace(/;\s*retroactive:\s*/g, t('audit.reasonRetroactive'))
    .replace(/^role=([a-z-]+) department=(\S+)$/, (_, r: string, d: string) => t('audit.reasonRoleDepartment', { role: roleName(r), department: depName(d) }))
    .replace(/^role=([a-z-]+)$/, (_, r: string) => t('audit.reasonRole', { role: roleName(r) }));
}

/** Problem kinds of `audit.verify` → message keys (what was tampered with, in words). */
const PROBLEM_KEYS: Record<string, MessageKey> = {
  gap: 'audit.problem.gap',
  'prev-hash': 'audit.problem.prev-hash',
  hash: 'audit.problem.hash',
  mac: 'audit.problem.mac',
  unkeyed: 'audit.problem.unkeyed',
  wiped: 'audit.problem.wiped',
  truncated: 'audit.problem.truncated',
  anchor: 'audit.problem.anchor',
  release: 'audit.problem.release',
  content: 'audit.problem.content',
  'effective-date': 'audit.problem.effective-date',
  status: 'audit.problem.status',
  approvals: 'audit.problem.approvals',
  review: 'audit.problem.review',
  'missing-record': 'audit.problem.missing-record',
  'missing-entry': 'audit.problem.missing-entry',
};

/** Every problem the check found (not only the first), one row each. */
export function ProblemTable({ problems }: { problems: readonly AuditProblem[] }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <Table<AuditProblem>
      className="audit-problems"
      size="small"
      style={{ marginTop: 8 }}
      rowKey={(p) => `${p.kind}-${p.seq ?? ''}-${p.documentId ?? ''}-${p.versionNumber ?? ''}-${p.reason}`}
      dataSource={[...problems]}
      pagination={problems.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      columns={[
        {
          title: t('audit.problem.kind'),
          dataIndex: 'kind',
          width: 210,
          render: (k: string) => <Tag color="red">{PROBLEM_KEYS[k] ? t(PROBLEM_KEYS[k]) : k}</Tag>,
        },
        {
          title: t('audit.problem.entry'),
          dataIndex: 'seq',
          width: 90,
          render: (v: number | null) => (v === null ? '—' : `#${v}`),
        },
        {
          title: t('audit.problem.version'),
          key: 'version',
          width: 220,
          render: (_: unknown, p) =>
            p.documentId
              ? `${p.documentId}${p.versionNumber !== undefined ? ` v${p.versionNumber}` : ''}`
              : '—',
        },
        { title: t('audit.problem.reason'), dataIndex: 'reason', render: (v: string) => serverText(lang, v) },
      ]}
    />
  );
}

function VerifyResult({ r }: { r: AuditVerification }) {
  const t = useT();
  if (r.ok)
    return (
      <Alert
        className="audit-verify-result"
        type="success"
        showIcon
        message={t('audit.verifyOk', { n: fmtInt(r.count) })}
        description={
          <span>
            {t('audit.headHash')}：<ShortHash hash={r.headHash} />
            {r.versionsChecked > 0 && (
              <span style={{ marginLeft: 16 }}>{t('audit.checked', { n: fmtInt(r.versionsChecked) })}</span>
            )}
          </span>
        }
      />
    );
  return (
    <div>
      <Alert
        className="audit-verify-result"
        type="error"
        showIcon
        message={
          r.firstBrokenSeq > 0
            ? t('audit.verifyBroken', { seq: r.firstBrokenSeq, n: fmtInt(r.count) })
            : t('audit.verifyBrokenNoEntry', { n: fmtInt(r.count) })
        }
        description={t('audit.problems', { n: fmtInt(r.problems.length) })}
      />
      <ProblemTable problems={r.problems} />
    </div>
  );
}

export default function AuditPage() {
  const t = useT();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const me = useCurrentUser();
  const depName = useDepartmentName();
  const docTitle = useDocumentTitle();
  const userName = useUserName();
  const docs = useQuery({ ...trpc.documents.list.queryOptions(), staleTime: 5 * 60_000 });
  const [filters, setFilters] = useState<{ documentId?: string; actor?: string; action?: string; from?: string; to?: string }>({});
  const [detail, setDetail] = useState<AuditRow | null>(null);
  const [role, setRole] = useState<string | undefined>();
  const [department, setDepartment] = useState<string | undefined>();
  const [form] = Form.useForm();
  const allowed = canReadAudit(me);
  const log = useInfiniteQuery({
    queryKey: [...trpc.audit.list.queryKey(), filters],
    queryFn: ({ pageParam }) =>
      client.audit.list.query({ ...filters, limit: 100, ...(pageParam ? { beforeSeq: pageParam } : {}) }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
    enabled: allowed,
  });
  const verify = useMutation({ mutationFn: () => client.audit.verify.query() });
  const rows = useMemo(() => (log.data?.pages ?? []).flatMap((p) => p.entries), [log.data]);
  const shown = rows.filter(
    (r) => (!role || r.role === role) && (!department || r.department === department),
  );
  const departments = [...new Set(rows.map((r) => r.department).filter((d): d is string => !!d))];
  const actionLabel = (a: string) => (ACTION_KEYS[a] ? t(ACTION_KEYS[a]) : a);
  /** `user:li` → the login name; `key:…`, `dataset:3` as stored. */
  const targetText = (target: string | null) => {
    if (!target) return '—';
    const user = /^user:(.+)$/.exec(target);
    if (user) return t('audit.targetUser', { name: userName(user[1]) });
    const dataset = /^dataset:(\d+)$/.exec(target);
    return dataset ? t('audit.targetDataset', { id: dataset[1]! }) : target;
  };
  const roleLabel = (r: string) => (ROLE_KEYS[r] ? t(ROLE_KEYS[r]) : r);
  /** The rows on screen (loaded and filtered) as a CSV file with Chinese headers. */
  const exportCsv = () => {
    const headers = [t('audit.seq'), t('audit.when'), t('audit.actor'), t('audit.role'), t('audit.department'), t('audit.action'), t('audit.document'), t('audit.version'), t('audit.target'), t('audit.reason'), t('audit.beforeHash'), t('audit.afterHash'), t('audit.hash')];
    const data = shown.map((r) => [r.seq, formatTimestamp(r.at), r.actorName ? `${r.actorName}（${r.actor}）` : r.actor, roleLabel(r.role), depName(r.department), actionLabel(r.action), r.document_id ? docTitle(r.document_id) : '', r.version_number ?? '', r.target ?? '', reasonText(t, r.reason, depName), r.before_hash ?? '', r.after_hash ?? '', r.hash]);
    const span = filters.from || filters.to ? `${filters.from ?? ''}_${filters.to ?? ''}` : todayIso();
    downloadCsv(`${t('audit.title')}-${span}.csv`, toCsv(headers, data));
  };

  return (
    <div>
      <Card
        size="small"
        title={t('audit.title')}
        style={{ marginBottom: 12 }}
        extra={
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {t('audit.verify')}
          </Button>
        }
      >
        {verify.data && <VerifyResult r={verify.data} />}
        {verify.error && <ErrorAlert error={verify.error} />}
        <Typography.Paragraph type="secondary" style={{ margin: verify.data ? '8px 0 0' : 0, fontSize: 12 }}>
          {t('audit.explain')}
        </Typography.Paragraph>
      </Card>
      {!allowed ? (
        <Alert type="info" showIcon message={t('audit.readersOnly')} />
      ) : (
        <Card size="small">
          <Tabs
            items={[
              {
                key: 'log',
                label: t('audit.tab.log'),
                children: (
                  <>
                    <Form
                      form={form}
                      layout="inline"
                      style={{ marginBottom: 12, rowGap: 8 }}
                      onFinish={(v: { documentId?: string; actor?: string; action?: string; from?: Dayjs | null; to?: Dayjs | null }) =>
                        setFilters({
                          ...(v.documentId?.trim() ? { documentId: v.documentId.trim() } : {}),
                          ...(v.actor?.trim() ? { actor: v.actor.trim() } : {}),
                          ...(v.action ? { action: v.action } : {}),
                          ...(v.from ? { from: v.from.format('YYYY-MM-DD') } : {}),
                          ...(v.to ? { to: v.to.format('YYYY-MM-DD') } : {}),
                        })
                      }
                    >
                      <Form.Item name="documentId" label={t('audit.document')}>
                        <Select
                          allowClear
                          showSearch
                          optionFilterProp="label"
                          style={{ width: 220 }}
                          options={(docs.data ?? []).map((d) => ({ value: d.id, label: docTitle(d.id) }))}
                        />
                      </Form.Item>
                      <Form.Item name="actor" label={t('audit.actor')}>
                        <Input allowClear style={{ width: 150 }} />
                      </Form.Item>
                      <Form.Item name="action" label={t('audit.action')}>
                        <Select
                          allowClear
                          style={{ width: 170 }}
                          options={Object.keys(ACTION_KEYS).map((a) => ({ value: a, label: actionLabel(a) }))}
                        />
                      </Form.Item>
                      <Form.Item label={t('audit.role')}>
                        <Select
                          allowClear
                          aria-label={t('audit.role')}
                          style={{ width: 130 }}
                          value={role}
                          onChange={setRole}
                          options={Object.keys(ROLE_KEYS).map((r) => ({ value: r, label: t(ROLE_KEYS[r]!) }))}
                        />
                      </Form.Item>
                      <Form.Item label={t('audit.department')}>
                        <Select
                          allowClear
                          aria-label={t('audit.department')}
                          style={{ width: 150 }}
                          value={department}
                          onChange={setDepartment}
                          options={departments.map((d) => ({ value: d, label: depName(d) }))}
                        />
                      </Form.Item>
                      <Form.Item name="from" label={t('audit.dateFrom')}>
                        <DatePicker style={{ width: 140 }} placeholder="YYYY-MM-DD" />
                      </Form.Item>
                      <Form.Item name="to" label={t('audit.dateTo')}>
                        <DatePicker style={{ width: 140 }} placeholder="YYYY-MM-DD" />
                      </Form.Item>
                      <Form.Item>
                        <Space>
                          <Button type="primary" htmlType="submit">
                            {t('audit.filter')}
                          </Button>
                          <Button
                            onClick={() => {
                              form.resetFields();
                              setFilters({});
                              setRole(undefined);
                              setDepartment(undefined);
                            }}
                          >
                            {t('audit.reset')}
                          </Button>
                          <Tooltip title={t('audit.exportHint')}>
                            <Button icon={<DownloadOutlined />} disabled={shown.length === 0} onClick={exportCsv}>
                              {t('audit.export')}
                            </Button>
                          </Tooltip>
                        </Space>
                      </Form.Item>
                    </Form>
                    {log.error && <ErrorAlert error={log.error} />}
                    <Table<AuditRow>
                      size="small"
                      rowKey="seq"
                      loading={log.isLoading}
                      dataSource={shown}
                      pagination={{
                        pageSize: 20,
                        size: 'small',
                        showSizeChanger: false,
                        showTotal: (n) => t('audit.loaded', { n: fmtInt(n) }),
                      }}
                      locale={{
                        emptyText: (
                          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} />
                        ),
                      }}
                      columns={[
                        { title: t('audit.seq'), dataIndex: 'seq', width: 64 },
                        {
                          title: t('audit.when'),
                          dataIndex: 'at',
                          width: 160,
                          render: (v: string) => formatTimestamp(v),
                        },
                        {
                          title: t('audit.actor'),
                          dataIndex: 'actor',
                          width: 170,
                          ellipsis: { showTitle: true },
                          render: (v: string, r) => (
                            <span>
                              {r.actorName ?? userName(v)}
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {' '}
                                {ROLE_KEYS[r.role] ? t(ROLE_KEYS[r.role]!) : r.role}
                                {r.department && r.department !== 'credit-office' ? ` · ${depName(r.department)}` : ''}
                              </Typography.Text>
                            </span>
                          ),
                        },
                        {
                          title: t('audit.action'),
                          dataIndex: 'action',
                          width: 130,
                          render: (v: string) => <Tag>{actionLabel(v)}</Tag>,
                        },
                        {
                          title: t('audit.document'),
                          dataIndex: 'document_id',
                          width: 200,
                          ellipsis: { showTitle: true },
                          render: (v: string | null, r) =>
                            v ? `${docTitle(v)}${r.version_number !== null ? ` ${t('audit.versionN', { n: r.version_number })}` : ''}` : targetText(r.target),
                        },
                        // the reason is what an auditor reads: the rest of the row, the whole text on hover and in the details
                        {
                          title: t('audit.reason'),
                          dataIndex: 'reason',
                          ellipsis: { showTitle: true },
                          render: (v: string | null) => reasonText(t, v, depName),
                        },
                        {
                          title: t('audit.detail'),
                          key: 'detail',
                          width: 72,
                          render: (_: unknown, r) => (
                            <Button size="small" type="link" onClick={() => setDetail(r)} aria-label={`${t('audit.detail')} #${r.seq}`}>
                              {t('audit.detail')}
                            </Button>
                          ),
                        },
                      ]}
                    />
                    {log.hasNextPage && (
                      <Button
                        style={{ marginTop: 8 }}
                        loading={log.isFetchingNextPage}
                        onClick={() => void log.fetchNextPage()}
                      >
                        {t('audit.more')}
                      </Button>
                    )}
                    <Drawer
                      open={detail !== null}
                      onClose={() => setDetail(null)}
                      width={560}
                      title={detail ? t('audit.detailTitle', { seq: detail.seq }) : ''}
                      className="audit-detail"
                    >
                      {detail && (
                        <Descriptions size="small" column={1} bordered>
                          <Descriptions.Item label={t('audit.when')}>{formatTimestamp(detail.at)}</Descriptions.Item>
                          <Descriptions.Item label={t('audit.actor')}>
                            {detail.actorName ?? userName(detail.actor)}（<span className="login-name">{detail.actor}</span>）
                          </Descriptions.Item>
                          <Descriptions.Item label={t('audit.role')}>{ROLE_KEYS[detail.role] ? t(ROLE_KEYS[detail.role]!) : detail.role}</Descriptions.Item>
                          <Descriptions.Item label={t('audit.department')}>{depName(detail.department) || '—'}</Descriptions.Item>
                          <Descriptions.Item label={t('audit.action')}>{actionLabel(detail.action)}</Descriptions.Item>
                          <Descriptions.Item label={t('audit.document')}>{detail.document_id ? docTitle(detail.document_id) : '—'}</Descriptions.Item>
                          <Descriptions.Item label={t('audit.version')}>{detail.version_number === null ? '—' : `v${detail.version_number}`}</Descriptions.Item>
                          <Descriptions.Item label={t('audit.target')}>{targetText(detail.target)}</Descriptions.Item>
                          <Descriptions.Item label={t('audit.reason')}>
                            <span style={{ whiteSpace: 'pre-wrap' }}>{reasonText(t, detail.reason, depName)}</span>
                          </Descriptions.Item>
                          <Descriptions.Item label={t('audit.beforeHash')}>
                            <ShortHash hash={detail.before_hash} />
                          </Descriptions.Item>
                          <Descriptions.Item label={t('audit.afterHash')}>
                            <ShortHash hash={detail.after_hash} />
                          </Descriptions.Item>
                          <Descriptions.Item label={t('audit.hash')}>
                            <ShortHash hash={detail.hash} />
                          </Descriptions.Item>
                        </Descriptions>
                      )}
                    </Drawer>
                  </>
                ),
              },
              ...(me.role === 'credit-office'
                ? [{ key: 'security', label: t('audit.tab.security'), children: <SecurityEvents /> }]
                : []),
            ]}
          />
        </Card>
      )}
    </div>
  );
}
