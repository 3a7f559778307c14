/**
 * Official evaluation runs (issue 12): started by the credit office on a dataset and a date,
 * evaluated in the evaluation worker (never on the event loop) with the versions in force then, the
 * results written chunk by chunk in short transactions with progress; signed off by a reviewer other
 * than the creator; verified by recomputing.
 */
import { z } from 'zod';
import {
  checkMayCreateRun,
  completeRun,
  datasetContentHash,
  dialectOf,
  failRun,
  forEachRunChunk,
  getDataset,
  getRun,
  getRunDetail,
  getVersionByNumber,
  inputsOf,
  listRuns,
  parseRunPayload,
  RunHasher,
  signOffRun,
  startRun,
  storedRunHash,
  toActor,
  verifySqlEngineRun,
  writeRunChunk,
} from '@policy/db';
import type { Actor, Database, Run, RunInputs, RunVersion, StoredRunSignal } from '@policy/db';
import { sqlRunPlanOf } from '@policy/evaluation';
import type { RunResultBytes, RunResultChunk } from '@policy/evaluation';
import { documentSchemas } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import type { Kysely } from 'kysely';
import type { Context } from '../context.ts';
import { badRequest } from '../errors.ts';
import { runTimings } from '../run-timings.ts';
import type { Services } from '../services.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { lanes } from '../worker-pool.ts';
import { compareInput, compareRuns } from '../run-compare.ts';
import { isoDate } from './documents.ts';
import { publishedSet } from './evaluation.ts';
import { runPeopleProcedure, runResultsProcedure } from './run-results.ts';
import { runSignalsProcedure } from '../run-signals.ts';
import { executeSqlRun, sqlEnginePlan } from '../sql-engine-run.ts';
import type { EngineName } from '../sql-engine-run.ts';

interface RunOutcome {
  dataset: number;
  evaluated: number;
  outside: number;
  aggregates: unknown;
  /** The early warnings and triggers of each enterprise (run-signals.ts). */
  signals?: StoredRunSignal[];
}

/**
 * Evaluates a run's inputs in the evaluation worker, handing each chunk to `onChunk` in order (awaited
 * before the next is acked; the worker runs a few chunks ahead). A chunk arrives as the UTF-8 bytes of
 * its payload; `payload` decodes them when read.
 */
async function evaluateInWorker(
  services: Services,
  datasetId: number,
  documents: PolicyDocument[],
  at: string,
  jurisdiction: string | null,
  onChunk: (c: RunResultChunk & RunResultBytes) => Promise<void>,
  /** When given, the worker also computes the run hash over these inputs and the chunks (`runHash` of the outcome). */
  hashInputs?: RunInputs,
): Promise<RunOutcome & { runHash?: string }> {
  const started = performance.now();
  return services.populations.inWorker(datasetId, async (key) => {
    const populationMs = performance.now() - started;
    let chain: Promise<void> = Promise.resolve();
    let failed: unknown = null;
    const out = await lanes.evaluation.call<RunOutcome & { runHash?: string }>(
      'run.evaluate',
      { key, documents, at, jurisdiction, hashInputs },
      {
        onEvent: (event, ack) => {
          chain = chain
            .then(() => {
              if (failed) return undefined;
              const c = event as RunResultBytes;
              let text: string | undefined;
              return onChunk({
                ...c,
                get payload() {
                  return (text ??= new TextDecoder().decode(c.bytes));
                },
              });
            })
            .catch((e: unknown) => {
              failed ??= e;
            })
            .then(ack);
        },
      },
    );
    await chain;
    if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
    return { ...out, timings: { ...(out as { timings?: object }).timings, populationMs } };
  });
}

/** Runs a started run to completion in the background; failures mark it failed with the reason. */
async function execute(db: Kysely<Database>, services: Services, actor: Actor, run: Run, documents: PolicyDocument[]): Promise<void> {
  try {
    // the worker hashes the chunks as it encodes them (RunHasher over the same bytes): the main thread only stores
    let done = 0;
    let storeMs = 0;
    const out = await evaluateInWorker(
      services,
      run.datasetId,
      documents,
      run.at,
      run.jurisdiction,
      async (chunk) => {
        const t1 = performance.now();
        done += chunk.covered;
        await writeRunChunk(db, run.id, { chunkNo: chunk.chunkNo, firstRow: chunk.firstRow, rowCount: chunk.rowCount, bytes: chunk.bytes }, done);
        storeMs += performance.now() - t1;
      },
      inputsOf(run),
    );
    if (!out.runHash) throw new Error('the evaluation worker returned no run hash');
    const t2 = performance.now();
    await completeRun(db, actor, run.id, { runHash: out.runHash, counts: { dataset: out.dataset, evaluated: out.evaluated, outside: out.outside }, aggregates: out.aggregates, signals: out.signals });
    if (runTimings.hasSubscribers) runTimings.publish({ runId: run.id, ...(out as { timings?: object }).timings, storeMs, completeMs: performance.now() - t2 });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await failRun(db, run.id, { zh: `评价失败：${message}`, en: `evaluation failed: ${message}` }).catch(() => undefined);
  }
}

