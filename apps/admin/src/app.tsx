import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { LanguageProvider, useLang } from './i18n/index.tsx';
import { AppShell } from './layout/app-shell.tsx';
import { theme } from './theme.ts';

function Localized() {
  const { lang } = useLang();
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <AppShell />
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
