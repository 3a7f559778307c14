import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useT } from '../../i18n/index.tsx';
import { apiError } from '../../lib/trpc.tsx';
import { useAuth } from '../../lib/session.tsx';
import { AuthScreen } from './auth-screen.tsx';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** The forced password change at first log-in: nothing else is reachable until it is done. */
export function ChangePasswordPage() {
  const t = useT();
  const auth = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: Values) => {
    setError(null);
    setBusy(true);
    try {
      await auth.changePassword(v.oldPassword, v.newPassword);
    } catch (e) {
      const info = apiError(e);
      setError(
        info.code === 'FORBIDDEN'
          ? t('auth.oldPasswordWrong')
          : info.code === 'NETWORK'
            ? t('auth.networkError')
            : info.message,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthScreen title={t('auth.changePassword')}>
      <Typography.Paragraph>
        {t('auth.mustChange', { name: auth.user?.displayName ?? '' })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values> layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          name="oldPassword"
          label={t('auth.oldPassword')}
          rules={[{ required: true, message: t('auth.oldPasswordRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          rules={[
            { required: true, message: t('auth.newPasswordRequired') },
            { min: 8, message: t('auth.newPasswordShort') },
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
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.confirmMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('auth.changeAndContinue')}
        </Button>
        <Button type="link" block onClick={() => void auth.logout()} style={{ marginTop: 8 }}>
          {t('header.logout')}
        </Button>
      </Form>
    </AuthScreen>
  );
}
