/**
 * Long-lived server state: populations loaded once per dataset (columnar), evaluators compiled once per
 * version set (keyed by content hashes), recent evaluation results, and import jobs.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@policy/db';
import { contentHash, loadPopulation } from '@policy/db';
import { aggregate, compile } from '@policy/evaluation';
import { compareResults } from '@policy/evaluation';
import type { Aggregate, CompareOptions, Comparison, EvaluationResult, Evaluator, Population } from '@policy/evaluation';
import { documentSchemas } from '@policy/schemas';
import type { Issue, PolicyDocument } from '@policy/schemas';
import type { GoldenCaseResult } from './golden.ts';
import type { Logger } from './logger.ts';

/** One document of a version set, with where it came from. */
export interface SetMember {
  documentId: string;
  kind: PolicyDocument['kind'];
  /** Stored version number; null for an unsaved document sent by the editor. */
  versionNumber: number | null;
  status: string;
  contentHash: string;
  document: PolicyDocument;
}

export interface VersionSet {
  /** Stable key: sorted `id@hash`. */
  key: string;
  members: SetMember[];
}

export function versionSet(members: SetMember[]): VersionSet {
  const sorted = [...members].sort((a, b) => a.documentId.localeCompare(b.documentId));
  return { key: sorted.map((m) => `${m.documentId}@${m.contentHash}`).join(','), members: sorted };
}

export const hashOf = (doc: unknown) => contentHash(doc);

export interface Evaluated {
  result: EvaluationResult;
  aggregate: Aggregate;
  evaluateMs: number;
}

/** A small least-recently-used map. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  deleteWhere(pred: (k: string) => boolean): void {
    for (const k of [...this.map.keys()]) if (pred(k)) this.map.delete(k);
  }
}

export interface ImportJob {
  id: string;
  name: string;
  format: string;
  createdBy: string;
  phase: 'receiving' | 'importing' | 'done' | 'failed';
  bytesReceived: number;
  bytesTotal: number | null;
  rows: number;
  startedAt: string;
  finishedAt: string | null;
  datasetId: number | null;
  /** Bad rows (file, row, pointer, message) when the import was refused. */
  errors: { file?: string; row?: number; path: string; message: string; messageEn: string }[];
  errorCount: number;
  warningCount: number;
  message: string | null;
}

/**
 * Caches for previews. A population is loaded once per dataset (datasets never change); an evaluator
 * is compiled once per version set; results are kept for the most recent (set, dataset, date) triples.
 */
