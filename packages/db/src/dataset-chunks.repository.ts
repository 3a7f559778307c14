/**
 * The records of an imported dataset, stored as JSON arrays of `CHUNK_ROWS` records (dataset-prepare.ts)
 * in `dataset_chunks`: all of them in import order, chunk by chunk, some chunks, or one enterprise.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { Dataset } from './dataset.repository.ts';
import { getDataset } from './dataset.repository.ts';
import { DbError } from './errors.ts';
import { sqliteHandle } from './raw.ts';

/** Chunks per PostgreSQL round trip (about 8 MB of JSON). */
const CHUNKS_PER_PAGE = 16;

/**
 * Calls `fn` with the records of each chunk of a dataset (from {@link getDataset}), in import order,
 * and checks that they add up to its row count (a dataset deleted while loading is NOT_FOUND).
 * Streams: one chunk's records at a time on SQLite, a page of {@link CHUNKS_PER_PAGE} on PostgreSQL
 * (the next page is read meanwhile). For callers that build their own form of a dataset, such as
 * the evaluation's columnar population (built in the server).
 *
 * @example
 * const ds = await getDataset(db, 3);
 * await forEachDatasetChunk(db, ds, (records) => { for (const r of records) builder.add(r); });
 */
export async function forEachDatasetChunk(db: Kysely<Database>, ds: Dataset, fn: (records: EnterpriseRecord[]) => void): Promise<void> {
  let n = 0;
  const raw = sqliteHandle(db);
  if (raw) {
    const stmt = raw.prepare('select payload from dataset_chunks where dataset_id = ? order by chunk_no').pluck();
    for (const payload of stmt.iterate(ds.id) as Iterable<string>) {
      const records = JSON.parse(payload) as EnterpriseRecord[];
      n += records.length;
      fn(records);
    }
  } else {
    // Pages of chunks by primary key; the next page is already on its way while this one is parsed.
    const page = (after: number) =>
      db
        .selectFrom('dataset_chunks')
        .select(['chunk_no', 'payload'])
        .where('dataset_id', '=', ds.id)
        .where('chunk_no', '>', after)
        .orderBy('chunk_no')
        .limit(CHUNKS_PER_PAGE)
        .execute();
    let next = page(-1);
    for (;;) {
      const rows = await next;
      const full = rows.length === CHUNKS_PER_PAGE;
      if (full) {
        next = page(Number(rows[rows.length - 1]!.chunk_no));
        next.catch(() => undefined); // awaited on the next turn; do not report it as unhandled meanwhile
      }
      for (const r of rows) {
        const records = JSON.parse(r.payload) as EnterpriseRecord[];
        n += records.length;
        fn(records);
      }
      if (!full) break;
    }
  }
  if (n !== ds.rowCount) {
    throw new DbError('NOT_FOUND', `数据集在读取时已被删除或不完整 / dataset ${ds.id} was deleted or is incomplete (${n} of ${ds.rowCount} rows)`, {
      reason: 'not-found',
    });
  }
}

/**
 * The enterprises of a dataset as records, in import order (about 2 s per million on SQLite and
 * PostgreSQL: records are stored as JSON arrays of `CHUNK_ROWS`).
 *
 * @example
 * const records = await loadDataset(db, 3);
 */
export async function loadDataset(db: Kysely<Database>, datasetId: number): Promise<EnterpriseRecord[]> {
  const ds = await getDataset(db, datasetId);
  const out: EnterpriseRecord[] = new Array(ds.rowCount);
  let i = 0;
  await forEachDatasetChunk(db, ds, (records) => {
    for (const r of records) out[i++] = r;
  });
  return out;
}

/**
 * One enterprise of a dataset by USCC (the first row with it), or `undefined`.
 *
 * @example
 * const e = await getDatasetEnterprise(db, 3, '91350100M000100Y43');
 */
export async function getDatasetEnterprise(db: Kysely<Database>, datasetId: number, uscc: string): Promise<EnterpriseRecord | undefined> {
  const row = await db
    .selectFrom('dataset_enterprises')
    .select('row_number')
    .where('dataset_id', '=', datasetId)
    .where('uscc', '=', uscc)
    .orderBy('row_number')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const rowNumber = Number(row.row_number);
  const chunk = await db
    .selectFrom('dataset_chunks')
    .select(['first_row', 'payload'])
    .where('dataset_id', '=', datasetId)
    .where('first_row', '<=', rowNumber)
    .orderBy('first_row', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!chunk) return undefined;
  return (JSON.parse(chunk.payload) as EnterpriseRecord[])[rowNumber - Number(chunk.first_row)];
}

/** Where one chunk of a dataset's records lies (see `CHUNK_ROWS`). */
export interface DatasetChunk {
  /** 0-based, in import order. */
  chunkNo: number;
  /** Row number of its first record (1-based). */
  firstRow: number;
  rowCount: number;
}

/**
 * The chunks of a dataset in import order, without their records (empty for a missing dataset).
 *
 * @example
 * const chunks = await listDatasetChunks(db, 3); // [{ chunkNo: 0, firstRow: 1, rowCount: 2000 }, …]
 */
export async function listDatasetChunks(db: Kysely<Database>, datasetId: number): Promise<DatasetChunk[]> {
  const rows = await db
    .selectFrom('dataset_chunks')
    .select(['chunk_no', 'first_row', 'row_count'])
    .where('dataset_id', '=', datasetId)
    .orderBy('chunk_no')
    .execute();
  return rows.map((c) => ({ chunkNo: Number(c.chunk_no), firstRow: Number(c.first_row), rowCount: Number(c.row_count) }));
}

/**
 * The records of some chunks of a dataset, one array per chunk number asked for, in the order asked
 * ({@link CHUNKS_PER_PAGE} chunks per round trip). A chunk that is not there (the dataset was deleted
 * meanwhile, or the number is out of range) is NOT_FOUND.
 *
 * @example
 * const [first, last] = await readDatasetChunks(db, 3, [0, 499]);
 */
export async function readDatasetChunks(db: Kysely<Database>, datasetId: number, chunkNos: readonly number[]): Promise<EnterpriseRecord[][]> {
  const payloads = new Map<number, string>();
  const wanted = [...new Set(chunkNos)];
  for (let i = 0; i < wanted.length; i += CHUNKS_PER_PAGE) {
    const nos = wanted.slice(i, i + CHUNKS_PER_PAGE);
    const rows = await db.selectFrom('dataset_chunks').select(['chunk_no', 'payload']).where('dataset_id', '=', datasetId).where('chunk_no', 'in', nos).execute();
    for (const r of rows) payloads.set(Number(r.chunk_no), r.payload);
  }
  return chunkNos.map((no) => {
    const payload = payloads.get(no);
    if (payload === undefined) {
      throw new DbError('NOT_FOUND', `数据集在读取时已被删除或不完整 / dataset ${datasetId} was deleted or is incomplete`, { reason: 'not-found' });
    }
    return JSON.parse(payload) as EnterpriseRecord[];
  });
}
