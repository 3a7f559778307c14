/**
 * 执法检查人员名录: a department's inspectors (工号, 姓名, 执法证号, the items they may inspect by name,
 * declared conflicts, on duty), added, edited and removed one by one, or replaced whole by a CSV/XLSX
 * file after a confirmation that says so; the server's row/column errors are shown in full. Exported
 * as CSV or Excel with Chinese headers.
 */
import { useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import type { Lang } from '../../i18n/index.tsx';
import type { Inspector } from './api-types.ts';
import { downloadBase64, fileBase64, mayEditDepartment, useItemName, useItemOptions } from './draw-parts.tsx';

/** Every line of a server message "中文 / English\n第 2 行… / row 2…" in the UI language. */
export function serverLines(lang: Lang, message: string): string[] {
  return message
    .split('\n')
    .map((l) => serverText(lang, l.replace(/:$/, '')).trim())
    .filter(Boolean);
}

interface EditValues {
  id: string;
  name: string;
  certificate: string;
  items: string[];
  conflicts: string;
  active: boolean;
}

function InspectorDialog({ department, editing, onClose }: { department: string; editing: Inspector | 'new' | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<EditValues>();
  const options = useItemOptions(department);
  const upsert = useMutation(trpc.draws.inspectors.upsert.mutationOptions());
  const open = editing !== null;
  const initial: EditValues =
    editing && editing !== 'new'
      ? { id: editing.id, name: editing.name, certificate: editing.certificate, items: editing.items, conflicts: editing.conflicts.join('\n'), active: editing.active }
      : { id: '', name: '', certificate: '', items: [], conflicts: '', active: true };
  const save = (v: EditValues) => {
    const inspector = {
      id: v.id.trim(),
      name: v.name.trim(),
      certificate: v.certificate.trim(),
      items: v.items ?? [],
      conflicts: [...new Set((v.conflicts ?? '').split(/[\s,，;；、]+/).map((x) => x.trim().toUpperCase()).filter(Boolean))],
      active: v.active,
    };
    upsert.mutate(
      { department, inspector },
      {
        onSuccess: () => {
          message.success(t('draws.dir.saved', { name: inspector.name }));
          void queryClient.invalidateQueries({ queryKey: trpc.draws.inspectors.list.queryKey({ department }) });
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={open}
      destroyOnHidden
      title={editing === 'new' ? t('draws.dir.addTitle') : t('draws.dir.editTitle')}
      okText={t('draws.outcome.save')}
      onOk={() => form.submit()}
      confirmLoading={upsert.isPending}
      onCancel={onClose}
      width={560}
      className="inspector-dialog"
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} preserve={false}>
        <Form.Item
          name="id"
          label={t('draws.dir.id')}
          rules={[
            { required: true, message: t('draws.dir.required', { field: t('draws.dir.id') }) },
            { pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('draws.dir.idBad') },
          ]}
        >
          <Input disabled={editing !== 'new'} maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('draws.dir.name')} rules={[{ required: true, whitespace: true, message: t('draws.dir.required', { field: t('draws.dir.name') }) }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="certificate" label={t('draws.dir.certificate')} rules={[{ required: true, whitespace: true, message: t('draws.dir.required', { field: t('draws.dir.certificate') }) }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="items" label={t('draws.dir.items')} extra={t('draws.dir.itemsHint')}>
          <Select mode="multiple" options={options} allowClear optionFilterProp="label" placeholder={t('draws.allItems')} />
        </Form.Item>
        <Form.Item name="conflicts" label={t('draws.dir.conflicts')} extra={t('draws.dir.conflictsHint')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="active" label={t('draws.dir.active')} valuePropName="checked">
          <Switch checkedChildren={t('draws.dir.active')} unCheckedChildren={t('draws.dir.inactive')} />
        </Form.Item>
      </Form>
      {upsert.error && <ErrorAlert error={upsert.error} title={t('rb.actionFailed')} />}
    </Modal>
  );
}

/** Picks a CSV/XLSX file, asks to confirm that it replaces the whole directory, imports it and shows every error. */
export function ImportDirectory({ department, current }: { department: string; current: number }) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const deptName = useDepartmentName();
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<File | null>(null);
  const [wrongType, setWrongType] = useState(false);
  const imp = useMutation(trpc.draws.inspectors.import.mutationOptions());
  const format = (f: File) => (/\.xlsx$/i.test(f.name) ? 'xlsx' : /\.csv$/i.test(f.name) ? 'csv' : null);
  const confirm = async () => {
    const f = picked;
    if (!f) return;
    const fmt = format(f)!;
    setPicked(null);
    imp.mutate(
      { department, format: fmt, contentBase64: await fileBase64(f) },
      {
        onSuccess: (r) => {
          message.success(t('draws.dir.imported', { n: r.count }));
          void queryClient.invalidateQueries({ queryKey: trpc.draws.inspectors.list.queryKey({ department }) });
        },
      },
    );
  };
  const error = imp.error ? apiError(imp.error) : null;
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,.xlsx"
        aria-label={t('draws.dir.import')}
        className="inspector-file-input"
        style={{ display: 'none' }}
        onChange={(e) => {
          const f = e.target.files?.[0] ?? null;
          e.target.value = '';
          if (!f) return;
          imp.reset();
          setWrongType(format(f) === null);
          if (format(f) !== null) setPicked(f);
        }}
      />
      <Button icon={<UploadOutlined />} loading={imp.isPending} onClick={() => input.current?.click()}>
        {t('draws.dir.import')}
      </Button>
      <Modal
        open={picked !== null}
        title={t('draws.dir.importConfirmTitle')}
        okText={t('draws.dir.importOk')}
        okButtonProps={{ danger: true }}
        onOk={() => void confirm()}
        onCancel={() => setPicked(null)}
        className="inspector-import-confirm"
      >
        <Typography.Paragraph>{t('draws.dir.importConfirmBody', { file: picked?.name ?? '', department: deptName(department), n: current })}</Typography.Paragraph>
      </Modal>
      {(wrongType || error) && (
        <Alert
          className="inspector-import-errors"
          style={{ marginTop: 8, width: '100%' }}
          type="error"
          showIcon
          closable
          onClose={() => {
            setWrongType(false);
            imp.reset();
          }}
          message={wrongType ? t('draws.dir.fileType') : t('draws.dir.importFailed')}
          description={
            error ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {serverLines(lang, error.message).map((l, k) => (
                  <li key={k}>{l}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
    </>
  );
}

export function InspectorsTab({ department }: { department: string }) {
  const t = useT();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const me = useCurrentUser();
  const deptName = useDepartmentName();
  const itemName = useItemName();
  const list = useQuery(trpc.draws.inspectors.list.queryOptions({ department }));
  const remove = useMutation(trpc.draws.inspectors.remove.mutationOptions());
  const [editing, setEditing] = useState<Inspector | 'new' | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const editable = mayEditDepartment(me, department);
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    setExportError(null);
    try {
      const file = await client.draws.inspectors.export.query({ department, format });
      // named after the department's name, not its id
      const filename = `${t('draws.dir.title', { department: deptName(department) })}.${format}`;
      downloadBase64({ ...file, filename });
      message.success(t('draws.downloaded', { name: filename }));
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(null);
    }
  };
  return (
    <Card
      size="small"
      className="inspectors-tab"
      title={t('draws.dir.title', { department: deptName(department) })}
      extra={
        <Space wrap>
          {editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('draws.dir.add')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')}>
            {t('draws.exportXlsx')}
          </Button>
          <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} onClick={() => void exportAs('csv')}>
            {t('draws.exportCsv')}
          </Button>
        </Space>
      }
    >
      {editable ? (
        <div style={{ marginBottom: 12 }}>
          <Space align="start" wrap style={{ width: '100%' }}>
            <ImportDirectory department={department} current={list.data?.length ?? 0} />
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'inline-block', maxWidth: 760 }}>
              {t('draws.dir.importHint')}
            </Typography.Text>
          </Space>
        </div>
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('draws.dir.readOnly')} />
      )}
      {list.error && <ErrorAlert error={list.error} />}
      {exportError !== null && <ErrorAlert error={exportError} />}
      {remove.error && <ErrorAlert error={remove.error} />}
      <Table<Inspector>
        className="inspectors-table"
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={(list.data?.length ?? 0) > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('draws.dir.empty')} /> }}
        columns={[
          { title: t('draws.dir.id'), dataIndex: 'id', width: 110 },
          { title: t('draws.dir.name'), dataIndex: 'name', width: 110 },
          { title: t('draws.dir.certificate'), dataIndex: 'certificate', width: 150 },
          {
            title: t('draws.dir.items'),
            key: 'items',
            render: (_: unknown, r) =>
              r.items.length === 0 ? (
                <Typography.Text type="secondary">{t('draws.allItems')}</Typography.Text>
              ) : (
                <Space size={[4, 4]} wrap>
                  {r.items.map((i) => (
                    <Tag key={i} style={{ marginInlineEnd: 0 }}>
                      {itemName(i)}
                    </Tag>
                  ))}
                </Space>
              ),
          },
          {
            title: t('draws.dir.conflicts'),
            key: 'conflicts',
            width: 100,
            align: 'right',
            render: (_: unknown, r) =>
              r.conflicts.length === 0 ? (
                <Typography.Text type="secondary">0</Typography.Text>
              ) : (
                <Tooltip title={r.conflicts.join('、')}>
                  <span>{t('draws.dir.conflictsN', { n: r.conflicts.length })}</span>
                </Tooltip>
              ),
          },
          {
            title: t('draws.dir.active'),
            key: 'active',
            width: 90,
            render: (_: unknown, r) => (r.active ? <Tag color="green">{t('draws.dir.active')}</Tag> : <Tag>{t('draws.dir.inactive')}</Tag>),
          },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, r: Inspector) => (
                    <Space size={4}>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                        {t('draws.dir.edit')}
                      </Button>
                      <Popconfirm
                        title={t('draws.dir.removeConfirm', { name: r.name, id: r.id })}
                        okButtonProps={{ danger: true }}
                        okText={t('draws.dir.remove')}
                        onConfirm={() =>
                          remove.mutate(
                            { department, id: r.id },
                            {
                              onSuccess: () => {
                                message.success(t('draws.dir.removed', { name: r.name }));
                                void queryClient.invalidateQueries({ queryKey: trpc.draws.inspectors.list.queryKey({ department }) });
                              },
                            },
                          )
                        }
                      >
                        <Button size="small" danger icon={<DeleteOutlined />}>
                          {t('draws.dir.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <InspectorDialog department={department} editing={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
