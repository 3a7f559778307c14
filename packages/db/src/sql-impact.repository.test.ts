/**
 * The scratch tables of an impact report computed inside PostgreSQL (sql-impact.repository.ts): each
 * side evaluated in slices (or taken from a stored run while it has all its rows), read under its
 * name by tasks running at once, and dropped when the report ends, whether it succeeds or fails;
 * those of a report whose process died are pruned, those of a running one never; concurrent reports
 * do not see each other's rows.
 */
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSqlImpactTables } from './sql-impact.repository.ts';
import type { SqlImpactSide } from './sql-impact.repository.ts';
import { pruneScratchTables, withScratchLock } from './sql-run-retention.ts';
import type { TestDb } from './test-support.ts';
import { openTestDb } from './test-support.ts';

const DATASET = 3;
const ENTERPRISES = 40;

/**
 * A side's "bundle statement" compiled with a row range: one row per enterprise of the slice
 * (`$1 ≤ row_no < $2`), its grade `$3` — stands for `bundleSql(…, { rowRange: true })`.
 */
const side = (name: string, grade: string, stored?: { runId: number; rows: number }): SqlImpactSide => ({
  name,
  statement: {
    text:
      "SELECT row_no, false AS outside, NULL::text AS section, NULL::text AS region_code, '{}'::int[] AS domains, '{}'::int[] AS departments, " +
      "ARRAY[$3::text] AS grades, '{r}'::text[] AS rules, '{NULL}'::float8[] AS scores, NULL::int AS s_by, NULL::text AS s_grade, NULL::float8 AS s_ratio, " +
      `NULL::float8 AS s_freq, NULL::text AS s_onsite, NULL::boolean AS s_diff FROM ds_enterprises WHERE dataset_id = ${DATASET} AND row_no >= $1 AND row_no < $2`,
    values: [0, 0, grade],
    sliced: true,
  },
  ...(stored ? { stored } : {}),
});

const scratchTables = async (t: TestDb) =>
  (await t.db.executeQuery<{ name: string }>(CompiledQuery.raw("select tablename as name from pg_tables where tablename like 'impact_scratch_%' order by 1"))).rows.map((r) => r.name);

/** Grades of a side as the report's statements read it: grade → enterprises. */
const gradesOf = (q: <R>(s: { text: string; values: readonly unknown[] }) => Promise<R[]>, name: string) =>
  q<{ grade: string; n: number }>({ text: `select grades[1] as grade, count(*)::int as n from ${name} group by 1 order by 1`, values: [] });

describe('impact report scratch tables (sql-impact.repository) on postgres', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('postgres');
    await t.db.executeQuery(
      CompiledQuery.raw(
        "insert into ds_enterprises (dataset_id, row_no, uscc, name, status, industry_code) select $1, g, 'U' || g, '企业' || g, 'active', 'C13' from generate_series(0, $2 - 1) g",
        [DATASET, ENTERPRISES],
      ),
    );
    // a stored run's rows: 40 enterprises graded S
    await t.db.executeQuery(
      CompiledQuery.raw("insert into sql_run_results (run_id, row_no, outside, domains, departments, grades, rules, scores) select 7, g, false, '{}', '{}', '{S}', '{s}', '{NULL}' from generate_series(0, $1 - 1) g", [ENTERPRISES]),
    );
  }, 120_000);
  afterAll(() => t?.destroy());

  it('evaluates a side in slices, takes the other from a stored run, reads both under their names at once, and drops its tables', async () => {
    const done = await withSqlImpactTables(
      t.db,
      [side('impact_base', 'X', { runId: 7, rows: ENTERPRISES }), side('impact_cand', 'B')],
      async ({ task, query, stored }) => {
        expect(stored).toEqual([true, false]);
        // both names in every session; several sessions at once
        const [base, cand, both] = await Promise.all([
          gradesOf(query, 'impact_base'),
          gradesOf(query, 'impact_cand'),
          task((q) => q<{ n: number }>({ text: 'select count(*)::int as n from impact_base b join impact_cand c using (row_no)', values: [] })),
        ]);
        expect(await scratchTables(t)).toHaveLength(2);
        return { base, cand, both: both[0]!.n };
      },
      { datasetId: DATASET, slices: 3 },
    );
    // the stored run's rows (S), and every enterprise of the three slices evaluated once (B)
    expect(done.value).toEqual({ base: [{ grade: 'S', n: ENTERPRISES }], cand: [{ grade: 'B', n: ENTERPRISES }], both: ENTERPRISES });
    expect(await scratchTables(t)).toEqual([]);
  });

  it('evaluates the side when the stored run lost rows meanwhile, and drops its tables when the counting fails', async () => {
    await expect(
      withSqlImpactTables(
        t.db,
        [side('impact_base', 'X', { runId: 8, rows: ENTERPRISES }), side('impact_cand', 'B')],
        async ({ query, stored }) => {
          expect(stored).toEqual([false, false]);
          expect(await gradesOf(query, 'impact_base')).toEqual([{ grade: 'X', n: ENTERPRISES }]);
          await query({ text: 'select no_such_column from impact_cand', values: [] });
        },
        { datasetId: DATASET, slices: 2 },
      ),
    ).rejects.toThrow(/no_such_column/);
    expect(await scratchTables(t)).toEqual([]);
    // no view left behind on a pooled connection either: the names are free in a plain session
    const views = await t.db.executeQuery<{ n: number }>(CompiledQuery.raw("select count(*)::int as n from pg_views where viewname in ('impact_base', 'impact_cand')"));
    expect(views.rows[0]!.n).toBe(0);
  });

  it('keeps the tables of a running report from a prune, drops those of a report that died', async () => {
    // a report killed mid-way: its tables, nobody holding its lock
    await t.db.executeQuery(CompiledQuery.raw('create unlogged table impact_scratch_999_0 (row_no int)'));
    await t.db.executeQuery(CompiledQuery.raw('create unlogged table impact_scratch_999_1 (row_no int)'));
    // and one whose lock is held (as by a report still filling its tables in another process)
    await t.db.executeQuery(CompiledQuery.raw('create unlogged table impact_scratch_998_0 (row_no int)'));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const hasLock = new Promise<void>((r) => (locked = r));
    const running = withScratchLock(t.db, -998, async () => {
      locked();
      await held;
    });
    await hasLock;
    const settled = await Promise.allSettled([pruneScratchTables(t.db), pruneScratchTables(t.db)]);
    expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
    expect(settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []))).toContain(999);
    expect(await scratchTables(t)).toEqual(['impact_scratch_998_0']);
    release();
    await running;
    expect(await pruneScratchTables(t.db)).toEqual([998]);
    expect(await scratchTables(t)).toEqual([]);
  });

  it('runs three reports at once, each reading its own rows', async () => {
    const report = (grade: string) =>
      withSqlImpactTables(t.db, [side('impact_base', 'S', { runId: 7, rows: ENTERPRISES }), side('impact_cand', grade)], ({ query }) => gradesOf(query, 'impact_cand'), {
        datasetId: DATASET,
        slices: 2,
      });
    const settled = await Promise.allSettled([report('A'), report('B'), report('C')]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.value : s.reason))).toEqual(['A', 'B', 'C'].map((grade) => [{ grade, n: ENTERPRISES }]));
    expect(await scratchTables(t)).toEqual([]);
  });
});
