/**
 * SQL engine against the in-memory engine (issue 16): for each size N (default 100,000 and
 * 1,000,000), N generated enterprises (`generateEnterprises`, the policies of policies/) evaluated at
 * one date both ways, side by side, in a PostgreSQL database on `TEST_PG_URL`:
 *
 * - in SQL (first, so the process's RSS is the SQL run's): load once (`COPY` into the relational
 *   tables + indicators + ANALYZE, streamed from the generator: paid when the dataset changes, not per
 *   run), evaluate with `INSERT … SELECT` into `sql_run_results` (the results stored), then read them
 *   back a chunk at a time as the run's lines and store them in `run_results` (as a run does); then the aggregates counted in PostgreSQL, and a
 *   candidate (the first grading with its window one year longer) compared with the stored results:
 *   its migration matrix (`gradingMigrationSql`, in slices at once as the run; the distributions are its sums). The Node process's
 *   RSS is sampled through the SQL run and printed (peak);
 * - the run's early warnings and triggers: in SQL `INSERT INTO run_signals … SELECT` of `signalsSql`
 *   over the stored results (`insertSqlRunSignals`, in slices at once as the run), at the same time as
 *   the lines and the aggregates (`storeSqlRunOutputs`, as a run; `--sequential`: after them, as before
 *   session 13); in memory `runSignals` over the evaluation (the rows `completeRun` stores), part of
 *   its run time; the numbers of rows must agree;
 * - in memory (up to `--memory-max`, default 2,000,000: above that the population does not fit the
 *   process comfortably): load (JSON text of the records parsed and built into a population — what a
 *   run does with the stored chunks), evaluate, encode the run's chunks (the stored lines).
 *
 * Prints seconds per phase and per run, Node CPU seconds of the SQL run, the load average, and the
 * crossover: fitting `a + b·N` to each engine's run time (without the SQL one-off load), the size
 * below which the in-memory engine is faster. Both paths' lines are hashed and must agree.
 * `--slices K` (the SQL run's slices evaluated at once and line statements built at once; default
 * `sqlSliceCount()`: the cores here, at most 8), `--counts 100000,1000000`, `--json`, `--reuse` (keep the database `policy_bench_sql_<N>` and its
 * loaded dataset for the next run instead of a fresh one dropped after), `--memory-max N`.
 * Run (from apps/cli): `pnpm bench:sql -- --counts 100000`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { EnterpriseRecord, GradingDocument, PolicyDocument } from '@policy/schemas';
import { buildPopulation, bundleSql, compileOrThrow, generateEnterprises, gradingMigrationSql, mergeMigrationCells, resultLinesSql, runChunks, runEarlyWarnings, runSignals, runWarningsSql, signalsSql, sqlRunAggregates } from '@policy/evaluation';
import type { MigrationCell } from '@policy/evaluation';
import {
  insertSqlRunResults,
  loadRelationalDataset,
  loadRelationalIndicators,
  migrateToLatest,
  queryRelational,
  querySqlSlices,
  configureSqlSlices,
  sqlSliceCount,
  storeSqlRunOutputs,
  writeRunChunk,
} from '@policy/db';
import { createDb } from '@policy/db/client';
import { createScratchDatabase, TEST_PG_URL } from '@policy/db/test-support';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const counts = (flag('counts') ?? '100000,1000000').split(',').map(Number);
const asJson = argv.includes('--json');
const reuse = argv.includes('--reuse');
const sequential = argv.includes('--sequential');
const memoryMax = Number(flag('memory-max') ?? 2_000_000);
// slices of the SQL run evaluated at once (each its own backend); default as the server: sqlSliceCount()
const slices = Number(flag('slices') ?? sqlSliceCount());
// the pages of the lines are built by as many statements at once (the setting forEachSqlRunLinePage reads)
configureSqlSlices(slices);
const AT = '2026-10-31';
const repo = resolve(import.meta.dirname, '../../..');
const documents = readdirSync(resolve(repo, 'policies'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => JSON.parse(readFileSync(resolve(repo, 'policies', d.name, 'v1.json'), 'utf8')) as PolicyDocument);
const ev = compileOrThrow({ documents });
// the candidate: the first grading with a window one year longer (more records count: enterprises move)
const edited = ev.gradings[0]!.doc;
const window = edited.content.window;
const candidate = { ...edited, content: { ...edited.content, window: { ...window, years: (window.years ?? 0) + 1 } } } as GradingDocument;
/**
 * CPU seconds PostgreSQL has used on this machine (Linux: every `postgres` process's user + system
 * time, and the postmaster's reaped children — parallel workers and closed backends); null when the
 * server's processes cannot be read (another machine). Counts other clients of the same server too.
 */
