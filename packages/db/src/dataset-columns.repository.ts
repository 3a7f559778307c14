/**
 * A dataset's population stored as columns (issue 16, faster cold start): the bytes of the
 * evaluation's columnar population of one dataset version, written by the server once it has built
 * the population (at the first load of a version) and read instead of the JSON chunks at the next
 * cold load. Opaque here (this package does not know the evaluation's format; the server encodes,
 * decodes and checks them). Kept in pieces of {@link COLUMN_PIECE_BYTES}; only the latest version's
 * bytes are kept (writing a version drops the others); deleted with the dataset (foreign key, on
 * delete cascade).
 */
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.ts';
import { forEachDatasetChunk } from './dataset-chunks.repository.ts';
import { getDataset } from './dataset.repository.ts';
import { copyColumnPieces } from './dataset-columns-copy.ts';
import { pgPool, sqliteHandle } from './raw.ts';
import type { EnterpriseRecord } from '@policy/schemas';

/**
 * Sees a dataset's records in row order and gives their column bytes at the end
 * (`populationColumnsCollector()` of @policy/evaluation).
 */
export interface ImportColumnsCollector {
  add(record: EnterpriseRecord): void;
  finish(): Uint8Array;
}

/** Bytes per stored piece (PostgreSQL's bytea holds at most 1 GB; pieces stay far below). */
export const COLUMN_PIECE_BYTES = 32 * 1024 * 1024;

interface DatasetColumnsTable {
  dataset_id: number;
  version: number;
  piece_no: number;
  piece_count: number;
  bytes: Uint8Array;
}

/** The schema with `dataset_columns` (kept out of `Database`: only this file reads it). */
type ColumnsDb = Database & { dataset_columns: DatasetColumnsTable };
const withColumns = (db: Kysely<Database> | Transaction<Database>) => db as unknown as Kysely<ColumnsDb>;

/**
 * The stored column bytes of a dataset's `version`, in order, or `null` when there are none or
 * they are incomplete (a piece missing).
 *
 * @example
 * const pieces = await readDatasetColumns(db, 3, 1); // Uint8Array[] | null
 */
export async function readDatasetColumns(db: Kysely<Database>, datasetId: number, version: number): Promise<Uint8Array[] | null> {
  // PostgreSQL: the raw bytes by binary COPY (a bytea column of a query comes as hex text, twice the size)
  const pool = pgPool(db);
  if (pool) {
    const copied = await copyColumnPieces(pool, datasetId, version);
    return completePieces(copied.map((p) => ({ piece_no: p.pieceNo, piece_count: p.pieceCount, bytes: p.bytes })));
  }
  const rows = await withColumns(db)
    .selectFrom('dataset_columns')
    .select(['piece_no', 'piece_count', 'bytes'])
    .where('dataset_id', '=', datasetId)
    .where('version', '=', version)
    .orderBy('piece_no')
    .execute();
  return completePieces(rows);
}

/**
 * The stored column bytes of a dataset's `version` handed to `onPiece` a piece at a time, in order, as
 * they are read — so the caller decodes one while the next is read (PostgreSQL: as the binary `COPY`
 * streams; SQLite: one query per piece, the event loop free between them). The number of bytes read,
 * or `null` when there are none or they are incomplete (a piece missing, or deleted while read — some
 * pieces may have been handed on by then: the caller drops what it got).
 *
 * @example
 * const bytes = await streamDatasetColumns(db, 3, 1, (piece) => decoder.push(piece));
 */