/** The documents of a run's stored versions (content hashes checked). */
export async function runDocuments(db: Kysely<Database>, actor: Actor, versions: RunVersion[]): Promise<{ documents: PolicyDocument[]; problem: string | null }> {
  const documents: PolicyDocument[] = [];
  for (const v of [...versions].sort((a, b) => a.documentId.localeCompare(b.documentId))) {
    const d = await getVersionByNumber(db, actor, v.documentId, v.versionNumber);
    if (d.contentHash !== v.contentHash) return { documents, problem: `${v.documentId} v${v.versionNumber} 的内容哈希已变 / content hash of ${v.documentId} v${v.versionNumber} differs` };
    documents.push(documentSchemas[d.kind].parse(d.content) as PolicyDocument);
  }
  return { documents, problem: null };
}

/** Runs started by this process and still going (tests and shutdown wait for them). */
const active = new Map<number, Promise<void>>();

/** Resolves when the run (started by this process) has ended. */
export const runSettled = (id: number): Promise<void> => active.get(id) ?? Promise.resolve();

/**
 * Recomputes a run and compares with the stored results and hash; the first difference, or null. A
 * run the SQL engine computed is recomputed inside PostgreSQL (the population is not loaded here)
 * when its bundle compiles to SQL; any other in the evaluation worker.
 */
async function verify(ctx: Context, runId: number): Promise<{ run: Run; problem: string | null; engine: EngineName }> {
  const actor = toActor(ctx.user!);
  const run = await getRun(ctx.db, runId);
  if (run.status !== 'completed' && run.status !== 'signed-off') return { run, problem: `评价批次未完成（${run.status}） / the run is not completed (${run.status})`, engine: 'memory' };
  const { documents, problem: versionProblem } = await runDocuments(ctx.db, actor, run.versions);
  if (versionProblem) return { run, problem: versionProblem, engine: 'memory' };
  const plan = run.engine === 'sql' && dialectOf(ctx.db) === 'postgres' ? sqlRunPlanOf(documents, run.at, run.datasetId) : null;
  // the dataset's content is checked there against the run's (the relational copy made current)
  if (plan) return { run, problem: await verifySqlEngineRun(ctx.db, run, plan), engine: 'sql' };
  return { ...(await verifyInMemory(ctx, run, documents)), engine: 'memory' };
}

/** {@link verify} in the evaluation worker. */
async function verifyInMemory(ctx: Context, run: Run, documents: PolicyDocument[]): Promise<{ run: Run; problem: string | null }> {
  const runId = run.id;
  if ((await datasetContentHash(ctx.db, run.datasetId)) !== run.datasetHash) return { run, problem: `数据集 ${run.datasetId} 的内容已变 / dataset ${run.datasetId} content differs` };
  const stored = new Map<number, string>();
  const hasher = new RunHasher(inputsOf(run));
  let problem: string | null = null;
  let expectedChunks = 0;
  await forEachRunChunk(ctx.db, runId, (c) => void stored.set(c.chunkNo, c.payload));
  await evaluateInWorker(ctx.services, run.datasetId, documents, run.at, run.jurisdiction, async (fresh) => {
    expectedChunks++;
    hasher.update(fresh.payload);
    if (problem) return;
    const have = stored.get(fresh.chunkNo);
    if (have === fresh.payload) return;
    const a = parseRunPayload(have ?? '');
    const b = parseRunPayload(fresh.payload);
    for (let k = 0; k < b.length; k++) {
      if (a[k]?.row === b[k]!.row && a[k]?.json === b[k]!.json) continue;
      const uscc = (JSON.parse(b[k]!.json) as { uscc: string }).uscc;
      problem = `第 ${b[k]!.row} 行 ${uscc} 的结果不同 / row ${b[k]!.row} (${uscc}): stored result differs from the recomputed one`;
      return;
    }
    problem = `结果块 ${fresh.chunkNo} 不同 / chunk ${fresh.chunkNo} differs`;
  });
  if (problem) return { run, problem };
  if (stored.size !== expectedChunks) return { run, problem: `存储了 ${stored.size} 个结果块，应为 ${expectedChunks} / ${stored.size} stored chunks, ${expectedChunks} expected` };
  if (hasher.digest() !== run.runHash) return { run, problem: '重算的哈希与记录的不同 / the recomputed hash differs from the recorded one' };
  if ((await storedRunHash(ctx.db, run)) !== run.runHash) return { run, problem: '存储结果的哈希与记录的不同 / the stored results’ hash differs from the recorded one' };
  return { run, problem: null };
}

