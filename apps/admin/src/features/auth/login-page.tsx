import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../../lib/session.tsx';
import { AuthScreen } from './auth-screen.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError } from '../../lib/trpc.tsx';

interface Values {
  username: string;
  password: string;
}

/** Log-in with username and password; errors in the UI language. */
export default function LoginPage() {
  const t = useT();
  const { lang } = useLang();
  const auth = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: Values) => {
    setError(null);
    setBusy(true);
    try {
      await auth.login(v.username.trim(), v.password);
    } catch (e) {
      const info = apiError(e);
      setError(
        info.code === 'UNAUTHORIZED'
          ? t('auth.wrongPassword')
          : info.code === 'NETWORK'
            ? t('auth.networkError')
            : info.code === 'TOO_MANY_REQUESTS'
              ? // the server says how long to wait (登录失败次数过多，请 15 分钟后再试)
                serverText(lang, info.message) || t('auth.tooMany')
              : serverText(lang, info.message),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthScreen title={t('auth.login')}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values> layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('auth.username')}
          rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('auth.submit')}
        </Button>
      </Form>
    </AuthScreen>
  );
}
