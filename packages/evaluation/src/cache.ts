/**
 * Work shared between evaluations of equal documents, so that a preview or `compare` only
 * recomputes what a candidate changes:
 *  - document units: each distinct document (by its JSON text) gets a small integer id and,
 *    for grading documents, one compiled form that every bundle containing that document
 *    reuses (its kernel stays JIT-warm across candidates);
 *  - per population, results keyed by those ids and the date: grading columns, domain tables,
 *    industry-model scores and grades, sampling rows. Bounded by bytes (least recently used first).
 * Everything cached is immutable: results that share a column must treat it as read-only.
 * Both are `lru-cache` caches: units bounded by count, results by bytes (`maxSize` + `sizeCalculation`).
 */
import { LRUCache } from 'lru-cache';
import type { PolicyDocument } from '@policy/schemas';
import type { Population } from './population.ts';

export interface DocumentUnit {
  /** Small id, equal for documents with equal JSON text (while the unit is cached). */
  uid: number;
  /** Whatever compilation produced for this document (grading documents: the compiled grading). */
  compiled?: unknown;
  /** The schema checks of the document that compile relies on, once per unit. */
  issues?: unknown;
}

const units = new LRUCache<string, DocumentUnit>({ max: 512 });
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
  if (!u) units.set(key, (u = { uid: nextUid++ }));
  return u;
}

let budgetBytes = 64 * 1024 * 1024;
/**
 * Bytes per enterprise the budget grows to on a large population: one evaluation's columns (two
 * gradings, two models with their scores, domain and sampling tables, the leaves of the triggers
 * and warnings) take about 64 bytes an enterprise, and a preview's candidate must find the base
 * side's columns still there (at a million enterprises 64 MiB was exceeded by the base side alone,
 * so the candidate graded everything again and aggregated it from scratch).
 */
const BUDGET_BYTES_PER_ENTERPRISE = 160;
interface Entry {
  value: unknown;
  bytes: number;
}
let caches = new WeakMap<Population, LRUCache<string, Entry>>();

function cacheOf(pop: Population): LRUCache<string, Entry> {
  let c = caches.get(pop);
  if (!c) {
    // a value larger than the whole budget is not kept (lru-cache's maxEntrySize defaults to maxSize)
    c = new LRUCache<string, Entry>({ maxSize: Math.max(budgetBytes, BUDGET_BYTES_PER_ENTERPRISE * pop.n), sizeCalculation: (e) => Math.max(1, e.bytes) });
    caches.set(pop, c);
  }
  return c;
}

/**
 * The cached value for `key` on this population, or `make()`'s (then cached). `bytes` sizes the
 * value for the budget; a value larger than the whole budget is returned without being kept.
 */
export function memo<T>(pop: Population, key: string, make: () => T, bytes: (v: T) => number): T {
  const c = cacheOf(pop);
  const hit = c.get(key);
  if (hit) return hit.value as T;
  const value = make();
  c.set(key, { value, bytes: bytes(value) });
  return value;
}

/** The cached value for `key` on this population, if any (marks it recently used). */
export function peek<T>(pop: Population, key: string): T | undefined {
  return caches.get(pop)?.get(key)?.value as T | undefined;
}

/** Caches `value` for `key` on this population (`bytes` sizes it for the budget); a key already cached is kept as is. */
export function store(pop: Population, key: string, value: unknown, bytes: number): void {
  const c = cacheOf(pop);
  if (!c.has(key)) c.set(key, { value, bytes });
}

/**
 * Forgets every cached result and compiled document (e.g. so a benchmark measures work from
 * scratch). Optionally sets the per-population budget in bytes (default 64 MiB; a population of
 * more than 64 MiB / 160 enterprises gets 160 bytes an enterprise).
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
