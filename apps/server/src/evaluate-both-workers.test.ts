/**
 * The first evaluation after a cold load from stored columns runs on both worker threads (issue 16,
 * faster cold start): the jobs worker, holding the same shared columns, scores the industry models
 * while the evaluation worker grades, and counts the triggers and early warnings while the
 * evaluation worker aggregates. What a user sees must not depend on it: the result, the
 * aggregate, the triggers and the early warnings are those of the same set evaluated in one thread —
 * and of a second set whose model document changed (scored again), and with the jobs worker busy.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importDataset, SYSTEM_ACTOR } from '@policy/db';
import { openTestDb } from '@policy/db/test-support';
import type { TestDb } from '@policy/db/test-support';
import { aggregate, compile, earlyWarnings, populationColumnsCollector, supervisionTriggers } from '@policy/evaluation';
import type { EvaluationResult, Population } from '@policy/evaluation';
import type { IndustryModelDocument, PolicyDocument } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { generatedJsonl } from './generate-jsonl.ts';
import { silentLogger } from './logger.ts';
import { hashOf, Services, versionSet } from './services.ts';
import type { VersionSet } from './services.ts';
import { lanes, warmUp } from './worker-pool.ts';

const AT = '2026-10-31';
let t: TestDb;
let datasetId: number;

beforeAll(async () => {
  await warmUp();
  t = await openTestDb('sqlite');
  const r = await importDataset(t.db, SYSTEM_ACTOR, { name: 'both workers', format: 'jsonl', input: generatedJsonl(4_000, 'both-workers'), columns: populationColumnsCollector() });
  if (!r.success) throw new Error('import failed');
  datasetId = r.dataset.id;
}, 120_000);
afterAll(() => t?.destroy());

const setOf = (documents: PolicyDocument[]): VersionSet =>
  versionSet(documents.map((d) => ({ documentId: d.id, kind: d.kind, versionNumber: d.version, status: 'published', contentHash: hashOf(d), document: d })));

/** What the preview shows of an evaluation, computed in this thread over `pop`. */
function inOneThread(documents: PolicyDocument[], pop: Population) {
  const r = compile({ documents });
  if (!r.success) throw new Error('does not compile');
  const result = r.evaluator.evaluate(pop, AT);
  const w = earlyWarnings(r.evaluator, pop, result);
  return { result: plainResult(result), aggregate: aggregate(result, pop), triggers: supervisionTriggers(r.evaluator, pop, result)?.departments ?? null, warnings: w ? { enterprises: w.enterprises, rules: w.rules, departments: w.departments } : null };
}

/** A result as data (typed arrays as arrays, NaN kept apart), functions left out. */
function plainResult(r: Partial<EvaluationResult>): unknown {
  const { toJSON: _t, isOutside: _o, ...data } = r;
  return JSON.parse(JSON.stringify(data, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array, (x) => (Number.isNaN(x) ? 'NaN' : x)) : typeof v === 'function' ? undefined : v)));
}

/** The seed set with its industry model's first indicator given `points` more when missing (0: as it is). */
function seedSet(points: number): PolicyDocument[] {
  const documents = policyBundleAt(AT).documents;
  if (points === 0) return documents;
  const model = documents.find((d): d is IndustryModelDocument => d.kind === 'industry-model')!;
  const changed = structuredClone(model);
  changed.content.indicators[0]!.missingPoints += points;
  return documents.map((d) => (d === model ? changed : d));
}

/** `documents` evaluated by `services` over the dataset, as the preview shows it. */
async function evaluated(services: Services, documents: PolicyDocument[]) {
  const set = setOf(documents);
  const c = services.evaluator(set);
  if (!c.success) throw new Error('does not compile');
  const got = await services.evaluate(set, c.evaluator, datasetId, AT);
  return { result: plainResult(got.result), aggregate: got.aggregate, triggers: got.triggers, warnings: got.warnings };
}

