/**
 * The server's worker thread (see worker-pool.ts): population builds kept for evaluation, evaluation
 * with aggregation, record samples, and import parsing / dataset generation. Messages are plain
 * data; the main thread reads and writes the database, the worker computes — except the stored
 * columns of a dataset, which the jobs worker reads on a connection of its own (`columns.read`) at
 * a cold load.
 */
import { parentPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { CHUNK_ROWS, COLUMN_PART_BYTES, prepareImport, readColumnPiecesAt, RunHasher } from '@policy/db';
import type { ColumnsSource, DatasetChunk, ImportFormat, PreparedBatch, RunInputs } from '@policy/db';
import { aggregate, compile, computeModelScores, createRng, missingModelScores, prepareGradings, prepareSignalLeaves, seedModelScores, encodePopulationColumns, mergePopulations, populationColumnsCollector, PopulationBuilder, PopulationColumnsDecoder, PopulationColumnsError, slicePopulation, runAggregates, runChunkBytes, runRows, runSignals, supervisionTriggers, earlyWarnings } from '@policy/evaluation';
import type { EvaluationResult, Evaluator, ModelScores, Population } from '@policy/evaluation';
import type { EnterpriseRecord, PolicyDocument } from '@policy/schemas';
import { LRUCache } from 'lru-cache';
import { generatedJsonl } from './generate-jsonl.ts';
import { drawFromPool, LAZY_STRINGS_OVER, pickChunks, shareColumnsPopulation, sharePopulation, unpackPopulationNow } from './population-pack.ts';
import type { PackedPopulation } from './population-pack.ts';
import { runCompareOps } from './run-compare-ops.ts';
import { ownArrayBuffer } from './worker-pool.ts';
import type { FromWorker, ToWorker } from './worker-pool.ts';

const port = parentPort!;

/** What an operation may do besides returning: send events, wait for the main thread's ack. */
interface OpContext {
  /** Sends an event; buffers in `transfer` move to the main thread without copying. */
  emit(event: unknown, transfer?: ArrayBuffer[]): void;
  /** Resolves at the main thread's next ack of this call. */
  ack(): Promise<void>;
}

class OpError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Chunks of an official run sent and not yet stored by the main thread (each about 2 MB: 64 MB at most). */
const RUN_AHEAD = 32;

const builds = new Map<string, PopulationBuilder>();
/**
 * Stored column bytes being decoded as they arrive, by key; when they come from the other worker
 * through a port of their own, `ended` settles at its last message (rejected when cancelled).
 */
const decodes = new Map<string, { d: PopulationColumnsDecoder; port?: MessagePort; ended?: Promise<void>; cancel?: () => void }>();

function dropDecode(key: string): void {
  const entry = decodes.get(key);
  decodes.delete(key);
  entry?.port?.close();
  entry?.cancel?.();
}
/** Populations built here and kept for evaluation, by the main thread's key (owner and dataset). */
const populations = new Map<string, Population>();
const evaluators = new LRUCache<string, Evaluator>({ max: 32 });
const usccIndex = new Map<string, Map<string, number>>();

function population(key: string): Population {
  const pop = populations.get(key);
  if (!pop) throw new OpError(`population ${key} is not loaded in the worker`, 'no-population');
  return pop;
}

/** Trigger-based supervision and early-warning counts of an evaluation (issue 13 findings 5 and 6): counts only, no per-enterprise list. */
function signalCounts(ev: Evaluator, pop: Population, result: EvaluationResult) {
  const triggers = supervisionTriggers(ev, pop, result)?.departments ?? null;
  const w = earlyWarnings(ev, pop, result);
  const warnings = w ? { enterprises: w.enterprises, rules: w.rules, departments: w.departments } : null;
  return { triggers, warnings };
}

/** The evaluator of a version set, compiled once while kept. */
function evaluatorOf(setKey: string, documents: PolicyDocument[]): Evaluator {
  let ev = evaluators.get(setKey);
  if (!ev) {
    const r = compile({ documents });
    if (!r.success) throw new OpError(`the set does not compile: ${r.issues.map((i) => i.message).join('; ')}`, 'compile');
    ev = r.evaluator;
    evaluators.set(setKey, ev);
  }
  return ev;
}

const ops: Record<string, (payload: never, ctx: OpContext) => unknown> = {
  ping: () => 'pong',
  ...runCompareOps,
  'pop.begin'(p: { key: string; expected: number }) {
    builds.set(p.key, new PopulationBuilder(p.expected + 1));
    return null;
  },
  'pop.add'(p: { key: string; payloads: string[] }) {
    const b = builds.get(p.key);
    if (!b) throw new OpError(`no population build ${p.key}`, 'no-build');
    for (const payload of p.payloads) for (const r of JSON.parse(payload) as EnterpriseRecord[]) b.add(r);
    return null;
  },
  /**
   * Finishes a build; with `parts` (builds of the records that follow, finished in the other
   * worker), the population of this build's records then theirs, as one pass would have built it.
   */
  'pop.finish'(p: { key: string; keep: boolean; parts?: PackedPopulation[] }) {
    const b = builds.get(p.key);
    if (!b) throw new OpError(`no population build ${p.key}`, 'no-build');
    builds.delete(p.key);
    const own = b.finish();
    const whole = p.parts && p.parts.length > 0 ? mergePopulations([own, ...p.parts.map(unpackPopulationNow)]) : own;
    const { population: kept, packed } = sharePopulation(whole);
    if (p.keep) {
      populations.set(p.key, kept);
      usccIndex.delete(p.key);
    }
    return packed;
  },
  /**
   * A population from its stored column bytes (`dataset_columns`), decoded as they are read
   * (population.ts): `pop.columns.begin`, then each piece (`pop.columns.piece`, copied into its columns
   * at once, in shared memory), then `pop.columns.end` checks the whole and gives the population, kept
   * under `key` when `keep`, posted like `pop.finish` (`pop.cancel` drops a decode). Unusable bytes
   * (truncated, corrupted) fail with code `columns` (the main thread then reads the JSON chunks).
   */
  'pop.columns.begin'(p: { key: string; port?: MessagePort }) {
    dropDecode(p.key);
    // long string columns (USCC, names, record ids) split at their first use, here and on the main thread
    const d = new PopulationColumnsDecoder({ alloc: (n) => new SharedArrayBuffer(n), lazyStringsOver: LAZY_STRINGS_OVER });
    const entry: NonNullable<ReturnType<typeof decodes.get>> = { d };
    const port = p.port;
    if (port) {
      // the pieces straight from the jobs worker (`columns.read` with a port), then its end
      entry.port = port;
      entry.ended = new Promise<void>((resolve, reject) => {
        entry.cancel = () => reject(new OpError(`column decode ${p.key} cancelled`, 'no-build'));
        port.on('message', (m: { piece?: Uint8Array; end?: true }) => {
          if (m.piece) {
            d.push(m.piece);
            // copied into the columns: its memory handed back to the reader for a next part (already mapped)
            const buffer = m.piece.buffer as ArrayBuffer;
            port.postMessage({ free: buffer }, [buffer]);
          } else if (m.end) {
            port.close();
            resolve();
          }
        });
      });
      entry.ended.catch(() => undefined); // awaited by pop.columns.end, if it comes
    }
    decodes.set(p.key, entry);
    return null;
  },
  'pop.columns.piece'(p: { key: string; piece: Uint8Array }) {
    const entry = decodes.get(p.key);
    if (!entry) throw new OpError(`no column decode ${p.key}`, 'no-build');
    entry.d.push(p.piece);
    return null;
  },
  'pop.columns.end'(p: { key: string; keep: boolean }) {
    const entry = decodes.get(p.key);
    if (!entry) throw new OpError(`no column decode ${p.key}`, 'no-build');
    const finish = () => {
      if (decodes.get(p.key) !== entry) throw new OpError(`column decode ${p.key} cancelled`, 'no-build');
      decodes.delete(p.key);
      let pop: Population;
      try {
        pop = entry.d.finish();
      } catch (e) {
        if (e instanceof PopulationColumnsError) throw new OpError(e.message, 'columns');
        throw e;
      }
      const packed = shareColumnsPopulation(pop);
      if (p.keep) {
        populations.set(p.key, pop);
        usccIndex.delete(p.key);
      }
      return packed;
    };
    // pieces sent through the port may still be on their way (another channel than this call's)
    return entry.ended ? entry.ended.then(finish) : finish();
  },
  /**
   * The stored column pieces of a dataset version read here, on a connection of this thread (SQLite:
   * read-only; PostgreSQL: a binary COPY, in parts of {@link COLUMN_PART_BYTES} as they arrive), each
   * moved, not copied, as soon as it is read: through `port` straight to the evaluation worker's
   * decode (`pop.columns.begin` with the other end; an `end` message after the last), which hands
   * each part's buffer back once copied, for a next part (fresh memory costs ≈ 70–90 ms of CPU per
   * 138 MB here in page faults; reused, ≈ 13 ms) — or else as an event. The bytes read, or null when
   * they are not all there.
   */
  'columns.read'(p: { source: ColumnsSource; datasetId: number; version: number; port?: MessagePort; partBytes?: number }, ctx: OpContext) {
    const port = p.port;
    const free: ArrayBuffer[] = [];
    port?.on('message', (m: { free?: ArrayBuffer }) => void (m.free && free.push(m.free)));
    const alloc = (size: number): Uint8Array => {
      const i = free.findIndex((b) => b.byteLength === size);
      return i >= 0 ? new Uint8Array(free.splice(i, 1)[0]!) : Buffer.allocUnsafeSlow(size);
    };
    const hand = (piece: Uint8Array) => {
      const own = ownArrayBuffer(piece);
      if (port) port.postMessage({ piece: new Uint8Array(own) }, [own]);
      else ctx.emit({ piece: new Uint8Array(own) }, [own]);
    };
    const ended = (bytes: number | null) => {
      port?.postMessage({ end: true });
      return bytes;
    };
    const failed = (e: unknown): never => {
      port?.close();
      throw e;
    };
    try {
      const read = readColumnPiecesAt(p.source, p.datasetId, p.version, hand, { partBytes: p.partBytes ?? COLUMN_PART_BYTES, alloc });
      return read instanceof Promise ? read.then(ended, failed) : ended(read);
    } catch (e) {
      return failed(e);
    }
  },
  /** The column bytes of a kept population (to be stored), sent as one event and moved, not copied. */
  'pop.encode'(p: { key: string }, ctx: OpContext) {
    const bytes = encodePopulationColumns(population(p.key));
    const length = bytes.byteLength;
    ctx.emit({ bytes }, [bytes.buffer as ArrayBuffer]);
    return length;
  },
  'pop.cancel'(p: { key: string }) {
    builds.delete(p.key);
    dropDecode(p.key);
    return null;
  },
  /** Forgets kept populations whose key starts with `prefix`. */
  'pop.drop'(p: { prefix: string }) {
    for (const k of [...populations.keys()]) {
      if (k.startsWith(p.prefix)) {
        populations.delete(k);
        usccIndex.delete(k);
      }
    }
    return null;
  },
  /**
   * A population the evaluation worker decoded, kept here too (the same shared columns, nothing
   * copied; long strings left as bytes) so that this thread can compute the models' scores of its
   * first evaluation meanwhile (`model.scores`).
   */
  'pop.adopt'(p: { key: string; packed: PackedPopulation }) {
    populations.set(p.key, unpackPopulationNow(p.packed));
    return null;
  },
  /** Compiles a version set (kept for the evaluations that follow; refused quietly here when it does not compile). */
  compile(p: { setKey: string; documents: PolicyDocument[] }) {
    evaluatorOf(p.setKey, p.documents);
    return null;
  },
  /**
   * The first part of `evaluate`: tells (an event) which models' scores are not cached — the main
   * thread has them computed by the other worker meanwhile — then grades the gradings not cached.
   */
  'evaluate.prepare'(p: { key: string; setKey: string; documents: PolicyDocument[]; at: string }, ctx: OpContext) {
    const pop = population(p.key);
    const ev = evaluatorOf(p.setKey, p.documents);
    const missing = missingModelScores(ev, pop, p.at);
    // one flag per missing model, taken by whichever worker scores it (Atomics: never both)
    const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, missing.length)));
    ctx.emit({ missing, claims });
    prepareGradings(ev, pop, p.at);
    // the models the other worker has not taken yet, scored here, from the last (the other takes from the first)
    for (let k = missing.length - 1; k >= 0; k--) {
      if (Atomics.compareExchange(claims, k, 0, 1) === 0) seedModelScores(ev, pop, p.at, computeModelScores(ev, pop, p.at, [missing[k]!]));
    }
    return null;
  },
  /**
   * The scores of the industry models of a set that `evaluate.prepare` said were missing in the other
   * worker, those not taken there meanwhile (`claims`), from the first.
   */
  'model.scores'(p: { key: string; setKey: string; documents: PolicyDocument[]; at: string; ids: string[]; claims: Int32Array }) {
    const ev = evaluatorOf(p.setKey, p.documents);
    const pop = population(p.key);
    const out: Record<string, ModelScores> = {};
    p.ids.forEach((id, k) => {
      if (Atomics.compareExchange(p.claims, k, 0, 1) === 0) Object.assign(out, computeModelScores(ev, pop, p.at, [id]));
    });
    return out;
  },
  /**
   * A set evaluated over a kept population, with its aggregate, triggers and early warnings. With
   * `signalsApart`, the result is sent first (an event) and the triggers and early warnings are left
   * to `evaluate.signals` — in the other worker, at the same time as the aggregate here.
   */
  evaluate(p: { key: string; setKey: string; documents: PolicyDocument[]; at: string; modelScores?: Record<string, ModelScores> | null; signalsApart?: boolean }, ctx: OpContext) {
    const pop = population(p.key);
    const ev = evaluatorOf(p.setKey, p.documents);
    if (p.modelScores) seedModelScores(ev, pop, p.at, p.modelScores);
    const started = performance.now();
    // functions cannot cross threads: the main thread rebuilds toJSON and isOutside (services.ts)
    const { toJSON: _toJSON, isOutside: _isOutside, ...result } = ev.evaluate(pop, p.at);
    if (p.signalsApart) ctx.emit({ result });
    const full = { ...result, toJSON: _toJSON, isOutside: _isOutside };
    const agg = aggregate(full, pop);
    const signals = p.signalsApart ? null : signalCounts(ev, pop, full);
    return { result, aggregate: agg, ...signals, signalsApart: p.signalsApart === true, evaluateMs: performance.now() - started };
  },
  /** Grades the comparison leaves of a set's triggers and early warnings ahead of `evaluate.signals` (they do not depend on the result). */
  'signals.prepare'(p: { key: string; setKey: string; documents: PolicyDocument[]; at: string }) {
    prepareSignalLeaves(evaluatorOf(p.setKey, p.documents), population(p.key), p.at);
    return null;
  },
  /** The triggers and early warnings of an evaluation's result (`evaluate` with `signalsApart`). */
  'evaluate.signals'(p: { key: string; setKey: string; documents: PolicyDocument[]; result: Omit<EvaluationResult, 'toJSON' | 'isOutside'> }) {
    const ev = evaluatorOf(p.setKey, p.documents);
    // what they read of the result is data (domains, departments, the outside rows), not its functions
    return signalCounts(ev, population(p.key), p.result as EvaluationResult);
  },
  /**
   * An official run (router/runs.ts): evaluates the kept population (of a jurisdiction) and sends its
   * stored chunks as events — their payloads as UTF-8 bytes, moved rather than copied — at most
   * {@link RUN_AHEAD} ahead of the main thread's acks (it stores one while the next are encoded);
   * returns the counts, the aggregates and where the time went.
   */
  async 'run.evaluate'(p: { key: string; documents: PolicyDocument[]; at: string; jurisdiction: string | null; hashInputs?: RunInputs }, ctx: OpContext) {
    const t0 = performance.now();
    const all = population(p.key);
    const r = compile({ documents: p.documents });
    if (!r.success) throw new OpError(`the set does not compile: ${r.issues.map((i) => i.message).join('; ')}`, 'compile');
    const rows = runRows(all, p.jurisdiction);
    const pop = rows ? slicePopulation(all, rows) : all;
    const result = r.evaluator.evaluate(pop, p.at);
    const t1 = performance.now();
    let unacked = 0;
    let waiting: Promise<void> = Promise.resolve();
    let encodeMs = 0;
    let waitMs = 0;
    let hashMs = 0;
    const hasher = p.hashInputs ? new RunHasher(p.hashInputs) : null;
    const chunks = runChunkBytes(result, rows);
    for (;;) {
      const e0 = performance.now();
      const next = chunks.next();
      encodeMs += performance.now() - e0;
      if (next.done) break;
      if (unacked >= RUN_AHEAD) {
        const w0 = performance.now();
        await waiting;
        waitMs += performance.now() - w0;
      }
      unacked++;
      waiting = waiting.then(() => ctx.ack()).then(() => void unacked--);
      const bytes = next.value.bytes;
      if (hasher) {
        const h0 = performance.now();
        hasher.update(bytes);
        hashMs += performance.now() - h0;
      }
      ctx.emit(next.value, [bytes.buffer as ArrayBuffer]);
    }
    // the aggregates while the main thread stores the last chunks
    const t2 = performance.now();
    // early warnings (issue 13 finding 5): their counts kept with the run's aggregates when the set has rules
    const w = earlyWarnings(r.evaluator, pop, result);
    const aggregates = w
      ? { ...(runAggregates(result, pop) as object), earlyWarnings: { enterprises: w.enterprises, rules: w.rules, departments: w.departments } }
      : runAggregates(result, pop);
    // the early warnings and triggers of each enterprise (issue 13), stored apart from the result lines
    const signals = runSignals(r.evaluator, pop, result, rows);
    const aggregateMs = performance.now() - t2;
    const w0 = performance.now();
    await waiting;
    waitMs += performance.now() - w0;
    const timings = { evaluateMs: t1 - t0, encodeMs, hashMs, waitMs, aggregateMs };
    return { dataset: all.n, evaluated: result.n, outside: result.outside.length, aggregates, signals, timings, runHash: hasher?.digest() };
  },
  indexOf(p: { key: string; uscc: string }) {
    let index = usccIndex.get(p.key);
    if (!index) {
      const pop = population(p.key);
      index = new Map();
      for (let i = 0; i < pop.n; i++) if (!index.has(pop.uscc[i]!)) index.set(pop.uscc[i]!, i);
      usccIndex.set(p.key, index);
    }
    return index.get(p.uscc) ?? -1;
  },
  /** A sample: the same chunk picks as the main thread's (replayed from the seed), then the shuffle. */
  sample(p: { all: DatasetChunk[]; want: number; seed: string | number; payloads: string[]; everything: boolean }) {
    const pool: EnterpriseRecord[] = [];
    for (const payload of p.payloads) for (const r of JSON.parse(payload) as EnterpriseRecord[]) pool.push(r);
    if (p.everything) return pool;
    const rng = createRng(p.seed);
    pickChunks(p.all, p.want, CHUNK_ROWS, rng);
    return drawFromPool(pool, p.want, rng);
  },
  /**
   * Reads and checks an import (or generates a dataset first): sends each batch of rows as an event
   * and waits for the main thread to have written the one before (at most two in flight), then (with
   * `columns`) the population column bytes of the records, moved, and returns the summary.
   */
  async import(
    p: {
      format: ImportFormat;
      input?: ArrayBuffer;
      fileName?: string;
      extraFiles?: { records?: ArrayBuffer; lists?: ArrayBuffer };
      generate?: { count: number; seed: string | number };
      /** Also build the dataset's population columns as the rows are read (sent as a `columns` event before the summary). */
      columns?: boolean;
    },
    ctx: OpContext,
  ) {
    const input = p.generate ? generatedJsonl(p.generate.count, p.generate.seed) : Buffer.from(p.input!);
    if (p.generate) ctx.emit({ type: 'generated', bytes: input.length });
    const extra = p.extraFiles && {
      records: p.extraFiles.records && Buffer.from(p.extraFiles.records),
      lists: p.extraFiles.lists && Buffer.from(p.extraFiles.lists),
    };
    const collector = p.columns ? populationColumnsCollector() : null;
    const it = prepareImport({ format: p.format, input, fileName: p.fileName, extraFiles: extra, onRecord: collector ? (r) => collector.add(r) : undefined });
    let unacked = 0;
    let waiting: Promise<void> = Promise.resolve();
    for (;;) {
      const next = await it.next();
      if (next.done) {
        await waiting;
        if (!collector || next.value.errorCount > 0) return next.value;
        try {
          const bytes = collector.finish();
          ctx.emit({ type: 'columns', bytes }, [bytes.buffer as ArrayBuffer]);
          return next.value;
        } catch (e) {
          // stored without them (the first load builds them from the JSON chunks)
          return { ...next.value, columnsError: e instanceof Error ? e.message : String(e) };
        }
      }
      const batch: PreparedBatch = next.value;
      if (unacked >= 2) await waiting;
      unacked++;
      waiting = waiting.then(() => ctx.ack()).then(() => void unacked--);
      ctx.emit({ type: 'batch', batch });
    }
  },
};

