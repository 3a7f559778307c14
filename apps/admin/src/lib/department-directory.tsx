/**
 * The department directory and supervision domains of the domain-assignment document in force: the one
 * source of department names on every screen, and of the domains the editors offer by their Chinese names.
 */
import { createContext, useCallback, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { DepartmentDef, DomainDef } from '@policy/schemas';
import { useLang, useT } from '../i18n/index.tsx';
import { todayIso } from './dates.ts';
import { useTRPC } from './trpc.tsx';

export interface Directory {
  domains: readonly Pick<DomainDef, 'id' | 'name' | 'departments'>[];
  departments: readonly DepartmentDef[];
}

/** The directory in a domain-assignment document's content; null when it has none. */
export function directoryOf(content: unknown): Directory | null {
  const c = content as { domains?: Directory['domains']; departments?: Directory['departments'] } | undefined;
  return c && Array.isArray(c.domains) && Array.isArray(c.departments) ? { domains: c.domains, departments: c.departments } : null;
}

/** The directory of the domain assignment in force today (null while loading or when none is in force). */
export function useDepartmentDirectory(): Directory | null {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.documents.inForce.queryOptions({ at: todayIso() }), staleTime: 5 * 60_000 });
  return useMemo(() => {
    const doc = q.data?.find((v) => v.kind === 'domain-assignment')?.content as { content?: unknown } | undefined;
    return directoryOf(doc?.content);
  }, [q.data]);
}

/**
 * Department names by id in the UI language: the short Chinese name (or the English name) from the
 * directory in force; the credit office by its usual name; unknown ids as they are; '' for none.
 */
export function useDepartmentName(): (id: string | null | undefined) => string {
  const directory = useDepartmentDirectory();
  const { lang } = useLang();
  const t = useT();
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const d of directory?.departments ?? []) map.set(d.id, lang === 'en' ? (d.name.en ?? d.shortName ?? d.name.zh) : (d.shortName ?? d.name.zh));
    return map;
  }, [directory, lang]);
  return useCallback(
    (id) => {
      if (!id) return '';
      if (id === 'credit-office') return t('rb.creditOffice');
      return names.get(id) ?? id;
    },
    [names, t],
  );
}

const DirectoryContext = createContext<Directory | null>(null);

/** Provides the directory taken from a domain-assignment document's content to the editors below (nothing when it is absent). */
export function DirectoryProvider({ content, children }: { content: unknown; children: ReactNode }) {
  const value = useMemo(() => directoryOf(content), [content]);
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

/** The directory provided to an editor. */
export function useDirectory(): Directory | null {
  return useContext(DirectoryContext);
}

/** Domains a department is responsible for. */
export function domainsOf(directory: Directory, department: string): Directory['domains'] {
  return directory.domains.filter((d) => d.departments.includes(department));
}
