/**
 * The stored population columns of a dataset version read from PostgreSQL by
 * `COPY … TO STDOUT (FORMAT binary)` (issue 16, faster cold start): the pieces come as their raw
 * bytes — no hex text twice their size for the server to write and this process to decode, as a
 * bytea column of an ordinary query gives (the `pg` driver has no binary result format for it).
 *
 * The COPY's messages are read here straight from the connection's socket (its chunks as they
 * arrive, the driver's own reader set aside until the COPY is over): each chunk's bytes are copied
 * once, into the buffer of the part they belong to, and handed on in parts of
 * {@link COLUMN_PART_BYTES} as they fill (the caller decodes one while the next arrives) — before,
 * through a stream into a 32 MB buffer per piece, fresh memory each time, this process spent more
 * CPU on a read than the server (≈ 350–550 ms for 138 MB read alone; now ≈ 100 ms, the buffers reused).
 */
import type net from 'node:net';
import type pg from 'pg';

/**
 * Bytes per part when a reader asks for the pieces' bytes in parts: the decode starts on a part while
 * the next arrives, and buffers of this size are reused by the allocator (a 32 MB buffer is mapped
 * afresh, faulted in and collected every time).
 */
export const COLUMN_PART_BYTES = 4 * 1024 * 1024;

/** What a COPY of stored pieces held: its rows, the count they claim, their bytes, whether they came as pieces `0 … count − 1` in order. */
export interface CopiedColumns {
  rows: number;
  pieceCount: number;
  bytes: number;
  /** Every row was the next piece (`piece_no` 0, 1, …) and claimed the same `piece_count`. */
  inOrder: boolean;
}

/** The stream is complete when every piece it claims came, in order. */
export const completeCopy = (c: CopiedColumns): boolean => c.inOrder && c.rows > 0 && c.rows === c.pieceCount;

/** The signature a binary COPY stream starts with (then the flags and the header extension's length, 32 bits each). */
export const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The binary COPY format of rows (`piece_no int4`, `piece_count int4`, `bytes bytea`) parsed as its
 * bytes arrive, in chunks cut anywhere. The pieces' bytes are handed on as the consecutive parts of
 * one stream: with `partBytes` finite, in parts of that many bytes that run across pieces (the last one
 * shorter) — pieces may be small (PostgreSQL stores rows of a page); with `partBytes` infinite, a
 * part per piece. From the first row that is not the next piece, nothing more is handed on
 * (`finish().inOrder` false). (Exported for its tests.)
 */
export class BinaryCopyParser {
  private state: 'header' | 'extension' | 'fields' | 'row' | 'data' | 'end' = 'header';
  /** The fixed-size fields being gathered (the header, a row's count and lengths). */
  private readonly small = new Uint8Array(20);
  private have = 0;
  private skip = 0;
  /** Bytes of the current row not read yet. */
  private left = 0;
  private last = false;
  private rows = 0;
  private pieceCount = -1;
  private inOrder = true;
  private bytes = 0;
  private part: Uint8Array | null = null;
  private partAt = 0;

