/**
 * The editor page: `#/documents/:id` (the open draft, else the published version) and
 * `#/documents/:id/versions/:n`. Drafts the user may write are editable, autosaved with their revision,
 * checked on the server, previewed live in a Web Worker, and submitted for review; every other version
 * is read-only with an "编辑" button where the user may start a draft.
 */
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Input,
  Modal,
  Result,
  Skeleton,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  CheckCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  ExclamationCircleOutlined,
  HistoryOutlined,
  LoadingOutlined,
  SendOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { canReview, canWrite, isOpenStatus } from '@policy/schemas';
import type { Issue, PolicyDocumentInput } from '@policy/schemas';
import { useBlocker, useHref, useNavigate, useParams } from 'react-router';
import { LazyDiffView } from '../../components/lazy.tsx';
import { useT } from '../../i18n/index.tsx';
import { ReturnedBanner } from './returned-banner.tsx';
import type { TFunction } from '../../i18n/index.tsx';
import { useWeekday } from '../../lib/effective-date.tsx';
import {
  DirectoryProvider,
  useDepartmentDirectory,
  useDepartmentName,
} from '../../lib/department-directory.tsx';
import { DocumentTitlesProvider } from '../../lib/document-titles.tsx';
import { KIND_LABEL } from '../../lib/kind-labels.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { VersionTag } from '../../lib/status-tag.tsx';
import { apiError, useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import type { HistoryEntry, VersionDetail } from './api-types.ts';
import { DocumentEditor } from './editor/document-editor.tsx';
import {
  EffectiveDatePanel,
  retroactiveReasonMissing,
  retroactiveReasonToSave,
} from './editor/effective-date-panel.tsx';
import { HistoryDrawer } from './history-drawer.tsx';
import { GoldenBadge, GoldenCasesPanel } from '../golden/golden-cases-panel.tsx';
import { gradesOf } from '../golden/outcome-text.tsx';
import { validateDraft } from './editor/validate-draft.ts';
import { PreviewPanel } from './preview/preview-panel.tsx';
import { useAutosave } from './use-autosave.ts';
import type { Autosave, AutosaveClient } from './use-autosave.ts';

/** The route's document id and version number (null: pick the open draft or the published version). */
export function parseDocumentParams(params: {
  id?: string;
  n?: string;
}): { documentId: string; versionNumber: number | null } | null {
  if (!params.id) return null;
  if (params.n === undefined) return { documentId: params.id, versionNumber: null };
  const n = Number(params.n);
  return Number.isInteger(n) && n > 0 ? { documentId: params.id, versionNumber: n } : null;
}

/** Which version `#/documents/:id` opens: the open one (draft / in review / approved), else the published, else the newest. */
export function defaultVersion(
  history: readonly Pick<HistoryEntry, 'versionNumber' | 'status'>[],
): number | null {
  const open = history.filter((h) => isOpenStatus(h.status)).at(-1);
  const published = history.filter((h) => h.status === 'published').at(-1);
  return (open ?? published ?? history.at(-1))?.versionNumber ?? null;
}

export default function DocumentPage() {
  const t = useT();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const route = parseDocumentParams(useParams());
  const documentId = route?.documentId ?? '';
  const history = useQuery({
    ...trpc.documents.history.queryOptions({ documentId }),
    enabled: route !== null,
  });
  const target = route?.versionNumber ?? (history.data ? defaultVersion(history.data) : null);
  const version = useQuery({
    ...trpc.documents.getByNumber.queryOptions({ documentId, versionNumber: target ?? 1 }),
    enabled: target !== null,
    // an editor's content must never be replaced behind its back by a refetch
    staleTime: Infinity,
    refetchOnMount: 'always',
  });

  if (!route) return <Result status="404" title={t('page.notFound')} />;
  const err = history.error ?? version.error;
  if (err) {
    const info = apiError(err);
    return (
      <Result
        status={info.code === 'NOT_FOUND' ? '404' : info.code === 'FORBIDDEN' ? '403' : 'error'}
        title={
          info.code === 'NOT_FOUND'
            ? t('doc.notFound', { id: documentId })
            : info.code === 'FORBIDDEN'
              ? t('doc.forbidden')
              : t('common.loadFailed')
        }
        subTitle={info.message}
        extra={<Button onClick={() => void navigate('/documents')}>{t('doc.backToList')}</Button>}
      />
    );
  }
  if (history.data && history.data.length === 0)
    return <Result status="404" title={t('doc.notFound', { id: documentId })} />;
  if (!version.data || !history.data) return <Skeleton active paragraph={{ rows: 12 }} />;
  return <VersionView key={`${version.data.id}`} version={version.data} history={history.data} />;
}

/**
 * Saves the draft's content and, with it, its retroactivity: the reason typed in the date panel when
 * the effective date is before today, else null (which clears the mark). A draft with errors is saved
 * too (the server keeps unfinished work and says how many errors remain; submitting refuses them).
 */
function useSaveClient(
  t: TFunction,
  reasonRef: { readonly current: string },
): AutosaveClient<PolicyDocumentInput> {
  const client = useTRPCClient();
  return useMemo(
    () => ({
      async save({ versionId, revision, content }) {
        const date = String((content as { effectiveFrom?: unknown }).effectiveFrom ?? '');
        const retroactiveReason = retroactiveReasonToSave(date, reasonRef.current);
        const r = await client.documents.saveDraft.mutate({
          versionId,
          revision,
          content,
          retroactiveReason,
        });
        return { revision: r.revision, errors: r.errors };
      },
      async load(versionId) {
        const v = await client.documents.get.query({ versionId });
        return { revision: v.revision, content: v.content as PolicyDocumentInput };
      },
      classify(e) {
        const info = apiError(e);
        if (info.code === 'CONFLICT' && info.reason === 'stale-revision') return { kind: 'conflict' };
        if (info.code === 'PRECONDITION_FAILED')
          return { kind: 'error', message: t('doc.notSavedSubmitted') };
        return { kind: 'error', message: t('doc.saveFailed', { message: info.message }) };
      },
    }),
    [client, t, reasonRef],
  );
}

function SaveStatus({
  a,
  editable,
  jsonBroken,
}: {
  a: Autosave<PolicyDocumentInput>;
  editable: boolean;
  /** Where the JSON view's text stops parsing: that text is not saved. */
  jsonBroken: { line: number } | null;
}) {
  const t = useT();
  if (!editable) return null;
  const time = a.savedAt ? a.savedAt.toLocaleTimeString('zh-CN', { hour12: false }) : null;
  if (jsonBroken)
    return (
      <Typography.Text type="danger" role="status">
        <ExclamationCircleOutlined /> {t('doc.notSavedJson', { line: jsonBroken.line })}
      </Typography.Text>
    );
  if (a.status === 'saved' && a.savedErrors > 0)
    return (
      <Typography.Text type="warning" role="status">
        <ExclamationCircleOutlined /> {t('doc.savedWithIssues', { time: time ?? '', n: a.savedErrors })}
      </Typography.Text>
    );
  switch (a.status) {
    case 'saving':
      return (
        <Typography.Text type="secondary" role="status">
          <LoadingOutlined /> {t('doc.saving')}
        </Typography.Text>
      );
    case 'dirty':
      return (
        <Typography.Text type="secondary" role="status">
          {t('doc.dirty')}
        </Typography.Text>
      );
    case 'conflict':
      return (
        <Typography.Text type="danger" role="status">
          <ExclamationCircleOutlined /> {t('doc.conflictShort')}
        </Typography.Text>
      );
    case 'error':
      return (
        <Typography.Text type="danger" role="status">
          <ExclamationCircleOutlined /> {a.error}
        </Typography.Text>
      );
    default:
      return (
        <Typography.Text type="success" role="status">
          <CheckCircleOutlined /> {time ? t('doc.savedAt', { time }) : t('doc.upToDate')}
        </Typography.Text>
      );
  }
}

function VersionView({ version, history }: { version: VersionDetail; history: HistoryEntry[] }) {
  const t = useT();
  const user = useCurrentUser();
  const departmentName = useDepartmentName();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const reviewHref = useHref(
    `/review/${encodeURIComponent(version.documentId)}?version=${version.versionNumber}`,
  );
  const { message, modal } = AntApp.useApp();
  const writer = canWrite(user, version);
  const editable = version.status === 'draft' && writer;
  // domains and departments by name for the editors (from the domain assignment in force today)
  const directory = useDepartmentDirectory();
  // the retroactivity reason is saved with the content (see useSaveClient)
  const [reason, setReason] = useState(version.retroactiveReason ?? '');
  const reasonRef = useRef(reason);
  reasonRef.current = reason;
  const saveClient = useSaveClient(t, reasonRef);
  const a = useAutosave<PolicyDocumentInput>({
    versionId: version.id,
    initialValue: version.content as PolicyDocumentInput,
    initialRevision: version.revision,
    client: saveClient,
    enabled: editable,
  });
  const [historyOpen, setHistoryOpen] = useState(false);
  const [submitOpen, setSubmitOpen] = useState(false);
  const [serverIssues, setServerIssues] = useState<Issue[]>([]);
  const [creating, setCreating] = useState(false);
  const [jsonBroken, setJsonBroken] = useState<{ line: number; column: number } | null>(null);
  const leaving = useRef(false);
  useLeaveGuard(editable, a, jsonBroken, leaving);

  // server-side checks (cross-document references) of the current edit, a moment after typing stops
  const [checked, setChecked] = useState<unknown>(a.value);
  useEffect(() => {
    const h = setTimeout(() => setChecked(a.value), 800);
    return () => clearTimeout(h);
  }, [a.value]);
  const validation = useQuery({
    ...trpc.documents.validate.queryOptions({ content: checked }),
    enabled: editable,
    staleTime: Infinity,
    placeholderData: (p) => p,
  });
  const issues = useMemo(
    () => [...(validation.data?.issues ?? []), ...serverIssues],
    [validation.data, serverIssues],
  );
  const localErrors = useMemo(
    () => validateDraft(a.value).filter((i) => i.severity === 'error').length,
    [a.value],
  );
  const serverErrors = (validation.data?.issues ?? []).filter((i) => i.severity === 'error').length;
  const effectiveFrom = String((a.value as { effectiveFrom?: unknown }).effectiveFrom ?? '');
  const reasonMissing = retroactiveReasonMissing(effectiveFrom, reason);
  const valid =
    localErrors === 0 &&
    serverErrors === 0 &&
    checked === a.value &&
    !validation.isFetching &&
    !reasonMissing;
  const entry = history.find((h) => h.versionNumber === version.versionNumber);
  const grades = useMemo(() => gradesOf(a.value), [a.value]);

  // the history shows hashes: refresh it after each save
  useEffect(() => {
    if (a.savedAt)
      void queryClient.invalidateQueries({
        queryKey: trpc.documents.history.queryKey({ documentId: version.documentId }),
      });
  }, [a.savedAt]);

  const open = history.filter((h) => isOpenStatus(h.status)).at(-1);
  const refreshAll = () => queryClient.invalidateQueries({ queryKey: trpc.documents.pathKey() });

  const startDraft = async () => {
    setCreating(true);
    try {
      const d = await client.documents.createDraft.mutate({
        documentId: version.documentId,
        basedOnVersion: version.versionNumber,
      });
      await refreshAll();
      message.success(t('doc.draftCreated', { n: d.versionNumber }));
      void navigate(`/documents/${encodeURIComponent(version.documentId)}/versions/${d.versionNumber}`);
    } catch (e) {
      message.error(apiError(e).message);
    } finally {
      setCreating(false);
    }
  };

  const title = String((a.value as { title?: unknown }).title ?? version.documentId);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {version.status === 'draft' && (
        <ReturnedBanner documentId={version.documentId} versionId={version.id} />
      )}
      <Card size="small" styles={{ body: { padding: '10px 16px' } }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size={10} wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {title}
            </Typography.Title>
            <Tag>v{version.versionNumber}</Tag>
            <VersionTag status={version.status} standing={entry?.standing} />
            {version.retroactive && <Tag color="orange">{t('rev.retroTag')}</Tag>}
            <GoldenBadge versionId={version.id} kind={version.kind} />
            <Typography.Text type="secondary">
              {t(KIND_LABEL[version.kind])} · {departmentName(version.owner)}
              {!editable &&
                version.effectiveFrom &&
                ` · ${t('doc.effective', { date: version.effectiveFrom })}`}
            </Typography.Text>
            <SaveStatus a={a} editable={editable} jsonBroken={jsonBroken} />
          </Space>
          <Space wrap>
            <Button icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)}>
              {t('doc.history')}
            </Button>
            {history.length > 1 && (
              <Button icon={<SwapOutlined />} href={reviewHref}>
                {canReview(user) && version.status === 'in-review' && version.authorId !== user.id
                  ? t('doc.goReview')
                  : t('doc.compare')}
              </Button>
            )}
            {!editable && writer && !open && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                loading={creating}
                onClick={() => void startDraft()}
              >
                {t('doc.edit')}
              </Button>
            )}
            {!editable && writer && open && open.versionNumber !== version.versionNumber && (
              <Button
                type="primary"
                onClick={() =>
                  void navigate(
                    `/documents/${encodeURIComponent(version.documentId)}/versions/${open.versionNumber}`,
                  )
                }
              >
                {open.status === 'draft'
                  ? t('doc.openDraft', { n: open.versionNumber })
                  : t('doc.openOpen', { n: open.versionNumber })}
              </Button>
            )}
            {editable && (user.role === 'credit-office' || version.authorId === user.id) && (
              <DiscardButton
                version={version}
                onBeforeDiscard={() => {
                  leaving.current = true;
                }}
                onDiscarded={async (removed) => {
                  await refreshAll();
                  void navigate(
                    removed ? '/documents' : `/documents/${encodeURIComponent(version.documentId)}`,
                  );
                }}
                onFailed={() => {
                  leaving.current = false;
                }}
                onlyVersion={history.length === 1}
              />
            )}
            {editable && (
              <Tooltip
                title={valid ? undefined : reasonMissing ? t('eff.reasonMissing') : t('doc.submitDisabled')}
              >
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={!valid || a.status === 'conflict'}
                  onClick={() => setSubmitOpen(true)}
                >
                  {t('doc.submit')}
                </Button>
              </Tooltip>
            )}
          </Space>
        </Space>
      </Card>

      {version.status === 'draft' && !writer && <Alert type="info" showIcon message={t('doc.notYours')} />}
      {version.status === 'in-review' && (
        <Alert
          type="info"
          showIcon
          message={t('doc.inReview', { approvals: version.approvals, required: version.requiredApprovals })}
        />
      )}

      {a.conflict && (
        <Alert
          type="error"
          showIcon
          message={t('doc.conflictTitle')}
          description={
            <div>
              <div style={{ marginBottom: 8 }}>{t('doc.conflictBody')}</div>
              <Suspense fallback={<Spin />}>
                <div style={{ display: 'flex', fontWeight: 600, marginBottom: 4 }}>
                  <div style={{ flex: 1 }}>{t('doc.conflictServer', { rev: a.conflict.serverRevision })}</div>
                  <div style={{ flex: 1 }}>{t('doc.conflictMine')}</div>
                </div>
                <LazyDiffView
                  original={JSON.stringify(a.conflict.serverContent, null, 2)}
                  modified={JSON.stringify(a.value, null, 2)}
                  height={320}
                />
              </Suspense>
              <Space style={{ marginTop: 8 }}>
                <Button type="primary" onClick={() => void a.keepMine()}>
                  {t('doc.keepMine')}
                </Button>
                <Button
                  onClick={() =>
                    modal.confirm({
                      title: t('doc.takeServerConfirm'),
                      content: t('doc.takeServerConfirmBody'),
                      okText: t('doc.takeServer'),
                      cancelText: t('common.cancel'),
                      onOk: () => a.takeServer(),
                    })
                  }
                >
                  {t('doc.takeServer')}
                </Button>
              </Space>
            </div>
          }
        />
      )}

      <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          {editable && (
            <div style={{ marginBottom: 12 }}>
              <EffectiveDatePanel
                date={effectiveFrom}
                onDate={(date) => a.setValue({ ...a.value, effectiveFrom: date } as PolicyDocumentInput)}
                reason={reason}
                onReason={(r) => {
                  setReason(r);
                  reasonRef.current = r;
                  // the reason is saved with the content: schedule a save of the unchanged content
                  a.setValue(a.value);
                }}
              />
            </div>
          )}
          <DocumentTitlesProvider>
            <DirectoryProvider content={directory}>
              <DocumentEditor
                value={a.value}
                onChange={a.setValue}
                readOnly={!editable}
                issues={issues}
                codeHeight={560}
                omitEnvelope={editable ? ['effectiveFrom'] : []}
                onJsonBroken={setJsonBroken}
              />
            </DirectoryProvider>
          </DocumentTitlesProvider>
        </div>
        {editable && (
          <div style={{ width: 340, flex: '0 0 340px', position: 'sticky', top: 8 }}>
            <PreviewPanel
              draft={a.value}
              documentId={version.documentId}
              versionNumber={version.versionNumber}
            />
          </div>
        )}
      </div>

      <GoldenCasesPanel versionId={version.id} kind={version.kind} grades={grades} savedAt={a.savedAt} />

      <HistoryDrawer
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        history={history}
        current={version.versionNumber}
        documentId={version.documentId}
        canRollback={writer}
      />
      {submitOpen && (
        <SubmitModal
          effectiveFrom={effectiveFrom}
          reason={retroactiveReasonToSave(effectiveFrom, reason)}
          onClose={() => setSubmitOpen(false)}
          onSubmit={async (comment) => {
            const saved = await a.flush();
            if (!saved) {
              message.error(t('doc.submitNotSaved'));
              return false;
            }
            try {
              const r = await client.documents.submit.mutate({
                versionId: version.id,
                revision: a.currentRevision(),
                comment: comment || undefined,
              });
              // failing golden cases do not stop the submission, but publication: say so now
              if (r.golden.failed > 0) message.warning(t('golden.submitFailing', { n: r.golden.failed }), 10);
            } catch (e) {
              const info = apiError(e);
              setServerIssues(info.issues);
              message.error(info.message);
              return false;
            }
            message.success(t('doc.submitted'));
            await refreshAll();
            void navigate(
              `/review/${encodeURIComponent(version.documentId)}?version=${version.versionNumber}`,
            );
            return true;
          }}
        />
      )}
    </Space>
  );
}

