/**
 * Work shared between evaluations of equal documents, so that a preview or `compare` only
 * recomputes what a candidate changes:
 *  - document units: each distinct document (by its JSON text) gets a small integer id and,
 *    for grading documents, one compiled function that every bundle containing that document
 *    reuses (it stays JIT-warm across candidates);
 *  - per population, results keyed by those ids and the date: grading columns, domain tables,
 *    industry-model scores and grades, sampling rows. Bounded by bytes (least recently used first).
 * Everything cached is immutable: results that share a column must treat it as read-only.
 */
import type { PolicyDocument } from '@policy/schemas';
import type { Population } from './population.ts';

export interface DocumentUnit {
  /** Small id, equal for documents with equal JSON text (while the unit is cached). */
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
  // JSON text as the key: documents validated by the schemas have their keys in schema order, so
  // equal documents give equal text; any other difference only costs a cache miss, never a wrong result
  if (key === undefined) keys.set(doc, (key = JSON.stringify(doc)));
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

/** The cached value for `key` on this population, if any (marks it recently used). */
export function peek<T>(pop: Population, key: string): T | undefined {
  const c = caches.get(pop);
  const hit = c?.entries.get(key);
  if (!c || !hit) return undefined;
  c.entries.delete(key);
  c.entries.set(key, hit);
  return hit.value as T;
}

/** Caches `value` for `key` on this population (`bytes` sizes it for the budget). */
export function store(pop: Population, key: string, value: unknown, bytes: number): void {
  let c = caches.get(pop);
  if (!c) caches.set(pop, (c = new PopulationCache()));
  if (bytes > budgetBytes || c.entries.has(key)) return;
  c.entries.set(key, { value, bytes });
  c.bytes += bytes;
  while (c.bytes > budgetBytes) {
    const [k, e] = c.entries.entries().next().value as [string, Entry];
    c.entries.delete(k);
    c.bytes -= e.bytes;
  }
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