  constructor(
    private readonly partBytes: number,
    private readonly onPart: (bytes: Uint8Array) => void,
    /** A buffer for a part of `size` bytes (e.g. one handed back by the reader of the parts, to reuse memory already mapped). */
    private readonly alloc: (size: number) => Uint8Array = (size) => Buffer.allocUnsafeSlow(size),
    /**
     * The pieces this stream holds when it is a range of them (`firstPiece … lastPiece`; default all, from
     * 0 to the count they claim − 1): the first is expected first, and the last piece's part is handed on
     * when it ends (a range's parts run across its own pieces only).
     */
    private readonly range: { firstPiece: number; lastPiece?: number } = { firstPiece: 0 },
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
          const next = this.gather(chunk, pos, COPY_SIGNATURE.length + 8);
          if (next < 0) return;
          if (!COPY_SIGNATURE.equals(this.small.subarray(0, COPY_SIGNATURE.length))) throw new Error('not a binary COPY stream');
          this.skip = view.getInt32(COPY_SIGNATURE.length + 4);
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
          if (fields === -1) {
            this.state = 'end';
            this.flush();
          } else if (fields !== 3) throw new Error(`COPY row of ${fields} fields`);
          else this.state = 'row';
          break;
        }
        case 'row': {
          const next = this.gather(chunk, pos, 20);
          if (next < 0) return;
          if (view.getInt32(0) !== 4) throw new Error('piece_no is not an int4');
          if (view.getInt32(8) !== 4) throw new Error('piece_count is not an int4');
          const pieceNo = view.getInt32(4);
          const pieceCount = view.getInt32(12);
          this.left = view.getInt32(16);
          if (this.left < 0) throw new Error(`piece ${pieceNo} is null`);
          this.have = 0;
          pos = next;
          this.state = 'data';
          if (pieceNo !== this.range.firstPiece + this.rows || (this.rows > 0 && pieceCount !== this.pieceCount)) {
            // not the next piece: nothing more handed on (the caller drops what it got)
            this.inOrder = false;
            this.part = null;
          }
          this.pieceCount = pieceCount;
          this.rows++;
          this.last = pieceNo === (this.range.lastPiece ?? pieceCount - 1);
          this.bytes += this.left;
          if (this.partBytes === Infinity && this.inOrder) this.startPart(this.left);
          if (this.left === 0) this.endRow();
          break;
        }
        case 'data': {
          const take = Math.min(this.left, chunk.length - pos);
          if (this.inOrder) this.copy(take === chunk.length ? chunk : chunk.subarray(pos, pos + take));
          this.left -= take;
          pos += take;
          if (this.left === 0) this.endRow();
          break;
        }
        case 'end':
          throw new Error('bytes after the COPY trailer');
      }
    }
  }

  private startPart(size: number): void {
    this.part = this.alloc(size);
    if (this.part.byteLength !== size) throw new Error(`a part of ${this.part.byteLength} bytes for ${size}`);
    this.partAt = 0;
  }

  /** Copies bytes of the current row into parts, handing on each part once full. */
  private copy(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      // the last piece's part no larger than what is left of it
      if (this.part === null) this.startPart(this.last ? Math.min(this.partBytes, this.left - at) : this.partBytes);
      const part = this.part!;
      const take = Math.min(part.length - this.partAt, bytes.length - at);
      part.set(take === bytes.length ? bytes : bytes.subarray(at, at + take), this.partAt);
      this.partAt += take;
      at += take;
      if (this.partAt === part.length) this.hand();
    }
  }

  private endRow(): void {
    this.state = 'fields';
    if (this.partBytes === Infinity || this.last) this.flush();
  }

  /** Hands on the part being filled (a part per piece: even an empty one). */
  private flush(): void {
    if (this.part === null || !this.inOrder) return;
    if (this.partAt > 0 || this.partBytes === Infinity) this.hand();
  }

  private hand(): void {
    const part = this.part!;
    const bytes = this.partAt === part.length ? part : part.subarray(0, this.partAt);
    this.part = null;
    this.partAt = 0;
    this.onPart(bytes);
  }

  /** Throws unless the stream ended with its trailer; what it held. */
  finish(): CopiedColumns {
    if (this.state !== 'end') throw new Error('COPY stream ended inside a row');
    return { rows: this.rows, pieceCount: this.pieceCount, bytes: this.bytes, inOrder: this.inOrder };
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
  readonly done: Promise<CopiedColumns>;
  private resolve!: (outcome: CopiedColumns) => void;
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

  /** Stops reading the connection (the server waits once the socket's buffers are full) until `resume`. */
  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  handleError(err: Error): void {
    this.reject(this.failure ?? err);
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.failure) return this.reject(this.failure);
    try {
      this.resolve(this.parser.finish());
    } catch (e) {
      this.reject(e as Error);
    }
  }
}

/** Pieces below which a read is one COPY: two connections are worth it for tens of MB, not for a few pieces. */
export const SPLIT_MIN_PIECES = 256;

/** Bytes of the second half's parts held at most while the first half is read (its socket paused beyond). */
export const SPLIT_HOLD_BYTES = 64 * 1024 * 1024;

/** One binary COPY of pieces `range` (default all) on a connection of `pool`; `started` gets its reader (to pause it). */
async function copyRange(
  pool: pg.Pool,
  datasetId: number,
  version: number,
  onPart: (bytes: Uint8Array) => void,
  partBytes: number,
  alloc: ((size: number) => Uint8Array) | undefined,
  range?: { firstPiece: number; lastPiece?: number },
  started?: (copy: CopyOut) => void,
): Promise<CopiedColumns> {
  if (!Number.isSafeInteger(datasetId) || !Number.isSafeInteger(version)) throw new Error(`dataset ${datasetId} version ${version}: not integers`);
  if (!(partBytes >= 1)) throw new Error(`parts of ${partBytes} bytes`);
  if (range && !(Number.isSafeInteger(range.firstPiece) && (range.lastPiece === undefined || Number.isSafeInteger(range.lastPiece)))) throw new Error('pieces: not integers');
  const within = range ? ` and piece_no >= ${range.firstPiece}${range.lastPiece === undefined ? '' : ` and piece_no <= ${range.lastPiece}`}` : '';
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    const copy = new CopyOut(
      `copy (select piece_no::int4, piece_count::int4, bytes from dataset_columns where dataset_id = ${datasetId} and version = ${version}${within} order by piece_no) to stdout (format binary)`,
      new BinaryCopyParser(partBytes, onPart, alloc, range),
    );
    started?.(copy);
    void client.query(copy as unknown as pg.QueryConfig);
    return await copy.done;
  } catch (e) {
    failed = e instanceof Error ? e : new Error(String(e));
    throw e;
  } finally {
    // a connection left inside a COPY is closed rather than reused
    client.release(failed);
  }
}

