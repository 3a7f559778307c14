/**
 * The stored chunks of a SQL run read back as bytes (issue 16): the page statements of
 * `forEachSqlRunLinePage` store the run's chunks themselves, and the process needs each chunk's text
 * only to hash it. Received as a query result, a chunk's text was decoded from UTF-8 into a JavaScript
 * string (a two-byte string: the names are Chinese), encoded to UTF-8 again to be hashed, and then
 * collected: at 1,000,000 enterprises ≈ 4.5 of the process's 7 s of CPU while the lines were built,
 * on a 2-core machine taken from PostgreSQL. Read with `COPY … TO STDOUT (FORMAT binary)` instead, a
 * chunk is its UTF-8 bytes as stored — the same bytes the hash of the run reads (RunHasher.update).
 * PostgreSQL only.
 */
import type { Kysely } from 'kysely';
import { to as copyTo } from 'pg-copy-streams';
import type { Database } from './database.ts';
import { pgPool } from './raw.ts';

/** The signature a binary COPY stream starts with (then the flags and the header extension's length, 32 bits each). */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The tuples of a whole binary COPY stream `data`, each as its fields (NULL: null; views into `data`,
 * not copies). Throws on a stream that is not one (a bad signature, a tuple cut short).
 */
export function binaryCopyTuples(data: Buffer): (Buffer | null)[][] {
  if (data.length < SIGNATURE.length + 8 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new Error('不是二进制 COPY 数据 / not a binary COPY stream');
  }
  let at = SIGNATURE.length + 8 + data.readInt32BE(SIGNATURE.length + 4);
  const tuples: (Buffer | null)[][] = [];
  for (;;) {
    if (at + 2 > data.length) throw new Error('二进制 COPY 数据不完整 / binary COPY stream cut short');
    const n = data.readInt16BE(at);
    at += 2;
    if (n === -1) return tuples;
    const fields: (Buffer | null)[] = [];
    for (let i = 0; i < n; i++) {
      if (at + 4 > data.length) throw new Error('二进制 COPY 数据不完整 / binary COPY stream cut short');
      const len = data.readInt32BE(at);
      at += 4;
      if (len === -1) {
        fields.push(null);
        continue;
      }
      if (at + len > data.length) throw new Error('二进制 COPY 数据不完整 / binary COPY stream cut short');
      fields.push(data.subarray(at, at + len));
      at += len;
    }
    tuples.push(fields);
  }
}

/**
 * The payloads of chunks `chunkNos` of run `runId` as stored (`run_results`), as UTF-8 bytes by chunk
 * number; a chunk not stored is missing from the map. One binary COPY on a connection of its own.
 */
export async function storedChunkBytes(db: Kysely<Database>, runId: number, chunkNos: readonly number[]): Promise<Map<number, Uint8Array>> {
  const out = new Map<number, Uint8Array>();
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
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    for (const [no, payload] of binaryCopyTuples(Buffer.concat(parts))) {
      if (no && payload) out.set(no.readInt32BE(0), payload);
    }
    return out;
  } catch (e) {
    broken = e instanceof Error ? e : new Error(String(e));
    throw e;
  } finally {
    client.release(broken);
  }
}
