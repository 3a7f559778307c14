/**
 * 黄金用例 of a version, on the document page: every case with pass / fail, expected against actual and
 * what differs, evaluated with this version (refreshed after each save). On a draft its writer adds a
 * case from an enterprise looked up in a dataset (with the expected result), removes one, or accepts
 * the current results as expected with a written reason; a submitted version's cases are sealed.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { canReadFirms } from '@policy/schemas';
import type { DocumentKind } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import { useOptionalAuth } from '../../lib/session.tsx';
import { AddCaseDialog } from './add-case-dialog.tsx';
import type { CaseOverride, CaseRow, CasesView } from './api-types.ts';
import { Outcome, useOutcomeText } from './outcome-text.tsx';
import type { GradeName } from './outcome-text.tsx';

/** Pass / fail totals as tags: `16 个，通过 13 个` `3 个未通过`. */
export function CaseTotals({ total, passed, failed }: { total: number; passed: number; failed: number }) {
  const t = useT();
  return (
    <Space size={4} wrap className="golden-totals">
      <Typography.Text>{t('golden.summary', { total, passed })}</Typography.Text>
      {failed > 0 ? (
        <Tag color="red">{t('golden.failedTag', { n: failed })}</Tag>
      ) : (
        total > 0 && <Tag color="green">{t('golden.allPass')}</Tag>
      )}
    </Space>
  );
}

/** The cases as a table, failing first: result, name, enterprise, date, expected, actual, what differs. */
export function CaseTable({
  cases,
  grades,
  actions,
}: {
  cases: readonly CaseRow[];
  grades: readonly GradeName[];
  actions?: (c: CaseRow) => React.ReactNode;
}) {
  const t = useT();
  const { lang } = useLang();
  const rows = [...cases].sort(
    (a, b) => Number(a.result.passed) - Number(b.result.passed) || a.position - b.position,
  );
  return (
    <Table<CaseRow>
      className="golden-cases"
      size="small"
      rowKey="id"
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
      rowClassName={(c) => (c.result.passed ? 'golden-pass' : 'golden-fail')}
      scroll={{ x: actions ? 1240 : 1090 }}
      columns={[
        {
          title: t('golden.col.result'),
          key: 'result',
          width: 76,
          render: (_: unknown, c) =>
            c.result.passed ? (
              <Tag color="green">{t('golden.pass')}</Tag>
            ) : (
              <Tag color="red">{t('golden.fail')}</Tag>
            ),
        },
        {
          title: t('golden.col.name'),
          key: 'name',
          width: 250,
          render: (_: unknown, c) => (
            <div>
              <div>{c.name}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {String(
                  (c.enterprise as { name?: unknown }).name ??
                    (c.enterprise as { uscc?: unknown }).uscc ??
                    '',
                )}
              </Typography.Text>
            </div>
          ),
        },
        { title: t('golden.col.at'), dataIndex: 'at', width: 104 },
        {
          title: t('golden.col.expected'),
          key: 'expected',
          width: 190,
          render: (_: unknown, c) => <Outcome value={c.result.expected ?? c.expect} grades={grades} />,
        },
        {
          title: t('golden.col.actual'),
          key: 'actual',
          width: 190,
          render: (_: unknown, c) => (
            <Outcome value={c.result.actual} grades={grades} strong={!c.result.passed} />
          ),
        },
        {
          title: t('golden.col.why'),
          key: 'why',
          width: 280,
          render: (_: unknown, c) =>
            c.result.passed ? (
              '—'
            ) : (
              <span style={{ wordBreak: 'break-word' }}>
                {lang === 'en' ? (c.result.messageEn ?? c.result.message) : c.result.message}
              </span>
            ),
        },
        ...(actions
          ? [{ title: '', key: 'actions', width: 150, render: (_: unknown, c: CaseRow) => actions(c) }]
          : []),
      ]}
    />
  );
}

