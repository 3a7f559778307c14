/**
 * The server's one cache of what it reads or computes per dataset: the columnar populations (with
 * their USCC index), record samples for the live preview, and — through {@link PopulationCache.scoped}
 * — whatever else is computed from a dataset (evaluation results, comparisons). Every part is a
 * bounded least-recently-used map (`lru-cache`), and `forget(datasetId)` drops all of a dataset at
 * once when it is deleted or replaced. Datasets never change once imported, so nothing else expires.
 */
import { LRUCache } from 'lru-cache';
import type { Kysely } from 'kysely';
import type { Database, Dataset } from '@policy/db';
import type { Population } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import type { Logger } from './logger.ts';
import { loadPopulation, sampleDataset } from './population.ts';

/**
 * A bounded least-recently-used map of values computed from one dataset each, keyed by the dataset
 * and a key of the caller's; {@link forget} drops every value of a dataset.
 */
export class DatasetScoped<V extends object> {
  private readonly lru: LRUCache<string, V>;
  constructor(readonly max: number) {
    this.lru = new LRUCache<string, V>({ max });
  }

  private static key(datasetId: number, key: string): string {
    return `${datasetId}|${key}`;
  }

  get(datasetId: number, key: string): V | undefined {
    return this.lru.get(DatasetScoped.key(datasetId, key));
  }

  set(datasetId: number, key: string, value: V): void {
    this.lru.set(DatasetScoped.key(datasetId, key), value);
  }

  /**
   * The value kept under `key`, else `compute()`'s, kept. A promise is dropped again when it rejects
   * (the next call retries).
   */
  memo(datasetId: number, key: string, compute: () => V): V {
    const k = DatasetScoped.key(datasetId, key);
    const hit = this.lru.get(k);
    if (hit !== undefined) return hit;
    const value = compute();
    this.lru.set(k, value);
    if (value instanceof Promise) {
      value.catch(() => {
        if (this.lru.peek(k) === value) this.lru.delete(k);
      });
    }
    return value;
  }

  /** Drops the value under `key` (only `value`, when given and no longer the one kept, is left alone). */
  delete(datasetId: number, key: string, value?: V): void {
    const k = DatasetScoped.key(datasetId, key);
    if (value === undefined || this.lru.peek(k) === value) this.lru.delete(k);
  }

  /** Drops every value of a dataset. */
  forget(datasetId: number): void {
    const prefix = DatasetScoped.key(datasetId, '');
    for (const k of [...this.lru.keys()]) if (k.startsWith(prefix)) this.lru.delete(k);
  }

  get size(): number {
    return this.lru.size;
  }
}

/** How many of each are kept. */
export interface PopulationCacheLimits {
  /** Columnar populations (hundreds of MB at a million enterprises): default 3. */
  populations: number;
  /** Record samples (dataset × size × seed): default 4. */
  samples: number;
}

export const DEFAULT_POPULATION_CACHE_LIMITS: PopulationCacheLimits = { populations: 3, samples: 4 };

interface PopulationEntry {
  population: Promise<Population>;
  /** USCC → first row, built on first use. */
  index?: Promise<Map<string, number>>;
}

export class PopulationCache {
  private readonly scopes: Pick<DatasetScoped<object>, 'forget'>[] = [];
  private readonly populations: DatasetScoped<PopulationEntry>;
  private readonly samples: DatasetScoped<Promise<EnterpriseRecord[]>>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    limits: PopulationCacheLimits = DEFAULT_POPULATION_CACHE_LIMITS,
  ) {
    this.populations = this.scoped<PopulationEntry>(limits.populations);
    this.samples = this.scoped<Promise<EnterpriseRecord[]>>(limits.samples);
  }

  /** A further bounded map of values computed from one dataset, forgotten with the dataset. */
  scoped<V extends object>(max: number): DatasetScoped<V> {
    const s = new DatasetScoped<V>(max);
    this.scopes.push(s);
    return s;
  }

  private entry(datasetId: number): PopulationEntry {
    const hit = this.populations.get(datasetId, '');
    if (hit) return hit;
    const started = performance.now();
    const entry: PopulationEntry = { population: loadPopulation(this.db, datasetId) };
    this.populations.set(datasetId, '', entry);
    entry.population.then(
      (pop) => this.logger.info('population loaded', { datasetId, enterprises: pop.n, ms: Math.round(performance.now() - started) }),
      () => this.populations.delete(datasetId, '', entry),
    );
    return entry;
  }

  /**
   * The columnar population of a dataset (`loadPopulation`), loaded once while kept; concurrent
   * callers share one load, which is logged with its duration. NOT_FOUND for a missing dataset.
   */
  population(datasetId: number): Promise<Population> {
    return this.entry(datasetId).population;
  }

  /** Row of an enterprise in a dataset's population by USCC (its first row); -1 when absent. */
  async indexOf(datasetId: number, uscc: string): Promise<number> {
    const entry = this.entry(datasetId);
    entry.index ??= entry.population.then((pop) => {
      const map = new Map<string, number>();
      for (let i = 0; i < pop.n; i++) if (!map.has(pop.uscc[i]!)) map.set(pop.uscc[i]!, i);
      return map;
    });
    return (await entry.index).get(uscc) ?? -1;
  }

  /**
   * A reproducible sample of a dataset's records (`sampleDataset`), computed once per dataset (as
   * created: a replaced dataset is another), size and seed while kept.
   */
  sample(ds: Dataset, size: number, seed: string | number): Promise<EnterpriseRecord[]> {
    return this.samples.memo(ds.id, `${ds.createdAt}|${size}|${typeof seed}:${seed}`, () => sampleDataset(this.db, ds.id, size, seed));
  }

  /** Drops everything kept of a dataset (deleted or replaced). */
  forget(datasetId: number): void {
    for (const s of this.scopes) s.forget(datasetId);
  }
}
