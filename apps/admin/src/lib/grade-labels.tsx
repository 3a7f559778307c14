/** Grade codes → labels of the gradings in force (优, 良, A 守信 …), in the UI language. */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLang } from '../i18n/index.tsx';
import { todayIso } from './dates.ts';
import { useTRPC } from './trpc.tsx';

export function useGradeLabels(): Map<string, string> {
  const trpc = useTRPC();
  const { lang } = useLang();
  const q = useQuery({ ...trpc.documents.inForce.queryOptions({ at: todayIso() }), staleTime: 5 * 60_000 });
  return useMemo(() => {
    const m = new Map<string, string>();
    for (const v of q.data ?? []) {
      if (v.kind !== 'grading') continue;
      const grades = (v.content as { content?: { grades?: { code: string; label: { zh: string; en?: string } }[] } }).content?.grades ?? [];
      for (const g of grades) if (!m.has(g.code)) m.set(g.code, lang === 'en' ? (g.label.en ?? g.label.zh) : g.label.zh);
    }
    return m;
  }, [q.data, lang]);
}
