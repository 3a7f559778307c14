/**
 * A SQL run's chunks stored by the statements that build them (`forEachSqlRunLinePage` with `store`,
 * sql-engine.repository.ts): several statements at once, each storing its pages as the run's chunks
 * numbered in row order — but not a fallback page (the caller encodes and stores it), and none while
 * the run is not running (the caller's write is then refused). PostgreSQL only.
 */
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachSqlRunLinePage } from './sql-engine.repository.ts';
import { BinaryCopyTupleReader, joinParts, storedChunkBytes } from './sql-run-lines-copy.ts';
import type { SqlRunLinesPage } from './sql-engine.repository.ts';
import type { TestDb } from './test-support.ts';
import { openTestDb } from './test-support.ts';

const RUN = 7;
const ROWS = 47;
/** The row whose page falls back (a number PostgreSQL prints otherwise than JavaScript, in the real statement). */
const FALLBACK_ROW = 13;

/**
 * A page statement standing for `resultLinesSql`: the `$2` stored results after row `$1` as pages of
 * `$3` rows, each row's line its number; the page holding FALLBACK_ROW falls back.
 */
const pages = {
  text:
    'SELECT min(row_no) AS first_row, max(row_no) AS last_row, count(*)::int AS rows, count(*)::int AS in_register, ' +
    `(count(*) FILTER (WHERE row_no = ${FALLBACK_ROW}))::int AS fallback, string_agg(row_no || E'\\n', '' ORDER BY row_no) AS payload ` +
    `FROM (SELECT row_no, (row_number() OVER (ORDER BY row_no) - 1) / $3 AS page FROM sql_run_results WHERE run_id = ${RUN} AND row_no > $1 ORDER BY row_no LIMIT $2) x ` +
    'GROUP BY page ORDER BY page',
  values: (after: number, limit: number, chunkRows?: number) => [after, limit, chunkRows ?? limit],
};

describe('a SQL run’s chunks stored by the statements that build them (postgres)', () => {
  let t: TestDb;
  const exec = async <R>(text: string, values: unknown[] = []) => (await t.db.executeQuery<R>(CompiledQuery.raw(text, values))).rows;
  const chunks = () => exec<{ chunk_no: number; first_row: number; row_count: number; payload: string }>('select chunk_no, first_row, row_count, payload from run_results where run_id = $1 order by chunk_no', [RUN]);
  const collect = async () => {
    const seen: SqlRunLinesPage[] = [];
    // pages of 5 rows, 20 per statement: three statements (20 + 20 + 7 rows), two at once
    await forEachSqlRunLinePage(t.db, pages, 5, (p) => void seen.push(p), { runId: RUN, concurrency: 2, store: true });
    return seen;
  };

  beforeAll(async () => {
    t = await openTestDb('postgres');
    await exec(
      `insert into runs (id, dataset_id, dataset_name, dataset_hash, at, versions, status, progress_done, progress_total, created_by, created_at, heartbeat_at)
       values ($1, 1, 'test', 'test', '2026-10-31', '[]', 'running', 0, $2, 'test', now()::text, now()::text)`,
      [RUN, ROWS],
    );
    await exec(
      "insert into sql_run_results (run_id, row_no, outside, domains, departments, grades, rules, scores) select $1, g, false, '{}', '{}', '{}', '{}', '{}' from generate_series(0, $2 - 1) g",
      [RUN, ROWS],
    );
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('stores every page but the fallback one as the run’s chunk, numbered in row order', async () => {
    const seen = await collect();
    expect(seen.map((p) => p.chunk_no)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.map((p) => p.first_row)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
    const fallback = seen.findIndex((p) => p.fallback > 0);
    expect(fallback).toBe(2);
    expect(seen.map((p) => p.stored)).toEqual(seen.map((_, k) => k !== fallback));
    const stored = await chunks();
    expect(stored.map((c) => c.chunk_no)).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9]);
    // a stored page comes back as its stored bytes, the fallback page as text
    expect(seen.map((p) => typeof p.payload === 'string')).toEqual(seen.map((_, k) => k === fallback));
    const text = (p: SqlRunLinesPage) => (typeof p.payload === 'string' ? p.payload : joinParts(p.payload).toString('utf8'));
    for (const c of stored) {
      const page = seen[c.chunk_no]!;
      expect(c).toEqual({ chunk_no: c.chunk_no, first_row: page.first_row, row_count: page.in_register, payload: text(page) });
    }
    // the lines of all the pages, in order: every row once
    expect(seen.map(text).join('')).toBe(Array.from({ length: ROWS }, (_, i) => `${i}\n`).join(''));
  });

  it('reads stored chunks back as their UTF-8 bytes (Chinese, tabs, newlines, backslashes), a missing chunk left out', async () => {
    const payload = '0\t{"name":"厦门市某某\\贸易\\n有限公司"}\n1\t{"name":"😀"}\n';
    await exec('insert into run_results (run_id, chunk_no, first_row, row_count, payload) values ($1, 100, 0, 2, $2)', [RUN, payload]);
    const bytes = await storedChunkBytes(t.db, RUN, [100, 101]);
    expect([...bytes.keys()]).toEqual([100]);
    expect(joinParts(bytes.get(100)!).equals(Buffer.from(payload, 'utf8'))).toBe(true);
    await exec('delete from run_results where run_id = $1 and chunk_no = 100', [RUN]);
  });

  it('stores nothing for a run no longer running', async () => {
    await exec('delete from run_results where run_id = $1', [RUN]);
    await exec("update runs set status = 'failed' where id = $1", [RUN]);
    const seen = await collect();
    expect(seen).toHaveLength(10);
    expect(seen.every((p) => p.stored === false)).toBe(true);
    expect(await chunks()).toEqual([]);
  });
});

describe('binary COPY tuples', () => {
  const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
  const int16 = (n: number) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
  const int32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
  /** The tuples of `data` fed in chunks cut at `cuts`, each field joined (null for NULL). */
  const read = (data: Buffer, cuts: number[]) => {
    const r = new BinaryCopyTupleReader();
    let at = 0;
    for (const cut of [...cuts, data.length]) {
      if (cut > at) r.push(data.subarray(at, cut));
      at = Math.max(at, cut);
    }
    return r.finish().map((t) => t.map((f) => (f === null ? null : joinParts(f).toString())));
  };
  it('reads fields and nulls wherever the stream is cut, and refuses what is not a whole binary COPY stream', () => {
    const extension = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(3), Buffer.from('ext')]);
    const rows = Buffer.concat([int16(2), int32(3), Buffer.from('abc'), int32(-1), int16(1), int32(0), int16(2), int32(4), int32(7), int32(6), Buffer.from('厦门'), int16(-1)]);
    for (const head of [header, extension]) {
      const data = Buffer.concat([head, rows]);
      const want = [['abc', null], [''], ['\u0000\u0000\u0000\u0007', '厦门']];
      // whole, and cut at every byte (each field then spans many parts)
      expect(read(data, [])).toEqual(want);
      expect(read(data, Array.from({ length: data.length }, (_, i) => i))).toEqual(want);
      expect(() => read(data.subarray(0, data.length - 3), [])).toThrow(/不完整/);
      expect(() => read(Buffer.concat([data, int16(-1)]), [])).toThrow(/结束后/);
    }
    expect(() => read(Buffer.concat([Buffer.from('PGCOPX\n\xff\r\n\0', 'latin1'), rows]), [])).toThrow(/不是二进制 COPY/);
  });
});
