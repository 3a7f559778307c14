/**
 * Where storage meets evaluation: a dataset of `@policy/db` read into the evaluator's columnar
 * `Population` (from its stored column bytes when there are some, else from the JSON chunks), and
 * reproducible samples of a dataset's records. The main thread only reads the stored bytes or the
 * chunks' JSON text (a page at a time); decoding and building run in the worker threads
 * (worker-pool.ts), the evaluation worker keeping the population for evaluating over it. Nothing here caches (see
 * population-cache.ts).
 */
import { randomUUID } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import { CHUNK_ROWS, COLUMN_PART_BYTES, columnsSource, deleteDatasetColumns, getDataset, listDatasetChunks, streamDatasetColumns, writeDatasetColumns } from '@policy/db';
import type { Database, DatasetChunk } from '@policy/db';
import { createRng } from '@policy/evaluation';
import type { Population } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import type { Kysely } from 'kysely';
import { DbError } from '@policy/db';
import { pickChunks, unpackPopulation } from './population-pack.ts';
import type { PackedPopulation } from './population-pack.ts';
import { isLostPopulation, lanes, ownArrayBuffer, WorkerTaskError } from './worker-pool.ts';
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
  /**
   * Read the stored columns (`dataset_columns`) when there are some for the dataset's version, and
   * store them after a load from the JSON chunks (kept populations only); default true.
   */
  columns?: boolean;
  /** Told how the population was loaded, and of stored columns found unusable or not written. */
  onColumns?: (event: ColumnsEvent) => void;
  /** Called once the dataset's bytes are being read (its stored columns, or its JSON chunks). */
  onReading?: () => void;
}

/** How a load went as to the stored columns. */
export type ColumnsEvent =
  /**
   * `ms`: reading the pieces from the database while the worker copies each into its columns (until
   * the last is read; on this thread, until it is copied too), copying what is left, checking and
   * finishing the population in the worker, unpacking the strings on the main thread
   */
  | { kind: 'read'; datasetId: number; version: number; bytes: number; ms: { read: number; decode: number; unpack: number } }
  | { kind: 'unusable'; datasetId: number; version: number; message: string }
  | { kind: 'written'; datasetId: number; version: number; bytes: number }
  | { kind: 'write-failed'; datasetId: number; version: number; message: string };

/**
 * Below `splitMinChunks` chunks a dataset is built in the evaluation worker alone (splitting would
 * not pay); the jobs worker reads stored columns from PostgreSQL in parts of `columnPartBytes`.
 * Changed only by benches and tests (to compare both ways, or to have a small dataset in many parts).
 */
export const loadSettings = { splitMinChunks: 4, columnPartBytes: COLUMN_PART_BYTES };

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
 * A dataset in the evaluation's columnar form. From the stored columns of its current version
 * (`dataset_columns`, issue 16) when there are some: their bytes go to the evaluation worker, which
 * decodes them into shared memory — no JSON parsed; unusable ones (truncated, corrupted) are
 * reported through `onColumns`, dropped, and the chunks read instead. Otherwise (a dataset imported
 * before, or changed by a delta since) from the JSON chunks, and a kept population's columns are
 * then stored in the background for the next cold load. The main thread reads the chunks a page at a time
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
  const useColumns = options.columns !== false;
  const version = useColumns ? await datasetVersion(db, datasetId) : null;
  if (version !== null) {
    const pop = await fromColumns(db, datasetId, version, ds.rowCount, key, options);
    if (pop) return pop;
  }
  const pop = await fromChunks(db, datasetId, ds.rowCount, key, options);
  // the columns of this version stored for the next cold load (in the background: the load is done)
  if (version !== null && options.keepAs !== undefined) void storeColumns(db, datasetId, version, key, options.onColumns);
  return pop;
}

async function datasetVersion(db: Kysely<Database>, datasetId: number): Promise<number | null> {
  const row = await db.selectFrom('datasets').select('version').where('id', '=', datasetId).executeTakeFirst();
  return row ? Number(row.version) : null;
}

/**
 * The population from the stored columns of `version`, or `null` when there are none, or they are
 * unusable (truncated, corrupted, another row count: dropped, reported, and the chunks read instead).
 */
async function fromColumns(db: Kysely<Database>, datasetId: number, version: number, rowCount: number, key: string, options: LoadOptions): Promise<Population | null> {
  const t0 = performance.now();
  const keep = options.keepAs !== undefined;
  const lane = lanes.evaluation;
  let bytes: number | null;
  try {
    bytes = await readColumns(db, datasetId, version, key, options.onReading);
  } catch (e) {
    void lane.call('pop.cancel', { key }).catch(() => undefined);
    throw e;
  }
  if (bytes === null) {
    void lane.call('pop.cancel', { key }).catch(() => undefined);
    return null;
  }
  const t1 = performance.now();
  try {
    const packed = await lane.call<PackedPopulation>('pop.columns.end', { key, keep });
    const t2 = performance.now();
    // USCCs and names split ahead on this thread once both workers are idle (not beside the first evaluation, which uses both)
    const pop = await unpackPopulation(packed, { waitWhile: () => lane.busy || lanes.jobs.busy });
    // read: until the last piece was read (by the jobs worker: sent on; the decode may still be copying it); decode: the rest and the checks
    const ms = { read: Math.round(t1 - t0), decode: Math.round(t2 - t1), unpack: Math.round(performance.now() - t2) };
    if (pop.n !== rowCount) {
      if (keep) void lane.call('pop.drop', { prefix: key }).catch(() => undefined);
      throw new WorkerTaskError(`stored columns hold ${pop.n} enterprises, the dataset ${rowCount}`, 'columns');
    }
    options.onColumns?.({ kind: 'read', datasetId, version, bytes, ms });
    if (keep) shareWithJobs(key, packed);
    return pop;
  } catch (e) {
    if (!(e instanceof WorkerTaskError && e.code === 'columns')) throw e;
    options.onColumns?.({ kind: 'unusable', datasetId, version, message: e.message });
    await deleteDatasetColumns(db, datasetId).catch(() => undefined);
    return null;
  }
}