export const runsRouter = router({
  /** Starts a run (returns at once, status `running`; `runs.get` shows the progress). Credit office only. */
  create: roleProcedure('credit-office')
    .input(z.object({ datasetId: z.number().int().positive(), at: isoDate, jurisdiction: z.string().regex(/^\d{1,6}$/).optional() }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      checkMayCreateRun(actor);
      const ds = await getDataset(ctx.db, input.datasetId);
      const set = await publishedSet(ctx.db, input.at, ctx.services);
      if (set.members.length === 0) throw badRequest(`${input.at} 没有生效的策略 / no policy in force at ${input.at}`);
      const versions: RunVersion[] = set.members.map((m) => ({ documentId: m.documentId, versionNumber: m.versionNumber!, contentHash: m.contentHash }));
      const datasetHash = await datasetContentHash(ctx.db, ds.id);
      const run = await startRun(ctx.db, actor, { datasetId: ds.id, datasetHash, at: input.at, jurisdiction: input.jurisdiction ?? null, versions, total: ds.rowCount });
      const documents = set.members.map((m) => m.document);
      // a large dataset on PostgreSQL: evaluated inside the database, the population never loaded here (issue 16)
      const compiled = ctx.services.evaluator(set);
      const plan = compiled.success ? sqlEnginePlan(ctx.db, ctx.services.limits.sqlEngineMinEnterprises, ds.rowCount, compiled.evaluator, input.at, ds.id) : null;
      const engine: EngineName = plan ? 'sql' : 'memory';
      const job = (plan ? executeSqlRun(ctx.db, actor, run, plan) : execute(ctx.db, ctx.services, actor, run, documents)).finally(() => active.delete(run.id));
      active.set(run.id, job);
      return { ...run, engine };
    }),

  /** A page of a run's results among the reader's enterprises (run-results.ts). */
  results: runResultsProcedure,
  /** Display names of the users who started or signed off runs (run-results.ts). */
  people: runPeopleProcedure,
  /** A run's early warnings and triggers: counts for every reader, the reader's enterprises (run-signals.ts). */
  signals: runSignalsProcedure,

  list: authedProcedure
    .input(z.object({ datasetId: z.number().int().positive().optional() }).default({}))
    .query(({ ctx, input }) => listRuns(ctx.db, { datasetId: input.datasetId })),

  /** A run with its progress and aggregates (distributions only: no enterprise). */
  get: authedProcedure.input(z.object({ runId: z.number().int().positive() })).query(({ ctx, input }) => getRunDetail(ctx.db, input.runId)),

  /** Signs off a completed run: a reviewer other than its creator; audit-logged with the run hash. */
  signOff: authedProcedure.input(z.object({ runId: z.number().int().positive() })).mutation(({ ctx, input }) => signOffRun(ctx.db, toActor(ctx.user), input.runId)),

  /** Recomputes the run from the stored dataset and versions (`engine`: where); `identical` when results and hash match. */
  verify: roleProcedure('credit-office', 'reviewer')
    .input(z.object({ runId: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const { run, problem, engine } = await verify(ctx, input.runId);
      return { runId: run.id, runHash: run.runHash, identical: problem === null, problem, engine };
    }),

  /**
   * Two completed (or signed-off) runs side by side: migration matrix, distributions (overall and by
   * department), enterprises entered and left, moved enterprises with their data-level reasons
   * (run-compare.ts). Viewers: aggregates only; a department editor: its own domains' enterprises.
   */
  compare: authedProcedure.input(compareInput).query(({ ctx, input }) => compareRuns(ctx, input)),
});
