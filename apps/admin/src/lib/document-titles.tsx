/**
 * The documents in force today by their titles, for the editors that refer to another document by its id
 * (an industry model's general grading `public-credit-class`, the grading a sampling table follows):
 * people pick 公共信用综合评价分类, never type the id. The page provides them; without a provider the
 * editors fall back to the ids.
 */
import { createContext, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { DocumentKind } from '@policy/schemas';
import { useLang } from '../i18n/index.tsx';
import { todayIso } from './dates.ts';
import { useTRPC } from './trpc.tsx';

export interface DocumentChoice {
  value: string;
  label: string;
}

interface TitledDocument {
  id: string;
  kind: string;
  title: string;
  titleEn?: string | undefined;
}

const TitlesContext = createContext<readonly TitledDocument[]>([]);

/** Provides the titles of the documents in force today to the editors below. */
export function DocumentTitlesProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.documents.inForce.queryOptions({ at: todayIso() }), staleTime: 5 * 60_000 });
  const docs = useMemo(
    () =>
      (q.data ?? []).flatMap((v) => {
        const d = v.content as { id?: string; title?: string; titleEn?: string } | undefined;
        return d?.id ? [{ id: d.id, kind: v.kind, title: d.title ?? d.id, titleEn: d.titleEn }] : [];
      }),
    [q.data],
  );
  return <TitlesContext.Provider value={docs}>{children}</TitlesContext.Provider>;
}

/** The in-force documents of a kind as `{ value: id, label: title }` (the English title in English). */
export function useDocumentChoices(kind: DocumentKind): DocumentChoice[] {
  const docs = useContext(TitlesContext);
  const { lang } = useLang();
  return useMemo(
    () =>
      docs
        .filter((d) => d.kind === kind)
        .map((d) => ({ value: d.id, label: lang === 'en' ? (d.titleEn ?? d.title) : d.title })),
    [docs, kind, lang],
  );
}
