/**
 * Filing an objection from a result row (credit office; a department editor for its own enterprises):
 * 异议理由 (required), 证据说明, the disputed record chosen from the enterprise's records (or the result
 * as a whole), and the department that answers — pre-filled with the one the server suggests from the
 * record's issuing authority.
 */
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Form, Input, Modal, Select, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { recordKindLabel } from '../../i18n/schema-labels.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { Objection } from './api-types.ts';
import { ResultView } from './objection-parts.tsx';

const WHOLE = '__whole__';

export function FileObjectionDialog({
  runId,
  enterprise,
  onClose,
  onFiled,
}: {
  runId: number;
  enterprise: { uscc: string; name: string } | null;
  onClose: () => void;
  onFiled?: (o: Objection) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [grounds, setGrounds] = useState('');
  const [evidence, setEvidence] = useState('');
  const [recordId, setRecordId] = useState<string>(WHOLE);
  const [department, setDepartment] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const uscc = enterprise?.uscc ?? '-';
  useEffect(() => {
    setGrounds('');
    setEvidence('');
    setRecordId(WHOLE);
    setDepartment(null);
    setTried(false);
  }, [enterprise?.uscc]);
  const info = useQuery({ ...trpc.objections.enterprise.queryOptions({ runId, uscc }), enabled: enterprise !== null });
  const depts = useQuery({
    ...trpc.objections.departments.queryOptions({ runId, uscc, ...(recordId !== WHOLE ? { recordId } : {}) }),
    enabled: enterprise !== null,
  });
  // the server's suggestion fills the department until the user picks one
  const chosen = department ?? depts.data?.suggested ?? null;
  const file = useMutation(trpc.objections.file.mutationOptions());
  const submit = () => {
    setTried(true);
    if (!grounds.trim() || !chosen || !enterprise) return;
    file.mutate(
      { runId, uscc: enterprise.uscc, grounds: grounds.trim(), ...(evidence.trim() ? { evidence: evidence.trim() } : {}), ...(recordId !== WHOLE ? { recordId } : {}), department: chosen },
      {
        onSuccess: (o) => {
          message.success(t('objections.filed', { deadline: o.deadline, department: o.departmentName }));
          void queryClient.invalidateQueries({ queryKey: trpc.objections.list.queryKey() });
          onFiled?.(o);
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      className="file-objection-dialog"
      open={enterprise !== null}
      onCancel={onClose}
      onOk={submit}
      okText={t('objections.fileSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={file.isPending}
      width={720}
      title={enterprise ? t('objections.fileTitle', { name: enterprise.name }) : ''}
      destroyOnHidden
    >
      {enterprise && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            <code>{enterprise.uscc}</code> · {t('runs.runN', { id: runId })}
          </Typography.Paragraph>
          {info.data && (
            <div style={{ marginBottom: 12, padding: 8, background: '#fafafa', borderRadius: 4 }}>
              <ResultView runId={runId} result={info.data.original} />
            </div>
          )}
          {info.error && <ErrorAlert error={info.error} />}
          <Form layout="vertical">
            <Form.Item label={t('objections.grounds')} required validateStatus={tried && !grounds.trim() ? 'error' : undefined} help={tried && !grounds.trim() ? t('objections.groundsRequired') : undefined}>
              <Input.TextArea aria-label={t('objections.grounds')} rows={3} maxLength={4000} placeholder={t('objections.groundsPlaceholder')} value={grounds} onChange={(e) => setGrounds(e.target.value)} />
            </Form.Item>
            <Form.Item label={t('objections.evidence')}>
              <Input.TextArea aria-label={t('objections.evidence')} rows={2} maxLength={4000} placeholder={t('objections.evidencePlaceholder')} value={evidence} onChange={(e) => setEvidence(e.target.value)} />
            </Form.Item>
            <Form.Item label={t('objections.record')} extra={t('objections.recordHint')}>
              <Select
                aria-label={t('objections.record')}
                value={recordId}
                loading={info.isLoading}
                onChange={(v: string) => {
                  setRecordId(v);
                  setDepartment(null);
                }}
                options={[
                  { value: WHOLE, label: t('objections.wholeResult') },
                  ...(info.data?.records ?? []).map((r) => ({
                    value: r.id,
                    label: `${r.date} ${recordKindLabel(lang, r.kind)}${r.authority ? `（${r.authority}）` : ''} · ${r.id}`,
                  })),
                ]}
              />
            </Form.Item>
            <Form.Item
              label={t('objections.department')}
              required
              extra={depts.data?.suggested && chosen === depts.data.suggested ? t('objections.departmentSuggested') : t('objections.departmentHint')}
              validateStatus={tried && !chosen ? 'error' : undefined}
              help={tried && !chosen ? t('objections.departmentRequired') : undefined}
            >
              <Select
                aria-label={t('objections.department')}
                value={chosen ?? undefined}
                placeholder={t('objections.departmentPlaceholder')}
                loading={depts.isFetching}
                showSearch
                optionFilterProp="label"
                onChange={(v: string) => setDepartment(v)}
                options={(depts.data?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
          </Form>
          {file.error && <Alert type="error" showIcon message={t('objections.fileFailed')} description={serverText(lang, apiError(file.error).message)} />}
        </>
      )}
    </Modal>
  );
}
