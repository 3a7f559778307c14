import { useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { canCreate, canWrite, DOCUMENT_KINDS, visibleTo, writableKinds } from '@policy/schemas';
import type { DocumentKind } from '@policy/schemas';
import {
  domainAssignmentFixture,
  earlyWarningFixture,
  industryModelFixture,
  samplingFixture,
  scoreGradingFixture,
  supervisionItemsFixture,
} from '@policy/schemas/fixtures';
import { Link, useNavigate } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { useUserName } from '../../lib/user-names.tsx';
import { KIND_LABEL } from '../../lib/kind-labels.ts';
import type { SessionUser } from '../../lib/session.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { STATUS_LABEL, StatusTag } from '../../lib/status-tag.tsx';
import { apiError, useTRPC, useTRPCClient } from '../../lib/trpc.tsx';

const FIXTURES: Record<DocumentKind, () => Record<string, unknown>> = {
  grading: scoreGradingFixture,
  'industry-model': industryModelFixture,
  sampling: samplingFixture,
  'domain-assignment': domainAssignmentFixture,
  'supervision-items': supervisionItemsFixture,
  'early-warning': earlyWarningFixture,
};

/** 策略文档: every document by kind and department with its status, version, effective date and author. */
export default function DocumentsPage() {
  const t = useT();
  const user = useCurrentUser();
  const departmentName = useDepartmentName();
  const userName = useUserName();
  const trpc = useTRPC();
  const [kind, setKind] = useState<DocumentKind | undefined>();
  const [department, setDepartment] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useQuery(trpc.documents.list.queryOptions({}));
  const docTitle = useDocumentTitle();

  const mine = useMemo(() => (list.data ?? []).filter((d) => visibleTo(user, d)), [list.data, user]);
  const departments = useMemo(() => [...new Set(mine.map((d) => d.owner))].sort(), [mine]);
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return mine.filter(
      (d) =>
        (!kind || d.kind === kind) &&
        (!department || d.owner === department) &&
        (!status || d.latest?.status === status) &&
        (!q || d.title.toLowerCase().includes(q) || docTitle(d.id, d.title).toLowerCase().includes(q) || d.id.includes(q)),
    );
  }, [mine, kind, department, status, search, docTitle]);

  return (
    <Card
      title={t('nav.documents')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>
            {t('common.refresh')}
          </Button>
          {canCreate(user) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('docs.newDraft')}
            </Button>
          )}
        </Space>
      }
    >
      {user.role === 'department-editor' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('docs.ownOnly', { dept: departmentName(user.department) })}
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('docs.filter.kind')}
          aria-label={t('docs.filter.kind')}
          style={{ width: 180 }}
          value={kind}
          onChange={setKind}
          options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))}
        />
        {user.role !== 'department-editor' && (
          <Select
            allowClear
            placeholder={t('docs.filter.department')}
          aria-label={t('docs.filter.department')}
            style={{ width: 160 }}
            value={department}
            onChange={setDepartment}
            options={departments.map((d) => ({ value: d, label: departmentName(d) }))}
          />
        )}
        <Select
          allowClear
          placeholder={t('docs.filter.status')}
          aria-label={t('docs.filter.status')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(STATUS_LABEL).map(([s, k]) => ({ value: s, label: t(k) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('docs.filter.search')}
          aria-label={t('docs.filter.search')}
          style={{ width: 240 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </Space>
      {list.error && (
        <Alert
          type="error"
          showIcon
          message={t('common.loadFailed')}
          description={apiError(list.error).message}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table
        size="middle"
        rowKey="id"
        loading={list.isPending}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: list.isPending ? ' ' : t('docs.empty') }}
        columns={[
          {
            title: t('docs.col.title'),
            key: 'title',
            render: (_: unknown, d) => (
              <div>
                <Link to={`/documents/${encodeURIComponent(d.id)}`}>{docTitle(d.id, d.title)}</Link>
              </div>
            ),
          },
          {
            title: t('docs.col.kind'),
            dataIndex: 'kind',
            width: 150,
            render: (k: DocumentKind) => t(KIND_LABEL[k]),
          },
          {
            title: t('docs.col.department'),
            dataIndex: 'owner',
            width: 120,
            render: (o: string) => departmentName(o),
          },
          {
            title: t('docs.col.status'),
            key: 'status',
            width: 100,
            render: (_: unknown, d) => (d.latest ? <StatusTag status={d.latest.status} /> : '—'),
          },
          {
            title: t('docs.col.version'),
            key: 'version',
            width: 130,
            render: (_: unknown, d) => (
              <span>
                {d.latest ? `v${d.latest.versionNumber}` : '—'}
                {d.published && d.latest && d.published.versionNumber !== d.latest.versionNumber && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    {t('docs.publishedV', { n: d.published.versionNumber })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: t('docs.col.effective'),
            key: 'effective',
            width: 110,
            render: (_: unknown, d) => d.published?.effectiveFrom ?? t('docs.notPublished'),
          },
          {
            title: t('docs.col.author'),
            key: 'author',
            width: 170,
            render: (_: unknown, d) =>
              d.latest ? (
                <div>
                  {userName(d.latest.authorName)}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(d.latest.updatedAt)}
                    </Typography.Text>
                  </div>
                </div>
              ) : (
                '—'
              ),
          },
          {
            title: t('docs.col.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, d) => (
              <Link to={`/documents/${encodeURIComponent(d.id)}`}>
                {canWrite(user, d) ? t('docs.openEdit') : t('docs.view')}
              </Link>
            ),
          },
        ]}
      />
      {creating && <NewDocumentModal user={user} existing={mine} onClose={() => setCreating(false)} />}
    </Card>
  );
}

interface NewValues {
  kind: DocumentKind;
  id: string;
  title: string;
  basedOn?: string;
}

/** "新建草稿": a new document of a kind the user may write, started from a copy of an existing one. */
function NewDocumentModal({
  user,
  existing,
  onClose,
}: {
  user: SessionUser;
  existing: {
    id: string;
    kind: DocumentKind;
    title: string;
    published: { versionNumber: number } | null;
    latest: { versionNumber: number } | null;
  }[];
  onClose(): void;
}) {
  const t = useT();
  const docTitle = useDocumentTitle();
  const { message } = AntApp.useApp();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewValues>();
  const kinds = writableKinds(user);
  const kind = Form.useWatch('kind', form) ?? kinds[0];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sameKind = existing.filter((d) => d.kind === kind && (d.published ?? d.latest));

  const onOk = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      let content: Record<string, unknown> = FIXTURES[v.kind]();
      const base = existing.find((d) => d.id === v.basedOn);
      const bv = base?.published ?? base?.latest;
      if (base && bv)
        content = (
          await client.documents.getByNumber.query({ documentId: base.id, versionNumber: bv.versionNumber })
        ).content;
      const { effectiveFrom: _e, ...rest } = content;
      const created = await client.documents.createDraft.mutate({
        newDocument: { id: v.id, kind: v.kind, title: v.title },
        content: { ...rest, title: v.title },
      });
      await queryClient.invalidateQueries();
      message.success(t('docs.created', { id: v.id }));
      onClose();
      void navigate(`/documents/${encodeURIComponent(v.id)}/versions/${created.versionNumber}`);
    } catch (e) {
      const info = apiError(e);
      setError(
        info.issues.length
          ? `${info.message}：${info.issues
              .slice(0, 3)
              .map((i) => `${i.path} ${i.message}`)
              .join('；')}`
          : info.message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('docs.newDraft')}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('docs.create')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form<NewValues> form={form} layout="vertical" initialValues={{ kind: kinds[0] }} requiredMark={false}>
        <Form.Item name="kind" label={t('docs.col.kind')} rules={[{ required: true }]}>
          <Select
            options={kinds.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))}
            onChange={() => form.setFieldValue('basedOn', undefined)}
          />
        </Form.Item>
        <Form.Item
          name="id"
          label={t('docs.newId')}
          extra={t('docs.newIdHelp')}
          rules={[
            { required: true, message: t('docs.newIdRequired') },
            { pattern: /^[a-z0-9][a-z0-9.-]*$/, message: t('docs.newIdPattern') },
            {
              validator: (_, v) =>
                existing.some((d) => d.id === v)
                  ? Promise.reject(new Error(t('docs.newIdTaken')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input placeholder="industry-model-construction" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('docs.col.title')}
          rules={[{ required: true, whitespace: true, message: t('docs.newTitleRequired') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="basedOn" label={t('docs.basedOn')} extra={t('docs.basedOnHelp')}>
          <Select
            allowClear
            placeholder={t('docs.basedOnNone')}
            options={sameKind.map((d) => ({ value: d.id, label: docTitle(d.id, d.title) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
