/**
 * Where storage meets evaluation: a dataset of `@policy/db` read into the evaluator's columnar
 * `Population`, and reproducible samples of a dataset's records. The main thread only reads the
 * chunks' JSON text (a page at a time); decoding and building run in the worker threads
 * (worker-pool.ts), the evaluation worker keeping the population for evaluating over it. Nothing here caches (see
 * population-cache.ts).
 */
import { randomUUID } from 'node:crypto';
import { CHUNK_ROWS, getDataset, listDatasetChunks } from '@policy/db';
import type { Database, DatasetChunk } from '@policy/db';
import { createRng } from '@policy/evaluation';
import type { Population } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import type { Kysely } from 'kysely';
import { DbError } from '@policy/db';
import { pickChunks, unpackPopulation } from './population-pack.ts';
import type { PackedPopulation } from './population-pack.ts';
import { lanes } from './worker-pool.ts';
import type { WorkerLane } from './worker-pool.ts';

/** Chunks per database round trip (about 8 MB of JSON). */
const CHUNKS_PER_PAGE = 16;

const incomplete = (datasetId: number, detail = '') =>
  new DbError('NOT_FOUND', `数据集在读取时已被删除或不完整 / dataset ${datasetId} was deleted or is incomplete${detail}`, { reason: 'not-found' });

/** The JSON text of some chunks of a dataset, in the order asked; NOT_FOUND when one is missing. */
async function chunkPayloads(db: Kysely<Database>, datasetId: number, chunkNos: readonly number[]): Promise<string[]> {
  const byNo = new Map<number, string>();
  const wanted = [...new Set(chunkNos)];
  for (let i = 0; i < wanted.length; i += CHUNKS_PER_PAGE) {
    const nos = wanted.slice(i, i + CHUNKS_PER_PAGE);
    const rows = await db.selectFrom('dataset_chunks').select(['chunk_no', 'payload']).where('dataset_id', '=', datasetId).where('chunk_no', 'in', nos).execute();
    for (const r of rows) byNo.set(Number(r.chunk_no), r.payload);
  }
  return chunkNos.map((no) => {
    const p = byNo.get(no);
    if (p === undefined) throw incomplete(datasetId);
    return p;
  });
}

export interface LoadOptions {
  /** Keep the population in the evaluation worker under this key (to evaluate there); default: not kept. */
  keepAs?: string;
}

/**
 * Below `splitMinChunks` chunks a dataset is built in the evaluation worker alone (splitting would
 * not pay). Changed only by benches and tests (to compare both ways).
 */
export const loadSettings = { splitMinChunks: 4 };

/**
 * Reads `chunks` a page at a time and hands their text to `lane`'s build `key` (the next page is read
 * while the worker decodes this one).
 */
async function feed(db: Kysely<Database>, datasetId: number, chunks: readonly DatasetChunk[], lane: WorkerLane, key: string): Promise<void> {
  let sent: Promise<unknown> = Promise.resolve();
  try {
    for (let i = 0; i < chunks.length; i += CHUNKS_PER_PAGE) {
      const payloads = await chunkPayloads(
        db,
        datasetId,
        chunks.slice(i, i + CHUNKS_PER_PAGE).map((c) => c.chunkNo),
      );
      await sent;
      sent = lane.call('pop.add', { key, payloads });
      sent.catch(() => undefined); // awaited below; not unhandled meanwhile
    }
  } finally {
    // a page still being decoded is awaited (its rejection reported) before this returns
    await sent;
  }
}

/**
 * A dataset in the evaluation's columnar form. The main thread reads the chunks a page at a time
 * and hands their text to the worker threads, which decode them and build the population: the
 * evaluation worker the first half of the chunks, the jobs worker (when idle) the second half at the
 * same time, which the evaluation worker then joins to its own (`mergePopulations`: the same
 * population as one pass). Its typed arrays come back in shared memory (nothing copied), its long
 * string columns in pieces split between turns of the event loop. NOT_FOUND for a missing or
 * meanwhile deleted dataset.
 *
 * @example
 * const population = await loadPopulation(db, 3);
 * const results = evaluator.evaluate(population, '2026-10-31');
 */