describe('the first evaluation on both worker threads', () => {
  /** A fresh `Services` (nothing kept) with the jobs worker's calls counted by op, closed after `fn`. */
  async function withServices(fn: (services: Services, callsOf: (op: string) => number) => Promise<void>): Promise<void> {
    const services = new Services(t.db, silentLogger);
    const calls = vi.spyOn(lanes.jobs, 'call');
    try {
      await fn(services, (op) => calls.mock.calls.filter((c) => c[0] === op).length);
    } finally {
      calls.mockRestore();
      await services.close();
    }
  }

  it('gives what one thread gives, with the models scored and the signals counted in the jobs worker; a changed model is scored again; a busy jobs worker is not waited for', async () => {
    expect(seedSet(0).some((d) => d.kind === 'industry-model')).toBe(true);
    await withServices(async (services, callsOf) => {
      const got = await evaluated(services, seedSet(0));
      // the models were scored in the jobs worker (the path under test), once
      expect(callsOf('model.scores')).toBe(1);
      // and graded the triggers' and warnings' comparison leaves ahead of counting them
      expect(callsOf('signals.prepare')).toBe(1);
      const pop = await services.populations.population(datasetId);
      expect(got).toEqual(inOneThread(seedSet(0), pop));
      // a candidate whose model gives its first indicator other points when missing: its scores are not cached, so scored again in the jobs worker
      expect(await evaluated(services, seedSet(7))).toEqual(inOneThread(seedSet(7), pop));
      expect(callsOf('model.scores')).toBe(2);
      expect(callsOf('evaluate.signals')).toBe(2);
      // with the jobs worker busy (an import running), the evaluation worker scores the models and counts the signals itself
      const busy = vi.spyOn(lanes.jobs, 'busy', 'get').mockReturnValue(true);
      try {
        expect(await evaluated(services, seedSet(14))).toEqual(inOneThread(seedSet(14), pop));
        expect(callsOf('model.scores')).toBe(2);
        expect(callsOf('evaluate.signals')).toBe(2);
      } finally {
        busy.mockRestore();
      }
    });
  }, 120_000);

  it('does not count the jobs worker busy while it takes up the population just read (the first evaluation asks it to score the models at once)', async () => {
    await withServices(async (services, callsOf) => {
      await services.populations.population(datasetId);
      // its reply cannot have come yet (a message, after these microtasks): the call is pending, the lane is free
      expect(callsOf('pop.adopt')).toBe(1);
      expect(lanes.jobs.busy).toBe(false);
      await evaluated(services, seedSet(0));
      expect(callsOf('model.scores')).toBe(1);
    });
  }, 120_000);

  it('still gives the right result when the jobs worker restarted and lost the population, and does not ask it again', async () => {
    await withServices(async (services, callsOf) => {
      const pop = await services.populations.population(datasetId);
      await lanes.jobs.call('ping', null); // (its copy of the population is in place)
      // the jobs worker's thread ends: the next one does not hold the population
      await lanes.jobs.stop();
      for (const points of [3, 5]) expect(await evaluated(services, seedSet(points))).toEqual(inOneThread(seedSet(points), pop));
      // asked once (it failed: no population), not again
      expect(callsOf('model.scores')).toBe(1);
    });
  }, 120_000);

  it('compiles the sets ahead in the worker threads only while a population is first read, not on every evaluation', async () => {
    await withServices(async (services, callsOf) => {
      const sets = [setOf(seedSet(0)), setOf(seedSet(2))];
      // the load started before the sets are known (a preview reads them meanwhile): still compiled ahead
      await services.startLoading(datasetId);
      await services.populationCompiling(datasetId, sets);
      expect(callsOf('compile')).toBe(2);
      // kept now: nothing compiled ahead
      await services.populationCompiling(datasetId, [setOf(seedSet(4))]);
      expect(callsOf('compile')).toBe(2);
    });
  }, 120_000);
});
