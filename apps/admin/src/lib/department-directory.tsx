/**
 * The department directory and supervision domains of the domain-assignment document in force, so that
 * editors of other documents can offer domains and departments by their Chinese names instead of ids.
 */
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { DepartmentDef, DomainDef } from '@policy/schemas';

export interface Directory {
  domains: readonly Pick<DomainDef, 'id' | 'name' | 'departments'>[];
  departments: readonly DepartmentDef[];
}

const DirectoryContext = createContext<Directory | null>(null);

/** Provides the directory taken from a domain-assignment document's content (nothing when it is absent). */
export function DirectoryProvider({ content, children }: { content: unknown; children: ReactNode }) {
  const c = content as { domains?: Directory['domains']; departments?: Directory['departments'] } | undefined;
  const value = c && Array.isArray(c.domains) && Array.isArray(c.departments) ? { domains: c.domains, departments: c.departments } : null;
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

export function useDirectory(): Directory | null {
  return useContext(DirectoryContext);
}

/** Domains a department is responsible for, best first: its own domains, then (when `all`) the others. */
export function domainsOf(directory: Directory, department: string): Directory['domains'] {
  return directory.domains.filter((d) => d.departments.includes(department));
}
