import { ConfigProvider, App as AntApp } from 'antd';
// ESM paths: the CJS 'antd/locale/*' default import yields the module object under Vite 8 (STACK.md §6.6)
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider } from './auth/auth-context.tsx';
import { AuthGate } from './auth/auth-gate.tsx';
import { LanguageProvider, useLang } from './i18n/index.tsx';
import { AppShell } from './layout/app-shell.tsx';
import { ApiProvider } from './lib/trpc.tsx';
import { useRoute } from './router.tsx';
import { theme } from './theme.ts';

function Localized() {
  const { lang } = useLang();
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  // the editor playground shows the bundled default documents and needs neither the server nor a session
  const offline = useRoute().path === '/playground';
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <ApiProvider>
          {offline ? (
            <AppShell />
          ) : (
            <AuthProvider>
              <AuthGate>
                <AppShell />
              </AuthGate>
            </AuthProvider>
          )}
        </ApiProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LanguageProvider>
      <Localized />
    </LanguageProvider>
  );
}
