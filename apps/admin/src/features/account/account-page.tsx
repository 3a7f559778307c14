/**
 * 我的账号: who I am (display name, role, department, username) and changing my password at any time
 * (issue 15, item 9), reached from the user menu. Uses the same `auth.changePassword` as the forced
 * change at first log-in; the server ends every session of the user, so the page logs in again with the
 * new password.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useT } from '../../i18n/index.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { ROLE_LABEL } from '../../lib/permissions.ts';
import { useAuth, useCurrentUser } from '../../lib/session.tsx';
import { apiError } from '../../lib/trpc.tsx';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export default function AccountPage() {
  const t = useT();
  const auth = useAuth();
  const me = useCurrentUser();
  const depName = useDepartmentName();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: Values) => {
    setError(null);
    setDone(false);
    setBusy(true);
    try {
      await auth.changePassword(v.oldPassword, v.newPassword);
      form.resetFields();
      setDone(true);
    } catch (e) {
      const info = apiError(e);
      setError(info.code === 'FORBIDDEN' ? t('auth.oldPasswordWrong') : info.code === 'NETWORK' ? t('auth.networkError') : info.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="account-page" style={{ maxWidth: 720 }}>
      <Card size="small" title={t('account.title')} style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('users.displayName')}>{me.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('header.role')}>{t(ROLE_LABEL[me.role])}</Descriptions.Item>
          <Descriptions.Item label={t('header.department')}>{depName(me.department) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('header.username')}>
            <span className="login-name">{me.username}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('account.changePassword')}>
        <Typography.Paragraph type="secondary">{t('account.changeHint')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
        {done && <Alert type="success" showIcon message={t('account.changed')} style={{ marginBottom: 16 }} role="status" />}
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} style={{ maxWidth: 400 }}>
          <Form.Item name="oldPassword" label={t('auth.oldPassword')} rules={[{ required: true, message: t('auth.oldPasswordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('auth.newPassword')}
            dependencies={['oldPassword']}
            rules={[
              { required: true, message: t('auth.newPasswordRequired') },
              { min: 8, message: t('auth.newPasswordShort') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue('oldPassword') !== value ? Promise.resolve() : Promise.reject(new Error(t('account.samePassword'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('auth.confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('auth.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('auth.confirmMismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('account.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
