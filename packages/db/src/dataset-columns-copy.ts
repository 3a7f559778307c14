/**
 * The stored population columns of a dataset version read from PostgreSQL by
 * `COPY … TO STDOUT (FORMAT binary)` (issue 16, faster cold start): the pieces come as their raw
 * bytes — no hex text twice their size for the server to write and this process to decode, as a
 * bytea column of an ordinary query gives (the `pg` driver has no binary result format for it).
 *
 * The COPY's messages are read here straight from the connection's socket (its chunks as they
 * arrive, the driver's own reader set aside until the COPY is over): each chunk's bytes are copied
 * once, into the buffer of the part they belong to — not through a stream that gathers and slices
 * them several times on the way, which cost about as much CPU in this process as the server spent
 * sending them (≈ 350–550 ms for 138 MB, half of it collecting the garbage). A piece is handed on in
 * parts of at most `partBytes` as they fill (the caller decodes one while the next arrives) or whole.
 */
import type net from 'node:net';
import type pg from 'pg';

/** One part of a piece: `piece_no`, `piece_count`, bytes (its own buffer), whether it is the piece's last. */
export interface CopiedPart {
  pieceNo: number;
  pieceCount: number;
  bytes: Uint8Array;
  /** Where these bytes start in the piece. */
  offset: number;
  /** The last part of its piece (a piece of no bytes is one part, empty and last). */
  end: boolean;
}

/** One row of the COPY: `piece_no`, `piece_count`, `bytes`. */
export interface CopiedPiece {
  pieceNo: number;
  pieceCount: number;
  bytes: Uint8Array;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The binary COPY format of rows (`int4`, `int4`, `bytea`) parsed as its bytes arrive, in chunks cut
 * anywhere; the bytea fields copied into parts of at most `partBytes`. (Exported for its tests.)
 */
export class BinaryCopyParser {
  private state: 'header' | 'extension' | 'fields' | 'row' | 'data' | 'end' = 'header';
  /** The fixed-size fields being gathered (the header, a row's count and lengths). */
  private readonly small = new Uint8Array(20);
  private have = 0;
  private skip = 0;
  private pieceNo = 0;
  private pieceCount = 0;
  private length = 0;
  /** Bytes of the current row's bytea copied so far. */
  private at = 0;
  private part: Uint8Array | null = null;
  private partAt = 0;
  private partOffset = 0;

  constructor(
    private readonly partBytes: number,
    private readonly onPart: (part: CopiedPart) => void,
  ) {}

  /** Gathers `n` bytes of a fixed-size field into `small`: the position after them, or -1 when the chunk ended first. */
  private gather(chunk: Uint8Array, pos: number, n: number): number {
    const take = Math.min(n - this.have, chunk.length - pos);
    this.small.set(chunk.subarray(pos, pos + take), this.have);
    this.have += take;
    return this.have === n ? pos + take : -1;
  }

  push(chunk: Uint8Array): void {
    const view = new DataView(this.small.buffer);
    let pos = 0;
    while (pos < chunk.length) {
      switch (this.state) {
        case 'header': {
          const next = this.gather(chunk, pos, SIGNATURE.length + 8);
          if (next < 0) return;
          if (!SIGNATURE.equals(this.small.subarray(0, SIGNATURE.length))) throw new Error('not a binary COPY stream');
          this.skip = view.getInt32(SIGNATURE.length + 4);
          if (this.skip < 0) throw new Error('binary COPY header extension of negative length');
          this.have = 0;
          pos = next;
          this.state = 'extension';
          break;
        }
        case 'extension': {
          const take = Math.min(this.skip, chunk.length - pos);
          this.skip -= take;
          pos += take;
          if (this.skip === 0) this.state = 'fields';
          break;
        }
        case 'fields': {
          const next = this.gather(chunk, pos, 2);
          if (next < 0) return;
          const fields = view.getInt16(0);
          this.have = 0;
          pos = next;
          if (fields === -1) this.state = 'end';
          else if (fields !== 3) throw new Error(`COPY row of ${fields} fields`);
          else this.state = 'row';
          break;
        }
        case 'row': {
          const next = this.gather(chunk, pos, 20);
          if (next < 0) return;
          if (view.getInt32(0) !== 4) throw new Error('piece_no is not an int4');
          if (view.getInt32(8) !== 4) throw new Error('piece_count is not an int4');
          this.pieceNo = view.getInt32(4);
          this.pieceCount = view.getInt32(12);
          this.length = view.getInt32(16);
          if (this.length < 0) throw new Error(`piece ${this.pieceNo} is null`);
          this.have = 0;
          this.at = 0;
          pos = next;
          this.state = 'data';
          if (this.length === 0) this.emptyPiece();
          break;
        }
        case 'data': {
          if (this.part === null) {
            this.partOffset = this.at;
            this.part = Buffer.allocUnsafeSlow(Math.min(this.partBytes, this.length - this.at));
            this.partAt = 0;
          }
          const take = Math.min(this.part.length - this.partAt, chunk.length - pos);
          this.part.set(take === chunk.length ? chunk : chunk.subarray(pos, pos + take), this.partAt);
          this.partAt += take;
          this.at += take;
          pos += take;
          if (this.partAt === this.part.length) {
            const bytes = this.part;
            this.part = null;
            const end = this.at === this.length;
            if (end) this.state = 'fields';
            this.onPart({ pieceNo: this.pieceNo, pieceCount: this.pieceCount, bytes, offset: this.partOffset, end });
          }
          break;
        }
        case 'end':
          throw new Error('bytes after the COPY trailer');
      }
    }
  }

  private emptyPiece(): void {
    this.state = 'fields';
    this.onPart({ pieceNo: this.pieceNo, pieceCount: this.pieceCount, bytes: new Uint8Array(0), offset: 0, end: true });
  }