function pgCpuSeconds(): number | null {
  try {
    let ticks = 0;
    let found = false;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      if (!stat.includes('(postgres)')) continue;
      found = true;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 after the command
      ticks += Number(f[11]) + Number(f[12]);
      if (f[1] === '1') ticks += Number(f[13]) + Number(f[14]);
    }
    return found ? ticks / 100 : null;
  } catch {
    return null;
  }
}
/** Bytes of WAL the server has written so far (every database's: other clients of the server count too). */
async function walBytes(db: ReturnType<typeof createDb>['db']): Promise<number> {
  const [r] = await queryRelational<{ b: number }>(db, { text: "select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8 as b", values: [] });
  return r!.b;
}
const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;
const round2 = (x: number) => Math.round(x * 100) / 100;
const mb = (bytes: number) => Math.round(bytes / (1 << 20));

interface Row {
  n: number;
  memory: { load: number; evaluate: number; lines: number; run: number; rssMB: number; signals: number; signalRows: number } | null;
  sql: { signals: number; signalRows: number; load: number | null; evaluate: number; lines: number; aggregates: number; outputs: number; sequential: boolean; run: number; compare: number; nodeCpu: number; pgCpu: number | null; pgCpuEvaluate: number | null; rssMB: number };
  moved: number;
  sameLines: boolean | null;
  /** Same number of signal rows both ways (null: in memory not run). */
  sameSignals: boolean | null;
  loadAverage: number[];
}
const rows: Row[] = [];

/** Run `id` of the bench's dataset (1), running over `n` enterprises: the row its chunks and signals refer to. */
async function benchRun(db: ReturnType<typeof createDb>['db'], id: number, n: number): Promise<void> {
  await queryRelational(db, {
    text: `insert into runs (id, dataset_id, dataset_name, dataset_hash, at, versions, status, progress_done, progress_total, created_by, created_at, heartbeat_at)
           values ($1, 1, 'bench', 'bench', $2, '[]', 'running', 0, $3, 'bench', now()::text, now()::text) on conflict (id) do nothing`,
    values: [id, AT, n],
  });
}

/** A database for size `n`: with `--reuse` the kept `policy_bench_sql_<n>` (created when missing), else a fresh one dropped after. */
async function databaseFor(n: number): Promise<{ url: string; drop(): Promise<void> }> {
  if (!reuse) return createScratchDatabase('postgres', 'policy_bench_sql');
  const name = `policy_bench_sql_${n}`;
  const admin = createDb(TEST_PG_URL);
  try {
    const found = await queryRelational(admin.db, { text: 'select 1 from pg_database where datname = $1', values: [name] });
    if (found.length === 0) await queryRelational(admin.db, { text: `create database ${name}`, values: [] });
  } finally {
    await admin.destroy();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => {} };
}

