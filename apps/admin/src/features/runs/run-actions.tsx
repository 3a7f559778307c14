/**
 * The actions on a run besides signing off: verify (recompute and compare: 一致 or the first
 * difference) and the exports as plain links to `GET /export/runs/:id?format=…&department=…` — the
 * credit office and reviewers pick a department (or all), a department editor gets its own.
 */
import { useState } from 'react';
import { Alert, Button, Select, Space, Typography } from 'antd';
import { CheckCircleOutlined, DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { canReadFirms } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { useDepartmentDirectory, useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { serverText } from '../../lib/texts.ts';
import { useTRPC } from '../../lib/trpc.tsx';
import type { RunRow } from './api-types.ts';

const FORMATS = [
  { format: 'xlsx', label: 'Excel（XLSX）' },
  { format: 'csv', label: 'CSV' },
  { format: 'jsonl', label: 'JSONL' },
] as const;

/** The address of a run's export, relative to the page (works behind any path prefix). */
export function exportHref(runId: number, format: string, department: string | null): string {
  const q = new URLSearchParams({ format });
  if (department) q.set('department', department);
  return `export/runs/${runId}?${q.toString()}`;
}

export function VerifyButton({ run }: { run: RunRow }) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const verify = useMutation(trpc.runs.verify.mutationOptions());
  if (me.role !== 'credit-office' && me.role !== 'reviewer') return null;
  const ready = run.status === 'completed' || run.status === 'signed-off';
  return (
    <div className="run-verify">
      <Space wrap>
        <Button icon={<CheckCircleOutlined />} disabled={!ready} loading={verify.isPending} onClick={() => verify.mutate({ runId: run.id })}>
          {t('runs.verify')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {ready ? t('runs.verifyHint') : t('runs.verifyNotReady')}
        </Typography.Text>
      </Space>
      {verify.error && <ErrorAlert error={verify.error} title={t('runs.verifyFailed')} />}
      {verify.data && (
        <Alert
          style={{ marginTop: 8 }}
          className="run-verify-result"
          type={verify.data.identical ? 'success' : 'error'}
          showIcon
          message={verify.data.identical ? t('runs.verifyIdentical') : t('runs.verifyDifferent')}
          description={verify.data.identical ? t('runs.verifyIdenticalBody') : serverText(lang, verify.data.problem)}
        />
      )}
    </div>
  );
}

export function ExportLinks({ run }: { run: RunRow }) {
  const t = useT();
  const me = useCurrentUser();
  const directory = useDepartmentDirectory();
  const deptName = useDepartmentName();
  const own = me.role === 'department-editor';
  const [department, setDepartment] = useState<string>('');
  if (!canReadFirms(me)) return <Typography.Text type="secondary">{t('runs.exportViewer')}</Typography.Text>;
  const ready = run.status === 'completed' || run.status === 'signed-off';
  const chosen = own ? me.department : department || null;
  return (
    <Space wrap className="run-export">
      {own ? (
        <Typography.Text>{t('runs.exportOwn', { department: deptName(me.department) })}</Typography.Text>
      ) : (
        <Select
          aria-label={t('runs.exportDepartment')}
          style={{ width: 220 }}
          value={department}
          onChange={setDepartment}
          options={[
            { value: '', label: t('runs.exportAll') },
            ...(directory?.departments ?? []).map((d) => ({ value: d.id, label: deptName(d.id) })),
          ]}
        />
      )}
      {FORMATS.map((f) => (
        <Button key={f.format} icon={<DownloadOutlined />} href={ready ? exportHref(run.id, f.format, chosen) : undefined} disabled={!ready}>
          {t('runs.exportAs', { format: f.label })}
        </Button>
      ))}
    </Space>
  );
}
