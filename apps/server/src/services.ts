/**
 * Long-lived server state: populations loaded once per dataset (columnar) and what is computed from
 * them (population-cache.ts), evaluators compiled once per version set (keyed by content hashes), and
 * import jobs.
 */
import { LRUCache } from 'lru-cache';
import type { Kysely } from 'kysely';
import type { Database } from '@policy/db';
import { contentHash } from '@policy/db';
import { compile, slicePopulation } from '@policy/evaluation';
import { compareResults } from '@policy/evaluation';
import type { Aggregate, CompareOptions, Comparison, DepartmentTriggers, DepartmentWarnings, EvaluationResult, Evaluator, ModelScores, Population, WarningRuleCount } from '@policy/evaluation';
import { documentSchemas } from '@policy/schemas';
import type { Issue, PolicyDocument } from '@policy/schemas';
import type { GoldenCaseResult } from './golden-result.ts';
import type { Logger } from './logger.ts';
import { ImportJobStore } from './imports.ts';
import { PopulationCache } from './population-cache.ts';
import { jobsFailed, jobsHold } from './population.ts';
import { lanes } from './worker-pool.ts';
import type { DatasetScoped } from './population-cache.ts';

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
  /** Trigger-based supervision per department (null: no trigger point of the set has a condition). */
  triggers: DepartmentTriggers[] | null;
  /** Early warnings: distinct enterprises, per rule and per warned department (null: the set has no early-warning rules). */
  warnings: EarlyWarningCounts | null;
}

/** Trigger-based supervision and early warnings of one evaluation, as the worker counts them. */
interface SignalCounts {
  triggers: DepartmentTriggers[] | null;
  warnings: EarlyWarningCounts | null;
}

/** The counts of the early warnings of one evaluation (issue 13 finding 5). */
export interface EarlyWarningCounts {
  enterprises: number;
  rules: WarningRuleCount[];
  departments: DepartmentWarnings[];
}

export type { ImportJob } from './imports.ts';

/** Limits of heavy work (settings GENERATE_MAX). */
export interface ServiceLimits {
  /** Most enterprises `datasets.generate` makes (the README's configuration table). */
  generateMax: number;
  /** On PostgreSQL, datasets of at least this many enterprises are evaluated in SQL (settings POLICY_SQL_ENGINE_MIN_ENTERPRISES). */
  sqlEngineMinEnterprises: number;
}

export const DEFAULT_SERVICE_LIMITS: ServiceLimits = { generateMax: 1_000_000, sqlEngineMinEnterprises: 2_000_000 };

/**
 * Caches for previews. A population is loaded once per dataset (datasets never change) and kept with
 * what is computed from it in one {@link PopulationCache}; an evaluator is compiled once per version
 * set; results are kept for the most recent (set, dataset, date) triples.
 */
export class Services {
  /** Populations, their USCC index, samples, and (below) results and comparisons, per dataset. */
  readonly populations: PopulationCache;
  private readonly results: DatasetScoped<Promise<Evaluated>>;
  private readonly comparisons: DatasetScoped<Omit<Comparison, 'base' | 'candidate'>>;
  private readonly evaluators = new LRUCache<string, Evaluator>({ max: 32 });
  /** Stored document contents parsed once per content hash (null: does not parse). */
  private readonly parsed = new LRUCache<string, { doc: PolicyDocument | null }>({ max: 256 });
  private readonly goldenResults = new LRUCache<string, GoldenCaseResult[]>({ max: 64 });
  /** Import jobs of this process, recorded in the database as they go. */
  readonly jobs: ImportJobStore;
  readonly limits: ServiceLimits;

  constructor(db: Kysely<Database>, logger: Logger, limits: Partial<ServiceLimits> = {}) {
    this.jobs = new ImportJobStore(db, logger);
    this.limits = {
      generateMax: limits.generateMax ?? DEFAULT_SERVICE_LIMITS.generateMax,
      sqlEngineMinEnterprises: limits.sqlEngineMinEnterprises ?? DEFAULT_SERVICE_LIMITS.sqlEngineMinEnterprises,
    };
    this.populations = new PopulationCache(db, logger);
    this.results = this.populations.scoped<Promise<Evaluated>>(6);
    this.comparisons = this.populations.scoped<Omit<Comparison, 'base' | 'candidate'>>(8);
  }

  /** The columnar population of a dataset, loaded once while cached (see {@link PopulationCache}). */
  population(datasetId: number): Promise<Population> {
    return this.populations.population(datasetId);
  }

  /**
   * Starts loading a dataset's population unless it is kept or being loaded, and resolves once its
   * bytes are being read (a failed load is reported to whoever asks for the population next): e.g. a
   * preview that will be evaluated in memory, which then reads and compiles its sets beside the read.
   */
  startLoading(datasetId: number): Promise<void> {
    return this.populations.startLoading(datasetId);
  }

  /**
   * The population of a dataset; when it is not kept yet (a cold load, maybe under way), both worker
   * threads compile `sets` meanwhile (nothing awaited: what the next evaluations ask for, compiled
   * while the population is read — the workers are idle then). A kept population is given as is: the
   * evaluation worker compiles as it evaluates, and the jobs worker only compiles what it is asked to help with.
   */
  populationCompiling(datasetId: number, sets: VersionSet[]): Promise<Population> {
    const cold = !this.populations.holds(datasetId);
    const loading = this.populations.population(datasetId);
    if (cold) this.compileAhead(sets);
    return loading;
  }