function SubmitModal({
  effectiveFrom,
  reason,
  onClose,
  onSubmit,
}: {
  effectiveFrom: string;
  reason: string | null;
  onClose(): void;
  onSubmit(comment: string): Promise<boolean>;
}) {
  const t = useT();
  const weekday = useWeekday();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('doc.submitTitle')}
      okText={t('doc.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        const ok = await onSubmit(comment.trim());
        setBusy(false);
        if (ok) onClose();
      }}
    >
      <Typography.Paragraph>{t('doc.submitBody')}</Typography.Paragraph>
      {effectiveFrom && (
        <Alert
          style={{ marginBottom: 12 }}
          type={reason ? 'warning' : 'info'}
          showIcon
          message={t('eff.submitLine', { date: effectiveFrom, weekday: weekday(effectiveFrom) })}
          description={reason ? t('eff.submitRetro', { reason }) : undefined}
        />
      )}
      <Input.TextArea
        rows={4}
        maxLength={2000}
        showCount
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('doc.submitComment')}
        aria-label={t('doc.submitComment')}
      />
    </Modal>
  );
}

/** What keeps edits from being stored, in words for the leave prompt; null when everything is saved. */
function unsavedReason(
  t: TFunction,
  a: Autosave<PolicyDocumentInput>,
  jsonBroken: { line: number } | null,
): string | null {
  if (jsonBroken) return t('doc.jsonSyntaxAt', { line: jsonBroken.line });
  if (a.status === 'conflict') return t('doc.conflictShort');
  if (a.status === 'error') return a.error ?? t('doc.dirty');
  if (a.pending) return t('doc.dirty');
  return null;
}

