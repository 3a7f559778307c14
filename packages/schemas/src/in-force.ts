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

// ---------------------------------------------------------------- computed standings

/**
 * Where a released version stands on a date, computed from the effective dates (never stored):
 * `in-force` — the one `inForceAt` picks; `scheduled` — its effective date is still to come;
 * `superseded` — its effective date has passed and another version is in force.
 */
export type Standing = 'in-force' | 'scheduled' | 'superseded';

/**
 * The standing of each released version on `at` (YYYY-MM-DD). A version in force stays `in-force`
 * while a later one is only scheduled.
 *
 * @example
 * const s = standingsAt([v1 (2024-01-01), v2 (2027-01-01)], '2026-10-31')
 * s.get(v1) // → 'in-force'; s.get(v2) // → 'scheduled'
 */
export function standingsAt<T extends Versioned>(versions: readonly T[], at: string): Map<T, Standing> {
  const inForce = new Set<T>(inForceAt(versions, at));
  const out = new Map<T, Standing>();
  for (const v of versions) out.set(v, inForce.has(v) ? 'in-force' : v.effectiveFrom > at ? 'scheduled' : 'superseded');
  return out;
}

/** The day `days` after (or before, when negative) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A span of days (both ends included; `to` null: open-ended) in which one document's version in force differs. */
export interface InForceChange<T> {
  from: string;
  to: string | null;
  /** In force in this span before the change (null: nothing was). */
  before: T | null;
  /** In force in this span after the change (null: nothing is). */
  after: T | null;
}

/**
 * The spans of days in which the version in force of ONE document differs between two sets of its
 * released versions, e.g. without and with a retroactive version: which past in-force sets a
 * release changes and what it replaces. With `until` only the days before `until` are reported
 * (the past, when `until` is the publish day).
 *
 * @example
 * inForceChanges([v1 (2024-01-01), v2 (2026-01-01)], [v1, v2, v3 (2025-01-01)], { until: '2026-11-26' })
 * // → [{ from: '2025-01-01', to: '2025-12-31', before: v1, after: v3 }]
 */
export function inForceChanges<T extends Versioned>(before: readonly T[], after: readonly T[], options: { until?: string } = {}): InForceChange<T>[] {
  const dates = [...new Set([...before, ...after].map((v) => v.effectiveFrom))].sort();
  const pick = (set: readonly T[], at: string): T | null => inForceAt(set, at)[0] ?? null;
  const out: InForceChange<T>[] = [];
  for (let i = 0; i < dates.length; i++) {
    const from = dates[i]!;
    if (options.until !== undefined && from >= options.until) break;
    const next = dates[i + 1];
    let to = next === undefined ? null : addDays(next, -1);
    if (options.until !== undefined && (to === null || to >= options.until)) to = addDays(options.until, -1);
    const b = pick(before, from);
    const a = pick(after, from);
    if (b === a) continue;
    const last = out[out.length - 1];
    if (last && last.before === b && last.after === a && last.to !== null && addDays(last.to, 1) === from) last.to = to;
    else out.push({ from, to, before: b, after: a });
  }
  return out;
}
