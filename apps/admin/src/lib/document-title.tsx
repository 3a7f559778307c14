/**
 * A document's title by its id, for screens that hold only the id (the audit log, lists of versions):
 * the title of the document list, or in English the `titleEn` the document in force carries; the id
 * itself only when the document is unknown to the user.
 */
import { useCallback, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLang } from '../i18n/index.tsx';
import { todayIso } from './dates.ts';
import { useTRPC } from './trpc.tsx';

export function useDocumentTitle(): (id: string | null | undefined) => string {
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
  return useCallback((id) => (id ? (titles.get(id) ?? id) : ''), [titles]);
}