export async function streamDatasetColumns(db: Kysely<Database>, datasetId: number, version: number, onPiece: (piece: Uint8Array) => void): Promise<number | null> {
  const listed = await listedPieces(db, datasetId, version);
  if (listed === null) return null;
  let bytes = 0;
  let next = 0;
  const take = (pieceNo: number, piece: Uint8Array) => {
    if (pieceNo !== next++) throw new Error(`piece ${pieceNo} out of order`);
    bytes += piece.byteLength;
    onPiece(piece);
  };
  const pool = pgPool(db);
  if (pool) {
    await copyColumnPieces(pool, datasetId, version, (p) => take(p.pieceNo, p.bytes));
  } else {
    for (const { piece_no } of listed) {
      const row = await withColumns(db)
        .selectFrom('dataset_columns')
        .select('bytes')
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .where('piece_no', '=', piece_no)
        .executeTakeFirst();
      if (!row) return null;
      take(Number(piece_no), row.bytes);
      // the event loop's turn between pieces (a piece is tens of MB)
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return next === listed.length ? bytes : null;
}

/** Where a dataset version's stored columns can be read on another connection (another thread), and how many pieces they are. */
export type ColumnsSource = { dialect: 'sqlite'; file: string; pieces: number } | { dialect: 'postgres'; url: string; pieces: number };

/** The pieces of a dataset version's stored columns (number and count, in order), or `null` when there are none or they are incomplete. */
async function listedPieces(db: Kysely<Database>, datasetId: number, version: number): Promise<{ piece_no: number; piece_count: number }[] | null> {
  const listed = await withColumns(db)
    .selectFrom('dataset_columns')
    .select(['piece_no', 'piece_count'])
    .where('dataset_id', '=', datasetId)
    .where('version', '=', version)
    .orderBy('piece_no')
    .execute();
  return completePieces(listed.map((r) => ({ ...r, bytes: new Uint8Array(0) }))) === null ? null : listed;
}

/**
 * Where to read a dataset version's stored columns on another connection (a worker thread, see
 * `readColumnPiecesAt`): the SQLite file or the PostgreSQL URL, and the number of pieces. `null` for
 * a SQLite database in memory (no other connection sees it), a pool opened without a URL, and when
 * there are none or they are incomplete.
 *
 * @example
 * const source = await columnsSource(db, 3, 1); // { dialect: 'sqlite', file: '/data/policy.sqlite', pieces: 5 }
 */
export async function columnsSource(db: Kysely<Database>, datasetId: number, version: number): Promise<ColumnsSource | null> {
  const sqlite = sqliteHandle(db);
  const url = (pgPool(db)?.options as { connectionString?: string } | undefined)?.connectionString;
  if (sqlite ? sqlite.memory || sqlite.name === '' : !url) return null;
  const listed = await listedPieces(db, datasetId, version);
  if (listed === null) return null;
  return sqlite ? { dialect: 'sqlite', file: sqlite.name, pieces: listed.length } : { dialect: 'postgres', url: url!, pieces: listed.length };
}

/** The pieces' bytes in order, or `null` when there are none or one is missing. */
function completePieces(rows: { piece_no: number; piece_count: number; bytes: Uint8Array }[]): Uint8Array[] | null {
  if (rows.length === 0) return null;
  const count = Number(rows[0]!.piece_count);
  if (rows.length !== count || rows.some((r, i) => Number(r.piece_no) !== i || Number(r.piece_count) !== count)) return null;
  return rows.map((r) => r.bytes);
}

/**
 * Stores the column bytes of a dataset's `version` (in pieces), replacing those of every other
 * version, in one transaction; `false` (nothing written) when the dataset is gone or no longer at
 * that version, or another writer stored them meanwhile.
 *
 * @example
 * await writeDatasetColumns(db, 3, 1, encodePopulationColumns(population));
 */
export async function writeDatasetColumns(db: Kysely<Database>, datasetId: number, version: number, bytes: Uint8Array): Promise<boolean> {
  try {
    return await db.transaction().execute(async (trx) => {
      const ds = await trx.selectFrom('datasets').select(['version', 'status']).where('id', '=', datasetId).executeTakeFirst();
      if (!ds || Number(ds.version) !== version || ds.status !== 'ready') return false;
      await withColumns(trx).deleteFrom('dataset_columns').where('dataset_id', '=', datasetId).execute();
      await insertPieces(trx, datasetId, version, bytes);
      return true;
    });
  } catch (e) {
    // a concurrent writer of the same version won the primary key: theirs are the same bytes
    if (String((e as { message?: unknown }).message ?? e).match(/unique|duplicate|dataset_columns_pk/i)) return false;
    throw e;
  }
}

/** Inserts `bytes` as the pieces of a dataset's `version` (none stored before). */
async function insertPieces(trx: Transaction<Database>, datasetId: number, version: number, bytes: Uint8Array): Promise<void> {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength || pieces.length === 0; at += COLUMN_PIECE_BYTES) pieces.push(bytes.subarray(at, Math.min(bytes.byteLength, at + COLUMN_PIECE_BYTES)));
  const t = withColumns(trx);
  for (let i = 0; i < pieces.length; i++) {
    // Buffers over the same memory: both drivers store a Buffer as BLOB / bytea as is
    const p = pieces[i]!;
    const b = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
    await t.insertInto('dataset_columns').values({ dataset_id: datasetId, version, piece_no: i, piece_count: pieces.length, bytes: b }).execute();
  }
}

/**
 * Inside the transaction that makes an imported dataset visible: stores its column bytes as those of
 * `version`, so that it is never visible without them. A failure to store them is undone alone (a
 * savepoint) and returned as its message — the import stands on its JSON chunks, the source of truth,
 * and the first load writes the columns instead; `null` when stored.
 *
 * @example
 * const failed = await storeImportColumns(trx, id, 1, summary.columns);
 */
export async function storeImportColumns(trx: Transaction<Database>, datasetId: number, version: number, bytes: Uint8Array): Promise<string | null> {
  await sql`savepoint import_columns`.execute(trx);
  try {
    await insertPieces(trx, datasetId, version, bytes);
    await sql`release savepoint import_columns`.execute(trx);
    return null;
  } catch (e) {
    await sql`rollback to savepoint import_columns`.execute(trx);
    await sql`release savepoint import_columns`.execute(trx);
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Drops the stored columns of a dataset (all versions), e.g. when they were found unusable.
 *
 * @example
 * await deleteDatasetColumns(db, 3);
 */
export async function deleteDatasetColumns(db: Kysely<Database>, datasetId: number): Promise<void> {
  await withColumns(db).deleteFrom('dataset_columns').where('dataset_id', '=', datasetId).execute();
}

/**
 * Builds the column bytes of a dataset's current version from its JSON chunks (`collector` from
 * `populationColumnsCollector()` of @policy/evaluation) and stores them: how a version made by a
 * delta outside the server (`policy db update`) gets its columns right after. The bytes built, or
 * `null` when the dataset changed meanwhile (nothing stored: the next load builds them).
 *
 * @example
 * await rebuildDatasetColumns(db, 3, populationColumnsCollector());
 */
export async function rebuildDatasetColumns(db: Kysely<Database>, datasetId: number, collector: ImportColumnsCollector): Promise<number | null> {
  const version = await db.selectFrom('datasets').select('version').where('id', '=', datasetId).executeTakeFirst();
  if (!version) return null;
  const ds = await getDataset(db, datasetId);
  await forEachDatasetChunk(db, ds, (records) => {
    for (const r of records) collector.add(r);
  });
  const bytes = collector.finish();
  return (await writeDatasetColumns(db, datasetId, Number(version.version), bytes)) ? bytes.byteLength : null;
}
