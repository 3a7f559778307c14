/**
 * Work shared between evaluations of equal documents, so that a preview or `compare` only
 * recomputes what a candidate changes:
 *  - document units: each distinct document (by its canonical JSON) gets a small integer id and,
 *    for grading documents, one compiled function that every bundle containing that document
 *    reuses (it stays JIT-warm across candidates);
 *  - per population, results keyed by those ids and the date: grading columns, domain tables,
 *    industry-model scores and grades, sampling rows. Bounded by bytes (least recently used first).
 * Everything cached is immutable: results that share a column must treat it as read-only.
 */
import type { PolicyDocument } from '@policy/schemas';
import type { Population } from './population.ts';

/** JSON with object keys sorted, so equal documents give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface DocumentUnit {
  /** Small id, equal for documents with equal canonical JSON (while the unit is cached). */
  uid: number;
  /** Whatever compilation produced for this document (grading documents: the compiled function). */
  compiled?: unknown;
}

const MAX_UNITS = 512;
const units = new Map<string, DocumentUnit>();
let nextUid = 1;
/** Canonical text per document object (documents are not mutated once compiled). */
let keys = new WeakMap<object, string>();

/** The unit of a document: same object for equal documents (least recently used evicted first). */
export function documentUnit(doc: PolicyDocument): DocumentUnit {
  let key = keys.get(doc);
  if (key === undefined) keys.set(doc, (key = canonicalJson(doc)));
  let u = units.get(key);
  if (u) {
    units.delete(key);
    units.set(key, u);
    return u;
  }
  u = { uid: nextUid++ };
  units.set(key, u);
  if (units.size > MAX_UNITS) units.delete(units.keys().next().value!);
  return u;
}

interface Entry {
  value: unknown;
  bytes: number;
}
class PopulationCache {
  entries = new Map<string, Entry>();
  bytes = 0;
}

let budgetBytes = 64 * 1024 * 1024;
let caches = new WeakMap<Population, PopulationCache>();

/**
 * The cached value for `key` on this population, or `make()`'s (then cached). `bytes` sizes the
 * value for the budget; a value larger than the whole budget is returned without being kept.
 */
export function memo<T>(pop: Population, key: string, make: () => T, bytes: (v: T) => number): T {
  let c = caches.get(pop);
  if (!c) caches.set(pop, (c = new PopulationCache()));
  const hit = c.entries.get(key);
  if (hit) {
    c.entries.delete(key);
    c.entries.set(key, hit);
    return hit.value as T;
  }
  const value = make();
  const size = bytes(value);
  if (size > budgetBytes) return value;
  c.entries.set(key, { value, bytes: size });
  c.bytes += size;
  while (c.bytes > budgetBytes) {
    const [k, e] = c.entries.entries().next().value as [string, Entry];
    c.entries.delete(k);
    c.bytes -= e.bytes;
  }
  return value;
}

/**
 * Forgets every cached result and compiled document (e.g. so a benchmark measures work from
 * scratch). Optionally sets the per-population budget in bytes (default 64 MiB).
 *
 * @example
 * clearEvaluationCaches(); // the next compile + evaluate starts cold
 */
export function clearEvaluationCaches(options: { budgetBytes?: number } = {}): void {
  caches = new WeakMap();
  keys = new WeakMap();
  units.clear();
  if (options.budgetBytes !== undefined) budgetBytes = options.budgetBytes;
}

/** Bytes held by typed arrays (for cache budgets). */
export function sizeOf(...arrays: (ArrayBufferView | null | undefined)[]): number {
  let s = 0;
  for (const a of arrays) if (a) s += a.byteLength;
  return s;
}