for (const n of counts) {
  const loadAverage = loadavg().map((x) => Math.round(x * 100) / 100);
  const generated = () => generateEnterprises({ count: n, seed: 16, at: AT });

  // ---- in SQL
  const database = await databaseFor(n);
  const h = createDb(database.url);
  let sqlHash: string;
  let sqlRow: Row['sql'];
  let moved: number;
  try {
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    const [have] = await queryRelational<{ n: number }>(h.db, { text: 'select count(*)::int as n from ds_enterprises where dataset_id = 1', values: [] });
    let sLoad: number | null = null;
    // a database kept from before the indicators' layout changed (migration 2026_11_27_21_00_00) has the enterprises but no values
    const [values] = await queryRelational<{ n: number }>(h.db, { text: 'select count(*)::int as n from ds_indicator_values where dataset_id = 1', values: [] });
    if (have?.n !== n || values?.n === 0) {
      const t = performance.now();
      if (have?.n !== n) await loadRelationalDataset(h.db, 1, generated());
      await loadRelationalIndicators(h.db, 1, generated());
      // as a load by the server or the CLI (ensureRelationalDataset): statistics and hint bits set before the first run
      await queryRelational(h.db, { text: 'vacuum (analyze)', values: [] });
      sLoad = seconds(t);
    }
    global.gc?.();
    // the process's RSS through the run, sampled (a timer, and between pages)
    let rss = process.memoryUsage.rss();
    const sample = () => {
      rss = Math.max(rss, process.memoryUsage.rss());
    };
    const timer = setInterval(sample, 25);
    // the run's row (its chunks and signals refer to it), running, with no chunks left from an earlier round
    await benchRun(h.db, 1, n);
    // an earlier round's rows (--reuse) deleted and vacuumed, so every round writes into the same clean
    // tables (this machine's PostgreSQL runs without autovacuum: dead rows would pile up round after round)
    for (const table of ['sql_run_results', 'run_signals', 'run_results']) {
      await queryRelational(h.db, { text: `delete from ${table} where run_id in (1, 2)`, values: [] });
    }
    await queryRelational(h.db, { text: 'vacuum sql_run_results, run_signals, run_results', values: [] });
    const walBytes0 = await walBytes(h.db);
    const cpu0 = process.cpuUsage();
    const pg0 = pgCpuSeconds();
    const q = bundleSql(ev, AT, 1, { rowRange: true });
    let t = performance.now();
    await insertSqlRunResults(h.db, 1, q, undefined, { datasetId: 1, slices });
    const sEval = seconds(t);
    const pgEval = pgCpuSeconds();
    // each phase's CPU: PostgreSQL's (every backend; other clients of the server count too) and this process's
    let phasePg = pg0;
    let phaseNode = cpu0;
    let phaseWal = walBytes0;
    const phaseCpu = async () => {
      const pg = pgCpuSeconds();
      const node = process.cpuUsage(phaseNode);
      const wal = await walBytes(h.db);
      const text = `CPU PostgreSQL ${pg === null || phasePg === null ? '?' : round2(pg - phasePg)} s + Node ${round2((node.user + node.system) / 1e6)} s, WAL ${mb(wal - phaseWal)} MB`;
      phasePg = pg;
      phaseNode = process.cpuUsage();
      phaseWal = wal;
      return text;
    };
    const progress = async (what: string) => console.error(`${n.toLocaleString('en')}: ${what}, ${await phaseCpu()} (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, RSS ${mb(rss)} MB)`);
    await progress(`evaluated and stored in ${sEval} s (${slices} slices at once)`);
    t = performance.now();
    const sh = createHash('sha256');
    let inNode = 0;
    // the run's lines built in PostgreSQL a chunk at a time, stored and hashed, then the aggregates counted,
    // and at the same time the early warnings and triggers stored (as `runs create --engine sql` does;
    // `--sequential`: the signals after the rest, as before session 13)
    const out = await storeSqlRunOutputs(
      h.db,
      { id: 1, datasetId: 1 },
      { bundle: q, lines: resultLinesSql(ev, 1, 1), signals: signalsSql(ev, AT, 1, 1, { rowRange: true }), warnings: runWarningsSql(ev, 1) },
      (chunk) => {
        if (typeof chunk.payload === 'string') sh.update(chunk.payload);
        else for (const part of chunk.payload) sh.update(part);
        if (chunk.encodedInNode) inNode++;
        sample();
      },
      { slices, sequential },
    );
    sqlRunAggregates(ev, AT, out.groups, out.regions);
    if (out.warnings) runEarlyWarnings(ev, out.warnings);
    // the chunks are all there, as a run's completion requires
    const [stored] = await queryRelational<{ n: number }>(h.db, { text: 'select count(*)::int as n from run_results where run_id = 1', values: [] });
    if (stored?.n !== out.chunks) throw new Error(`${stored?.n} chunks stored, ${out.chunks} built`);
    const sOutputs = seconds(t);
    const [sLines, sAgg, sSignals] = [out.timings.chunksMs, out.timings.aggregatesMs, out.timings.signalsMs].map((ms) => round2(ms / 1000)) as [number, number, number];
    const signalRows = out.signals;
    await progress(
      `lines built and stored in ${sLines} s, aggregates in ${sAgg} s, ${out.sequential ? 'then' : 'at the same time'} signals (${signalRows.toLocaleString('en')} rows) computed and stored in ${sSignals} s (${slices} slices at once): ${sOutputs} s`,
    );
    const cpu = process.cpuUsage(cpu0);
    const pg1 = pgCpuSeconds();
    clearInterval(timer);
    sample();
    // the candidate against the stored results: its migration matrix
    t = performance.now();
    const cells = mergeMigrationCells(
      await querySqlSlices<MigrationCell>(h.db, gradingMigrationSql(candidate, AT, 1, { runId: 1, docIndex: 0 }, { rowRange: true }), { datasetId: 1, slices }),
    );
    const sCompare = seconds(t);
    await progress(`candidate compared in ${sCompare} s (${slices} slices at once)`);
    moved = cells.filter((c) => c.from_grade !== c.to_grade).reduce((a, c) => a + c.n, 0);
    sqlHash = sh.digest('hex');
    if (inNode > 0) console.error(`${inNode} chunks encoded in Node (numbers PostgreSQL prints otherwise)`);
    sqlRow = {
      signals: sSignals, signalRows, load: sLoad, evaluate: sEval, lines: sLines, aggregates: sAgg, outputs: sOutputs, sequential: out.sequential, run: round2(sEval + sOutputs), compare: sCompare,
      nodeCpu: round2((cpu.user + cpu.system) / 1e6), pgCpu: pg0 === null || pg1 === null ? null : round2(pg1 - pg0), pgCpuEvaluate: pg0 === null || pgEval === null ? null : round2(pgEval - pg0), rssMB: mb(rss),
    };
  } finally {
    await h.destroy();
  }

  // ---- in memory (where the population fits)
  let memory: Row['memory'] = null;
  let sameLines: boolean | null = null;
  if (n <= memoryMax) {
    // the records' JSON lines (one string each: a million joined would pass V8's string limit)
    const lines = Array.from(generated(), (r) => JSON.stringify(r));
    global.gc?.();
    let t = performance.now();
    const records = lines.map((l) => JSON.parse(l) as EnterpriseRecord);
    lines.length = 0;
    const pop = buildPopulation(records);
    records.length = 0;
    const mLoad = seconds(t);
    t = performance.now();
    const result = ev.evaluate(pop, AT);
    const mEval = seconds(t);
    // the run's chunks encoded and stored (run 2 of the same database, as the SQL run's)
    const hm = createDb(database.url);
    let mLines: number;
    const mh = createHash('sha256');
    try {
      await benchRun(hm.db, 2, n);
      t = performance.now();
      let done = 0;
      for (const c of runChunks(result, null)) {
        mh.update(c.payload);
        done += c.rowCount;
        await writeRunChunk(hm.db, 2, c, done);
      }
      mLines = seconds(t);
    } finally {
      await hm.destroy();
    }
    t = performance.now();
    const mSignalRows = runSignals(ev, pop, result, null).length;
    const mSignals = seconds(t);
    // the run as the SQL one's: its signals included (computed; the in-memory run stores them with its completion, not timed here)
    memory = { load: mLoad, evaluate: mEval, lines: mLines, run: round2(mLoad + mEval + mLines + mSignals), rssMB: mb(process.memoryUsage.rss()), signals: mSignals, signalRows: mSignalRows };
    sameLines = mh.digest('hex') === sqlHash;
  }
  await database.drop();
  rows.push({ n, memory, sql: sqlRow, moved, sameLines, sameSignals: memory ? memory.signalRows === sqlRow.signalRows : null, loadAverage });
}

