/**
 * The server's one cache of what it reads or computes per dataset: the columnar populations (with
 * their USCC index), record samples for the live preview, and — through {@link PopulationCache.scoped}
 * — whatever else is computed from a dataset (evaluation results, comparisons). Every part is a
 * bounded least-recently-used map (`lru-cache`), and `forget(datasetId)` drops all of a dataset at
 * once when it is deleted or replaced. A dataset changes only by a delta (its `version` advances, also
 * when another process — the CLI — applied it): every use checks the stored version first and loads again
 * when it moved, so a run never evaluates an older version than the one whose hash it records.
 */
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Kysely } from 'kysely';
import type { Database, Dataset } from '@policy/db';
import type { Population } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import type { Logger } from './logger.ts';
import { dropFromWorkers, loadPopulation, sampleDataset } from './population.ts';
import type { ColumnsEvent } from './population.ts';
import { isLostPopulation, lanes } from './worker-pool.ts';

/**
 * A bounded least-recently-used map of values computed from one dataset each, keyed by the dataset
 * and a key of the caller's; {@link forget} drops every value of a dataset.
 */
export class DatasetScoped<V extends object> {
  private readonly lru: LRUCache<string, V>;
  /** `onDrop` is called for every value that leaves the map (evicted, deleted, replaced or forgotten). */
  constructor(
    readonly max: number,
    onDrop?: (value: V, datasetId: number) => void,
  ) {
    this.lru = new LRUCache<string, V>({ max, dispose: onDrop ? (v, k) => onDrop(v, Number(k.slice(0, k.indexOf('|')))) : undefined });
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

  /** The datasets with a value kept. */
  datasetIds(): number[] {
    return [...new Set([...this.lru.keys()].map((k) => Number(k.slice(0, k.indexOf('|')))))];
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
  /** Set once `population` resolved (the load is over). */
  loaded?: boolean;
  /** Resolves once the dataset's bytes are being read (or the load is over). */
  reading: Promise<void>;
  /** Where the evaluation worker keeps its copy (same shared arrays). */
  key: string;
  /** The dataset's version when the load started (`datasets.version`, +1 per delta). */
  version: number | null;
}


export class PopulationCache {
  private readonly scopes: Pick<DatasetScoped<object>, 'forget' | 'datasetIds'>[] = [];
  private readonly populations: DatasetScoped<PopulationEntry>;
  private readonly samples: DatasetScoped<Promise<EnterpriseRecord[]>>;

  /** Prefix of this cache's keys in the evaluation worker (shared by every cache of the process). */
  private readonly owner = randomUUID().slice(0, 8);

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    limits: PopulationCacheLimits = DEFAULT_POPULATION_CACHE_LIMITS,
  ) {
    // a population leaving the cache leaves the worker too
    this.populations = this.scoped<PopulationEntry>(limits.populations, (entry) => {
      void dropFromWorkers(entry.key);
    });
    this.samples = this.scoped<Promise<EnterpriseRecord[]>>(limits.samples);
  }

  /** A further bounded map of values computed from one dataset, forgotten with the dataset. */
  scoped<V extends object>(max: number, onDrop?: (value: V, datasetId: number) => void): DatasetScoped<V> {
    const s = new DatasetScoped<V>(max, onDrop);
    this.scopes.push(s);
    return s;
  }

  /** The kept population of the dataset's current version (a changed version forgets everything kept of the dataset). */
  private async entry(datasetId: number): Promise<PopulationEntry> {
    const row = await this.db.selectFrom('datasets').select('version').where('id', '=', datasetId).executeTakeFirst();
    const version = row ? Number(row.version) : null;
    const hit = this.populations.get(datasetId, '');
    if (hit && hit.version === version) return hit;
    if (hit) this.forget(datasetId);
    // a concurrent caller may have started the load of this version meanwhile
    const again = this.populations.get(datasetId, '');
    if (again && again.version === version) return again;
    const started = performance.now();
    const key = `${this.owner}:${datasetId}:${randomUUID().slice(0, 8)}`;
    const onColumns = (e: ColumnsEvent) => {
      const { kind, ...fields } = e;
      if (kind === 'unusable' || kind === 'write-failed') this.logger.warn(`population columns ${kind}`, fields);
      else this.logger.info(`population columns ${kind}`, fields);
    };
    let reading = () => {};
    const entry: PopulationEntry = { population: loadPopulation(this.db, datasetId, { keepAs: key, onColumns, onReading: () => reading() }), key, version, reading: new Promise<void>((resolve) => (reading = resolve)) };
    this.populations.set(datasetId, '', entry);
    entry.population.finally(() => reading()).catch(() => undefined);
    entry.population.then(
      (pop) => {
        entry.loaded = true;
        this.logger.info('population loaded', { datasetId, enterprises: pop.n, ms: Math.round(performance.now() - started) });
      },
      () => this.populations.delete(datasetId, '', entry),
    );
    return entry;
  }

  /** Whether a population of the dataset is kept, loaded (any version): false before and during a cold load. */
  holds(datasetId: number): boolean {
    return this.populations.get(datasetId, '')?.loaded === true;
  }

  /**
   * Starts loading a dataset's population unless it is kept or being loaded; resolves once its bytes
   * are being read (or it is kept, or the load failed: the error goes to whoever asks for the population).
   */
  async startLoading(datasetId: number): Promise<void> {
    const entry = await this.entry(datasetId).catch(() => null);
    await entry?.reading;
  }

  /**
   * The columnar population of a dataset (`loadPopulation`), loaded once while kept; concurrent
   * callers share one load, which is logged with its duration. NOT_FOUND for a missing dataset.
   */
  async population(datasetId: number): Promise<Population> {
    return (await this.entry(datasetId)).population;
  }

  /**
   * Runs `fn` with the worker's key of a dataset's population once loaded; when the worker has lost
   * it (its thread was restarted), loads it again and retries once.
   */
  async inWorker<T>(datasetId: number, fn: (key: string, population: Population) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const entry = await this.entry(datasetId);
      const pop = await entry.population;
      try {
        return await fn(entry.key, pop);
      } catch (e) {
        if (attempt > 0 || !isLostPopulation(e)) throw e;
        this.populations.delete(datasetId, '', entry);
      }
    }
  }

  /** Row of an enterprise in a dataset's population by USCC (its first row); -1 when absent. Looked up in the worker. */
  indexOf(datasetId: number, uscc: string): Promise<number> {
    return this.inWorker(datasetId, (key) => lanes.evaluation.call<number>('indexOf', { key, uscc }));
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

  /** Drops every population this cache keeps in the worker (the cache is no longer used). */
  async close(): Promise<void> {
    for (const s of this.scopes) for (const id of s.datasetIds()) s.forget(id);
    await dropFromWorkers(`${this.owner}:`);
  }
}
