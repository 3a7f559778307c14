import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneScratchResults, pruneSqlRunResults, withScratchLock } from './sql-run-retention.ts';
import type { TestDb } from './test-support.ts';
import { openTestDb } from './test-support.ts';

/** Writes `n` result rows under run id `runId` (a verification's scratch rows when negative). */
async function rowsOf(t: TestDb, runId: number, n = 50): Promise<void> {
  await t.db.executeQuery(
    CompiledQuery.raw(
      "insert into sql_run_results (run_id, row_no, outside, domains, departments, grades, rules, scores) " +
        "select $1, g, false, '{}', '{}', '{A}', '{a}', '{NULL}' from generate_series(0, $2 - 1) g",
      [runId, n],
    ),
  );
}
const countOf = async (t: TestDb, runId: number) =>
  Number((await t.db.executeQuery<{ n: string }>(CompiledQuery.raw('select count(*) as n from sql_run_results where run_id = $1', [runId]))).rows[0]!.n);

describe('scratch rows of verifications (sql-run-retention) on postgres', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('postgres');
  }, 120_000);
  afterAll(() => t?.destroy());

  it('deletes the rows of a verification that died, keeps those of one still running and every run of its own', async () => {
    await rowsOf(t, 7);
    await rowsOf(t, -5); // a verification killed mid-way: its rows, nobody holding its lock
    await rowsOf(t, -6);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const hasLock = new Promise<void>((r) => (locked = r));
    // verification -6 still running: it holds its lock on a connection of its own
    const running = withScratchLock(t.db, -6, async () => {
      locked();
      await held;
      return countOf(t, -6);
    });
    await hasLock;
    expect(await pruneScratchResults(t.db)).toEqual([-5]);
    expect(await countOf(t, -5)).toBe(0);
    expect(await countOf(t, -6)).toBe(50);
    release();
    expect(await running).toBe(50);
    // its connection gave the lock back: a later prune (here through pruneSqlRunResults, as after every run) removes what it left
    await pruneSqlRunResults(t.db);
    expect(await countOf(t, -6)).toBe(0);
    expect(await countOf(t, 7)).toBe(50);
  });

  it('prunes concurrently without errors or a row deleted twice over', async () => {
    for (const id of [-11, -12, -13, -14]) await rowsOf(t, id, 20);
    const settled = await Promise.allSettled([pruneScratchResults(t.db), pruneScratchResults(t.db), pruneScratchResults(t.db)]);
    expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
    const pruned = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
    // every scratch id deleted by one of the three at least; none left behind
    expect(new Set(pruned)).toEqual(new Set([-11, -12, -13, -14]));
    for (const id of [-11, -12, -13, -14]) expect(await countOf(t, id)).toBe(0);
  });

  it('reuses the space of the rows it deletes: the working table does not grow run after run', async () => {
    const size = async () => Number((await t.db.executeQuery<{ n: string }>(CompiledQuery.raw("select pg_relation_size('sql_run_results') as n"))).rows[0]!.n);
    const before = await size();
    await rowsOf(t, 901, 20_000);
    const one = (await size()) - before;
    await t.db.executeQuery(
      CompiledQuery.raw(
        `insert into runs (id, dataset_id, dataset_name, dataset_hash, at, versions, status, engine, progress_done, progress_total, created_by, created_at, heartbeat_at)
         values (901, 1, 'test', 'test', '2026-10-31', '[]', 'failed', 'sql', 0, 20000, 'test', now()::text, now()::text)`,
      ),
    );
    expect(await pruneSqlRunResults(t.db)).toContain(901);
    expect(await countOf(t, 901)).toBe(0);
    // the next run's rows go where the failed run's were (without VACUUM — autovacuum off — the table would double)
    await rowsOf(t, 902, 20_000);
    expect((await size()) - before).toBeLessThan(one * 1.2);
  });
});

