/**
 * Stored population columns (dataset-columns.repository.ts) on both dialects: bytes come back
 * exactly, in pieces of COLUMN_PIECE_BYTES, only for the version written; a missing piece reads as
 * none; another version replaces them; a stale version is not written; gone with the dataset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, SQLITE_PAGE_SIZE } from './client.ts';
import { pgPool, sqliteHandle } from './raw.ts';
import type { Actor } from './actor.ts';
import { COLUMN_PIECE_BYTES, columnsSource, PG_COLUMN_PIECE_BYTES, readDatasetColumns, streamDatasetColumns, writeDatasetColumns } from './dataset-columns.repository.ts';
import { COLUMN_PART_BYTES, completeCopy, copyColumnPartsSplit, SPLIT_MIN_PIECES } from './dataset-columns-copy.ts';
import { readColumnPiecesAt } from './dataset-columns-read.ts';
import * as plainPieces from './migrations/2026_11_27_20_00_00_dataset_columns_plain.ts';
import { importDataset } from './dataset-import.repository.ts';
import { deleteDataset } from './dataset.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

/** The sizes of `total` bytes cut into pieces of `size` (the last shorter). */
const cut = (total: number, size: number) => Array.from({ length: Math.ceil(total / size) }, (_, i) => Math.min(size, total - i * size));

const jsonl = '{"uscc":"91350100M000100Y43","name":"甲","industryCode":"C1391","regionCode":"350102","status":"active"}\n';

