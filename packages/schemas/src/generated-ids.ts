/**
 * Ids people never type: the editor makes them. Rows whose id only has to be unique (risk points,
 * triggers, measures of a supervision item…) get the next free `<prefix>-<n>`; a band's id that
 * quotes its bounds (`excellent-above-85`) follows an edited bound, so no id keeps naming an old
 * threshold.
 */
import type { Bound } from './documents.ts';

/**
 * The next free id `<prefix>-<n>` among `taken` (one above the highest number in use).
 *
 * @example
 * nextId('risk', ['risk-1', 'risk-4', 'other']) // → 'risk-5'
 */
export function nextId(prefix: string, taken: Iterable<string | undefined>): string {
  const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`);
  let max = 0;
  for (const id of taken) {
    const m = id ? re.exec(id) : null;
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}-${max + 1}`;
}

/**
 * Gives every entry without a valid id the next free one; entries that have one keep it.
 *
 * @example
 * withIds([{ id: 'risk-2', description: 'a' }, { description: '风险点一' }], 'risk')
 * // → [{ id: 'risk-2', description: 'a' }, { id: 'risk-3', description: '风险点一' }]
 */
export function withIds<T extends { id?: string | undefined }>(entries: readonly T[], prefix: string): (T & { id: string })[] {
  const valid = (id: unknown): id is string => typeof id === 'string' && /^[a-z0-9][a-z0-9.-]*$/.test(id);
  const taken = entries.map((e) => (valid(e.id) ? e.id : undefined));
  const seen = new Set<string>();
  return entries.map((e) => {
    if (valid(e.id) && !seen.has(e.id)) {
      seen.add(e.id);
      return e as T & { id: string };
    }
    const id = nextId(prefix, [...taken, ...seen]);
    seen.add(id);
    return { ...e, id };
  });
}

interface BandBounds {
  id: string;
  grade?: string;
  min?: Bound | undefined;
  max?: Bound | undefined;
}

/**
 * A band's id after its bounds changed: the numbers of the id that quoted an old bound quote the new
 * one (`excellent-above-85` → `excellent-above-80`); ids that quote no bound stay. `others` are the
 * ids of the other bands, kept distinct.
 *
 * @example
 * followBounds({ id: 'excellent-above-85', min: { value: 85, inclusive: false } }, { min: { value: 80, inclusive: false } })
 * // → 'excellent-above-80'
 */
export function followBounds(before: BandBounds, after: Pick<BandBounds, 'min' | 'max'>, others: readonly string[] = []): string {
  const changes = new Map<string, string>();
  for (const side of ['min', 'max'] as const) {
    const a = before[side]?.value;
    const b = after[side]?.value;
    if (a !== undefined && b !== undefined && a !== b) changes.set(String(a), String(b));
  }
  if (changes.size === 0) return before.id;
  const id = before.id
    .split(/([-.])/)
    .map((part) => changes.get(part) ?? part)
    .join('');
  if (id === before.id || !others.includes(id)) return id;
  let k = 2;
  while (others.includes(`${id}-${k}`)) k++;
  return `${id}-${k}`;
}