/**
 * Leaving the page with unsaved edits asks first: closing or reloading the tab (`beforeunload`) and
 * moving to another address in the app. A route change first tries to save; only what cannot be saved
 * (JSON that does not parse, a conflict, a failed save) asks. `skip` is set by actions that leave on
 * purpose (discarding the draft).
 */
function useLeaveGuard(
  editable: boolean,
  a: Autosave<PolicyDocumentInput>,
  jsonBroken: { line: number } | null,
  skip: { readonly current: boolean },
) {
  const t = useT();
  const { modal } = AntApp.useApp();
  const unsaved = editable && (a.pending || jsonBroken !== null);
  useEffect(() => {
    if (!unsaved) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (skip.current) return;
      e.preventDefault();
      // older browsers show the prompt only when returnValue is set
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsaved]);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved && !skip.current && currentLocation.pathname !== nextLocation.pathname,
  );
  const asked = useRef(false);
  const aRef = useRef(a);
  aRef.current = a;
  useEffect(() => {
    if (blocker.state !== 'blocked' || asked.current) return;
    asked.current = true;
    void (async () => {
      // plain unsaved edits are saved on the way out
      if (!jsonBroken && a.status !== 'conflict' && a.status !== 'error' && (await aRef.current.flush())) {
        asked.current = false;
        blocker.proceed();
        return;
      }
      modal.confirm({
        title: t('doc.leaveTitle'),
        content: t('doc.leaveBody', { why: unsavedReason(t, aRef.current, jsonBroken) ?? t('doc.dirty') }),
        okText: t('doc.leaveGo'),
        okButtonProps: { danger: true },
        cancelText: t('doc.leaveStay'),
        onOk: () => {
          asked.current = false;
          blocker.proceed();
        },
        onCancel: () => {
          asked.current = false;
          blocker.reset();
        },
      });
    })();
  }, [blocker.state]);
}