export async function loadPopulation(db: Kysely<Database>, datasetId: number, options: LoadOptions = {}): Promise<Population> {
  const ds = await getDataset(db, datasetId);
  const key = options.keepAs ?? `tmp:${randomUUID()}`;
  const chunks = await listDatasetChunks(db, datasetId);
  if (chunks.reduce((n, c) => n + c.rowCount, 0) !== ds.rowCount) throw incomplete(datasetId, ` (${chunks.length} chunks)`);
  // the second half in the jobs worker, unless it is busy (an import) or the dataset is small
  const split = chunks.length >= loadSettings.splitMinChunks && !lanes.jobs.busy;
  const mid = split ? splitPoint(chunks) : chunks.length;
  const first = chunks.slice(0, mid);
  const second = chunks.slice(mid);
  const partKey = `${key}:part`;
  const rowsOf = (cs: readonly DatasetChunk[]) => cs.reduce((n, c) => n + c.rowCount, 0);
  try {
    await lanes.evaluation.call('pop.begin', { key, expected: rowsOf(first) });
    if (split) await lanes.jobs.call('pop.begin', { key: partKey, expected: rowsOf(second) });
    const fedFirst = feed(db, datasetId, first, lanes.evaluation, key);
    const fedSecond = split
      ? feed(db, datasetId, second, lanes.jobs, partKey).then(() => lanes.jobs.call<PackedPopulation>('pop.finish', { key: partKey, keep: false }))
      : Promise.resolve(null);
    // both settled before going on (a failed half leaves no work running behind the error)
    const [a, b] = await Promise.allSettled([fedFirst, fedSecond]);
    if (a.status === 'rejected') throw a.reason;
    if (b.status === 'rejected') throw b.reason;
    const parts = b.value ? [b.value] : undefined;
    const packed = await lanes.evaluation.call<PackedPopulation>('pop.finish', { key, keep: options.keepAs !== undefined, parts });
    const pop = await unpackPopulation(packed);
    if (pop.n !== ds.rowCount) throw incomplete(datasetId, ` (${pop.n} of ${ds.rowCount} rows)`);
    return pop;
  } catch (e) {
    void lanes.evaluation.call('pop.cancel', { key }).catch(() => undefined);
    if (split) void lanes.jobs.call('pop.cancel', { key: partKey }).catch(() => undefined);
    throw e;
  }
}

/** Where to split the chunks into two runs of about as many rows. */
function splitPoint(chunks: readonly DatasetChunk[]): number {
  const total = chunks.reduce((n, c) => n + c.rowCount, 0);
  let rows = 0;
  for (let k = 0; k < chunks.length; k++) {
    if (rows * 2 >= total) return k;
    rows += chunks[k]!.rowCount;
  }
  return chunks.length;
}

/**
 * `size` records of a dataset (all of them when it has no more), the same for the same seed, in
 * import order — without loading the whole dataset: the records are drawn from
 * `ceil(size / CHUNK_ROWS) × 4` chunks (one chosen at random from each of that many equal stretches
 * of the file, so the sample spans it), then `size` of those by a seeded shuffle. At 1,000,000
 * enterprises a 20,000 sample parses 80,000 records instead of a million. The chunks are decoded
 * and shuffled in the evaluation worker.
 *
 * @example
 * const sample = await sampleDataset(db, 3, 20_000, 'admin-live-preview');
 */
export async function sampleDataset(db: Kysely<Database>, datasetId: number, size: number, seed: string | number): Promise<EnterpriseRecord[]> {
  const ds = await getDataset(db, datasetId);
  const want = Math.max(0, Math.floor(size));
  if (want === 0 && ds.rowCount > 0) return [];
  const all: DatasetChunk[] = await listDatasetChunks(db, datasetId);
  const everything = want >= ds.rowCount;
  const picked = everything ? all : pickChunks(all, want, CHUNK_ROWS, createRng(seed));
  const payloads = await chunkPayloads(db, datasetId, picked.map((c) => c.chunkNo));
  const records = await lanes.evaluation.call<EnterpriseRecord[]>('sample', { all, want, seed, payloads, everything });
  if (everything && records.length !== ds.rowCount) throw incomplete(datasetId);
  return records;
}
