/**
 * Citus (issue 16, `@policy/db`'s citus.ts): the run-lines statement Citus refuses (a lateral lookup
 * fenced with OFFSET 0) is rewritten into a join, and plain PostgreSQL is left alone. With CITUS_URL
 * (a Citus coordinator's database with the extension and workers; CI has none) the dataset tables and
 * the results are distributed by row_no in one co-location group, and the bundle statement stored with
 * `INSERT … SELECT` (every step pushed down to the workers: sampling-sql.ts) gives every enterprise the
 * in-memory engine's result; without it that part is skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '@policy/schemas';
import { buildPopulation, bundleSql, compileOrThrow, generatePopulation, resultLinesSql } from '@policy/evaluation';
import type { BundleSqlRow } from '@policy/evaluation';
import {
  CITUS_DISTRIBUTED_TABLES,
  citusLinesText,
  dropRelationalDataset,
  ensureCitusLayout,
  forEachSqlRunResultPage,
  hasCitus,
  insertSqlRunResults,
  loadRelationalDataset,
  loadRelationalIndicators,
  migrateToLatest,
  queryRelational,
} from '@policy/db';
import { createDb } from '@policy/db/client';
import { CITUS_URL, createScratchDatabase, DIALECTS } from '@policy/db/test-support';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const POLICIES: PolicyDocument[] = readdirSync(resolve(repo, 'policies'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => JSON.parse(readFileSync(resolve(repo, 'policies', d.name, 'v1.json'), 'utf8')) as PolicyDocument);

describe('Citus', () => {
  it('the run-lines statement looks enterprises up with a join, not the lateral subquery Citus refuses', () => {
    const q = resultLinesSql(compileOrThrow({ documents: POLICIES }), 1, 1);
    expect(q.text).toMatch(/CROSS JOIN LATERAL/);
    const c = citusLinesText(q.text);
    expect(c).not.toMatch(/LATERAL/);
    expect(c).toMatch(/JOIN ds_enterprises e ON e\.dataset_id = \$\d+::int AND e\.row_no = r\.row_no/);
  });

  it.skipIf(!DIALECTS.includes('postgres'))('plain PostgreSQL is not taken for Citus', async () => {
    const scratch = await createScratchDatabase('postgres', 'policy_citus');
    const h = createDb(scratch.url);
    try {
      const m = await migrateToLatest(h.db);
      if (m.error) throw m.error;
      expect(await hasCitus(h.db)).toBe(false);
      expect(await ensureCitusLayout(h.db)).toBe(false);
    } finally {
      await h.destroy();
      await scratch.drop();
    }
  });

  it.skipIf(!CITUS_URL)('on a Citus coordinator the dataset tables and results are distributed by row_no, co-located', async () => {
    const h = createDb(CITUS_URL);
    try {
      const m = await migrateToLatest(h.db);
      if (m.error) throw m.error;
      expect(await ensureCitusLayout(h.db)).toBe(true);
      const rows = await queryRelational<{ t: string; col: string; g: number }>(h.db, {
        text: "select table_name::text as t, distribution_column as col, colocation_id as g from citus_tables where citus_table_type = 'distributed'",
        values: [],
      });
      const mine = rows.filter((r) => (CITUS_DISTRIBUTED_TABLES as readonly string[]).includes(r.t));
      expect(mine.map((r) => r.t).sort()).toEqual([...CITUS_DISTRIBUTED_TABLES].sort());
      expect(new Set(mine.map((r) => r.col))).toEqual(new Set(['row_no']));
      expect(new Set(mine.map((r) => r.g)).size).toBe(1);
    } finally {
      await h.destroy();
    }
  });

  it.skipIf(!CITUS_URL)('on a Citus coordinator the bundle statement stored with INSERT … SELECT gives every enterprise the in-memory result', async () => {
    const h = createDb(CITUS_URL);
    // a dataset and a run of their own, removed after (the coordinator's database may hold others)
    const datasetId = 990_016;
    const runId = 990_016;
    const at = '2026-10-31';
    try {
      const m = await migrateToLatest(h.db);
      if (m.error) throw m.error;
      const records = generatePopulation({ count: 3000, seed: 16, at });
      await loadRelationalDataset(h.db, datasetId, records);
      await loadRelationalIndicators(h.db, datasetId, records);
      const ev = compileOrThrow({ documents: POLICIES });
      const result = ev.evaluate(buildPopulation(records), at);
      const q = bundleSql(ev, at, datasetId);
      expect(await insertSqlRunResults(h.db, runId, q)).toBe(records.length);
      let seen = 0;
      await forEachSqlRunResultPage(h.db, runId, datasetId, 1000, (rows) => {
        for (const row of rows) {
          expect(q.toJSON(row as BundleSqlRow)).toEqual(result.toJSON(row.row_no));
          seen++;
        }
      });
      expect(seen).toBe(records.length);
    } finally {
      await queryRelational(h.db, { text: 'delete from sql_run_results where run_id = $1', values: [runId] });
      await queryRelational(h.db, { text: 'delete from ds_indicators where dataset_id = $1', values: [datasetId] });
      await dropRelationalDataset(h.db, datasetId);
      await h.destroy();
    }
  }, 120_000);
});