export function OverrideList({ overrides }: { overrides: readonly CaseOverride[] }) {
  const t = useT();
  if (overrides.length === 0) return null;
  return (
    <List
      size="small"
      className="golden-overrides"
      header={<strong>{t('golden.overrides')}</strong>}
      dataSource={[...overrides]}
      renderItem={(o) => (
        <List.Item>
          {t('golden.overrideLine', {
            who: o.actor,
            at: formatDateTime(o.at),
            n: o.failing.length,
            reason: o.reason,
          })}
        </List.Item>
      )}
    />
  );
}

interface PanelProps {
  versionId: number;
  kind: DocumentKind;
  grades: readonly GradeName[];
  /** Changes whenever the draft was saved: the results are evaluated again. */
  savedAt?: Date | null;
}

export function GoldenCasesPanel({ versionId, grades, savedAt }: PanelProps) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const key = trpc.cases.list.queryKey({ versionId });
  const cases = useQuery({
    ...trpc.cases.list.queryOptions({ versionId }),
    placeholderData: (p) => p,
  });
  const [adding, setAdding] = useState(false);
  const [accepting, setAccepting] = useState<CaseRow[] | null>(null);
  // adding a case looks enterprises up in a dataset: firm-level, not for a viewer
  const user = useOptionalAuth()?.user ?? null;
  const canAddFromDataset = user !== null && canReadFirms(user);
  useEffect(() => {
    if (savedAt) void queryClient.invalidateQueries({ queryKey: key });
  }, [savedAt]);
  const set = (v: CasesView) => queryClient.setQueryData(key, v);

  const v = cases.data;
  const failing = v?.cases.filter((c) => !c.result.passed) ?? [];
  const remove = (c: CaseRow) =>
    modal.confirm({
      title: t('golden.removeConfirm', { name: c.name }),
      okText: t('golden.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        client.cases.remove.mutate({ versionId, caseId: c.id }).then(
          (next) => {
            set(next);
            message.success(t('golden.removed'));
          },
          (e: unknown) => message.error(serverText(lang, apiError(e).message)),
        ),
    });

  return (
    <Card
      size="small"
      id="golden-cases"
      className="golden-panel"
      style={failing.length > 0 ? { borderColor: '#ffa39e' } : undefined}
      title={
        <Space wrap>
          <span>{t('golden.title')}</span>
          {v && <CaseTotals total={v.run.total} passed={v.run.passed} failed={v.run.failed} />}
        </Space>
      }
      extra={
        v?.editable && (
          <Space wrap>
            {failing.length > 0 && (
              <Button icon={<CheckOutlined />} onClick={() => setAccepting(failing)}>
                {t('golden.accept')}
              </Button>
            )}
            {canAddFromDataset && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t('golden.add')}
              </Button>
            )}
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('golden.explain')}
      </Typography.Paragraph>
      {cases.error && <ErrorAlert error={cases.error} />}
      {v && (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            {t('golden.runAt', { date: v.run.bundleAt })}
            {v.sealed && ` · ${t('golden.sealed')}`}
          </Typography.Paragraph>
          {v.run.problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 8 }}
              message={v.run.problems.map((p) => (lang === 'en' ? p.messageEn : p.message)).join('；')}
            />
          )}
          {v.cases.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('golden.none')} />
          ) : (
            <CaseTable
              cases={v.cases}
              grades={grades}
              actions={
                v.editable
                  ? (c) => (
                      <Space size={4}>
                        {!c.result.passed && (
                          <Button size="small" onClick={() => setAccepting([c])}>
                            {t('golden.acceptOne')}
                          </Button>
                        )}
                        <Button
                          size="small"
                          danger
                          type="text"
                          icon={<DeleteOutlined />}
                          aria-label={t('golden.remove')}
                          onClick={() => remove(c)}
                        />
                      </Space>
                    )
                  : undefined
              }
            />
          )}
          <OverrideList overrides={v.overrides} />
        </>
      )}
      {adding && v && canAddFromDataset && (
        <AddCaseDialog
          view={v}
          grades={grades}
          onClose={() => setAdding(false)}
          onAdded={(next) => {
            set(next);
            message.success(t('golden.addDone'));
          }}
        />
      )}
      {accepting && (
        <AcceptDialog
          versionId={versionId}
          cases={accepting}
          grades={grades}
          onClose={() => setAccepting(null)}
          onAccepted={(next, n) => {
            set(next);
            setAccepting(null);
            message.success(t('golden.acceptDone', { n }));
          }}
        />
      )}
    </Card>
  );
}

