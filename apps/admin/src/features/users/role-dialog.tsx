/**
 * 更改角色 on the users page (credit office, issue 15 item 9): a user's role and, for a department role,
 * the department from the directory in force. Reviewers and the credit office sit in the credit office
 * (no department asked). The server checks the department, refuses to demote the last active
 * credit-office account (its message is shown here), audits the change, and the user's open sessions
 * take the new role at their next request.
 */
import { useEffect } from 'react';
import { Alert, Form, Modal, Select, Typography, message } from 'antd';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';
import { useMutation } from '@tanstack/react-query';
import { useT } from '../../i18n/index.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { ROLE_LABEL } from '../../lib/permissions.ts';
import type { Role } from '../../lib/session.tsx';
import { useTRPC } from '../../lib/trpc.tsx';

export type UserRow = inferRouterOutputs<AppRouter>['users']['list'][number];
export const ROLES: Role[] = ['credit-office', 'reviewer', 'department-editor', 'viewer'];

interface RoleValues {
  role: Role;
  department?: string | null;
}

/** Whether a role belongs to a department (asks for one): department editors must, viewers may. */
export const departmentRole = (r: Role | undefined) => r === 'department-editor' || r === 'viewer';

export function RoleDialog({
  user,
  departmentOptions,
  onClose,
  onDone,
}: {
  user: UserRow | null;
  departmentOptions: { value: string; label: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const [form] = Form.useForm<RoleValues>();
  const role = Form.useWatch('role', form);
  const change = useMutation(
    trpc.users.setRole.mutationOptions({
      onSuccess: (u) => {
        void message.success(t('users.roleChanged', { name: u.displayName, role: t(ROLE_LABEL[u.role]) }));
        onDone();
        onClose();
      },
    }),
  );
  const { reset } = change;
  useEffect(() => {
    if (!user) return;
    reset();
    form.setFieldsValue({ role: user.role, department: departmentRole(user.role) ? user.department : null });
  }, [user, form, reset]);

  const submit = (v: RoleValues) => {
    if (!user) return;
    const department = departmentRole(v.role) ? (v.department ?? null) : null;
    const same = v.role === user.role && (departmentRole(v.role) ? department === user.department : true);
    if (same) {
      void message.info(t('users.roleUnchanged'));
      onClose();
      return;
    }
    change.mutate({ userId: user.id, role: v.role, department });
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.changeRoleTitle', { name: user.displayName }) : ''}
      okText={t('users.changeRoleOk')}
      cancelText={t('users.cancel')}
      confirmLoading={change.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      className="users-role-dialog"
    >
      {change.error && <ErrorAlert error={change.error} />}
      <Form<RoleValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="role" label={t('header.role')} rules={[{ required: true }]}>
          <Select aria-label={t('header.role')} options={ROLES.map((r) => ({ value: r, label: t(ROLE_LABEL[r]) }))} />
        </Form.Item>
        {departmentRole(role) && (
          <Form.Item
            name="department"
            label={t('header.department')}
            rules={role === 'department-editor' ? [{ required: true, message: t('users.departmentRequired') }] : []}
          >
            <Select aria-label={t('header.department')} showSearch optionFilterProp="label" allowClear={role === 'viewer'} options={departmentOptions} />
          </Form.Item>
        )}
      </Form>
      <Alert type="info" showIcon message={<Typography.Text>{t('users.changeRoleExplain')}</Typography.Text>} />
    </Modal>
  );
}
