import type { ReactNode } from 'react';
import { Card, Segmented, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useLang, useT } from '../../i18n/index.tsx';

/** The branded frame of the log-in and password screens. */
export function AuthScreen({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  const { lang, setLang } = useLang();
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 24,
        padding: 24,
        background: 'linear-gradient(160deg, #0f3b73 0%, #1d4f91 55%, #2f6db5 100%)',
      }}
    >
      <div
        style={{
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          gap: 8,
          textAlign: 'center',
        }}
      >
        <SafetyCertificateOutlined style={{ fontSize: 40, color: '#fff' }} />
        <Typography.Title level={2} style={{ color: '#fff', margin: 0 }}>
          {t('auth.brand')}
        </Typography.Title>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.8)', fontSize: 15 }}>
          {t('auth.brandSub')}
        </Typography.Text>
      </div>
      <Card
        title={title}
        style={{ width: 400, maxWidth: '92vw' }}
        extra={
          <Segmented
            size="small"
            aria-label={t('header.language')}
            value={lang}
            onChange={(v) => setLang(v as 'zh' | 'en')}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'English', value: 'en' },
            ]}
          />
        }
      >
        {children}
      </Card>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', fontSize: 12 }}>
        {t('auth.footer')}
      </Typography.Text>
    </div>
  );
}