/** The fitted lines a + b·N of both engines' run times over the sizes both ran (null: fewer than two). */
function fits(): { memory: { a: number; b: number }; sql: { a: number; b: number } } | null {
  const both = rows.filter((r) => r.memory !== null);
  if (both.length < 2) return null;
  const [p, q] = [both[0]!, both[both.length - 1]!];
  const fit = (f: (r: Row) => number) => {
    const b = (f(q) - f(p)) / (q.n - p.n);
    return { a: f(p) - b * p.n, b };
  };
  return { memory: fit((r) => r.memory!.run), sql: fit((r) => r.sql.run) };
}

const fitted = fits();
/** Per-enterprise run time (µs) of each engine: the slope of the fitted line. */
const perEnterprise = fitted && { memory: Math.round(fitted.memory.b * 1e8) / 100, sql: Math.round(fitted.sql.b * 1e8) / 100 };
/** Size where the two fitted lines meet (null: one engine wins at every size, or fewer than two sizes). */
const cross = !fitted || fitted.memory.b <= fitted.sql.b ? null : Math.max(0, Math.round((fitted.sql.a - fitted.memory.a) / (fitted.memory.b - fitted.sql.b)));

if (asJson) console.log(JSON.stringify({ at: AT, rows, crossover: cross, microsecondsPerEnterprise: perEnterprise }));
else {
  console.log(
    `enterprises | load avg | memory load / evaluate / lines / signals = run (s), RSS MB | SQL load (once) | SQL evaluate + (lines, aggregates ∥ or then signals: each part's own time) = run (s), CPU s Node + PostgreSQL (of which evaluate), Node RSS MB | compare (s), moved | same lines`,
  );
  for (const r of rows) {
    const mem = r.memory ? `${r.memory.load} / ${r.memory.evaluate} / ${r.memory.lines} / ${r.memory.signals} = ${r.memory.run}, ${r.memory.rssMB} MB` : '— (not run: above --memory-max)';
    console.log(
      `${r.n.toLocaleString('en')} | ${r.loadAverage.join(' ')} | ${mem} | ${r.sql.load ?? 'reused'} | ` +
        `${r.sql.evaluate} + ${r.sql.outputs} (${r.sql.lines}, ${r.sql.aggregates} ${r.sql.sequential ? 'then' : '∥'} ${r.sql.signals}) = ${r.sql.run}, ${r.sql.nodeCpu} + ${r.sql.pgCpu ?? '?'} (${r.sql.pgCpuEvaluate ?? '?'}) s, ${r.sql.rssMB} MB | ${r.sql.compare}, ${r.moved.toLocaleString('en')} | ${r.sameLines ?? '—'}`,
    );
  }
  console.log('enterprises | signals in memory: runSignals (s), rows | signals in SQL: INSERT … SELECT (s), rows | same number');
  for (const r of rows) {
    console.log(`${r.n.toLocaleString('en')} | ${r.memory ? `${r.memory.signals}, ${r.memory.signalRows.toLocaleString('en')}` : '—'} | ${r.sql.signals}, ${r.sql.signalRows.toLocaleString('en')} | ${r.sameSignals ?? '—'}`);
  }
  if (perEnterprise) console.log(`每家用时 / per enterprise: 内存 memory ${perEnterprise.memory} µs, SQL ${perEnterprise.sql} µs`);
  const memoryWins = !perEnterprise || perEnterprise.memory <= perEnterprise.sql;
  const [zh, en] = memoryWins ? ['内存引擎', 'the in-memory engine'] : ['SQL 引擎', 'the SQL engine'];
  console.log(
    !fitted
      ? '交叉点：需要两个两种引擎都运行的规模 / crossover: needs two sizes both engines ran'
      : cross === null
        ? `没有交叉点：按拟合${zh}在每个规模都更快 / no crossover: ${en} is faster at every size (fitted)`
        : `交叉点约 ${cross.toLocaleString('en')} 家：更少时内存引擎更快 / crossover ≈ ${cross.toLocaleString('en')} enterprises: below it the in-memory engine wins`,
  );
}
