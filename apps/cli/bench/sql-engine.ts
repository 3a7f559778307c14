/**
 * SQL engine against the in-memory engine (issue 16): for each size N (default 100,000 and
 * 1,000,000), N generated enterprises (`generateEnterprises`, the policies of policies/) evaluated at
 * one date both ways, side by side, in a fresh PostgreSQL database on `TEST_PG_URL` (dropped after):
 *
 * - in memory: load (JSON text of the records parsed and built into a population — what a run does
 *   with the stored chunks), evaluate, encode the run's chunks (the stored lines);
 * - in SQL: load once (`COPY` into the relational tables + indicators + ANALYZE: paid when the dataset
 *   changes, not per run), evaluate with `INSERT … SELECT` into `sql_run_results`, then read it back a
 *   chunk at a time and encode the same lines.
 *
 * Prints seconds per phase and per run, and the crossover: fitting `a + b·N` to each engine's run time
 * (without the SQL one-off load), the size below which the in-memory engine is faster. Both paths'
 * lines are hashed and must agree. `--counts 100000,1000000`, `--json`.
 * Run (from apps/cli): `pnpm bench:sql -- --counts 100000`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EnterpriseRecord, PolicyDocument } from '@policy/schemas';
import { RUN_CHUNK_ROWS, runLine } from '@policy/schemas';
import { buildPopulation, bundleSql, compileOrThrow, generateEnterprises, runChunks } from '@policy/evaluation';
import type { BundleSqlRow } from '@policy/evaluation';
import { forEachSqlRunResultPage, insertSqlRunResults, loadRelationalDataset, loadRelationalIndicators, migrateToLatest, queryRelational } from '@policy/db';
import { createDb } from '@policy/db/client';
import { createScratchDatabase } from '@policy/db/test-support';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const counts = (flag('counts') ?? '100000,1000000').split(',').map(Number);
const asJson = argv.includes('--json');
const AT = '2026-10-31';
const repo = resolve(import.meta.dirname, '../../..');
const documents = readdirSync(resolve(repo, 'policies'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => JSON.parse(readFileSync(resolve(repo, 'policies', d.name, 'v1.json'), 'utf8')) as PolicyDocument);
const ev = compileOrThrow({ documents });
const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;

interface Row {
  n: number;
  memory: { load: number; evaluate: number; lines: number; run: number };
  sql: { load: number; evaluate: number; lines: number; run: number };
  sameLines: boolean;
}
const rows: Row[] = [];

for (const n of counts) {
  // the records' JSON lines (one string each: a million joined would pass V8's string limit)
  const lines = Array.from(generateEnterprises({ count: n, seed: 16, at: AT }), (r) => JSON.stringify(r));
  // ---- in memory
  global.gc?.();
  let t = performance.now();
  const records = lines.map((l) => JSON.parse(l) as EnterpriseRecord);
  lines.length = 0;
  const pop = buildPopulation(records);
  const mLoad = seconds(t);
  t = performance.now();
  const result = ev.evaluate(pop, AT);
  const mEval = seconds(t);
  t = performance.now();
  const mh = createHash('sha256');
  for (const c of runChunks(result, null)) mh.update(c.payload);
  const mLines = seconds(t);
  const memoryHash = mh.digest('hex');

  // ---- in SQL
  const scratch = await createScratchDatabase('postgres', 'policy_bench_sql');
  const h = createDb(scratch.url);
  try {
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    t = performance.now();
    await loadRelationalDataset(h.db, 1, records);
    await loadRelationalIndicators(h.db, 1, records);
    await queryRelational(h.db, { text: 'analyze', values: [] });
    const sLoad = seconds(t);
    records.length = 0;
    const q = bundleSql(ev, AT, 1);
    t = performance.now();
    await insertSqlRunResults(h.db, 1, q);
    const sEval = seconds(t);
    t = performance.now();
    const sh = createHash('sha256');
    await forEachSqlRunResultPage(h.db, 1, 1, RUN_CHUNK_ROWS, (page) => {
      let payload = '';
      for (const r of page) if (!r.outside) payload += runLine(r.row_no, JSON.stringify(q.toJSON(r as BundleSqlRow)));
      sh.update(payload);
    });
    const sLines = seconds(t);
    const r = (x: number) => Math.round(x * 100) / 100;
    rows.push({
      n,
      memory: { load: mLoad, evaluate: mEval, lines: mLines, run: r(mLoad + mEval + mLines) },
      sql: { load: sLoad, evaluate: sEval, lines: sLines, run: r(sEval + sLines) },
      sameLines: sh.digest('hex') === memoryHash,
    });
  } finally {
    await h.destroy();
    await scratch.drop();
  }
}

/** Per-enterprise run time (µs) of each engine, the slope of the fitted line a + b·N (null: a single size). */
function slopes(): { memory: number; sql: number } | null {
  if (rows.length < 2) return null;
  const [p, q] = [rows[0]!, rows[rows.length - 1]!];
  const us = (f: (r: Row) => number) => Math.round(((f(q) - f(p)) / (q.n - p.n)) * 1e8) / 100;
  return { memory: us((r) => r.memory.run), sql: us((r) => r.sql.run) };
}

/** Size where the two fitted lines a + b·N meet (null: one engine wins at every size, or a single size). */
function crossover(): number | null {
  if (rows.length < 2) return null;
  const [p, q] = [rows[0]!, rows[rows.length - 1]!];
  const fit = (f: (r: Row) => number) => {
    const b = (f(q) - f(p)) / (q.n - p.n);
    return { a: f(p) - b * p.n, b };
  };
  const mem = fit((r) => r.memory.run);
  const sql = fit((r) => r.sql.run);
  if (mem.b <= sql.b) return null;
  return Math.max(0, Math.round((sql.a - mem.a) / (mem.b - sql.b)));
}

const cross = crossover();
const perEnterprise = slopes();
if (asJson) console.log(JSON.stringify({ at: AT, rows, crossover: cross, microsecondsPerEnterprise: perEnterprise }));
else {
  console.log('enterprises | memory load / evaluate / lines = run (s) | SQL load (once) | SQL evaluate / lines = run (s) | same lines');
  for (const r of rows) {
    console.log(
      `${r.n.toLocaleString('en')} | ${r.memory.load} / ${r.memory.evaluate} / ${r.memory.lines} = ${r.memory.run} | ${r.sql.load} | ${r.sql.evaluate} / ${r.sql.lines} = ${r.sql.run} | ${r.sameLines}`,
    );
  }
  if (perEnterprise) console.log(`每家用时 / per enterprise: 内存 memory ${perEnterprise.memory} µs, SQL ${perEnterprise.sql} µs`);
  const memoryWins = !perEnterprise || perEnterprise.memory <= perEnterprise.sql;
  const [zh, en] = memoryWins ? ['内存引擎', 'the in-memory engine'] : ['SQL 引擎', 'the SQL engine'];
  console.log(
    cross === null
      ? `没有交叉点：按拟合${zh}在每个规模都更快 / no crossover: ${en} is faster at every size (fitted)`
      : `交叉点约 ${cross.toLocaleString('en')} 家：更少时内存引擎更快 / crossover ≈ ${cross.toLocaleString('en')} enterprises: below it the in-memory engine wins`,
  );
}
