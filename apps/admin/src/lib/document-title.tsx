/**
 * A document's title as the reader's language wants it — the one helper every list uses (home, review
 * list, version history, document lists, lookups, runs, audit): in Chinese the stored `title`, in English
 * the `titleEn` the document carries (from the version in force, or the title the caller already holds
 * with its English twin); the Chinese title when no English one is stored; the id itself only when the
 * document is unknown to the user.
 */
import { useCallback, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLang } from '../i18n/index.tsx';
import { todayIso } from './dates.ts';
import { useTRPC } from './trpc.tsx';

/** The title in the given language from a document's pair of titles (pure; for content already at hand). */
export function pickTitle(lang: 'zh' | 'en', title: string, titleEn?: string | null): string {
  return lang === 'en' && titleEn ? titleEn : title;
}

/**
 * `(id, zhTitle?) => title`: `zhTitle` is the Chinese title the caller already holds (a row of a list);
 * in English the stored English title of that document wins over it.
 */
export function useDocumentTitle(): (id: string | null | undefined, zhTitle?: string | null) => string {
  const trpc = useTRPC();
  const { lang } = useLang();
  const list = useQuery({ ...trpc.documents.list.queryOptions(), staleTime: 5 * 60_000 });
  const inForce = useQuery({ ...trpc.documents.inForce.queryOptions({ at: todayIso() }), staleTime: 5 * 60_000, enabled: lang === 'en' });
  const titles = useMemo(() => {
    const m = new Map<string, string>();
    for (const d of list.data ?? []) m.set(d.id, d.title);
    if (lang === 'en')
      for (const v of inForce.data ?? []) {
        const c = v.content as { id?: string; titleEn?: string } | undefined;
        if (c?.id && c.titleEn) m.set(c.id, c.titleEn);
      }
    return m;
  }, [list.data, inForce.data, lang]);
  return useCallback(
    (id, zhTitle) => {
      if (!id) return zhTitle ?? '';
      if (lang === 'en') return titles.get(id) ?? zhTitle ?? id;
      return zhTitle ?? titles.get(id) ?? id;
    },
    [titles, lang],
  );
}
