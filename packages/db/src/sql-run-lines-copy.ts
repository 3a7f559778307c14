/**
 * The stored chunks of a SQL run read back as bytes (issue 16): the page statements of
 * `forEachSqlRunLinePage` store the run's chunks themselves, and the process needs each chunk's text
 * only to hash it. Received as a query result, a chunk's text was decoded from UTF-8 into a JavaScript
 * string (a two-byte string: the names are Chinese), encoded to UTF-8 again to be hashed, and then
 * collected: at 1,000,000 enterprises ≈ 4.5 of the process's 7 s of CPU while the lines were built,
 * on a 2-core machine taken from PostgreSQL. Read with `COPY … TO STDOUT (FORMAT binary)` instead, a
 * chunk is its UTF-8 bytes as stored — the same bytes the hash of the run reads (RunHasher.update),
 * in the parts the socket gave them.
 * PostgreSQL only.
 */
import type { Kysely } from 'kysely';
import { to as copyTo } from 'pg-copy-streams';
import type { Database } from './database.ts';
import { COPY_SIGNATURE } from './dataset-columns-copy.ts';
import { pgPool } from './raw.ts';

/**
 * The tuples of a binary COPY stream read as its bytes arrive, in chunks cut anywhere: each field as
 * the views into the chunks it spans (not copied: a chunk's payload of megabytes arrives in tens of
 * socket reads, and gathering them into one buffer cost a copy of every byte and, at millions of
 * lines, many full collections of the heap for the memory it took), NULL as null. `finish()` throws
 * on a stream that was not one whole (a bad signature, a tuple cut short).
 */
export class BinaryCopyTupleReader {
  readonly tuples: (Uint8Array[] | null)[][] = [];
  private readonly small = Buffer.alloc(COPY_SIGNATURE.length + 8);
  private have = 0;
  private state: 'header' | 'extension' | 'count' | 'length' | 'data' | 'end' = 'header';
  private skip = 0;
  private fields = 0;
  private left = 0;
  private tuple: (Uint8Array[] | null)[] = [];
  private parts: Uint8Array[] = [];

  /** Gathers `n` bytes into `small`: the position after them, or -1 when the chunk ended first. */
  private gather(chunk: Uint8Array, pos: number, n: number): number {
    const take = Math.min(n - this.have, chunk.length - pos);
    this.small.set(chunk.subarray(pos, pos + take), this.have);
    this.have += take;
    if (this.have < n) return -1;
    this.have = 0;
    return pos + take;
  }

  push(chunk: Uint8Array): void {
    let pos = 0;
    while (pos < chunk.length) {
      let next: number;
      switch (this.state) {
        case 'header':
          if ((next = this.gather(chunk, pos, COPY_SIGNATURE.length + 8)) < 0) return;
          if (!this.small.subarray(0, COPY_SIGNATURE.length).equals(COPY_SIGNATURE)) throw new Error('不是二进制 COPY 数据 / not a binary COPY stream');
          this.skip = this.small.readInt32BE(COPY_SIGNATURE.length + 4);
          this.state = this.skip > 0 ? 'extension' : 'count';
          pos = next;
          break;
        case 'extension': {
          const take = Math.min(this.skip, chunk.length - pos);
          this.skip -= take;
          pos += take;
          if (this.skip === 0) this.state = 'count';
          break;
        }
        case 'count':
          if ((next = this.gather(chunk, pos, 2)) < 0) return;
          pos = next;
          this.fields = this.small.readInt16BE(0);
          if (this.fields === -1) this.state = 'end';
          else if (this.fields === 0) this.tuples.push([]);
          else this.state = 'length';
          break;
        case 'length':
          if ((next = this.gather(chunk, pos, 4)) < 0) return;
          pos = next;
          this.left = this.small.readInt32BE(0);
          if (this.left === -1) this.field(null);
          else {
            this.parts = [];
            this.state = 'data';
            if (this.left === 0) this.field([new Uint8Array(0)]);
          }
          break;
        case 'data': {
          const take = Math.min(this.left, chunk.length - pos);
          this.parts.push(chunk.subarray(pos, pos + take));
          this.left -= take;
          pos += take;
          if (this.left === 0) this.field(this.parts);
          break;
        }
        case 'end':
          throw new Error('二进制 COPY 数据结束后还有数据 / bytes after the binary COPY trailer');
      }
    }
  }

  /** A field read whole: the next one, or the tuple's end. */
  private field(value: Uint8Array[] | null): void {
    this.tuple.push(value);
    if (this.tuple.length < this.fields) {
      this.state = 'length';
      return;
    }
    this.tuples.push(this.tuple);
    this.tuple = [];
    this.state = 'count';
  }

  /** The tuples, once the stream has ended with its trailer. */
  finish(): (Uint8Array[] | null)[][] {
    if (this.state !== 'end') throw new Error('二进制 COPY 数据不完整 / binary COPY stream cut short');
    return this.tuples;
  }
}

/** A field's parts as one buffer (a copy when it spans several). */
export const joinParts = (parts: readonly Uint8Array[]): Buffer => (parts.length === 1 ? Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.byteLength) : Buffer.concat(parts));

/**
 * The payloads of chunks `chunkNos` of run `runId` as stored (`run_results`), as their UTF-8 bytes in
 * the parts they arrived in (views, not copies; hash them in order), by chunk number; a chunk not
 * stored is missing from the map. One binary COPY on a connection of its own.
 */
export async function storedChunkBytes(db: Kysely<Database>, runId: number, chunkNos: readonly number[]): Promise<Map<number, Uint8Array[]>> {
  const out = new Map<number, Uint8Array[]>();
  if (chunkNos.length === 0) return out;
  if (!Number.isSafeInteger(runId) || !chunkNos.every(Number.isSafeInteger)) throw new Error(`结果块编号无效 / bad run or chunk number: ${runId} ${chunkNos.join(',')}`);
  const pool = pgPool(db);
  if (!pool) throw new Error('没有登记连接池 / no pg pool registered for this Kysely instance (use createDb)');
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // integers only (checked above): COPY takes no bind values
    const stream = client.query(
      copyTo(`COPY (SELECT chunk_no, payload FROM run_results WHERE run_id = ${runId} AND chunk_no IN (${chunkNos.join(', ')}) ORDER BY chunk_no) TO STDOUT (FORMAT binary)`),
    );
    const reader = new BinaryCopyTupleReader();
    for await (const part of stream) reader.push(part as Buffer);
    for (const [no, payload] of reader.finish()) {
      if (no && payload) out.set(joinParts(no).readInt32BE(0), payload);
    }
    return out;
  } catch (e) {
    broken = e instanceof Error ? e : new Error(String(e));
    throw e;
  } finally {
    client.release(broken);
  }
}
