import { Suspense, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Avatar, Button, Dropdown, Layout, Menu, Segmented, Space, Spin, Typography } from 'antd';
import {
  ApiOutlined,
  AuditOutlined,
  CalculatorOutlined,
  DatabaseOutlined,
  ExceptionOutlined,
  ExperimentOutlined,
  FileTextOutlined,
  HomeOutlined,
  InboxOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  KeyOutlined,
  SearchOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Outlet, matchPath, useLocation, useNavigate } from 'react-router';
import { useDepartmentName } from '../lib/department-directory.tsx';
import { isDevBuild } from '../lib/env.ts';
import { canReadAudit, canReadFirms } from '@policy/schemas';
import { ROLE_LABEL } from '../lib/permissions.ts';
import type { SessionUser } from '../lib/session.tsx';
import { useOptionalAuth } from '../lib/session.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/index.tsx';

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
  { path: '/enterprises', label: 'nav.enterprises', icon: <SearchOutlined />, visible: canReadFirms },
  { path: '/datasets', label: 'nav.datasets', icon: <DatabaseOutlined /> },
  { path: '/runs', label: 'nav.runs', icon: <CalculatorOutlined /> },
  { path: '/inbox', label: 'nav.inbox', icon: <InboxOutlined />, visible: (u) => u.role === 'department-editor' },
  { path: '/objections', label: 'nav.objections', icon: <ExceptionOutlined />, visible: (u) => u.role === 'credit-office' || u.role === 'department-editor' },
  // 双随机抽查: drawing for department editors and the credit office; published lists readable by everyone
  { path: '/draws', label: 'nav.draws', icon: <ScheduleOutlined /> },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, visible: canReadAudit },
  { path: '/users', label: 'nav.users', icon: <TeamOutlined />, visible: (u) => u.role === 'credit-office' },
  { path: '/tokens', label: 'nav.tokens', icon: <ApiOutlined />, visible: (u) => u.role === 'credit-office' },
];
const DEV_NAV: NavItem[] = [{ path: '/playground', label: 'nav.playground', icon: <ExperimentOutlined /> }];

/** Menu key of a path: `/documents/x/versions/2` → `/documents`, `/review/x` → `/reviews`, `/lookup` → `/enterprises`. */
export function selectedKey(path: string): string {
  if (path === '/review' || path.startsWith('/review/')) return '/reviews';
  if (path === '/lookup') return '/enterprises';
  const all = [...NAV, ...DEV_NAV].filter((n) => n.path !== '/');
  return all.find((n) => path === n.path || path.startsWith(`${n.path}/`))?.path ?? '/';
}

function UserMenu({ user, onLogout }: { user: SessionUser; onLogout: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const dept = useDepartmentName()(user.department);
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
                <div style={{ color: '#595959' }}>
                  {t('header.username')}：<span className="login-name">{user.username}</span>
                </div>
              </div>
            ),
          },
          { type: 'divider' },
          { key: 'account', icon: <KeyOutlined />, label: t('header.account'), onClick: () => void navigate('/account') },
          { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), onClick: onLogout },
        ],
      }}
    >
      <Button type="text" style={{ color: '#fff', height: 40 }}>
        {/* the accessible name keeps the visible text (axe label-content-name-mismatch) */}
        <span className="visually-hidden">{t('header.user')}</span>
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
  const path = useLocation().pathname;
  const navigate = useNavigate();
  const auth = useOptionalAuth();
  const user = auth?.user ?? null;
  // the editor needs the width: the side menu folds on document pages (the user can unfold it)
  const editing = matchPath('/documents/:id', path) !== null || matchPath('/documents/:id/versions/:n', path) !== null;
  const [collapsed, setCollapsed] = useState(editing);
  useEffect(() => setCollapsed(editing), [editing]);
  const nav = [...NAV.filter((n) => user && (!n.visible || n.visible(user))), ...(isDevBuild || path === '/playground' ? DEV_NAV : [])];
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
            onClick={(e) => void navigate(e.key)}
            items={nav.map((n) => ({ key: n.path, icon: n.icon, label: t(n.label) }))}
            style={{ borderInlineEnd: 0, paddingTop: 8 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
