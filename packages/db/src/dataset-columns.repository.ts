/**
 * A dataset's population stored as columns (issue 16, faster cold start): the bytes of the
 * evaluation's columnar population of one dataset version, written by the server once it has built
 * the population (at the first load of a version) and read instead of the JSON chunks at the next
 * cold load. Opaque here (this package does not know the evaluation's format; the server encodes,
 * decodes and checks them). Kept in pieces: of {@link COLUMN_PIECE_BYTES} on SQLite, of
 * {@link PG_COLUMN_PIECE_BYTES} on PostgreSQL (a row per page, read without TOAST; pieces written
 * before, of 32 MB, are read as well — readers take pieces of any size); only the latest version's
 * bytes are kept (writing a version drops the others); deleted with the dataset (foreign key, on
 * delete cascade).
 */
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.ts';
import { forEachDatasetChunk } from './dataset-chunks.repository.ts';
import { getDataset } from './dataset.repository.ts';
import { COLUMN_PART_BYTES, completeCopy, copyColumnParts } from './dataset-columns-copy.ts';
import { dialectOf, pgPool, sqliteHandle } from './raw.ts';
import type { EnterpriseRecord } from '@policy/schemas';

/**
 * Sees a dataset's records in row order and gives their column bytes at the end
 * (`populationColumnsCollector()` of @policy/evaluation).
 */
export interface ImportColumnsCollector {
  add(record: EnterpriseRecord): void;
  finish(): Uint8Array;
}

/** Bytes per stored piece on SQLite (a BLOB read whole, along its overflow pages). */
export const COLUMN_PIECE_BYTES = 32 * 1024 * 1024;

/**
 * Bytes per stored piece on PostgreSQL: a row fits in a page, its bytes kept in the row (plain
 * storage, migration `2026_11_27_20_00_00_dataset_columns_plain`), so a read is a scan of pages — no
 * TOAST table to look each ≈ 2 KB chunk up in and join back into a 32 MB value, which cost the server
 * ≈ 210–240 ms of CPU per 138 MB (now ≈ 120–140 ms).
 */
export const PG_COLUMN_PIECE_BYTES = 8000;

/** Rows per INSERT of PostgreSQL pieces (≈ 0.8 MB). */
const PG_PIECES_PER_INSERT = 100;

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
    const pieces: Uint8Array[] = [];
    const copied = await copyColumnParts(pool, datasetId, version, (piece) => void pieces.push(piece));
    return completeCopy(copied) ? pieces : null;
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
 * The stored column bytes of a dataset's `version` handed to `onPiece` in order as they are read — so
 * the caller decodes some while the next are read (PostgreSQL: as the binary `COPY` streams, in parts
 * of {@link COLUMN_PART_BYTES} whatever the pieces' size; SQLite: a piece per query, the event loop
 * free between them). The number of bytes read, or `null` when there are none or they are incomplete
 * (a piece missing, or deleted while read — some bytes may have been handed on by then: the caller
 * drops what it got).
 *
 * @example
 * const bytes = await streamDatasetColumns(db, 3, 1, (part) => decoder.push(part));
 */
export async function streamDatasetColumns(db: Kysely<Database>, datasetId: number, version: number, onPiece: (piece: Uint8Array) => void): Promise<number | null> {
  const pieces = await pieceCount(db, datasetId, version);
  if (pieces === null) return null;
  const pool = pgPool(db);
  if (pool) {
    const copied = await copyColumnParts(pool, datasetId, version, onPiece, COLUMN_PART_BYTES);
    return completeCopy(copied) && copied.pieceCount === pieces ? copied.bytes : null;
  }
  let bytes = 0;
  for (let pieceNo = 0; pieceNo < pieces; pieceNo++) {
    const row = await withColumns(db)
      .selectFrom('dataset_columns')
      .select('bytes')
      .where('dataset_id', '=', datasetId)
      .where('version', '=', version)
      .where('piece_no', '=', pieceNo)
      .executeTakeFirst();
    if (!row) return null;
    bytes += row.bytes.byteLength;
    onPiece(row.bytes);
    // the event loop's turn between pieces (a piece is tens of MB)
    await new Promise((resolve) => setImmediate(resolve));
  }
  return bytes;
}

