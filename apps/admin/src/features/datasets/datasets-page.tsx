/**
 * Datasets (数据集): the imported populations used by previews and lookups. The credit office uploads
 * JSONL / CSV / XLSX files (progress: bytes sent, then rows read), sees every bad row when a file is
 * refused, and deletes datasets after a confirmation.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Popconfirm,
  Progress,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { DeleteOutlined, InboxOutlined, StarOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import { canManageDatasets } from '@policy/schemas';
import { formatDateTime, formatTimestamp } from '../../lib/dates.ts';
import { useDefaultDataset } from '../../lib/default-dataset.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { serverText } from '../../lib/texts.ts';
import type { DatasetRow, ImportJob } from './api-types.ts';

type Format = 'jsonl' | 'csv' | 'xlsx';

/** Format from the file name: `.jsonl`/`.ndjson`/`.json` → jsonl, `.csv` → csv, `.xlsx` → xlsx. */
export function formatOf(fileName: string): Format | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return 'jsonl';
  if (ext === 'csv') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  return null;
}

/** Sends the file as the raw body; resolves with the job id. XHR, because fetch reports no upload progress. */
function uploadFile(
  file: File,
  name: string,
  format: Format,
  onProgress: (sent: number, total: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const url = new URL('upload/dataset', globalThis.location.href);
    url.search = new URLSearchParams({ name, format }).toString();
    url.hash = '';
    xhr.open('POST', url.toString());
    xhr.withCredentials = true;
    xhr.setRequestHeader(
      'content-type',
      format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : format === 'csv'
          ? 'text/csv'
          : 'application/x-ndjson',
    );
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: { jobId?: string; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: reported below with the status
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.jobId) resolve(body.jobId);
      else reject(new Error(body.error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(file);
  });
}

const PHASE_COLOR: Record<string, string> = {
  receiving: 'processing',
  importing: 'processing',
  done: 'success',
  failed: 'error',
};

function JobView({ job, sent }: { job: ImportJob | null; sent: { loaded: number; total: number } | null }) {
  const t = useT();
  const { lang } = useLang();
  const phase = job?.phase ?? 'receiving';
  const total = job?.bytesTotal ?? sent?.total ?? 0;
  const received = Math.max(job?.bytesReceived ?? 0, sent?.loaded ?? 0);
  const uploadPct = total > 0 ? Math.min(100, Math.round((received / total) * 100)) : 0;
  return (
    <div className="import-job" style={{ marginTop: 12 }}>
      <Space wrap style={{ marginBottom: 4 }}>
        <Tag color={PHASE_COLOR[phase]}>{t(`datasets.phase.${phase}`)}</Tag>
        {job && !(phase === 'failed' && job.rows === 0) && (
          <Typography.Text>{t('datasets.rowsRead', { n: fmtInt(job.rows) })}</Typography.Text>
        )}
        {job && job.warningCount > 0 && (
          <Tag color="warning">{t('datasets.warnings', { n: job.warningCount })}</Tag>
        )}
      </Space>
      <Progress
        aria-label={t('datasets.progress')}
        percent={phase === 'done' ? 100 : phase === 'importing' ? Math.max(uploadPct, 99) : uploadPct}
        status={phase === 'failed' ? 'exception' : phase === 'done' ? 'success' : 'active'}
        format={(p) => (phase === 'importing' ? t('datasets.importingShort') : `${p}%`)}
      />
      {job?.message && phase === 'done' && (
        <Alert type="success" showIcon message={serverText(lang, job.message)} />
      )}
      {job?.message && phase === 'failed' && (
        <Alert type="error" showIcon message={serverText(lang, job.message)} />
      )}
      {job && job.errors.length > 0 && (
        <Table
          className="import-errors"
          size="small"
          style={{ marginTop: 8 }}
          rowKey={(r, i) => `${r.row ?? ''}-${r.path}-${i}`}
          dataSource={job.errors}
          pagination={job.errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
          title={() => t('datasets.errorsTitle', { shown: job.errors.length, total: job.errorCount })}
          columns={[
            {
              title: t('datasets.row'),
              dataIndex: 'row',
              width: 90,
              render: (v: number | undefined) => (v === undefined ? '—' : v),
            },
            {
              title: t('datasets.field'),
              dataIndex: 'path',
              width: 260,
              render: (v: string) => <code>{v || '/'}</code>,
            },
            {
              title: t('datasets.reason'),
              key: 'reason',
              render: (_: unknown, r) => (lang === 'en' ? r.messageEn : r.message),
            },
          ]}
        />
      )}
    </div>
  );
}

function UploadCard() {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [sent, setSent] = useState<{ loaded: number; total: number } | null>(null);
  const job = useQuery({
    ...trpc.datasets.importStatus.queryOptions({ jobId: jobId ?? '00000000-0000-0000-0000-000000000000' }),
    enabled: jobId !== null,
    refetchInterval: (q) =>
      q.state.data && (q.state.data.phase === 'done' || q.state.data.phase === 'failed') ? false : 400,
  });
  const finished = useRef<string | null>(null);
  useEffect(() => {
    if (job.data?.phase === 'done' && finished.current !== job.data.id) {
      finished.current = job.data.id;
      void queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() });
    }
  }, [job.data, queryClient, trpc]);
  const format = file ? formatOf(file.name) : null;

  const start = async () => {
    if (!file || !format) return;
    const n = name.trim();
    if (!n) {
      setError(t('datasets.nameRequired'));
      return;
    }
    setError(null);
    setBusy(true);
    setJobId(null);
    setSent({ loaded: 0, total: file.size });
    try {
      const id = await uploadFile(file, n, format, (loaded, total) => setSent({ loaded, total }));
      setJobId(id);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      setError(msg === 'network' ? t('rb.networkError') : serverText(lang, msg));
      setSent(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('datasets.upload')} style={{ marginBottom: 12 }}>
      <Upload.Dragger
        accept=".jsonl,.ndjson,.json,.csv,.xlsx"
        multiple={false}
        showUploadList={false}
        beforeUpload={(f) => {
          setFile(f);
          setJobId(null);
          setSent(null);
          setError(null);
          if (!name.trim()) setName(f.name.replace(/\.[^.]+$/, ''));
          return false;
        }}
        style={{ padding: '4px 0' }}
      >
        <p className="ant-upload-drag-icon" style={{ marginBottom: 4 }}>
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">
          {file
            ? t('datasets.chosen', { name: file.name, size: (file.size / 1024).toFixed(1) })
            : t('datasets.drop')}
        </p>
        <p className="ant-upload-hint">{t('datasets.formats')}</p>
      </Upload.Dragger>
      {file && !format && (
        <Alert
          style={{ marginTop: 8 }}
          type="error"
          showIcon
          message={t('datasets.badFormat', { name: file.name })}
        />
      )}
      <Form layout="inline" style={{ marginTop: 12, rowGap: 8 }} onFinish={() => void start()}>
        <Form.Item label={t('datasets.name')} required>
          <Input
            aria-label={t('datasets.name')}
            style={{ width: 320 }}
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<UploadOutlined />}
            loading={busy}
            disabled={!file || !format}
          >
            {t('datasets.startImport')}
          </Button>
        </Form.Item>
      </Form>
      {error && (
        <Alert
          style={{ marginTop: 8 }}
          type="error"
          showIcon
          message={t('datasets.uploadFailed')}
          description={error}
        />
      )}
      {job.error && <ErrorAlert error={job.error} />}
      {(sent || jobId) && <JobView job={job.data ?? null} sent={sent} />}
    </Card>
  );
}

