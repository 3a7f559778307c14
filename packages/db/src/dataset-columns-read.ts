/**
 * The stored population columns of a dataset read on a connection of their own (issue 16, faster
 * cold start): a worker thread of the server reads the pieces while the server's connections serve
 * the preview's other queries (SQLite: one connection, one query at a time), and the main thread's
 * event loop stays free. SQLite: read-only, one read transaction, so the pieces are those of one
 * snapshot; PostgreSQL: two binary COPYs at once, each half of the pieces (dataset-columns-copy.ts).
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { ColumnsSource } from './dataset-columns.repository.ts';
import { completeCopy, copyColumnPartsSplit } from './dataset-columns-copy.ts';

/**
 * Reads pieces `0 … pieces - 1` of a dataset version's stored columns from the SQLite file `file`,
 * handing each to `onPiece` as soon as it is read (its own buffer: it may be moved to another
 * thread). The number of bytes read, or `null` when a piece is missing (deleted meanwhile; some may
 * have been handed on by then: the caller drops what it got).
 *
 * @example
 * const bytes = readSqliteColumnPieces('/data/policy.sqlite', 3, 1, 5, (piece) => post(piece));
 */
export function readSqliteColumnPieces(file: string, datasetId: number, version: number, pieces: number, onPiece: (piece: Uint8Array, pieceNo: number) => void): number | null {
  // opened for this read (about a millisecond) and closed after: nothing left open on a file between cold loads
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const select = db.prepare('select bytes from dataset_columns where dataset_id = ? and version = ? and piece_no = ?');
  let bytes = 0;
  db.exec('begin');
  try {
    for (let i = 0; i < pieces; i++) {
      const row = select.get(datasetId, version, i) as { bytes: Uint8Array } | undefined;
      if (!row) return null;
      bytes += row.bytes.byteLength;
      onPiece(row.bytes, i);
    }
    return bytes;
  } finally {
    db.exec('commit');
    db.close();
  }
}

/** A pool of two connections per PostgreSQL URL, in the thread that reads (the halves of a read at once; closed when idle for a while). */
const pools = new Map<string, pg.Pool>();

function poolOf(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    // an idle connection that dies is dropped by the pool; the next read opens another
    pool.on('error', () => undefined);
    pools.set(url, pool);
  }
  return pool;
}

/**
 * Reads the stored column pieces of a dataset's `version` from `source` (`columnsSource`) on a
 * connection of this thread, handing each to `onPiece` in order as soon as it is read (its own
 * buffer) — from PostgreSQL with `partBytes`, their bytes in consecutive parts of that many bytes
 * (the last shorter) as they arrive, whatever the pieces' size (the caller decodes one while the next
 * is read; SQLite reads a piece whole), each part's buffer from `alloc` when given (e.g. the buffers
 * of parts already decoded, handed back: memory already mapped). The number of bytes read, or `null`
 * when they are not all there in order (changed meanwhile: the caller drops what it got) — at once
 * from SQLite (a synchronous read), as a promise from PostgreSQL.
 *
 * @example
 * const bytes = await readColumnPiecesAt(source, 3, 1, (piece) => post(piece));
 */
export function readColumnPiecesAt(
  source: ColumnsSource,
  datasetId: number,
  version: number,
  onPiece: (piece: Uint8Array) => void,
  options: { partBytes?: number; alloc?: (size: number) => Uint8Array } = {},
): number | null | Promise<number | null> {
  if (source.dialect === 'sqlite') return readSqliteColumnPieces(source.file, datasetId, version, source.pieces, onPiece);
  return copyPiecesAt(source.url, source.pieces, datasetId, version, onPiece, options);
}

async function copyPiecesAt(url: string, pieces: number, datasetId: number, version: number, onPiece: (piece: Uint8Array) => void, options: { partBytes?: number; alloc?: (size: number) => Uint8Array }): Promise<number | null> {
  const copied = await copyColumnPartsSplit(poolOf(url), datasetId, version, pieces, onPiece, options.partBytes, options.alloc);
  return completeCopy(copied) && copied.pieceCount === pieces ? copied.bytes : null;
}
