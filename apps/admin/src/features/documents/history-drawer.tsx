/**
 * 版本历史: every version of a document, newest first, released ones with their standing today
 * (现行有效 / 待生效 / 已被替代), and a 回退到此版本 button on earlier released versions, which opens a
 * dialog asking why and from when, then creates a rollback draft that goes through review like any other.
 */
import { useState } from 'react';
import {
  App as AntApp,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { RollbackOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { isOpenStatus } from '@policy/schemas';
import { Link, useNavigate } from 'react-router';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime, todayIso } from '../../lib/dates.ts';
import { EffectiveDate } from '../../lib/effective-date.tsx';
import { VersionTag } from '../../lib/status-tag.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import type { HistoryEntry } from './api-types.ts';
import { HistoryNote, useVersionNotes } from './history-note.tsx';

/**
 * Versions one may roll back to: released versions that are not where the document is headed — every
 * superseded one, and the one in force when a later one is scheduled (to cancel it).
 */
export function rollbackTargets(
  history: readonly Pick<HistoryEntry, 'versionNumber' | 'standing'>[],
): Set<number> {
  const scheduled = history.some((h) => h.standing === 'scheduled');
  return new Set(
    history
      .filter((h) => h.standing === 'superseded' || (h.standing === 'in-force' && scheduled))
      .map((h) => h.versionNumber),
  );
}

interface HistoryDrawerProps {
  open: boolean;
  onClose(): void;
  history: HistoryEntry[];
  current: number;
  documentId: string;
  /** The user may start drafts of this document (and so rollback drafts). */
  canRollback: boolean;
}

export function HistoryDrawer({
  open,
  onClose,
  history,
  current,
  documentId,
  canRollback,
}: HistoryDrawerProps) {
  const t = useT();
  const [rollbackTo, setRollbackTo] = useState<HistoryEntry | null>(null);
  const targets = rollbackTargets(history);
  const openVersion = history.filter((h) => isOpenStatus(h.status)).at(-1);
  const notes = useVersionNotes(documentId, open);
  return (
    <Drawer open={open} onClose={onClose} title={t('doc.history')} width={500}>
      {history.length === 0 ? (
        <Empty />
      ) : (
        <Timeline
          items={[...history].reverse().map((h) => ({
            color:
              h.standing === 'in-force'
                ? 'green'
                : h.standing === 'scheduled'
                  ? 'blue'
                  : h.status === 'rejected'
                    ? 'red'
                    : h.standing === 'superseded'
                      ? 'gray'
                      : 'blue',
            children: (
              <div className="history-entry" data-version={h.versionNumber}>
                <Space size={6} wrap>
                  {h.versionNumber === current ? (
                    <Typography.Text strong>v{h.versionNumber}</Typography.Text>
                  ) : (
                    <Link
                      to={`/documents/${encodeURIComponent(documentId)}/versions/${h.versionNumber}`}
                      onClick={onClose}
                    >
                      v{h.versionNumber}
                    </Link>
                  )}
                  <VersionTag status={h.status} standing={h.standing} />
                  {h.retroactive && <Tag color="orange">{t('rev.retroTag')}</Tag>}
                  {h.versionNumber === current && <Tag color="blue">{t('doc.current')}</Tag>}
                </Space>
                <Descriptions
                  size="small"
                  column={1}
                  colon
                  style={{ marginTop: 4 }}
                  items={[
                    {
                      key: 'a',
                      label: t('doc.author'),
                      children: `${h.authorName} · ${formatDateTime(h.updatedAt)}`,
                    },
                    ...(h.effectiveFrom
                      ? [
                          {
                            key: 'e',
                            label: t('docs.col.effective'),
                            children: (
                              // a version in force or superseded is not "retroactive" for being in the past: only the date
                              <EffectiveDate
                                date={h.effectiveFrom}
                                plain={h.standing === 'in-force' || h.standing === 'superseded'}
                              />
                            ),
                          },
                        ]
                      : []),
                    ...(h.note ? [{ key: 'n', label: t('hist.note'), children: h.note }] : []),
                    {
                      key: 'h',
                      label: t('doc.hash'),
                      children: (
                        <Typography.Text code copyable={{ text: h.contentHash }}>
                          {h.contentHash.slice(0, 16)}
                        </Typography.Text>
                      ),
                    },
                    ...(h.parentHash
                      ? [
                          {
                            key: 'p',
                            label: t('doc.parent', { n: h.basedOn ?? '?' }),
                            children: <Typography.Text code>{h.parentHash.slice(0, 16)}</Typography.Text>,
                          },
                        ]
                      : []),
                  ]}
                />
                {notes.has(h.id) && <HistoryNote note={notes.get(h.id)!} />}
                {h.reviews.map((r) => (
                  <div key={r.id} style={{ fontSize: 13, marginTop: 2 }}>
                    <Tag color={r.decision === 'approve' ? 'success' : 'error'}>
                      {r.decision === 'approve' ? t('doc.approved') : t('doc.rejected')}
                    </Tag>
                    {r.reviewerName} · {formatDateTime(r.createdAt)}
                    {r.comment && (
                      <div style={{ color: '#555', marginTop: 2, whiteSpace: 'pre-wrap' }}>“{r.comment}”</div>
                    )}
                  </div>
                ))}
                {canRollback && targets.has(h.versionNumber) && (
                  <Tooltip
                    title={openVersion ? t('hist.rollbackBusy', { n: openVersion.versionNumber }) : undefined}
                  >
                    <Button
                      size="small"
                      icon={<RollbackOutlined />}
                      style={{ marginTop: 6 }}
                      disabled={!!openVersion}
                      onClick={() => setRollbackTo(h)}
                    >
                      {t('hist.rollback')}
                    </Button>
                  </Tooltip>
                )}
              </div>
            ),
          }))}
        />
      )}
      {rollbackTo && (
        <RollbackModal
          documentId={documentId}
          target={rollbackTo}
          onClose={() => setRollbackTo(null)}
          onCreated={() => {
            setRollbackTo(null);
            onClose();
          }}
        />
      )}
    </Drawer>
  );
}

interface RollbackValues {
  reason: string;
  effectiveFrom: dayjs.Dayjs;
}

/** Asks why and from when, creates the rollback draft and opens it in the editor. */
export function RollbackModal({
  documentId,
  target,
  onClose,
  onCreated,
}: {
  documentId: string;
  target: HistoryEntry;
  onClose(): void;
  onCreated(): void;
}) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RollbackValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = todayIso();
  const date = Form.useWatch('effectiveFrom', form);
  const submit = async (v: RollbackValues) => {
    setBusy(true);
    setError(null);
    try {
      const d = await client.documents.createRollbackDraft.mutate({
        documentId,
        toVersion: target.versionNumber,
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        reason: v.reason.trim(),
      });
      await queryClient.invalidateQueries({ queryKey: trpc.documents.pathKey() });
      message.success(t('hist.rollbackDone', { n: d.versionNumber }));
      onCreated();
      void navigate(`/documents/${encodeURIComponent(documentId)}/versions/${d.versionNumber}`);
    } catch (e) {
      setError(serverText(lang, apiError(e).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('hist.rollbackTitle', { n: target.versionNumber })}
      okText={t('hist.rollbackCreate')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={560}
    >
      <Typography.Paragraph>
        {t('hist.rollbackIntro', { n: target.versionNumber, date: target.effectiveFrom ?? '—' })}
      </Typography.Paragraph>
      <Form<RollbackValues>
        form={form}
        layout="vertical"
        initialValues={{ effectiveFrom: dayjs(today), reason: '' }}
        onFinish={(v) => void submit(v)}
        requiredMark={false}
      >
        <Form.Item
          name="reason"
          label={t('hist.rollbackReason')}
          rules={[{ required: true, whitespace: true, message: t('hist.rollbackReasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount autoFocus />
        </Form.Item>
        <Form.Item label={t('hist.rollbackDate')} extra={t('hist.rollbackDateHelp')} required>
          <Space wrap>
            <Form.Item name="effectiveFrom" noStyle>
              <DatePicker
                allowClear={false}
                aria-label={t('hist.rollbackDate')}
                disabledDate={(d) => d.format('YYYY-MM-DD') < today}
              />
            </Form.Item>
            {date && <EffectiveDate date={date.format('YYYY-MM-DD')} today={today} />}
          </Space>
        </Form.Item>
      </Form>
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
    </Modal>
  );
}
