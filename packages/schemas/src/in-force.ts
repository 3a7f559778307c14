/** Picks, for each document id, the version in force at a date. */

interface Versioned {
  id: string;
  version: number;
  effectiveFrom: string;
}

/**
 * The version of each document whose `effectiveFrom` is the latest not after `at`
 * (ties go to the higher version number). Documents with no version in force yet are left out.
 *
 * @example
 * inForceAt([{ id: 'a', version: 1, effectiveFrom: '2024-01-01' }, { id: 'a', version: 2, effectiveFrom: '2027-01-01' }], '2026-10-31')
 * // → [version 1]
 */
export function inForceAt<T extends Versioned>(documents: readonly T[], at: string): T[] {
  const best = new Map<string, T>();
  for (const d of documents) {
    if (d.effectiveFrom > at) continue;
    const cur = best.get(d.id);
    if (!cur || d.effectiveFrom > cur.effectiveFrom || (d.effectiveFrom === cur.effectiveFrom && d.version > cur.version)) {
      best.set(d.id, d);
    }
  }
  return [...best.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The newest version (highest `version`) of each document id. */
export function newestVersions<T extends Versioned>(documents: readonly T[]): T[] {
  const best = new Map<string, T>();
  for (const d of documents) {
    const cur = best.get(d.id);
    if (!cur || d.version > cur.version) best.set(d.id, d);
  }
  return [...best.values()].sort((a, b) => a.id.localeCompare(b.id));
}