/** Accept the current results of some failing cases as expected, with a written reason. */
function AcceptDialog({
  versionId,
  cases,
  grades,
  onClose,
  onAccepted,
}: {
  versionId: number;
  cases: CaseRow[];
  grades: readonly GradeName[];
  onClose(): void;
  onAccepted(next: CasesView, n: number): void;
}) {
  const t = useT();
  const { lang } = useLang();
  const client = useTRPCClient();
  const outcome = useOutcomeText(grades);
  const [picked, setPicked] = useState<number[]>(cases.map((c) => c.id));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  return (
    <Modal
      open
      width={720}
      className="golden-accept-dialog"
      title={t('golden.acceptTitle')}
      okText={t('golden.accept')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: picked.length === 0 }}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setTried(true);
        if (!reason.trim()) return;
        setBusy(true);
        setError(null);
        try {
          const next = await client.cases.acceptCurrent.mutate({
            versionId,
            caseIds: picked,
            reason: reason.trim(),
          });
          onAccepted(next, picked.length);
        } catch (e) {
          setError(serverText(lang, apiError(e).message));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph>{t('golden.acceptIntro')}</Typography.Paragraph>
      <Typography.Text strong>{t('golden.acceptPick')}</Typography.Text>
      <Checkbox.Group
        value={picked}
        onChange={(v) => setPicked(v as number[])}
        style={{ display: 'block', margin: '6px 0 12px', maxHeight: 220, overflow: 'auto' }}
      >
        {cases.map((c) => (
          <div key={c.id} style={{ padding: '2px 0' }}>
            <Checkbox value={c.id}>
              {c.name}：{outcome(c.result.expected ?? c.expect)} → <strong>{outcome(c.result.actual)}</strong>
            </Checkbox>
          </div>
        ))}
      </Checkbox.Group>
      <Form layout="vertical">
        <Form.Item
          label={t('golden.acceptReason')}
          validateStatus={tried && !reason.trim() ? 'error' : undefined}
          help={tried && !reason.trim() ? t('golden.acceptReasonRequired') : undefined}
        >
          <Input.TextArea
            aria-label={t('golden.acceptReason')}
            rows={3}
            maxLength={2000}
            showCount
            value={reason}
            placeholder={t('golden.acceptReasonPlaceholder')}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}

/** The cases' state in a page header (a tag that scrolls to the panel): 黄金用例 3 个未通过 / 全部通过. */
export function GoldenBadge({ versionId }: { versionId: number; kind: DocumentKind }) {
  const t = useT();
  const trpc = useTRPC();
  const cases = useQuery({
    ...trpc.cases.list.queryOptions({ versionId }),
    placeholderData: (p) => p,
  });
  const run = cases.data?.run;
  if (!run || run.total === 0) return null;
  return (
    <Tag
      color={run.failed > 0 ? 'red' : 'green'}
      style={{ cursor: 'pointer' }}
      className="golden-badge"
      onClick={() =>
        document.getElementById('golden-cases')?.scrollIntoView({ behavior: 'smooth', block: 'start' })
      }
    >
      {t('golden.panelLink')}：
      {run.failed > 0 ? t('golden.failedTag', { n: run.failed }) : t('golden.allPass')}
    </Tag>
  );
}
