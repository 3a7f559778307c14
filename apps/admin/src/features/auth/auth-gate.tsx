import type { ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { useT } from '../../i18n/index.tsx';
import LoginPage from './login-page.tsx';
import { useAuth } from '../../lib/session.tsx';
import { ChangePasswordPage } from './change-password-page.tsx';

/** Shows the log-in or the forced password change before anything else; the app once signed in. */
export function AuthGate({ children }: { children: ReactNode }) {
  const t = useT();
  const auth = useAuth();
  switch (auth.status) {
    case 'loading':
      return <Spin size="large" tip={t('auth.checking')} fullscreen />;
    case 'unreachable':
      return (
        <Result
          status="warning"
          title={t('auth.unreachable')}
          subTitle={auth.error ?? undefined}
          extra={
            <Button type="primary" onClick={auth.refresh}>
              {t('common.retry')}
            </Button>
          }
        />
      );
    case 'signed-out':
      return <LoginPage />;
    case 'must-change-password':
      return <ChangePasswordPage />;
    case 'ready':
      return <>{children}</>;
  }
}
