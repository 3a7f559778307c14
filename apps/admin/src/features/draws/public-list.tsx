/**
 * 公示名单 of a published draw: enterprise, USCC, items by name and the inspection window — never the
 * grade — exported as CSV or Excel, printed (print CSS: no menu, no buttons), and, for its department
 * and the credit office, the outcome entered per enterprise (未发现问题 / 发现问题 with a required
 * note / 未检查).
 */
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useT } from '../../i18n/index.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import type { DrawOutcome, PublicRow } from './api-types.ts';
import { downloadBase64 } from './draw-parts.tsx';
import './print.css';

type Outcome = DrawOutcome['outcome'];
const OUTCOMES: Outcome[] = ['no-problem', 'problem', 'not-inspected'];
const OUTCOME_COLOR: Record<Outcome, string> = { 'no-problem': 'green', problem: 'red', 'not-inspected': 'default' };

/** The outcome dialog of one enterprise: the note is required when a problem was found. */
export function OutcomeDialog({ drawId, row, current, onClose }: { drawId: number; row: PublicRow | null; current: DrawOutcome | undefined; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ outcome: Outcome; note: string }>();
  const record = useMutation(trpc.draws.recordOutcome.mutationOptions());
  const outcome = Form.useWatch('outcome', form);
  const save = (v: { outcome: Outcome; note?: string }) => {
    if (!row) return;
    record.mutate(
      { id: drawId, uscc: row.uscc, outcome: v.outcome, note: (v.note ?? '').trim() },
      {
        onSuccess: () => {
          message.success(t('draws.outcome.saved', { name: row.name }));
          void queryClient.invalidateQueries({ queryKey: trpc.draws.get.queryKey({ id: drawId }) });
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={row !== null}
      destroyOnHidden
      className="outcome-dialog"
      title={row ? t('draws.outcome.title', { name: row.name }) : ''}
      okText={t('draws.outcome.save')}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ outcome: current?.outcome, note: current?.note ?? '' }} onFinish={save}>
        <Form.Item name="outcome" label={t('draws.outcome')} rules={[{ required: true, message: t('draws.outcome.pick') }]}>
          <Radio.Group options={OUTCOMES.map((o) => ({ value: o, label: t(`draws.outcome.${o}`) }))} />
        </Form.Item>
        <Form.Item
          name="note"
          label={outcome === 'problem' ? t('draws.outcome.noteProblem') : t('draws.outcome.noteOptional')}
          rules={[{ required: outcome === 'problem', whitespace: true, message: t('draws.outcome.noteRequired') }]}
        >
          <Input.TextArea aria-label={t('draws.outcome.note')} rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      {record.error && <ErrorAlert error={record.error} title={t('rb.actionFailed')} />}
    </Modal>
  );
}

export function PublicListCard({ drawId, title, fileBase, outcomes }: { drawId: number; title: string; fileBase: { round: string; department: string }; outcomes?: readonly DrawOutcome[] }) {
  const t = useT();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { message } = AntApp.useApp();
  const list = useQuery(trpc.draws.publicList.queryOptions({ id: drawId, format: 'json' }));
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [entering, setEntering] = useState<PublicRow | null>(null);
  // printing shows every row (no pages), then prints
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    if (!printing) return;
    const id = setTimeout(() => {
      window.print();
      setPrinting(false);
    }, 100);
    return () => clearTimeout(id);
  }, [printing]);
  const byUscc = new Map((outcomes ?? []).map((o) => [o.uscc, o]));
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    setExportError(null);
    try {
      const r = await client.draws.publicList.query({ id: drawId, format });
      if (r.file) {
        const filename = t('draws.public.filename', { ...fileBase, ext: format });
        downloadBase64({ ...r.file, filename });
        message.success(t('draws.downloaded', { name: filename }));
      }
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(null);
    }
  };
  const rows = list.data?.rows ?? [];
  return (
    <Card
      size="small"
      className="public-list"
      title={
        <span>
          {title}
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontWeight: 'normal' }}>
            {t('draws.public.count', { n: rows.length })}
          </Typography.Text>
        </span>
      }
      extra={
        <Space wrap className="no-print">
          <Button icon={<DownloadOutlined />} loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')}>
            {t('draws.exportXlsx')}
          </Button>
          <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} onClick={() => void exportAs('csv')}>
            {t('draws.exportCsv')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)}>
            {t('draws.public.print')}
          </Button>
        </Space>
      }
    >
      <Alert className="no-print" type="info" showIcon style={{ marginBottom: 8 }} message={t('draws.public.note')} />
      {list.error && <ErrorAlert error={list.error} />}
      {exportError !== null && <ErrorAlert error={exportError} />}
      <Table<PublicRow>
        className="public-list-table"
        size="small"
        rowKey="uscc"
        loading={list.isLoading}
        dataSource={rows}
        pagination={!printing && rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
        columns={[
          { title: '序号', key: 'n', width: 60, render: (_: unknown, __: PublicRow, k: number) => k + 1 },
          { title: t('draws.enterprise'), dataIndex: 'name' },
          { title: t('draws.uscc'), dataIndex: 'uscc', width: 190, render: (u: string) => <code>{u}</code> },
          { title: t('draws.items'), key: 'items', render: (_: unknown, r) => r.items.join('、') },
          { title: t('draws.window'), key: 'window', width: 200, render: (_: unknown, r) => (r.windowFrom || r.windowTo ? t('draws.windowText', { from: r.windowFrom ?? '', to: r.windowTo ?? '' }) : '—') },
          ...(outcomes
            ? [
                {
                  title: t('draws.outcome'),
                  key: 'outcome',
                  width: 210,
                  render: (_: unknown, r: PublicRow) => {
                    const o = byUscc.get(r.uscc);
                    return (
                      <Space size={4} className="draw-outcome">
                        {o ? (
                          <Tag color={OUTCOME_COLOR[o.outcome]} title={o.note || undefined}>
                            {t(`draws.outcome.${o.outcome}`)}
                          </Tag>
                        ) : (
                          <Typography.Text type="secondary">{t('draws.outcome.none')}</Typography.Text>
                        )}
                        <Button size="small" className="no-print" onClick={() => setEntering(r)}>
                          {o ? t('draws.outcome.change') : t('draws.outcome.enter')}
                        </Button>
                      </Space>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      {outcomes && <OutcomeDialog drawId={drawId} row={entering} current={entering ? byUscc.get(entering.uscc) : undefined} onClose={() => setEntering(null)} />}
    </Card>
  );
}