  private compileAhead(sets: VersionSet[]): void {
    for (const lane of [lanes.evaluation, lanes.jobs]) {
      for (const set of sets) void lane.call('compile', { setKey: set.key, documents: set.members.map((m) => m.document) }, { light: true }).catch(() => undefined);
    }
  }

  /** Row of an enterprise in a dataset's population by USCC; -1 when absent. */
  indexOf(datasetId: number, uscc: string): Promise<number> {
    return this.populations.indexOf(datasetId, uscc);
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

  /**
   * Golden case results of a version set for one version's stored cases, computed once per set and
   * `casesKey` (the version and a hash of its cases: a draft's cases change, a sealed version's never).
   */
  golden(set: VersionSet, casesKey: string, run: () => GoldenCaseResult[]): GoldenCaseResult[] {
    const key = `${set.key}|${casesKey}`;
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
    const key = `${base.key}|${cand.key}|${rc.result.at}|${options.offset ?? 0}|${options.limit ?? ''}|${options.search ?? ''}|${options.document ?? ''}`;
    return this.comparisons.memo(datasetId, key, () => {
      const { base: _b, candidate: _c, ...rest } = compareResults(rb.result, rc.result, pop, options);
      return rest;
    });
  }

  /** Forgets everything kept of a deleted or replaced dataset. */
  forgetDataset(datasetId: number): void {
    this.populations.forget(datasetId);
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

  /**
   * Evaluates a version set over a dataset at a date, with its aggregate, in the evaluation worker
   * where the population lives (results of recent triples are reused; concurrent callers share one
   * run). `evaluator` is the set's, compiled here: it gives the result its per-enterprise `toJSON`.
   */
  evaluate(set: VersionSet, evaluator: Evaluator, datasetId: number, at: string): Promise<Evaluated> {
    return this.results.memo(datasetId, `${set.key}|${at}`, () =>
      this.populations.inWorker(datasetId, async (key, pop) => {
        const task = { key, setKey: set.key, documents: set.members.map((m) => m.document), at };
        const { scores: modelScores, engaged } = await gradeWhileJobsScoreModels(task);
        // the triggers and early warnings counted by the jobs worker while the evaluation worker aggregates
        // (unless it is busy with other work: an import; busy with this evaluation's own calls is fine)
        const signalsApart = jobsHold(key) && (engaged || !lanes.jobs.busy);
        let apart: Promise<SignalCounts | null> | null = null;
        const out = await lanes.evaluation.call<{ result: Omit<EvaluationResult, 'toJSON' | 'isOutside'>; aggregate: Aggregate; signalsApart: boolean; evaluateMs: number } & Partial<SignalCounts>>(
          'evaluate',
          { ...task, modelScores, signalsApart },
          {
            onEvent: (e) =>
              void (apart = lanes.jobs.call<SignalCounts>('evaluate.signals', { ...task, result: (e as { result: unknown }).result }).catch((err: unknown) => jobsFailed(key, err))),
          },
        );
        if (out.signalsApart) {
          // (the evaluation worker counts them itself when the jobs worker could not)
          const counted = (apart ? await apart : null) ?? (await lanes.evaluation.call<SignalCounts>('evaluate.signals', { ...task, result: out.result }));
          out.triggers = counted.triggers;
          out.warnings = counted.warnings;
        }
        const outside = new Uint8Array(pop.n);
        for (const i of out.result.outside) outside[i] = 1;
        const result: EvaluationResult = {
          ...out.result,
          isOutside: (i: number) => outside[i] === 1,
          // one enterprise at a time, as the worker's result would have given it
          toJSON: (i: number) => evaluator.evaluate(slicePopulation(pop, [i]), at).toJSON(0),
        };
        return { result, aggregate: out.aggregate, evaluateMs: out.evaluateMs, triggers: out.triggers ?? null, warnings: out.warnings ?? null };
      }),
    );
  }

  /** Frees what this instance keeps in the worker threads (the worker threads themselves are shared and idle-unreferenced). */
  async close(): Promise<void> {
    this.jobs.stop();
    await this.populations.close();
  }
}

/**
 * The first part of an evaluation on both worker threads at once: the evaluation worker grades the
 * gradings while the jobs worker (when it holds the population and is idle) scores the industry
 * models the evaluation worker has not cached — they depend on no grading's result — from the first;
 * the evaluation worker, done grading, scores those not yet taken, from the last (each model is taken
 * by one worker: a shared flag set by compare-and-exchange); then it grades the comparison leaves of
 * the set's triggers and early warnings. The jobs worker's scores, to be seeded into the evaluation
 * (null: it scored none, or could not — the evaluation worker then scores them), and whether the jobs
 * worker was asked (its lane is then busy with this evaluation's own calls).
 */
async function gradeWhileJobsScoreModels(task: { key: string; setKey: string; documents: PolicyDocument[]; at: string }): Promise<{ scores: Record<string, ModelScores> | null; engaged: boolean }> {
  let scores: Promise<Record<string, ModelScores> | null> | null = null;
  await lanes.evaluation.call('evaluate.prepare', task, {
    onEvent: (e) => {
      const { missing: ids, claims } = e as { missing: string[]; claims: Int32Array };
      if (ids.length === 0 || !jobsHold(task.key) || lanes.jobs.busy) return;
      scores = lanes.jobs.call<Record<string, ModelScores>>('model.scores', { ...task, ids, claims }).catch((err: unknown) => jobsFailed(task.key, err));
      // then, while the evaluation worker finishes, the comparison leaves of its triggers and early warnings (counted there next)
      void lanes.jobs.call('signals.prepare', task).catch(() => undefined);
    },
  });
  return { scores: scores ? await scores : null, engaged: scores !== null };
}