  /** Throws unless the stream ended with its trailer. */
  finish(): void {
    if (this.state !== 'end') throw new Error('COPY stream ended inside a row');
  }
}

/** Message types that may come between a COPY's data messages (skipped). */
const INTERSPERSED = new Set(['H', 'd', 'N', 'S', 'A']);

/**
 * A query for `pg` (a "submittable") that runs `text`, a `COPY … TO STDOUT (FORMAT binary)`, and reads
 * its messages from the socket itself until `CopyDone`, then hands the rest (the command's
 * completion, or an error) back to the driver's reader. (Exported for its tests.)
 */
export class CopyOut {
  readonly done: Promise<void>;
  private resolve!: () => void;
  private reject!: (e: Error) => void;
  private failure: Error | null = null;
  private readonly header = new Uint8Array(5);
  private have = 0;
  private type = '';
  private left = 0;
  private socket: net.Socket | null = null;
  private driverReader: ((chunk: Buffer) => void) | null = null;
  private readonly reader = (chunk: Buffer) => this.read(chunk);

  constructor(
    private readonly text: string,
    private readonly parser: BinaryCopyParser,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: { stream: net.Socket; query(text: string): void }): void {
    const socket = connection.stream;
    const readers = socket.listeners('data');
    if (readers.length !== 1) throw new Error(`the connection's socket has ${readers.length} readers`);
    this.socket = socket;
    this.driverReader = readers[0] as (chunk: Buffer) => void;
    socket.removeListener('data', this.driverReader);
    socket.on('data', this.reader);
    connection.query(this.text);
  }

  private read(chunk: Buffer): void {
    try {
      let pos = 0;
      while (pos < chunk.length) {
        if (this.left === 0 && this.type === '') {
          const take = Math.min(5 - this.have, chunk.length - pos);
          this.header.set(chunk.subarray(pos, pos + take), this.have);
          this.have += take;
          pos += take;
          if (this.have < 5) return;
          this.have = 0;
          const type = String.fromCharCode(this.header[0]!);
          const length = new DataView(this.header.buffer).getInt32(1) - 4;
          if (type === 'c') {
            // CopyDone: the rest (CommandComplete, ReadyForQuery) is the driver's
            this.detach(chunk.subarray(pos));
            return;
          }
          if (!INTERSPERSED.has(type) || length < 0) {
            // an error (or anything else): the driver reads it from its first byte
            this.detach(Buffer.concat([this.header, chunk.subarray(pos)]));
            return;
          }
          this.type = type;
          this.left = length;
        }
        const take = Math.min(this.left, chunk.length - pos);
        if (this.type === 'd' && take > 0) this.parser.push(take === chunk.length ? chunk : chunk.subarray(pos, pos + take));
        this.left -= take;
        pos += take;
        if (this.left === 0) this.type = '';
      }
    } catch (e) {
      // a stream not in the expected shape (or a caller's failure): the connection is dropped
      this.failure = e instanceof Error ? e : new Error(String(e));
      this.socket?.removeListener('data', this.reader);
      this.socket?.destroy(this.failure);
    }
  }

  private detach(rest: Buffer): void {
    const socket = this.socket!;
    socket.removeListener('data', this.reader);
    socket.on('data', this.driverReader!);
    if (rest.length > 0) this.driverReader!(rest);
  }

  handleError(err: Error): void {
    this.reject(this.failure ?? err);
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.failure) return this.reject(this.failure);
    try {
      this.parser.finish();
      this.resolve();
    } catch (e) {
      this.reject(e as Error);
    }
  }
}

/**
 * The pieces of a dataset's `version` (ascending `piece_no`), read by binary COPY on a connection of
 * `pool`, handed to `onPart` as they arrive: each piece in parts of at most `partBytes` bytes (each its
 * own buffer; default: a piece in one part), the next ones still coming meanwhile. Throws on a stream
 * not in the expected shape (the caller treats the read as failed; the connection is closed).
 */
export async function copyColumnParts(pool: pg.Pool, datasetId: number, version: number, onPart: (part: CopiedPart) => void, partBytes = Infinity): Promise<void> {
  if (!Number.isSafeInteger(datasetId) || !Number.isSafeInteger(version)) throw new Error(`dataset ${datasetId} version ${version}: not integers`);
  if (!(partBytes >= 1)) throw new Error(`parts of ${partBytes} bytes`);
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    const copy = new CopyOut(
      `copy (select piece_no::int4, piece_count::int4, bytes from dataset_columns where dataset_id = ${datasetId} and version = ${version} order by piece_no) to stdout (format binary)`,
      new BinaryCopyParser(partBytes, onPart),
    );
    void client.query(copy as unknown as pg.QueryConfig);
    await copy.done;
  } catch (e) {
    failed = e instanceof Error ? e : new Error(String(e));
    throw e;
  } finally {
    // a connection left inside a COPY is closed rather than reused
    client.release(failed);
  }
}

/**
 * The pieces of a dataset's `version` (ascending `piece_no`), read by binary COPY on a connection of
 * `pool`, each handed to `onPiece` as soon as its last byte has arrived (while the next ones are still
 * coming). Throws on a stream not in the expected shape (the caller treats the read as failed).
 */
export async function copyColumnPieces(pool: pg.Pool, datasetId: number, version: number, onPiece: (piece: CopiedPiece) => void = () => undefined): Promise<CopiedPiece[]> {
  const pieces: CopiedPiece[] = [];
  await copyColumnParts(pool, datasetId, version, (p) => {
    const piece = { pieceNo: p.pieceNo, pieceCount: p.pieceCount, bytes: p.bytes };
    pieces.push(piece);
    onPiece(piece);
  });
  return pieces;
}