export class Services {
  /** Loads in flight or done, to log each load once (the populations themselves are cached by `loadPopulation`). */
  private readonly loading = new Map<number, Promise<Population>>();
  /** USCC → row per population object (dropped with the population when `loadPopulation` evicts it). */
  private readonly usccIndex = new WeakMap<Population, Map<string, number>>();
  private readonly evaluators = new Lru<Evaluator>(32);
  private readonly results = new Lru<Evaluated>(6);
  /** Stored document contents parsed once per content hash (null: does not parse). */
  private readonly parsed = new Lru<{ doc: PolicyDocument | null }>(256);
  private readonly goldenResults = new Lru<GoldenCaseResult[]>(64);
  private readonly comparisons = new Lru<Omit<Comparison, 'base' | 'candidate'>>(8);
  readonly imports = new Map<string, ImportJob>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
  ) {}

  /**
   * The columnar population of a dataset: `loadPopulation` of `@policy/db` (streamed from the
   * database into columns, cached per database handle); the first load is logged with its duration.
   */
  population(datasetId: number): Promise<Population> {
    const p = loadPopulation(this.db, datasetId);
    if (this.loading.get(datasetId) !== p) {
      this.loading.set(datasetId, p);
      const started = performance.now();
      p.then(
        (pop) => this.logger.info('population loaded', { datasetId, enterprises: pop.n, ms: Math.round(performance.now() - started) }),
        () => this.loading.delete(datasetId),
      );
    }
    return p;
  }

  /** Row of an enterprise in a dataset's population by USCC; -1 when absent. */
  async indexOf(datasetId: number, uscc: string): Promise<number> {
    const pop = await this.population(datasetId);
    let map = this.usccIndex.get(pop);
    if (!map) {
      map = new Map<string, number>();
      for (let i = 0; i < pop.n; i++) if (!map.has(pop.uscc[i]!)) map.set(pop.uscc[i]!, i);
      this.usccIndex.set(pop, map);
    }
    return map.get(uscc) ?? -1;
  }

  /**
   * A stored version's content parsed with its kind's schema, once per version (id, content hash and
   * effective date: released versions never change); null when it does not parse.
   */
  parsedDocument(version: { id: number; kind: PolicyDocument['kind']; contentHash: string; effectiveFrom: string | null }, content: unknown): PolicyDocument | null {
    const key = `${version.id}:${version.kind}:${version.contentHash}:${version.effectiveFrom ?? ''}`;
    const kind = version.kind;
    const hit = this.parsed.get(key);
    if (hit) return hit.doc;
    const p = documentSchemas[kind].safeParse(content);
    const doc = p.success ? (p.data as PolicyDocument) : null;
    this.parsed.set(key, { doc });
    return doc;
  }

  /** Golden case results of a version set for one case file (read at `mtime`), computed once. */
  golden(set: VersionSet, file: string, mtime: number, run: () => GoldenCaseResult[]): GoldenCaseResult[] {
    const key = `${set.key}|${file}|${mtime}`;
    let r = this.goldenResults.get(key);
    if (!r) {
      r = run();
      this.goldenResults.set(key, r);
    }
    return r;
  }

  /**
   * The comparison of two evaluated sets over a dataset at a date, for one page / search of the
   * moved enterprises; the most recent ones are kept (a repeated preview or page costs nothing).
   */
  compare(base: VersionSet, cand: VersionSet, datasetId: number, rb: Evaluated, rc: Evaluated, pop: Population, options: CompareOptions): Omit<Comparison, 'base' | 'candidate'> {
    const key = `${base.key}|${cand.key}|${datasetId}|${rc.result.at}|${options.offset ?? 0}|${options.limit ?? ''}|${options.search ?? ''}|${options.document ?? ''}`;
    let c = this.comparisons.get(key);
    if (!c) {
      const { base: _b, candidate: _c, ...rest } = compareResults(rb.result, rc.result, pop, options);
      c = rest;
      this.comparisons.set(key, c);
    }
    return c;
  }

  /** Forgets a deleted dataset. */
  forgetDataset(datasetId: number): void {
    this.loading.delete(datasetId);
    this.results.deleteWhere((k) => k.includes(`|${datasetId}|`));
    this.comparisons.deleteWhere((k) => k.includes(`|${datasetId}|`));
  }

  /** The evaluator of a version set, compiled once; the compile issues when it cannot be compiled. */
  evaluator(set: VersionSet): { success: true; evaluator: Evaluator } | { success: false; issues: Issue[] } {
    const hit = this.evaluators.get(set.key);
    if (hit) return { success: true, evaluator: hit };
    const r = compile({ documents: set.members.map((m) => m.document) });
    if (!r.success) return { success: false, issues: r.issues };
    this.evaluators.set(set.key, r.evaluator);
    return { success: true, evaluator: r.evaluator };
  }

  /** Evaluates a version set over a dataset at a date (results of recent triples are reused). */
  async evaluate(set: VersionSet, evaluator: Evaluator, datasetId: number, at: string): Promise<Evaluated> {
    const key = `${set.key}|${datasetId}|${at}`;
    const hit = this.results.get(key);
    if (hit) return hit;
    const pop = await this.population(datasetId);
    const started = performance.now();
    const result = evaluator.evaluate(pop, at);
    const agg = aggregate(result, pop);
    const out = { result, aggregate: agg, evaluateMs: performance.now() - started };
    this.results.set(key, out);
    return out;
  }
}
