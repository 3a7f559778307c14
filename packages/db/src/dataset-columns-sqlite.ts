/**
 * The stored population columns of a SQLite dataset read on a connection of their own (issue 16,
 * faster cold start): a worker thread of the server reads the pieces while the server's one
 * connection (a mutex: one query at a time) serves the preview's other queries, and the main
 * thread's event loop stays free. Read-only; one read transaction, so the pieces are those of one
 * snapshot.
 */
import BetterSqlite3 from 'better-sqlite3';

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
