import { useState } from 'react';
import type { ReactNode } from 'react';
import { ConfigProvider, App as AntApp } from 'antd';
// ESM paths: the CJS 'antd/locale/*' default import yields the module object under Vite 8 (STACK.md §6.6)
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createHashRouter, RouterProvider } from 'react-router';
import { LanguageProvider, useLang } from './i18n/index.tsx';
import { ApiProvider } from './lib/trpc.tsx';
import { routes } from './routes.tsx';
import { theme } from './theme.ts';

function Localized({ children }: { children: ReactNode }) {
  const { lang } = useLang();
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <ApiProvider>{children}</ApiProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  // hash history: the addresses (`#/documents/…`) are those of the earlier hand-written router
  const [router] = useState(() => createHashRouter(routes));
  return (
    <LanguageProvider>
      <Localized>
        <RouterProvider router={router} />
      </Localized>
    </LanguageProvider>
  );
}
