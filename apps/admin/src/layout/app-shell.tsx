import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { Avatar, Button, Dropdown, Layout, Menu, Result, Segmented, Space, Spin, Typography } from 'antd';
import {
  AuditOutlined,
  DatabaseOutlined,
  ExperimentOutlined,
  FileTextOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useLang, useT } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/index.tsx';
import { navigate, useRoute } from '../router.tsx';
import { NotConnectedPage } from '../pages/not-connected-page.tsx';

const PlaygroundPage = lazy(() => import('../pages/playground-page.tsx'));

interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
}

const NAV: NavItem[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined /> },
  { path: '/documents', label: 'nav.documents', icon: <FileTextOutlined /> },
  { path: '/reviews', label: 'nav.reviews', icon: <SafetyCertificateOutlined /> },
  { path: '/enterprises', label: 'nav.enterprises', icon: <SearchOutlined /> },
  { path: '/datasets', label: 'nav.datasets', icon: <DatabaseOutlined /> },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined /> },
];
const DEV_NAV: NavItem[] = [{ path: '/playground', label: 'nav.playground', icon: <ExperimentOutlined /> }];

function selectedKey(path: string): string {
  const all = [...NAV, ...DEV_NAV].filter((n) => n.path !== '/');
  return all.find((n) => path === n.path || path.startsWith(`${n.path}/`))?.path ?? '/';
}

function Page({ path }: { path: string }) {
  const t = useT();
  if (path === '/playground') return <PlaygroundPage />;
  const item = NAV.find((n) => n.path === selectedKey(path) && (path === n.path || n.path !== '/'));
  if (item) return <NotConnectedPage title={t(item.label)} />;
  return (
    <Result
      status="404"
      title={t('page.notFound')}
      extra={<Button onClick={() => navigate('/')}>{t('page.backHome')}</Button>}
    />
  );
}

export function AppShell() {
  const t = useT();
  const { lang, setLang } = useLang();
  const { path } = useRoute();
  const nav = [...NAV, ...(import.meta.env.DEV || path === '/playground' ? DEV_NAV : [])];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0, flex: 1 }}>
          <SafetyCertificateOutlined style={{ color: '#fff', fontSize: 24 }} />
          <Typography.Text style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
            {t('app.title')}
          </Typography.Text>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.7)', whiteSpace: 'nowrap' }} className="app-subtitle">
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <Space size="middle">
          <Segmented
            aria-label={t('header.language')}
            size="small"
            value={lang}
            onChange={(v) => setLang(v as 'zh' | 'en')}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'English', value: 'en' },
            ]}
          />
          <Dropdown menu={{ items: [{ key: 'logout', label: t('header.logout'), disabled: true }] }}>
            <Space style={{ color: '#fff', cursor: 'pointer' }}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#3d6fb3' }} />
              <span>{t('header.notLoggedIn')}</span>
            </Space>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={lang === 'en' ? 212 : 184} breakpoint="lg" collapsedWidth={56} theme="light" style={{ borderRight: '1px solid #e8e8e8' }}>
          <Menu
            mode="inline"
            selectedKeys={[selectedKey(path)]}
            onClick={(e) => navigate(e.key)}
            items={nav.map((n) => ({ key: n.path, icon: n.icon, label: t(n.label) }))}
            style={{ borderInlineEnd: 0, paddingTop: 8 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
            <Page path={path} />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
