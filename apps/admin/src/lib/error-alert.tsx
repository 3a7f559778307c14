import { Alert } from 'antd';
import { useLang, useT } from '../i18n/index.tsx';
import { serverText } from './texts.ts';
import { apiError } from './trpc.tsx';

/** A failed query or mutation, with the server's reason in the current language. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { lang } = useLang();
  const t = useT();
  if (!error) return null;
  const info = apiError(error);
  const detail =
    info.code === 'NETWORK' ? t('rb.networkError') : info.code === 'UNAUTHORIZED' ? t('rb.signedOut') : serverText(lang, info.message);
  return (
    <Alert
      type="error"
      showIcon
      message={title ?? t('rb.loadFailed')}
      description={
        <>
          <div>{detail}</div>
          {info.issues.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
              {info.issues.slice(0, 8).map((i, k) => (
                <li key={k}>
                  <code>{i.path || '/'}</code>：{lang === 'en' ? i.messageEn : i.message}
                </li>
              ))}
            </ul>
          )}
        </>
      }
    />
  );
}