export default function DatasetsPage() {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const { message, modal } = AntApp.useApp();
  const list = useQuery(trpc.datasets.list.queryOptions());
  const del = useMutation(trpc.datasets.delete.mutationOptions());
  const setDefault = useMutation(trpc.datasets.setDefault.mutationOptions());
  const def = useDefaultDataset();
  const defaultId = def.data?.dataset?.id ?? null;
  const isOffice = canManageDatasets(me);
  // a deliberate choice: the dialog says what changes, the change is audited (dataset.set-default)
  const confirmDefault = (r: DatasetRow) =>
    modal.confirm({
      title: t('datasets.setDefaultConfirm', { name: serverText(lang, r.name) }),
      content: t('datasets.setDefaultBody', { n: fmtInt(r.rowCount) }),
      okText: t('datasets.setDefaultOk'),
      cancelText: t('rb.cancel'),
      onOk: () =>
        setDefault.mutateAsync({ datasetId: r.id }).then(
          () => {
            message.success(t('datasets.setDefaultDone', { name: serverText(lang, r.name) }));
            void queryClient.invalidateQueries({ queryKey: trpc.datasets.default.queryKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.adminSupport.pathKey() });
          },
          (e: unknown) => message.error(serverText(lang, apiError(e).message)),
        ),
    });
  return (
    <div>
      {isOffice && <UploadCard />}
      <Card size="small" title={t('datasets.title')}>
        {!isOffice && (
          <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('datasets.officeOnly')} />
        )}
        {list.error && <ErrorAlert error={list.error} />}
        {def.data?.dataset && (
          <Alert
            className="default-dataset-line"
            type="success"
            showIcon
            icon={<StarOutlined />}
            style={{ marginBottom: 8 }}
            message={t('datasets.defaultLine', {
              name: serverText(lang, def.data.dataset.name),
              n: fmtInt(def.data.dataset.rowCount),
              when: formatDateTime(def.data.changedAt),
              who: def.data.changedBy?.displayName ?? '—',
            })}
          />
        )}
        {def.data && !def.data.dataset && (list.data?.length ?? 0) > 0 && (
          <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('dataset.none')} />
        )}
        <Table<DatasetRow>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('datasets.empty')} />,
          }}
          columns={[
            { title: 'ID', dataIndex: 'id', width: 70 },
            {
              title: t('datasets.name'),
              dataIndex: 'name',
              render: (v: string, r: DatasetRow) => (
                <Space size={6}>
                  {serverText(lang, v)}
                  {r.id === defaultId && (
                    <Tag color="gold" icon={<StarOutlined />}>
                      {t('datasets.defaultTag')}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('datasets.rows'),
              dataIndex: 'rowCount',
              align: 'right',
              width: 120,
              render: (v: number) => fmtInt(v),
            },
            {
              title: t('datasets.format'),
              dataIndex: 'sourceFormat',
              width: 90,
              render: (v: string) => <Tag>{v.toUpperCase()}</Tag>,
            },
            { title: t('datasets.createdBy'), dataIndex: 'createdBy', width: 140 },
            {
              title: t('datasets.createdAt'),
              dataIndex: 'createdAt',
              width: 180,
              render: (v: string) => formatTimestamp(v),
            },
            ...(isOffice
              ? [
                  {
                    title: t('datasets.actions'),
                    key: 'actions',
                    width: 210,
                    render: (_: unknown, r: DatasetRow) => (
                      <Space size={6}>
                        <Button
                          size="small"
                          icon={<StarOutlined />}
                          disabled={r.id === defaultId || def.isLoading}
                          onClick={() => confirmDefault(r)}
                        >
                          {t('datasets.setDefault')}
                        </Button>
                        {r.id === defaultId ? (
                          <Tooltip title={t('datasets.defaultNoDelete')}>
                            <Button danger size="small" icon={<DeleteOutlined />} disabled>
                              {t('common.delete')}
                            </Button>
                          </Tooltip>
                        ) : (
                          <Popconfirm
                            title={t('datasets.deleteConfirm', { name: r.name })}
                            description={t('datasets.deleteConfirmBody')}
                            okText={t('common.delete')}
                            okButtonProps={{ danger: true }}
                            cancelText={t('rb.cancel')}
                            onConfirm={() =>
                              del.mutateAsync({ datasetId: r.id }).then(
                                () => {
                                  message.success(t('datasets.deleted', { name: r.name }));
                                  void queryClient.invalidateQueries({
                                    queryKey: trpc.datasets.list.queryKey(),
                                  });
                                },
                                (e: unknown) => message.error(serverText(lang, apiError(e).message)),
                              )
                            }
                          >
                            <Button danger size="small" icon={<DeleteOutlined />}>
                              {t('common.delete')}
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}
