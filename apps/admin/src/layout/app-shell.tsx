import { lazy, Suspense, useEffect, useState } from 'react';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import { Avatar, Button, Dropdown, Layout, Menu, Result, Segmented, Space, Spin, Typography } from 'antd';
import {
  AuditOutlined,
  DatabaseOutlined,
  ExperimentOutlined,
  FileTextOutlined,
  HomeOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useOptionalAuth } from '../auth/auth-context.tsx';
import { ROLE_LABEL, canReadAudit, departmentName } from '../auth/session.ts';
import type { SessionUser } from '../auth/session.ts';
import { useLang, useT } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/index.tsx';
import { matchRoute, navigate, useRoute } from '../router.tsx';
import { NotConnectedPage } from '../pages/not-connected-page.tsx';

const PlaygroundPage = lazy(() => import('../pages/playground-page.tsx'));
const HomePage = lazy(() => import('../pages/home-page.tsx'));
const DocumentsPage = lazy(() => import('../pages/documents-page.tsx'));
const DocumentPage = lazy(() => import('../pages/document-page.tsx'));

// Pages another engineer is building: each route is connected as soon as its file exists.
const partB = import.meta.glob<{ default: ComponentType }>(['../pages/review-page.tsx', '../pages/lookup-page.tsx', '../pages/datasets-page.tsx', '../pages/audit-page.tsx']);
function optionalPage(name: string): LazyExoticComponent<ComponentType> | null {
  const load = partB[`../pages/${name}-page.tsx`];
  return load ? lazy(load) : null;
}
const ReviewPage = optionalPage('review');
const LookupPage = optionalPage('lookup');
const DatasetsPage = optionalPage('datasets');
const AuditPage = optionalPage('audit');

interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown only to users for whom this is true. */
  visible?: (user: SessionUser) => boolean;
}

const NAV: NavItem[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined /> },
  { path: '/documents', label: 'nav.documents', icon: <FileTextOutlined /> },
  { path: '/reviews', label: 'nav.reviews', icon: <SafetyCertificateOutlined /> },
  { path: '/enterprises', label: 'nav.enterprises', icon: <SearchOutlined /> },
  { path: '/datasets', label: 'nav.datasets', icon: <DatabaseOutlined /> },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, visible: canReadAudit },
];
const DEV_NAV: NavItem[] = [{ path: '/playground', label: 'nav.playground', icon: <ExperimentOutlined /> }];

/** Menu key of a path: `/documents/x/versions/2` → `/documents`, `/review/x` → `/reviews`. */
export function selectedKey(path: string): string {
  if (path === '/review' || path.startsWith('/review/')) return '/reviews';
  const all = [...NAV, ...DEV_NAV].filter((n) => n.path !== '/');
  return all.find((n) => path === n.path || path.startsWith(`${n.path}/`))?.path ?? '/';
}

function optional(Page: LazyExoticComponent<ComponentType> | null, title: string) {
  return Page ? <Page /> : <NotConnectedPage title={title} />;
}

function NotFound() {
  const t = useT();
  return <Result status="404" title={t('page.notFound')} extra={<Button onClick={() => navigate('/')}>{t('page.backHome')}</Button>} />;
}

function Forbidden() {
  const t = useT();
  return <Result status="403" title={t('page.forbidden')} extra={<Button onClick={() => navigate('/')}>{t('page.backHome')}</Button>} />;
}

/** Every route of the admin. */
export function Page({ path, user }: { path: string; user: SessionUser | null }) {
  const t = useT();
  if (path === '/playground') return <PlaygroundPage />;
  if (!user) return <NotFound />;
  if (path === '/') return <HomePage />;
  if (path === '/documents') return <DocumentsPage />;
  if (matchRoute('/documents/:id', path) || matchRoute('/documents/:id/versions/:n', path)) return <DocumentPage />;
  if (path === '/reviews' || matchRoute('/review/:documentId', path)) return optional(ReviewPage, t('nav.reviews'));
  if (path === '/enterprises') return optional(LookupPage, t('nav.enterprises'));
  if (path === '/datasets') return optional(DatasetsPage, t('nav.datasets'));
  if (path === '/audit') return canReadAudit(user) ? optional(AuditPage, t('nav.audit')) : <Forbidden />;
  return <NotFound />;
}

function UserMenu({ user, onLogout }: { user: SessionUser; onLogout: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const dept = departmentName(user.department, lang);
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <div style={{ color: '#333', lineHeight: 1.6 }}>
                <div style={{ fontWeight: 600 }}>{user.displayName}</div>
                <div>
                  {t('header.role')}：{t(ROLE_LABEL[user.role])}
                </div>
                {dept && (
                  <div>
                    {t('header.department')}：{dept}
                  </div>
                )}
                <div style={{ color: '#888' }}>
                  {t('header.username')}：{user.username}
                </div>
              </div>
            ),
          },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), onClick: onLogout },
        ],
      }}
    >
      <Button type="text" aria-label={t('header.user')} style={{ color: '#fff', height: 40 }}>
        <Space size={8}>
          <Avatar size="small" icon={<UserOutlined />} style={{ background: '#3d6fb3' }} />
          <span>{user.displayName}</span>
          <span style={{ color: 'rgba(255,255,255,0.7)' }}>
            {t(ROLE_LABEL[user.role])}
            {dept && user.role === 'department-editor' ? ` · ${dept}` : ''}
          </span>
        </Space>
      </Button>
    </Dropdown>
  );
}

export function AppShell() {
  const t = useT();
  const { lang, setLang } = useLang();
  const { path } = useRoute();
  const auth = useOptionalAuth();
  const user = auth?.user ?? null;
  // the editor needs the width: the side menu folds on document pages (the user can unfold it)
  const editing = matchRoute('/documents/:id', path) !== null || matchRoute('/documents/:id/versions/:n', path) !== null;
  const [collapsed, setCollapsed] = useState(editing);
  useEffect(() => setCollapsed(editing), [editing]);
  const nav = [...NAV.filter((n) => user && (!n.visible || n.visible(user))), ...(import.meta.env.DEV || path === '/playground' ? DEV_NAV : [])];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 20 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0, flex: 1 }}>
          <SafetyCertificateOutlined style={{ color: '#fff', fontSize: 24 }} />
          <Typography.Text style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>{t('app.title')}</Typography.Text>
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
          {user && auth ? (
            <UserMenu user={user} onLogout={() => void auth.logout()} />
          ) : (
            <span style={{ color: 'rgba(255,255,255,0.8)' }}>{t('header.notLoggedIn')}</span>
          )}
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={lang === 'en' ? 212 : 184}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          collapsedWidth={56}
          theme="light"
          style={{ borderRight: '1px solid #e8e8e8' }}
        >
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
            <Page path={path} user={user} />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
