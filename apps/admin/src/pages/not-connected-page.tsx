import { Button, Card, Result } from 'antd';
import { useT } from '../i18n/index.tsx';
import { navigate } from '../router.tsx';

/** Shown for the screens that read from the server until the tRPC client is wired in. */
export function NotConnectedPage({ title }: { title: string }) {
  const t = useT();
  return (
    <Card title={title}>
      <Result
        status="info"
        title={t('page.notConnected.title')}
        subTitle={t('page.notConnected.body')}
        extra={<Button onClick={() => navigate('/playground')}>{t('page.notConnected.goPlayground')}</Button>}
      />
    </Card>
  );
}