/** Acks of the main thread not yet awaited, and the waiters, per call. */
const acks = new Map<number, { count: number; waiters: (() => void)[] }>();

port.on('message', (m: ToWorker) => {
  if (m.kind === 'ack') {
    const a = acks.get(m.id);
    if (!a) return;
    const w = a.waiters.shift();
    if (w) w();
    else a.count++;
    return;
  }
  const { id, op, payload } = m;
  const a = { count: 0, waiters: [] as (() => void)[] };
  acks.set(id, a);
  const ctx: OpContext = {
    emit: (event, transfer) => port.postMessage({ kind: 'event', id, event } satisfies FromWorker, transfer),
    ack: () =>
      new Promise<void>((resolve) => {
        if (a.count > 0) {
          a.count--;
          resolve();
        } else a.waiters.push(resolve);
      }),
  };
  const done = (value: unknown) => {
    acks.delete(id);
    port.postMessage({ kind: 'result', id, value } satisfies FromWorker);
  };
  const failed = (e: unknown) => {
    acks.delete(id);
    port.postMessage({ kind: 'error', id, message: e instanceof Error ? e.message : String(e), code: e instanceof OpError ? e.code : undefined } satisfies FromWorker);
  };
  let value: unknown;
  try {
    const fn = ops[op];
    if (!fn) throw new OpError(`unknown operation ${op}`, 'unknown-op');
    value = fn(payload as never, ctx);
  } catch (e) {
    failed(e);
    return;
  }
  // a synchronous operation's result is posted at once: this thread runs the messages already queued
  // for it before its pending promise callbacks, so a result sent from one would wait for all of them
  // (e.g. the models' scores the main thread waits for, behind the signal leaves asked next)
  if (value instanceof Promise) value.then(done, failed);
  else done(value);
});
