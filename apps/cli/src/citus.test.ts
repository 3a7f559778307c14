/**
 * Citus (issue 16, `@policy/db`'s citus.ts): the statements Citus refuses or runs badly are rewritten
 * for it — the run-lines statement's lateral lookup fenced with OFFSET 0 into a join, the bundle
 * statement's lookup of the industry codes into a join, a temporary view's drop unqualified — and plain
 * PostgreSQL is left alone. With CITUS_URL (a Citus coordinator's database with the extension and
 * workers; CI has none) the dataset tables and the results are distributed by row_no in one co-location
 * group, and the indicator keys are a reference table (the statements' scalar subqueries looking a key's
 * position up run in every shard's task against its copy); the bundle statement stored with
 * `INSERT … SELECT` (every step pushed down to the workers: sampling-sql.ts) gives every enterprise the
 * in-memory engine's result, the run's early warnings and triggers stored from it are the in-memory
 * run's rows, the candidate's migration matrix is the in-memory one, and the impact report's scratch
 * tables are distributed with the results and give the same matrices; without it that part is skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GradingDocument, PolicyDocument } from '@policy/schemas';
import { runLine } from '@policy/schemas';
import {
  buildPopulation,
  bundleSql,
  compileOrThrow,
  generatePopulation,
  gradingMigrationSql,
  impactMigrationSql,
  mergeMigrationCells,
  impactSignalsViewSql,
  impactStatements,
  resultLinesSql,
  runSignals,
  signalsSql,
} from '@policy/evaluation';
import type { BundleSqlRow, ImpactCell, MigrationCell } from '@policy/evaluation';
import {
  CITUS_DISTRIBUTED_TABLES,
  citusLinesText,
  citusStatementText,
  dropRelationalDataset,
  ensureCitusLayout,
  forEachSqlRunLinePage,
  forEachSqlRunResultPage,
  hasCitus,
  insertSqlRunResults,
  insertSqlRunSignals,
  loadRelationalDataset,
  loadRelationalIndicators,
  migrateToLatest,
  queryRelational,
  querySqlSlices,
  withSqlImpactTables,
} from '@policy/db';
import { createDb } from '@policy/db/client';
import { CITUS_URL, createScratchDatabase, DIALECTS } from '@policy/db/test-support';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const POLICIES: PolicyDocument[] = readdirSync(resolve(repo, 'policies'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => JSON.parse(readFileSync(resolve(repo, 'policies', d.name, 'v1.json'), 'utf8')) as PolicyDocument);

describe('Citus', () => {
  it('the run-lines statement reads its page with the enterprises in one join bounded by its last row, not the page sent to every shard', () => {
    const q = resultLinesSql(compileOrThrow({ documents: POLICIES }), 1, 1);
    // on plain PostgreSQL: the page merged with its enterprises from its first row to the last (`end`)
    const plain = /JOIN \(SELECT row_no, uscc, name FROM ds_enterprises WHERE dataset_id = \$\d+::int AND row_no > \$1::int AND row_no <= (\$\d+::int) ORDER BY row_no\) e ON e\.row_no = r\.row_no/;
    expect(q.text).toMatch(plain);
    const end = plain.exec(q.text)![1]!;
    expect(q.values(-1, 10, 10, 77)[Number(end.slice(1, -5)) - 1]).toBe(77);
    const c = citusLinesText(q.text);
    expect(c).not.toMatch(/FROM ds_enterprises WHERE/);
    expect(c).toMatch(/FROM sql_run_results s JOIN ds_enterprises e ON e\.dataset_id = \$\d+::int AND e\.row_no = s\.row_no WHERE s\.run_id = \$\d+::int AND s\.row_no > \$1::int AND s\.row_no <= \$(\d+)::int ORDER BY s\.row_no LIMIT \$2::int/);
    expect(c).toContain(`s.row_no <= ${end} ORDER BY`);
  });

  it('the bundle statement looks the industry codes up with a join on Citus; other statements are left as they are', () => {
    const ev = compileOrThrow({ documents: POLICIES });
    for (const q of [bundleSql(ev, '2026-10-31', 1), bundleSql(ev, '2026-10-31', 1, { rowRange: true })]) {
      expect(q.text).toMatch(/CROSS JOIN LATERAL \(SELECT c\.section, c\.domains, c\.departments FROM codes c WHERE/);
      for (const text of [q.text, q.unorderedText]) {
        const c = citusStatementText(text);
        expect(c).not.toMatch(/FROM codes c WHERE/);
        expect(c).toMatch(/FROM reg r JOIN codes c ON c\.industry_code = r\.industry_code\)/);
        // nothing else changes
        expect(c.replace('JOIN codes c ON c.industry_code = r.industry_code)', '')).toBe(
          text.replace('CROSS JOIN LATERAL (SELECT c.section, c.domains, c.departments FROM codes c WHERE c.industry_code = r.industry_code OFFSET 0) c)', ''),
        );
      }
    }
    const edited = ev.gradings[0]!.doc;
    for (const text of [signalsSql(ev, '2026-10-31', 1, 1, { rowRange: true }).text, gradingMigrationSql(edited, '2026-10-31', 1, { runId: 1, docIndex: 0 }).text]) {
      expect(citusStatementText(text)).toBe(text);
    }
    // Citus's hook on DROP VIEW cannot find the schema named pg_temp: the temporary view is dropped by its bare name
    const view = impactSignalsViewSql('base');
    expect(view.drop.text).toBe('DROP VIEW pg_temp.sql_run_results');
    expect(citusStatementText(view.drop.text)).toBe('DROP VIEW sql_run_results');
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
      // the indicator keys (looked up by the statements' scalar subqueries): a copy on every worker
      const reference = await queryRelational<{ t: string }>(h.db, {
        text: "select table_name::text as t from citus_tables where citus_table_type = 'reference'",
        values: [],
      });
      expect(reference.map((r) => r.t)).toContain('ds_indicator_keys');
    } finally {
      await h.destroy();
    }
  });

  it.skipIf(!CITUS_URL)(
    'on a Citus coordinator the run (results, signals), the candidate compare and the impact report give the in-memory results',
    async () => {
      const h = createDb(CITUS_URL);
      // a dataset and a run of their own, removed after (the coordinator's database may hold others)
      const datasetId = 990_016;
      const at = '2026-10-31';
      let runId: number | null = null;
      try {
        const m = await migrateToLatest(h.db);
        if (m.error) throw m.error;
        const records = generatePopulation({ count: 3000, seed: 16, at });
        await loadRelationalDataset(h.db, datasetId, records);
        // the indicator values read by the models and the triggers (their keys' positions in the reference table)
        expect(await loadRelationalIndicators(h.db, datasetId, records)).toBeGreaterThan(0);
        const [keys] = await queryRelational<{ n: number }>(h.db, { text: 'select count(*)::int as n from ds_indicator_keys where dataset_id = $1', values: [datasetId] });
        expect(keys?.n).toBeGreaterThan(0);
        const now = new Date().toISOString();
        const run = await h.db
          .insertInto('runs')
          .values({ dataset_id: datasetId, dataset_name: 'citus', dataset_hash: 'x', dataset_version: null, at, jurisdiction: null, versions: '[]', status: 'running', progress_done: 0, progress_total: 0, created_by: 'test', created_at: now, heartbeat_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        runId = Number(run.id);
        const ev = compileOrThrow({ documents: POLICIES });
        const pop = buildPopulation(records);
        const result = ev.evaluate(pop, at);

        // the results, by the run's statement (two slices at once, each on every shard; the codes joined)
        const q = bundleSql(ev, at, datasetId, { rowRange: true });
        expect(await insertSqlRunResults(h.db, runId, q, undefined, { datasetId, slices: 2 })).toBe(records.length);
        let seen = 0;
        await forEachSqlRunResultPage(h.db, runId, datasetId, 1000, (rows) => {
          for (const row of rows) {
            expect(q.toJSON(row as BundleSqlRow)).toEqual(result.toJSON(row.row_no));
            seen++;
          }
        });
        expect(seen).toBe(records.length);
        // analyzed with a tenth of the sample per shard (a histogram of 11 bounds, not 101): 32 shards, not 32 samples
        const bounds = await queryRelational<{ n: number }>(h.db, {
          text:
            "select result::int as n from run_command_on_shards('sql_run_results', $$select coalesce(max(array_length(histogram_bounds::text::text[], 1)), 0) " +
            "from pg_stats where tablename = '%s' and attname = 'row_no'$$)",
          values: [],
        });
        expect(bounds.length).toBeGreaterThan(0);
        expect(bounds.every((b) => b.n > 0 && b.n <= 11)).toBe(true);

        // the run's lines, built on the coordinator from pages read with the enterprises (pages of 100, 400 per statement)
        let expectedLines = '';
        for (let i = 0; i < records.length; i++) {
          const json = result.toJSON(i);
          if (!json.outsideRegister) expectedLines += runLine(i, JSON.stringify(json));
        }
        let lines = '';
        let pages = 0;
        await forEachSqlRunLinePage(h.db, resultLinesSql(ev, runId, datasetId), 100, (page) => {
          lines += page.payload;
          pages++;
        }, { runId });
        expect(pages).toBe(records.length / 100);
        if (lines !== expectedLines) expect(lines.split('\n')).toEqual(expectedLines.split('\n'));

        // the SQL engine's statements run without JIT on the workers too (a setting evaluated in the shards)
        const settings = await querySqlSlices<{ jit: string; n: number }>(h.db, {
          text: "select current_setting('jit') as jit, count(*)::int as n from ds_enterprises where dataset_id = $1 group by 1",
          values: [datasetId],
        });
        expect(settings).toEqual([[{ jit: 'off', n: records.length }]]);

        // the early warnings and triggers (three slices at once): the rows the in-memory run stores, in its order
        const expected = runSignals(ev, pop, result, null).map((x) => ({
          kind: x.kind, document_id: x.documentId, code: x.code, owner: x.owner, row_no: x.row, uscc: x.uscc, name: x.name, departments: JSON.stringify(x.departments), detail: JSON.stringify(x.detail),
        }));
        expect(expected.length).toBeGreaterThan(100);
        expect(await insertSqlRunSignals(h.db, runId, signalsSql(ev, at, runId, datasetId, { rowRange: true }), { datasetId, slices: 3 })).toBe(expected.length);
        const stored = await queryRelational<Record<string, unknown>>(h.db, {
          text: 'select kind, document_id, code, owner, row_no, uscc, name, departments, detail from run_signals where run_id = $1 order by seq',
          values: [runId],
        });
        expect(stored).toEqual(expected);

        // a candidate: the first grading with a window one year longer (enterprises move)
        const edited = ev.gradings[0]!.doc;
        const window = edited.content.window;
        const candidate = { ...edited, content: { ...edited.content, window: { ...window, years: (window.years ?? 0) + 1 } } } as GradingDocument;
        const evC = compileOrThrow({ documents: POLICIES.map((d) => (d.id === edited.id ? candidate : d)) });
        const after = evC.evaluate(pop, at);
        const matrix = (id: string, inRegister: boolean) => {
          const cells = new Map<string, number>();
          for (let i = 0; i < records.length; i++) {
            const x = result.toJSON(i);
            if (inRegister && x.outsideRegister) continue;
            const key = `${x.results[id]?.grade ?? null}→${after.toJSON(i).results[id]?.grade ?? null}`;
            cells.set(key, (cells.get(key) ?? 0) + 1);
          }
          return cells;
        };
        // in two slices at once, as on plain PostgreSQL (each slice on every shard), added up
        const parts = await querySqlSlices<MigrationCell>(h.db, gradingMigrationSql(candidate, at, datasetId, { runId, docIndex: 0 }, { rowRange: true }), { datasetId, slices: 2 });
        expect(parts).toHaveLength(2);
        const compare = mergeMigrationCells(parts);
        const moved = compare.filter((c) => c.from_grade !== c.to_grade).reduce((a, c) => a + c.n, 0);
        expect(moved).toBeGreaterThan(0);
        expect(new Map(compare.map((c) => [`${c.from_grade}→${c.to_grade}`, c.n]))).toEqual(matrix(edited.id, true));

        // the impact report's scratch tables: distributed with the results, the base from the stored run, every document's matrix
        const st = impactStatements(ev, evC, at, datasetId);
        const done = await withSqlImpactTables(
          h.db,
          [
            { name: 'impact_base', statement: st.base, stored: { runId, rows: records.length } },
            { name: 'impact_cand', statement: st.candidate },
          ],
          async ({ query, stored: used }) => {
            const tables = await query<{ t: string; g: number }>({
              text: "select table_name::text as t, colocation_id as g from citus_tables where table_name::text like 'impact_scratch_%' or table_name::text = 'sql_run_results'",
              values: [],
            });
            return { used, tables, cells: await query<ImpactCell>(impactMigrationSql(st.pairs)) };
          },
          { datasetId },
        );
        expect(done.value.used).toEqual([true, false]);
        expect(done.value.tables).toHaveLength(3);
        expect(new Set(done.value.tables.map((t) => t.g)).size).toBe(1);
        st.pairs.forEach((p, k) => {
          const cells = done.value.cells.filter((c) => c.doc === k);
          expect(new Map(cells.map((c) => [`${c.from_grade}→${c.to_grade}`, c.n]))).toEqual(matrix(p.id, false));
        });
        // dropped when the report ends
        const left = await queryRelational(h.db, { text: "select 1 from pg_class where relname like 'impact_scratch_%'", values: [] });
        expect(left).toHaveLength(0);
      } finally {
        if (runId !== null) {
          await queryRelational(h.db, { text: 'delete from run_signals where run_id = $1', values: [runId] });
          await queryRelational(h.db, { text: 'delete from sql_run_results where run_id = $1', values: [runId] });
          await queryRelational(h.db, { text: 'delete from runs where id = $1', values: [runId] });
        }
        await queryRelational(h.db, { text: 'delete from ds_indicator_values where dataset_id = $1', values: [datasetId] });
        await queryRelational(h.db, { text: 'delete from ds_indicator_keys where dataset_id = $1', values: [datasetId] });
        await dropRelationalDataset(h.db, datasetId);
        await h.destroy();
      }
    },
    180_000,
  );
});