/** Where a dataset version's stored columns can be read on another connection (another thread), and how many pieces they are. */
export type ColumnsSource = { dialect: 'sqlite'; file: string; pieces: number } | { dialect: 'postgres'; url: string; pieces: number };

/**
 * How many pieces a dataset version's stored columns are, or `null` when there are none or they are
 * incomplete: every row claims the same count, and as many rows are there, numbered from 0 (the
 * primary key makes the numbers distinct). One row of figures, however many pieces.
 */
async function pieceCount(db: Kysely<Database>, datasetId: number, version: number): Promise<number | null> {
  const r = await withColumns(db)
    .selectFrom('dataset_columns')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('piece_no').as('lo'), eb.fn.max('piece_no').as('hi'), eb.fn.min('piece_count').as('clo'), eb.fn.max('piece_count').as('chi')])
    .where('dataset_id', '=', datasetId)
    .where('version', '=', version)
    .executeTakeFirst();
  const n = Number(r?.n ?? 0);
  if (n === 0 || Number(r!.lo) !== 0 || Number(r!.hi) !== n - 1 || Number(r!.clo) !== n || Number(r!.chi) !== n) return null;
  return n;
}

/** The piece count that piece 0 of a dataset version's stored columns claims, or `null` when there is no piece 0. */
async function firstPieceCount(db: Kysely<Database>, datasetId: number, version: number): Promise<number | null> {
  const r = await withColumns(db)
    .selectFrom('dataset_columns')
    .select('piece_count')
    .where('dataset_id', '=', datasetId)
    .where('version', '=', version)
    .where('piece_no', '=', 0)
    .executeTakeFirst();
  return r && Number(r.piece_count) > 0 ? Number(r.piece_count) : null;
}

/**
 * Where to read a dataset version's stored columns on another connection (a worker thread, see
 * `readColumnPiecesAt`): the SQLite file or the PostgreSQL URL, and the number of pieces. `null` for
 * a SQLite database in memory (no other connection sees it), a pool opened without a URL, and when
 * there are none or (SQLite) they are incomplete — on PostgreSQL the number is the one piece 0 claims,
 * and the read itself finds them incomplete (`readColumnPiecesAt` gives `null`).
 *
 * @example
 * const source = await columnsSource(db, 3, 1); // { dialect: 'sqlite', file: '/data/policy.sqlite', pieces: 5 }
 */
export async function columnsSource(db: Kysely<Database>, datasetId: number, version: number): Promise<ColumnsSource | null> {
  const sqlite = sqliteHandle(db);
  const url = (pgPool(db)?.options as { connectionString?: string } | undefined)?.connectionString;
  if (sqlite ? sqlite.memory || sqlite.name === '' : !url) return null;
  // PostgreSQL: the count piece 0 claims (one lookup by the primary key); the COPY that reads them checks
  // that they are all there, in order, each claiming that count (dataset-columns-read.ts). Counting them
  // first read every row of a page each (plain storage): 120 ms of a million enterprises' cold load
  const pieces = sqlite ? await pieceCount(db, datasetId, version) : await firstPieceCount(db, datasetId, version);
  if (pieces === null) return null;
  return sqlite ? { dialect: 'sqlite', file: sqlite.name, pieces } : { dialect: 'postgres', url: url!, pieces };
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

/** Inserts `bytes` as the pieces of a dataset's `version` (none stored before), of the dialect's size. */
async function insertPieces(trx: Transaction<Database>, datasetId: number, version: number, bytes: Uint8Array): Promise<void> {
  const pg = dialectOf(trx) === 'postgres';
  const size = pg ? PG_COLUMN_PIECE_BYTES : COLUMN_PIECE_BYTES;
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength || pieces.length === 0; at += size) pieces.push(bytes.subarray(at, Math.min(bytes.byteLength, at + size)));
  const t = withColumns(trx);
  const perInsert = pg ? PG_PIECES_PER_INSERT : 1;
  for (let i = 0; i < pieces.length; i += perInsert) {
    // Buffers over the same memory: both drivers store a Buffer as BLOB / bytea as is
    const rows = pieces.slice(i, i + perInsert).map((p, k) => ({ dataset_id: datasetId, version, piece_no: i + k, piece_count: pieces.length, bytes: Buffer.from(p.buffer, p.byteOffset, p.byteLength) }));
    await t.insertInto('dataset_columns').values(rows).execute();
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
