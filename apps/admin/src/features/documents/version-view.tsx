/**
 * One version on the editor page: the header (title, status, save status, actions), the effective-date
 * panel, the editor with the live preview beside it, the golden cases, the history drawer and the submit
 * dialog. A draft the user may write is autosaved; every other version is read-only. 编辑 on a released
 * version opens the editor on a copy; the draft is created by the first real change (pending-draft.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Space, Tag, Typography } from 'antd';
import { EditOutlined, HistoryOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { canReview, canWrite, isOpenStatus } from '@policy/schemas';
import type { Issue, PolicyDocumentInput } from '@policy/schemas';
import { useHref, useNavigate } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import { ReturnedBanner } from './returned-banner.tsx';
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
import { ConflictAlert } from './conflict-alert.tsx';
import { DiscardButton } from './discard-button.tsx';
import { SaveStatus, useSaveClient } from './draft-save.tsx';
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
import { useLeaveGuard } from './leave-guard.ts';
import { draftCopy, usePendingDraftClient } from './pending-draft.ts';
import type { CreatedDraft } from './pending-draft.ts';
import { PreviewPanel } from './preview/preview-panel.tsx';
import { SubmitButton, SubmitModal } from './submit-modal.tsx';
import { useAutosave } from './use-autosave.ts';

export function VersionView({ version, history }: { version: VersionDetail; history: HistoryEntry[] }) {
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
  const { message } = AntApp.useApp();
  const writer = canWrite(user, version);
  // a draft of mine; or, after 编辑, a copy of this version whose draft the first change creates
  const drafting = version.status === 'draft' && writer;
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<CreatedDraft | null>(null);
  const editable = drafting || pending;
  const copy = useMemo(() => draftCopy(version.content as PolicyDocumentInput), [version.content]);
  const forceDraft = useRef(false);
  // domains and departments by name for the editors (from the domain assignment in force today)
  const directory = useDepartmentDirectory();
  // the retroactivity reason is saved with the content (see useSaveClient)
  const [reason, setReason] = useState(version.retroactiveReason ?? '');
  const reasonRef = useRef(reason);
  reasonRef.current = reason;
  const draftClient = useSaveClient(t, reasonRef);
  const saveClient = usePendingDraftClient(draftClient, {
    active: pending,
    drafting,
    documentId: version.documentId,
    basedOnVersion: version.versionNumber,
    copy,
    onCreated: setCreated,
    force: forceDraft,
  });
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

  // 编辑: edit a copy of this version; nothing is stored until the first real change
  const startDraft = () => {
    a.setValue(copy); // not saved: autosave is still off at this moment, and the copy is no change
    setPending(true);
  };
  // 保存为草稿: create the draft now, unchanged (an explicit save)
  const saveAsDraft = () => {
    forceDraft.current = true;
    a.setValue({ ...a.value });
    void a.flush();
  };
  const cancelDraft = () => {
    setPending(false);
    a.setValue(version.content as PolicyDocumentInput);
  };
  // once the first change made the draft and everything typed since is saved, open the draft's own page
  useEffect(() => {
    if (!created || a.pending || a.status !== 'saved') return;
    leaving.current = true;
    void refreshAll().then(() => {
      message.success(t('doc.draftCreated', { n: created.versionNumber }));
      void navigate(`/documents/${encodeURIComponent(version.documentId)}/versions/${created.versionNumber}`);
    });
  }, [created, a.pending, a.status]);

  const title = String((a.value as { title?: unknown }).title ?? version.documentId);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {pending && (
        <Alert
          type="info"
          showIcon
          message={t('doc.pendingDraft', { n: version.versionNumber })}
          action={
            <Space>
              <Button size="small" type="primary" onClick={saveAsDraft}>{t('doc.pendingSave')}</Button>
              <Button size="small" onClick={cancelDraft}>{t('doc.pendingCancel')}</Button>
            </Space>
          }
        />
      )}
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
              <Button type="primary" icon={<EditOutlined />} onClick={startDraft}>
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
            {drafting && (user.role === 'credit-office' || version.authorId === user.id) && (
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
            {drafting && (
              <SubmitButton
                blocked={
                  !valid
                    ? reasonMissing
                      ? t('eff.reasonMissing')
                      : t('doc.submitDisabled')
                    : a.status === 'conflict'
                      ? t('doc.conflictShort')
                      : null
                }
                onOpen={() => setSubmitOpen(true)}
              />
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

      <ConflictAlert a={a} />

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
          note={{ versionId: version.id, documentId: version.documentId, versionNumber: version.versionNumber, kind: version.kind, draft: a.value, history }}
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
