/** Texts that come from documents and the server, in the UI language. */
import type { Lang } from '../i18n/index.tsx';

/** A `{zh, en}` text in the current language. */
export function textOf(lang: Lang, text: { zh: string; en?: string | undefined } | null | undefined, fallback = ''): string {
  if (!text) return fallback;
  return lang === 'en' ? (text.en ?? text.zh) : text.zh;
}

/** The Chinese part of a server message "中文 / English" (or the English part). */
export function serverText(lang: Lang, msg: string | null | undefined): string {
  if (!msg) return '';
  const i = msg.indexOf(' / ');
  if (i < 0) return msg;
  return lang === 'en' ? msg.slice(i + 3) : msg.slice(0, i);
}
