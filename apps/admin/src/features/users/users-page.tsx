/**
 * 用户管理 (credit office, issue 15 item 9): every account with its display name, role, department and
 * state; create an account (the one-time password is shown once, to hand over); reset a password (a new
 * one-time password, shown once); deactivate and reactivate; change the role and department (role-dialog.tsx). Departments come from the department
 * directory (the domain assignment in force). The server checks every call and audits every change.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatTimestamp } from '../../lib/dates.ts';
import { useDepartmentDirectory, useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { ROLE_LABEL } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import type { Role } from '../../lib/session.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import { ROLES, RoleDialog } from './role-dialog.tsx';
import type { UserRow } from './role-dialog.tsx';


interface NewUserValues {
  displayName: string;
  username: string;
  role: Role;
  department?: string;
}

/** The one-time password, shown once with whom it belongs to. */
function OneTimePassword({ shown, onClose }: { shown: { user: UserRow; password: string; reset: boolean } | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={shown !== null}
      title={shown?.reset ? t('users.resetDone') : t('users.created')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('users.otpClose')}
        </Button>
      }
      className="users-otp-dialog"
    >
      {shown && (
        <>
          <Typography.Paragraph>
            <span className="login-name">{t('users.otpFor', { name: shown.user.displayName, username: shown.user.username })}</span>
          </Typography.Paragraph>
          <Typography.Paragraph>
            <Typography.Text code copyable style={{ fontSize: 18 }} className="users-otp">
              {shown.password}
            </Typography.Text>
          </Typography.Paragraph>
          <Alert type="warning" showIcon message={t('users.otpOnce')} />
        </>
      )}
    </Modal>
  );
}

export default function UsersPage() {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useCurrentUser();
  const depName = useDepartmentName();
  const directory = useDepartmentDirectory();
  const users = useQuery(trpc.users.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ user: UserRow; password: string; reset: boolean } | null>(null);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [form] = Form.useForm<NewUserValues>();
  const role = Form.useWatch('role', form);
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (r) => {
        setCreating(false);
        form.resetFields();
        setShown({ ...r, reset: false });
        refresh();
      },
    }),
  );
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: (r) => {
        setShown({ ...r, reset: true });
        refresh();
      },
    }),
  );
  const setActive = useMutation(
    trpc.users.setActive.mutationOptions({
      onSuccess: (u) => {
        void message.success(u.active ? t('users.activated', { name: u.displayName }) : t('users.deactivated', { name: u.displayName }));
        refresh();
      },
    }),
  );
  const departmentOptions = useMemo(
    () =>
      (directory?.departments ?? []).map((d) => ({
        value: d.id,
        label: lang === 'en' ? (d.name.en ?? d.name.zh) : d.name.zh,
      })),
    [directory, lang],
  );
  const q = filter.trim().toLowerCase();
  const rows = (users.data ?? []).filter(
    (u) => !q || u.displayName.toLowerCase().includes(q) || u.username.toLowerCase().includes(q) || depName(u.department).toLowerCase().includes(q),
  );

  if (me.role !== 'credit-office') return <Alert type="info" showIcon message={t('users.officeOnly')} />;
  return (
    <div className="users-page">
      <Card
        size="small"
        title={t('users.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('users.create')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('users.explain')}
        </Typography.Paragraph>
        <Input.Search
          allowClear
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          style={{ maxWidth: 320, marginBottom: 12 }}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {users.error && <ErrorAlert error={users.error} />}
        {reset.error && <ErrorAlert error={reset.error} />}
        {setActive.error && <ErrorAlert error={setActive.error} />}
        <Table<UserRow>
          className="users-table"
          size="small"
          rowKey="id"
          loading={users.isLoading}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
          columns={[
            { title: t('users.displayName'), dataIndex: 'displayName', render: (v: string) => <strong>{v}</strong> },
            { title: t('header.username'), dataIndex: 'username', render: (v: string) => <span className="login-name">{v}</span> },
            { title: t('header.role'), dataIndex: 'role', render: (r: Role) => t(ROLE_LABEL[r]) },
            { title: t('header.department'), dataIndex: 'department', render: (d: string | null) => depName(d) || '—' },
            {
              title: t('users.state'),
              key: 'state',
              render: (_: unknown, u) =>
                !u.active ? (
                  <Tag color="default">{t('users.inactive')}</Tag>
                ) : u.mustChangePassword ? (
                  <Tag color="orange">{t('users.mustChange')}</Tag>
                ) : (
                  <Tag color="green">{t('users.active')}</Tag>
                ),
            },
            { title: t('users.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTimestamp(v) },
            {
              title: t('users.actions'),
              key: 'actions',
              render: (_: unknown, u) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setEditing(u)}>
                    {t('users.changeRole')}
                  </Button>
                  <Popconfirm
                    title={t('users.resetConfirm', { name: u.displayName })}
                    okText={t('users.reset')}
                    cancelText={t('users.cancel')}
                    onConfirm={() => reset.mutate({ userId: u.id })}
                  >
                    <Button size="small">{t('users.reset')}</Button>
                  </Popconfirm>
                  {u.id !== me.id &&
                    (u.active ? (
                      <Popconfirm
                        title={t('users.deactivateConfirm', { name: u.displayName })}
                        okText={t('users.deactivate')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('users.cancel')}
                        onConfirm={() => setActive.mutate({ userId: u.id, active: false })}
                      >
                        <Button size="small" danger>
                          {t('users.deactivate')}
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Button size="small" onClick={() => setActive.mutate({ userId: u.id, active: true })}>
                        {t('users.activate')}
                      </Button>
                    ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('users.create')}
        okText={t('users.createOk')}
        cancelText={t('users.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
        className="users-create-dialog"
      >
        {create.error && <ErrorAlert error={create.error} />}
        <Form<NewUserValues>
          form={form}
          layout="vertical"
          initialValues={{ role: 'department-editor' }}
          onFinish={(v) =>
            create.mutate({
              username: v.username.trim(),
              displayName: v.displayName.trim(),
              role: v.role,
              department: v.role === 'department-editor' || v.role === 'viewer' ? (v.department ?? null) : null,
            })
          }
        >
          <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('header.username')}
            extra={t('users.usernameHint')}
            rules={[
              { required: true, message: t('users.usernameRequired') },
              { pattern: /^[a-z0-9][a-z0-9._-]{1,63}$/, message: t('users.usernameHint') },
            ]}
          >
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="role" label={t('header.role')} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(ROLE_LABEL[r]) }))} />
          </Form.Item>
          {(role === 'department-editor' || role === 'viewer') && (
            <Form.Item
              name="department"
              label={t('header.department')}
              rules={role === 'department-editor' ? [{ required: true, message: t('users.departmentRequired') }] : []}
            >
              <Select showSearch optionFilterProp="label" allowClear={role === 'viewer'} options={departmentOptions} />
            </Form.Item>
          )}
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('users.otpExplain')}
          </Typography.Paragraph>
        </Form>
      </Modal>
      <OneTimePassword shown={shown} onClose={() => setShown(null)} />
      <RoleDialog user={editing} departmentOptions={departmentOptions} onClose={() => setEditing(null)} onDone={refresh} />
    </div>
  );
}
