/**
 * Outputs of the condition kernels (triggers.ts, warnings.ts) kept per inputs: a preview's candidate
 * that changes neither the supervision items nor the early-warning rules, nor the columns their
 * conditions read, gets the base side's bits and counts instead of running the kernel over the
 * population again. Kept with the domain-set column of the evaluation (one per population, domain
 * assignment and date), a few per column, least recently used dropped first.
 */

/** Outputs kept per domain-set column. */
const PER_COLUMN = 4;

const kept = new WeakMap<object, Map<string, unknown>>();
const ids = new WeakMap<object, number>();
let nextId = 1;

/** A number naming an object while it lives (equal for the same object only). */
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/**
 * The key of a condition kernel's inputs besides its source and the domain-set column: the leaf
 * columns (cached result columns are never changed: the same object, the same values), the leaf
 * masks and the per-domain-set table, and any further columns (`more`).
 */
export function leafInputsKey(C: readonly object[], M: readonly Uint8Array[], DM: Uint8Array, more: readonly object[] = []): string {
  const masks = M.map((m) => {
    const on: number[] = [];
    for (let k = 0; k < m.length; k++) if (m[k] !== 0) on.push(k);
    return on.join(',');
  });
  return `${C.map(idOf).join(',')}|${masks.join(';')}|${DM.join('')}|${more.map(idOf).join(',')}`;
}

/** The outputs kept for (`column`, `key`), else `make()`'s, kept. */
export function keptOutputs<T>(column: object, key: string, make: () => T): T {
  let m = kept.get(column);
  if (!m) kept.set(column, (m = new Map()));
  const hit = m.get(key);
  if (hit !== undefined) {
    m.delete(key);
    m.set(key, hit);
    return hit as T;
  }
  const value = make();
  m.set(key, value);
  if (m.size > PER_COLUMN) m.delete(m.keys().next().value!);
  return value;
}
