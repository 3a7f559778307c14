/** Small shared pieces of the review, lookup, dataset and audit pages. */
import { useMemo } from 'react';
import { Alert, Button, Tooltip, Typography, message } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { apiError, useTRPC } from '../lib/trpc.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import type { Lang } from '../i18n/index.tsx';
import { todayIso } from '../lib/dates.ts';

/** Today as YYYY-MM-DD in the browser's time zone. */

/** The signed-in user (cached; null while loading or when signed out). */
export function useMe() {
  const trpc = useTRPC();
  const q = useQuery(trpc.auth.me.queryOptions());
  return q.data ?? null;
}

/**
 * Department names from the domain-assignment document in force today: id → short Chinese name
 * (or the English name). Unknown ids are shown as they are.
 */
export function useDepartmentNames(): (id: string | null | undefined) => string {
  const trpc = useTRPC();
  const { lang } = useLang();
  const t = useT();
  const q = useQuery({ ...trpc.documents.inForce.queryOptions({ at: todayIso() }), staleTime: 5 * 60_000 });
  return useMemo(() => {
    const map = new Map<string, string>();
    for (const v of q.data ?? []) {
      if (v.kind !== 'domain-assignment') continue;
      const deps = (v.content as { content?: { departments?: { id: string; name?: { zh: string; en?: string }; shortName?: string }[] } }).content?.departments ?? [];
      for (const d of deps) map.set(d.id, lang === 'en' ? (d.name?.en ?? d.id) : (d.shortName ?? d.name?.zh ?? d.id));
    }
    return (id) => {
      if (!id) return '—';
      if (id === 'credit-office') return t('rb.creditOffice');
      return map.get(id) ?? id;
    };
  }, [q.data, lang, t]);
}

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

/** The first characters of a hash with a copy button for the whole. */
export function ShortHash({ hash }: { hash: string | null | undefined }) {
  const t = useT();
  if (!hash) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Tooltip title={hash}>
        <code style={{ fontSize: 12 }}>{hash.slice(0, 10)}…</code>
      </Tooltip>
      <Button
        type="text"
        size="small"
        aria-label={t('rb.copyHash')}
        icon={<CopyOutlined />}
        onClick={() => {
          void navigator.clipboard?.writeText(hash).then(
            () => message.success(t('rb.copied')),
            () => message.error(t('rb.copyFailed')),
          );
        }}
      />
    </span>
  );
}

/** `12,345` */
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en');
/** `+1,234` / `-12` / `0` */
export const fmtDelta = (n: number, digits = 0) => {
  const s = digits ? Math.abs(n).toFixed(digits) : Math.round(Math.abs(n)).toLocaleString('en');
  return n > 0 ? `+${s}` : n < 0 ? `−${s}` : '0';
};
/** Change in percent of `before`; '—' when before is 0. */
export const fmtPct = (before: number, after: number) => (before === 0 ? (after === 0 ? '0%' : '—') : `${fmtDelta(((after - before) / before) * 100, 1)}%`);
/** An ISO time as local `YYYY-MM-DD HH:mm:ss`. */
export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—');