/**
 * The stored pieces of a dataset's `version` (ascending `piece_no`), read by binary COPY on a
 * connection of `pool`, their bytes handed to `onPart` as they arrive (each part its own buffer): with
 * `partBytes`, in consecutive parts of that many bytes (the last shorter) running across pieces;
 * without, a part per piece. What the COPY held (complete when `completeCopy`: parts handed on before
 * a piece was found missing are the caller's to drop). `alloc` gives the buffer of a part (default: a
 * new one). Throws on a stream not in the expected shape (the caller treats the read as failed; the
 * connection is closed).
 *
 * @example
 * const copied = await copyColumnParts(pool, 3, 1, (part) => decoder.push(part), 4 << 20);
 */
export async function copyColumnParts(
  pool: pg.Pool,
  datasetId: number,
  version: number,
  onPart: (bytes: Uint8Array) => void,
  partBytes = Infinity,
  alloc?: (size: number) => Uint8Array,
): Promise<CopiedColumns> {
  return copyRange(pool, datasetId, version, onPart, partBytes, alloc);
}

/**
 * `copyColumnParts` of the `pieces` a dataset's `version` is expected to hold (`columnsSource`) as two
 * binary COPYs at once on two connections of `pool`: two backends each send half (on two cores the
 * read of 138 MB took ≈ 170 ms instead of ≈ 280 ms, the server's CPU being the limit). The parts come
 * to `onPart` in order all the same: the first half's as they arrive, the second half's held until
 * the first half has come whole — at most `holdBytes` of them, its connection's socket paused beyond
 * (the server waits) — then handed on, and the rest as it arrives. Fewer than {@link SPLIT_MIN_PIECES}
 * pieces, or a pool of one connection: one COPY. What the COPYs held together (complete when
 * `completeCopy`); the halves are read in two snapshots, so they must claim the same count. Throws as
 * `copyColumnParts`, once both have ended.
 *
 * @example
 * const copied = await copyColumnPartsSplit(pool, 3, 1, source.pieces, (part) => decoder.push(part), 4 << 20);
 */
export async function copyColumnPartsSplit(
  pool: pg.Pool,
  datasetId: number,
  version: number,
  pieces: number,
  onPart: (bytes: Uint8Array) => void,
  partBytes = Infinity,
  alloc?: (size: number) => Uint8Array,
  holdBytes = SPLIT_HOLD_BYTES,
): Promise<CopiedColumns> {
  if (!(pieces >= SPLIT_MIN_PIECES) || (pool.options.max ?? 10) < 2) return copyRange(pool, datasetId, version, onPart, partBytes, alloc);
  const mid = Math.ceil(pieces / 2);
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  // 'hold' until the first half is whole, then 'hand' (held parts first); 'drop' when it is not
  let mode: 'hold' | 'hand' | 'drop' = 'hold';
  let second: CopyOut | null = null;
  const later = (part: Uint8Array) => {
    if (mode === 'hand') return onPart(part);
    if (mode === 'drop') return;
    held.push(part);
    heldBytes += part.length;
    if (heldBytes >= holdBytes) second?.pause();
  };
  const first = copyRange(pool, datasetId, version, onPart, partBytes, alloc, { firstPiece: 0, lastPiece: mid - 1 }).finally(() => {
    // whatever became of the first half, the second is let finish (its parts handed on or dropped)
    second?.resume();
  });
  const rest = copyRange(pool, datasetId, version, later, partBytes, alloc, { firstPiece: mid }, (copy) => void (second = copy));
  const whole = first.then((a) => {
    if (a.inOrder && a.rows === mid) {
      for (const part of held.splice(0)) onPart(part);
      mode = 'hand';
    } else {
      held.length = 0;
      mode = 'drop';
    }
    return a;
  });
  const [a, b] = await Promise.allSettled([whole, rest]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  const x = a.value;
  const y = b.value;
  return {
    rows: x.rows + y.rows,
    pieceCount: x.pieceCount,
    bytes: x.bytes + y.bytes,
    // (a piece missing at the end of the first half: fewer rows than the count, not complete)
    inOrder: x.inOrder && y.inOrder && (y.rows === 0 || y.pieceCount === x.pieceCount),
  };
}
