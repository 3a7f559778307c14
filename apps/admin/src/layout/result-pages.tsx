import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/index.tsx';

/** An address that is no screen of the admin. */
export function NotFoundPage() {
  const t = useT();
  const navigate = useNavigate();
  return <Result status="404" title={t('page.notFound')} extra={<Button onClick={() => void navigate('/')}>{t('page.backHome')}</Button>} />;
}

/** A screen the user's role may not open (`reason`: a line saying why). */
export function ForbiddenPage({ reason }: { reason?: MessageKey } = {}) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('page.forbidden')}
      subTitle={reason ? t(reason) : undefined}
      extra={<Button onClick={() => void navigate('/')}>{t('page.backHome')}</Button>}
    />
  );
}