/** 放弃草稿: asks, then discards the draft on the server (author or credit office; audited). */
function DiscardButton({
  version,
  onlyVersion,
  onBeforeDiscard,
  onDiscarded,
  onFailed,
}: {
  version: VersionDetail;
  onlyVersion: boolean;
  onBeforeDiscard(): void;
  onDiscarded(documentRemoved: boolean): Promise<void>;
  onFailed(): void;
}) {
  const t = useT();
  const client = useTRPCClient();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button danger icon={<DeleteOutlined />} onClick={() => setOpen(true)}>
        {t('doc.discard')}
      </Button>
      {open && (
        <Modal
          open
          title={t('doc.discardTitle', { n: version.versionNumber })}
          okText={t('doc.discard')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          confirmLoading={busy}
          onCancel={() => setOpen(false)}
          onOk={async () => {
            setBusy(true);
            onBeforeDiscard();
            try {
              const r = await client.documents.discardDraft.mutate({
                versionId: version.id,
                reason: reason.trim() || undefined,
              });
              message.success(t('doc.discarded', { n: version.versionNumber }));
              setOpen(false);
              await onDiscarded(r.documentRemoved);
            } catch (e) {
              onFailed();
              message.error(apiError(e).message);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Typography.Paragraph>
            {onlyVersion ? t('doc.discardNewBody') : t('doc.discardBody', { n: version.versionNumber })}
          </Typography.Paragraph>
          <Input.TextArea
            rows={2}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('doc.discardReason')}
            aria-label={t('doc.discardReason')}
          />
        </Modal>
      )}
    </>
  );
}