describe.each(DIALECTS)('dataset columns (%s)', (dialect) => {
  /** Stored pieces: 32 MB on SQLite, a page's worth on PostgreSQL. */
  const pieceBytes = dialect === 'sqlite' ? COLUMN_PIECE_BYTES : PG_COLUMN_PIECE_BYTES;
  let t: TestDb;
  let actor: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    actor = await makeActor(t.db, 'credit-office');
  });
  afterAll(() => t?.destroy());

  async function dataset(name: string): Promise<number> {
    const r = await importDataset(t.db, actor, { name, format: 'jsonl', input: Buffer.from(jsonl) });
    if (!r.success) throw new Error('import failed');
    return r.dataset.id;
  }

  it("stores bytes in pieces of the dialect's size and reads them back exactly, for that version only", async () => {
    const id = await dataset('columns-a');
    expect(await readDatasetColumns(t.db, id, 1)).toBeNull();
    const bytes = new Uint8Array(COLUMN_PIECE_BYTES + 1000);
    for (let i = 0; i < bytes.length; i += 997) bytes[i] = (i * 31) & 0xff;
    bytes[bytes.length - 1] = 7;
    expect(await writeDatasetColumns(t.db, id, 1, bytes)).toBe(true);
    const pieces = (await readDatasetColumns(t.db, id, 1))!;
    expect(pieces.map((p) => p.byteLength)).toEqual(cut(COLUMN_PIECE_BYTES + 1000, pieceBytes));
    const joined = Buffer.concat(pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
    expect(joined.equals(Buffer.from(bytes))).toBe(true);
    expect(await readDatasetColumns(t.db, id, 2)).toBeNull();
    // a version the dataset is not at is not written
    expect(await writeDatasetColumns(t.db, id, 2, new Uint8Array([1, 2, 3]))).toBe(false);
    expect(await readDatasetColumns(t.db, id, 2)).toBeNull();
  });

  it('reads a dataset with a missing piece as having none, and deletes them with the dataset', async () => {
    const id = await dataset('columns-b');
    expect(await writeDatasetColumns(t.db, id, 1, new Uint8Array(COLUMN_PIECE_BYTES + 8))).toBe(true);
    await t.rawExec(`delete from dataset_columns where dataset_id = ${id} and piece_no = 1`);
    expect(await readDatasetColumns(t.db, id, 1)).toBeNull();
    expect(await writeDatasetColumns(t.db, id, 1, new Uint8Array([9]))).toBe(true);
    expect((await readDatasetColumns(t.db, id, 1))!.map((p) => [...p])).toEqual([[9]]);
    await deleteDataset(t.db, actor, id);
    await t.rawExec(`select 1`);
    const left = await t.db.selectFrom('datasets').select('id').where('id', '=', id).execute();
    expect(left).toEqual([]);
    expect(await readDatasetColumns(t.db, id, 1)).toBeNull();
  });

  it('hands the bytes on in order as they are read (SQLite a piece at a time, PostgreSQL in parts), the same bytes; none for a missing piece', async () => {
    const id = await dataset('columns-d');
    const bytes = new Uint8Array(2 * COLUMN_PIECE_BYTES + 77);
    for (let i = 0; i < bytes.length; i += 1009) bytes[i] = (i * 17) & 0xff;
    expect(await writeDatasetColumns(t.db, id, 1, bytes)).toBe(true);
    const got: Uint8Array[] = [];
    // each piece is copied out as it comes (the reader may hand over its own buffer)
    expect(await streamDatasetColumns(t.db, id, 1, (p) => void got.push(p.slice()))).toBe(bytes.byteLength);
    expect(got.map((p) => p.byteLength)).toEqual(cut(bytes.byteLength, dialect === 'sqlite' ? COLUMN_PIECE_BYTES : COLUMN_PART_BYTES));
    expect(Buffer.concat(got).equals(Buffer.from(bytes))).toBe(true);
    expect(await streamDatasetColumns(t.db, id, 2, () => undefined)).toBeNull();
    await t.rawExec(`delete from dataset_columns where dataset_id = ${id} and piece_no = 2`);
    let handed = 0;
    expect(await streamDatasetColumns(t.db, id, 1, () => void handed++)).toBeNull();
    expect(handed).toBe(0);
  });

  it('another connection (a worker thread) reads the same pieces in order from the source given; none for a missing piece', async () => {
    const id = await dataset('columns-e');
    const bytes = new Uint8Array(COLUMN_PIECE_BYTES + 501);
    for (let i = 0; i < bytes.length; i += 1013) bytes[i] = (i * 13) & 0xff;
    expect(await writeDatasetColumns(t.db, id, 1, bytes)).toBe(true);
    const source = (await columnsSource(t.db, id, 1))!;
    const pieces = cut(bytes.byteLength, pieceBytes).length;
    expect(source).toEqual(dialect === 'sqlite' ? { dialect, file: sqliteHandle(t.db)!.name, pieces } : { dialect, url: expect.stringMatching(/^postgres/), pieces });
    expect(await columnsSource(t.db, id, 2)).toBeNull();
    const got: Uint8Array[] = [];
    expect(await readColumnPiecesAt(source, id, 1, (p) => void got.push(p.slice()))).toBe(bytes.byteLength);
    expect(got.map((p) => p.byteLength)).toEqual(cut(bytes.byteLength, pieceBytes));
    expect(Buffer.concat(got).equals(Buffer.from(bytes))).toBe(true);
    // in parts as they arrive when asked (PostgreSQL; SQLite reads a piece whole), the same bytes; the connection reads again after
    const parts: Uint8Array[] = [];
    const partBytes = 10 * 1024 * 1024;
    expect(await readColumnPiecesAt(source, id, 1, (p) => void parts.push(p), { partBytes })).toBe(bytes.byteLength);
    // PostgreSQL reads the two halves of the pieces at once: parts run across each half's pieces
    const half = Math.ceil(pieces / 2) * pieceBytes;
    const partSizes = dialect === 'sqlite' ? cut(bytes.byteLength, COLUMN_PIECE_BYTES) : [...cut(half, partBytes), ...cut(bytes.byteLength - half, partBytes)];
    expect(parts.map((p) => p.byteLength)).toEqual(partSizes);
    expect(Buffer.concat(parts).equals(Buffer.from(bytes))).toBe(true);
    // each part in a buffer the caller gives (PostgreSQL: e.g. one handed back once copied, used again)
    const asked: number[] = [];
    const free: Uint8Array[] = [];
    let fresh = 0;
    const again: Uint8Array[] = [];
    const alloc = (n: number) => (asked.push(n), free.pop() ?? (fresh++, new Uint8Array(n)));
    const copyAndHandBack = (p: Uint8Array) => {
      again.push(p.slice());
      if (dialect === 'postgres') free.push(new Uint8Array(p.buffer, p.byteOffset, partBytes));
    };
    expect(await readColumnPiecesAt(source, id, 1, copyAndHandBack, { partBytes, alloc })).toBe(bytes.byteLength);
    // (the last part in a full one too: where it starts, the stream's end is not known yet)
    expect(asked).toEqual(dialect === 'sqlite' ? [] : partSizes.map(() => partBytes));
    if (dialect === 'postgres') expect(fresh).toBeLessThan(asked.length);
    expect(Buffer.concat(again).equals(Buffer.from(bytes))).toBe(true);
    await t.rawExec(`delete from dataset_columns where dataset_id = ${id} and piece_no = 1`);
    expect(await readColumnPiecesAt(source, id, 1, () => undefined)).toBeNull();
    expect(await readColumnPiecesAt(source, id, 1, () => undefined, { partBytes })).toBeNull();
    // SQLite counts the pieces first (one is missing: none to read); PostgreSQL takes the count piece 0
    // claims without reading every piece, and its read finds the gap (above)
    expect(await columnsSource(t.db, id, 1)).toEqual(dialect === 'sqlite' ? null : source);
    await t.rawExec(`delete from dataset_columns where dataset_id = ${id} and piece_no = 0`);
    expect(await columnsSource(t.db, id, 1)).toBeNull();
  });

  it('concurrent writers of the same version leave one complete copy', async () => {
    const id = await dataset('columns-c');
    const a = new Uint8Array(5000).fill(3);
    const results = await Promise.allSettled([writeDatasetColumns(t.db, id, 1, a), writeDatasetColumns(t.db, id, 1, a), writeDatasetColumns(t.db, id, 1, a)]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const pieces = (await readDatasetColumns(t.db, id, 1))!;
    expect(pieces.length).toBe(1);
    expect(Buffer.from(pieces[0]!).equals(Buffer.from(a))).toBe(true);
  });
});

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL: pieces written before (32 MB, in TOAST); a read in two halves at once', () => {
  let t: TestDb;
  let actor: Actor;
  beforeAll(async () => {
    t = await openTestDb('postgres');
    actor = await makeActor(t.db, 'credit-office');
  });
  afterAll(() => t?.destroy());

  /** A dataset whose columns are stored as before the plain pieces: `sizes` pieces, numbered `numbers`, in a column stored apart (TOAST). */
  async function oldFormat(name: string, sizes: number[], numbers = sizes.map((_, i) => i)): Promise<{ id: number; bytes: Buffer }> {
    const r = await importDataset(t.db, actor, { name, format: 'jsonl', input: Buffer.from(jsonl) });
    if (!r.success) throw new Error('import failed');
    const id = r.dataset.id;
    const bytes = Buffer.alloc(sizes.reduce((a, b) => a + b, 0));
    for (let i = 0; i < bytes.length; i += 1021) bytes[i] = (i * 29 + id) & 0xff;
    await t.rawExec('alter table dataset_columns alter column bytes set storage external');
    let at = 0;
    for (let k = 0; k < sizes.length; k++) {
      await sql`insert into dataset_columns (dataset_id, version, piece_no, piece_count, bytes) values (${id}, 1, ${numbers[k]}, ${sizes.length}, ${bytes.subarray(at, at + sizes[k]!)})`.execute(t.db);
      at += sizes[k]!;
    }
    await t.rawExec('alter table dataset_columns alter column bytes set storage plain');
    return { id, bytes };
  }

  const joined = (parts: Uint8Array[]) => Buffer.concat(parts);

  it('are still read, whole, streamed or in parts, the same bytes, after the migration too; a rewrite stores pieces of a page', async () => {
    const old = await oldFormat('old-format', [COLUMN_PIECE_BYTES, 777]);
    // (stored apart: the table's TOAST relation holds its chunks)
    const toast = await sql<{ name: string }>`select reltoastrelid::regclass::text as name from pg_class where relname = 'dataset_columns'`.execute(t.db);
    const chunks = await sql<{ n: string }>`select count(*) as n from ${sql.raw(toast.rows[0]!.name)}`.execute(t.db);
    expect(Number(chunks.rows[0]!.n)).toBeGreaterThan(COLUMN_PIECE_BYTES / 2100);
    const pieces = (await readDatasetColumns(t.db, old.id, 1))!;
    expect(pieces.map((p) => p.byteLength)).toEqual([COLUMN_PIECE_BYTES, 777]);
    expect(joined(pieces).equals(old.bytes)).toBe(true);
    const streamed: Uint8Array[] = [];
    expect(await streamDatasetColumns(t.db, old.id, 1, (p) => void streamed.push(p))).toBe(old.bytes.length);
    expect(joined(streamed).equals(old.bytes)).toBe(true);
    const source = (await columnsSource(t.db, old.id, 1))!;
    expect(source.pieces).toBe(2);
    const parts: Uint8Array[] = [];
    expect(await readColumnPiecesAt(source, old.id, 1, (p) => void parts.push(p), { partBytes: COLUMN_PART_BYTES })).toBe(old.bytes.length);
    expect(parts.map((p) => p.byteLength)).toEqual(cut(old.bytes.length, COLUMN_PART_BYTES));
    expect(joined(parts).equals(old.bytes)).toBe(true);

    // the migration leaves them as they are (still read); a new version is written in pieces of a page
    await plainPieces.up(t.db);
    expect((await readDatasetColumns(t.db, old.id, 1))!.map((p) => p.byteLength)).toEqual([COLUMN_PIECE_BYTES, 777]);
    expect(await writeDatasetColumns(t.db, old.id, 1, old.bytes)).toBe(true);
    const rewritten = (await readDatasetColumns(t.db, old.id, 1))!;
    expect(rewritten.map((p) => p.byteLength)).toEqual(cut(old.bytes.length, PG_COLUMN_PIECE_BYTES));
    expect(joined(rewritten).equals(old.bytes)).toBe(true);
    const storage = await sql<{ attstorage: string }>`select attstorage from pg_attribute where attrelid = 'dataset_columns'::regclass and attname = 'bytes'`.execute(t.db);
    expect(storage.rows[0]!.attstorage).toBe('p');
  });

  describe('a read in two halves at once', () => {
    /** A dataset with `pieces` stored pieces of a page and its bytes. */
    async function stored(name: string, pieces: number): Promise<{ id: number; bytes: Buffer }> {
      const r = await importDataset(t.db, actor, { name, format: 'jsonl', input: Buffer.from(jsonl) });
      if (!r.success) throw new Error('import failed');
      const bytes = Buffer.alloc(pieces * PG_COLUMN_PIECE_BYTES - 123);
      for (let i = 0; i < bytes.length; i += 7) bytes[i] = (i * 13 + 5) & 0xff;
      expect(await writeDatasetColumns(t.db, r.dataset.id, 1, bytes)).toBe(true);
      return { id: r.dataset.id, bytes };
    }

    async function read(id: number, pieces: number, holdBytes?: number) {
      const parts: Uint8Array[] = [];
      const onPart = (p: Uint8Array) => {
        // the first part taken slowly: the second half's bytes arrive meanwhile
        if (parts.length === 0) for (const end = Date.now() + 100; Date.now() < end; );
        parts.push(p.slice());
      };
      const copied = await copyColumnPartsSplit(pgPool(t.db)!, id, 1, pieces, onPart, 64 * 1024, undefined, holdBytes);
      return { complete: completeCopy(copied) && copied.pieceCount === pieces, bytes: Buffer.concat(parts), copied };
    }

    it('hands on the same bytes in order, the second half held back (its connection paused) until the first is whole', async () => {
      const pieces = 8 * SPLIT_MIN_PIECES + 1;
      const d = await stored('halves-a', pieces);
      for (const hold of [undefined, 100_000, 1]) {
        const r = await read(d.id, pieces, hold);
        expect(r.complete).toBe(true);
        expect(r.copied).toEqual({ rows: pieces, pieceCount: pieces, bytes: d.bytes.length, inOrder: true });
        expect(r.bytes.equals(d.bytes)).toBe(true);
      }
      // the connections are released: the database is used as before
      expect(Number((await sql<{ n: string }>`select count(*) as n from dataset_columns where dataset_id = ${d.id}`.execute(t.db)).rows[0]!.n)).toBe(pieces);
    });

    it('is incomplete when a piece is missing in either half (the last of the first too), or the halves claim different counts', async () => {
      const pieces = 2 * SPLIT_MIN_PIECES;
      const mid = pieces / 2;
      for (const [k, change] of [
        [0, `delete from dataset_columns where piece_no = 3`],
        [1, `delete from dataset_columns where piece_no = ${mid - 1}`],
        [2, `delete from dataset_columns where piece_no = ${mid + 4}`],
        [3, `delete from dataset_columns where piece_no = ${pieces - 1}`],
        [4, `update dataset_columns set piece_count = ${pieces + 1} where piece_no >= ${mid}`],
      ] as const) {
        const d = await stored(`halves-b${k}`, pieces);
        expect((await read(d.id, pieces, 1000)).complete).toBe(true);
        await t.rawExec(`${change} and dataset_id = ${d.id}`);
        expect((await read(d.id, pieces, 1000)).complete).toBe(false);
      }
    });

    it('reads fewer pieces than SPLIT_MIN_PIECES by one COPY', async () => {
      const d = await stored('halves-c', SPLIT_MIN_PIECES - 1);
      const r = await read(d.id, SPLIT_MIN_PIECES - 1);
      expect(r.complete).toBe(true);
      expect(r.bytes.equals(d.bytes)).toBe(true);
    });
  });
});

describe('SQLite files', () => {
  it('a new file gets 16 KB pages (its columns read along fewer overflow pages); an existing file keeps its own pages and data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-pages-'));
    try {
      const fresh = createDb(join(dir, 'new.sqlite'));
      await sql`create table t (x int)`.execute(fresh.db);
      expect(sqliteHandle(fresh.db)!.pragma('page_size', { simple: true })).toBe(SQLITE_PAGE_SIZE);
      await fresh.destroy();
      const oldFile = join(dir, 'old.sqlite');
      const made = new BetterSqlite3(oldFile);
      made.pragma('page_size = 4096');
      made.exec("create table t (x text); insert into t values ('旧数据')");
      made.close();
      const old = createDb(oldFile);
      expect(sqliteHandle(old.db)!.pragma('page_size', { simple: true })).toBe(4096);
      expect((await sql<{ x: string }>`select x from t`.execute(old.db)).rows).toEqual([{ x: '旧数据' }]);
      await old.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