/**
 * The stored column bytes of a dataset version read into the evaluation worker's decode `key` (begun
 * here): by the jobs worker on a connection of its own (SQLite: read-only; PostgreSQL: a binary
 * COPY), which hands each piece straight to the evaluation worker through a channel of their own —
 * this thread's event loop and its connections stay free meanwhile (a preview reads and compiles its
 * sets beside the load), and no piece waits for a turn of it — unless that worker is busy (an
 * import), the database is a SQLite one in memory, or the worker cannot read them: then here (see
 * `streamDatasetColumns`), into a decode begun afresh, each piece moved to the evaluation worker as
 * soon as it is read. The bytes read, or null when there are none complete (the caller cancels the
 * decode).
 */
async function readColumns(db: Kysely<Database>, datasetId: number, version: number, key: string, onReading: (() => void) | undefined): Promise<number | null> {
  const lane = lanes.evaluation;
  const source = lanes.jobs.busy ? null : await columnsSource(db, datasetId, version);
  onReading?.();
  if (source) {
    const { port1, port2 } = new MessageChannel();
    await lane.call('pop.columns.begin', { key, port: port2 }, { transfer: [port2] });
    try {
      return await lanes.jobs.call<number | null>('columns.read', { source, datasetId, version, port: port1, partBytes: loadSettings.columnPartBytes }, { transfer: [port1] });
    } catch {
      // read here instead (what was sent is dropped with that decode)
    }
  }
  await lane.call('pop.columns.begin', { key });
  // each piece moved to the worker as soon as it is read: the worker copies it into its columns while the next is read
  const sent: Promise<unknown>[] = [];
  let bytes: number | null;
  try {
    bytes = await streamDatasetColumns(db, datasetId, version, (piece) => {
      const buffer = ownArrayBuffer(piece);
      const call = lane.call('pop.columns.piece', { key, piece: new Uint8Array(buffer) }, { transfer: [buffer] });
      call.catch(() => undefined); // awaited below; not unhandled meanwhile
      sent.push(call);
    });
  } catch (e) {
    await Promise.allSettled(sent);
    throw e;
  }
  // every piece in the worker's decode before the caller finishes or cancels it
  await Promise.all(sent);
  return bytes;
}

/** Keys of kept populations the jobs worker holds too (the same shared columns). */
const heldByJobs = new Set<string>();

/**
 * The jobs worker keeps the population too (unless it is busy: an import), so that it can compute
 * the industry models' scores of the first evaluation while the evaluation worker grades.
 */
function shareWithJobs(key: string, packed: PackedPopulation): void {
  if (lanes.jobs.busy) return;
  heldByJobs.add(key);
  // light: the models' scores asked of it next (the first evaluation) are not held back by it
  lanes.jobs.call('pop.adopt', { key, packed }, { light: true }).catch(() => heldByJobs.delete(key));
}

/** Whether the jobs worker holds the kept population `key` (see {@link shareWithJobs}). */
export function jobsHold(key: string): boolean {
  return heldByJobs.has(key);
}

/**
 * A call to the jobs worker about population `key` failed: when it no longer holds it (its thread
 * restarted), it is not asked again. Null: the caller does the work in the evaluation worker instead.
 */
export function jobsFailed(key: string, e: unknown): null {
  if (isLostPopulation(e)) heldByJobs.delete(key);
  return null;
}

/** Drops the kept populations whose key starts with `prefix` from both worker threads. */
export async function dropFromWorkers(prefix: string): Promise<void> {
  const held = [...heldByJobs].filter((k) => k.startsWith(prefix));
  for (const k of held) heldByJobs.delete(k);
  await Promise.all([
    lanes.evaluation.call('pop.drop', { prefix }).catch(() => undefined),
    held.length > 0 ? lanes.jobs.call('pop.drop', { prefix }).catch(() => undefined) : null,
  ]);
}

/** Encodes the kept population `key` in the worker and stores its columns as those of `version`. */
async function storeColumns(db: Kysely<Database>, datasetId: number, version: number, key: string, onColumns?: (event: ColumnsEvent) => void): Promise<void> {
  try {
    let bytes: Uint8Array | undefined;
    await lanes.evaluation.call('pop.encode', { key }, { onEvent: (e) => void (bytes = (e as { bytes: Uint8Array }).bytes) });
    if (!bytes) throw new Error('no bytes from the worker');
    if (await writeDatasetColumns(db, datasetId, version, bytes)) onColumns?.({ kind: 'written', datasetId, version, bytes: bytes.byteLength });
  } catch (e) {
    onColumns?.({ kind: 'write-failed', datasetId, version, message: e instanceof Error ? e.message : String(e) });
  }
}

/** The population from the JSON chunks (see {@link loadPopulation}). */
async function fromChunks(db: Kysely<Database>, datasetId: number, rowCount: number, key: string, options: LoadOptions): Promise<Population> {
  options.onReading?.();
  const ds = { rowCount };
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
