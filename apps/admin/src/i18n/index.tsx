import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { messages } from './messages.ts';
import type { MessageKey } from './messages.ts';

export type Lang = 'zh' | 'en';
export type { MessageKey };
export type TFunction = (key: MessageKey, params?: Record<string, string | number>) => string;

const STORAGE_KEY = 'policy-admin.lang';

/** Reads the persisted language; Chinese unless the user chose English. */
export function readStoredLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** Formats a message outside React (e.g. in validation adapters). */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const pair = messages[key];
  let text: string = lang === 'en' ? pair[1] : pair[0];
  if (params) for (const [k, v] of Object.entries(params)) text = text.split(`{${k}}`).join(String(v));
  return text;
}

interface LangContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
}
const LangContext = createContext<LangContextValue>({ lang: 'zh', setLang: () => {} });

export function LanguageProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(initial ?? readStoredLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice just is not remembered
    }
    document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangContextValue {
  return useContext(LangContext);
}

/** `const t = useT(); t('nav.home')` → 首页 / Home. */
export function useT(): TFunction {
  const { lang } = useLang();
  return useCallback<TFunction>((key, params) => translate(lang, key, params), [lang]);
}

/** Picks the label of a `{ zh, en? }` text in the current language. */
export function pickText(lang: Lang, text: { zh: string; en?: string | undefined } | undefined, fallback = ''): string {
  if (!text) return fallback;
  return lang === 'en' && text.en ? text.en : text.zh;
}
