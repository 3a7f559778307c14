/**
 * The stored population columns of a dataset version read from PostgreSQL by
 * `COPY … TO STDOUT (FORMAT binary)` (issue 16, faster cold start): the pieces come as their raw
 * bytes — no hex text twice their size for the server to write and this process to decode, as a
 * bytea column of an ordinary query gives (the `pg` driver has no binary result format for it) —
 * and each piece is written straight into its own buffer as the stream arrives.
 */
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** One row of the COPY: `piece_no`, `piece_count`, `bytes`. */
export interface CopiedPiece {
  pieceNo: number;
  pieceCount: number;
  bytes: Uint8Array;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Reads a stream of chunks as consecutive fields of known lengths. */
class ChunkReader {
  private cur: Buffer = Buffer.alloc(0);
  private pos = 0;
  constructor(private readonly it: AsyncIterator<Buffer>) {}

  /** `n` bytes into `dest` (a new buffer of its own memory when not given). */
  async bytes(n: number, dest: Uint8Array = Buffer.allocUnsafeSlow(n)): Promise<Uint8Array> {
    let at = 0;
    while (at < n) {
      if (this.pos >= this.cur.length) {
        const r = await this.it.next();
        if (r.done) throw new Error('COPY stream ended inside a row');
        this.cur = r.value;
        this.pos = 0;
      }
      const take = Math.min(n - at, this.cur.length - this.pos);
      dest.set(this.cur.subarray(this.pos, this.pos + take), at);
      this.pos += take;
      at += take;
    }
    return dest;
  }

  async int32(): Promise<number> {
    const b = await this.bytes(4, new Uint8Array(4));
    return new DataView(b.buffer).getInt32(0);
  }

  async int16(): Promise<number> {
    const b = await this.bytes(2, new Uint8Array(2));
    return new DataView(b.buffer).getInt16(0);
  }
}

/**
 * The pieces of a dataset's `version` (ascending `piece_no`), read by binary COPY on a connection of
 * `pool`, each handed to `onPiece` as soon as its last byte has arrived (while the next ones are still
 * coming). Throws on a stream not in the expected shape (the caller treats the read as failed).
 */
export async function copyColumnPieces(pool: pg.Pool, datasetId: number, version: number, onPiece: (piece: CopiedPiece) => void = () => undefined): Promise<CopiedPiece[]> {
  if (!Number.isSafeInteger(datasetId) || !Number.isSafeInteger(version)) throw new Error(`dataset ${datasetId} version ${version}: not integers`);
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    const stream = client.query(
      copyTo(
        `copy (select piece_no::int4, piece_count::int4, bytes from dataset_columns where dataset_id = ${datasetId} and version = ${version} order by piece_no) to stdout (format binary)`,
      ),
    );
    const it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    try {
      const r = new ChunkReader(it);
      const signature = await r.bytes(SIGNATURE.length, new Uint8Array(SIGNATURE.length));
      if (!SIGNATURE.equals(signature)) throw new Error('not a binary COPY stream');
      await r.int32(); // flags
      const extension = await r.int32();
      if (extension > 0) await r.bytes(extension);
      const pieces: CopiedPiece[] = [];
      for (;;) {
        const fields = await r.int16();
        if (fields === -1) break;
        if (fields !== 3) throw new Error(`COPY row of ${fields} fields`);
        if ((await r.int32()) !== 4) throw new Error('piece_no is not an int4');
        const pieceNo = await r.int32();
        if ((await r.int32()) !== 4) throw new Error('piece_count is not an int4');
        const pieceCount = await r.int32();
        const length = await r.int32();
        if (length < 0) throw new Error(`piece ${pieceNo} is null`);
        const piece = { pieceNo, pieceCount, bytes: await r.bytes(length) };
        pieces.push(piece);
        onPiece(piece);
      }
      // the rest of the stream (nothing after the trailer) read to its end
      for (let next = await it.next(); !next.done; next = await it.next()) if (next.value.length > 0) throw new Error('bytes after the COPY trailer');
      return pieces;
    } catch (e) {
      stream.destroy();
      throw e;
    }
  } catch (e) {
    failed = e instanceof Error ? e : new Error(String(e));
    throw e;
  } finally {
    // a connection left inside a COPY is closed rather than reused
    client.release(failed);
  }
}
