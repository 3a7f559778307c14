/** Live validation of a draft in the editor: structure and semantic checks of @policy/schemas. */
import { validateDocument } from '@policy/schemas';
import type { Issue, PlaceNames } from '@policy/schemas';
import type { Directory } from '../../../lib/department-directory.tsx';

/**
 * Validates a draft; returns its issues (errors and warnings), each with a JSON pointer and zh/en
 * messages that name the row and the field as the editor shows them. `names` gives the names the
 * draft does not hold itself (domains and departments of the directory in force).
 *
 * @example
 * validateDraft({ kind: 'sampling', ... }) // → [{ code: 'sampling.ratio-decreasing', path: '/content/rows/2/ratioPercent', … }]
 */
export function validateDraft(doc: unknown, names?: PlaceNames): Issue[] {
  return validateDocument(doc, names ? { names } : {}).issues;
}

/** The domain and department names of a directory, for the messages of {@link validateDraft}. */
export function directoryNames(directory: Directory | null): PlaceNames | undefined {
  if (!directory) return undefined;
  const text = (n: { zh: string; en?: string | undefined }) => ({ zh: n.zh, en: n.en ?? n.zh });
  return {
    domain: (id) => {
      const d = directory.domains.find((x) => x.id === id);
      return d ? text(d.name) : undefined;
    },
    department: (id) => {
      const d = directory.departments.find((x) => x.id === id);
      return d ? { zh: d.shortName ?? d.name.zh, en: d.name.en ?? d.shortName ?? d.name.zh } : undefined;
    },
  };
}
