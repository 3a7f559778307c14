/**
 * Citus (issue 16): when the `citus` extension is installed in the current database, the relational
 * dataset tables and the SQL engine's per-enterprise results are distributed and co-located, so the
 * bundle statement (`INSERT INTO sql_run_results … SELECT` over the dataset tables) runs on the workers.
 * On plain PostgreSQL (no `citus` row in `pg_extension`) nothing here does anything.
 *
 * Distribution column: `row_no`, in one co-location group. Every one of these tables has it, their
 * primary keys include it (Citus requires the distribution column in every unique constraint), and every
 * join of the generated SQL is on `dataset_id` + `row_no` — an equality on the distribution column, so
 * Citus pushes each join down to one shard group. Within a dataset `row_no` identifies the enterprise
 * exactly as its USCC does (one row per enterprise, `ds_enterprises (dataset_id, uscc)` unique in
 * practice), so distributing by `row_no` is distributing by enterprise — by USCC — with no extra column
 * on the side tables (which carry no USCC) and no change to the generated joins. Rows of one
 * enterprise (its statuses, records, list memberships, indicators and results) always live on the
 * same shard.
 *
 * `ds_relational_loads` stays a coordinator-local table: one row per dataset, never joined with the
 * distributed ones. There are no policy tables in the generated SQL (thresholds go in as parameters).
 * One small table is a reference table (a copy on every worker): `ds_indicator_keys`, a dataset's
 * indicator keys and their positions in the arrays of `ds_indicator_values`, which the statements
 * look up once each (uncorrelated scalar subqueries). Citus pushes these lookups down with the
 * statement: each shard's task computes them as init plans on its node's copy (Citus 13.2, EXPLAIN
 * VERBOSE of the bundle and signals statements), as plain PostgreSQL does. Left a coordinator table,
 * each lookup became a distributed subplan of its own (14 one-row intermediate results for the bundle
 * statement, 2 for the signals statement, computed on the coordinator and sent to the workers first);
 * the Citus run test passed that way too (same results), and at 1,000,000 enterprises the two statements
 * took about as long either way (bundle 10.0–11.0 s, signals 13.7–16.7 s, one slice, load 3–8: within the noise).
 *
 * Detection is by `pg_extension` of the current database, never by `pg_available_extensions` (the
 * library may be installed on a server whose databases do not use it).
 */
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/**
 * `analyze <tables>` (table names, comma-separated), on Citus with a tenth of the sample per shard.
 * Citus analyzes a distributed table shard by shard, each with the server's sample (300 ×
 * `default_statistics_target` rows): 32 shards sample 32 times the rows plain PostgreSQL does — the
 * analyze of `sql_run_results` holding a 1,000,000 and a 100,000 run took 4.6 s on Citus against 0.45 s
 * on plain PostgreSQL, and it follows every run's evaluation. With `default_statistics_target = 10`
 * sent to the workers (3,000 rows per shard, still three times plain PostgreSQL's sample in all) 0.6 s;
 * the statements read a run's rows by `run_id` and `row_no` ranges, which these statistics serve.
 * On plain PostgreSQL the statement is run as it is.
 */
export async function analyzeTables(db: AnyDb, tables: string): Promise<void> {
  if (!(await hasCitus(db))) {
    await db.executeQuery(CompiledQuery.raw(`analyze ${tables}`));
    return;
  }
  await db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw('set local citus.propagate_set_commands = local'));
    await trx.executeQuery(CompiledQuery.raw('set local default_statistics_target = 10'));
    await trx.executeQuery(CompiledQuery.raw(`analyze ${tables}`));
  });
}

/**
 * `VACUUM (ANALYZE)` of `tables` after a load (outside any transaction): fresh statistics, and every
 * new row's commit hint bits and the visibility map set once here — otherwise the first run after a
 * load sets them as it reads, dirtying and writing every page of the dataset (at 10,000,000 the first
 * run after a load took 192 s to evaluate, 281 s of PostgreSQL CPU at load ≈ 3; on the vacuumed tables
 * 88 s and 170 s, idle). On Citus, VACUUM is propagated to the shards; the statistics as {@link analyzeTables}.
 */
export async function vacuumTables(db: AnyDb, tables: string): Promise<void> {
  if (!(await hasCitus(db))) {
    await db.executeQuery(CompiledQuery.raw(`vacuum (analyze) ${tables}`));
    return;
  }
  await db.executeQuery(CompiledQuery.raw(`vacuum ${tables}`));
  await analyzeTables(db, tables);
}

/** The distributed tables, in creation order (the first is the co-location group's anchor). */
export const CITUS_DISTRIBUTED_TABLES = ['ds_enterprises', 'ds_statuses', 'ds_records', 'ds_list_members', 'ds_indicator_values', 'sql_run_results'] as const;
/** The reference tables (a copy on every worker). */
export const CITUS_REFERENCE_TABLES = ['ds_indicator_keys'] as const;
/** The distribution column of {@link CITUS_DISTRIBUTED_TABLES}. */
export const CITUS_DISTRIBUTION_COLUMN = 'row_no';

type AnyDb = Kysely<Database> | Kysely<any>;

const known = new WeakMap<object, Promise<boolean>>();

/**
 * On Citus, `jit = off` for the rest of transaction `trx` on the workers as well (the SQL engine's
 * settings, sqlEngineSettings, are the coordinator's: Citus sends a `SET LOCAL` to the workers only while
 * `citus.propagate_set_commands` is `local`). A task of the bundle statement costs about 7,000 per
 * 100,000 enterprises over 32 shards; from about 1,500,000 enterprises it passes `jit_above_cost`
 * (100,000) and every task compiles the statement's hundreds of expressions — with JIT forced on at
 * 100,000 the statement took 3.0 s against 1.2 s. Only JIT: the engine's `work_mem` (256 MB) in each of
 * up to 16 tasks at once per worker is left to the workers' own configuration, and so are the merge
 * joins (a shard is small). Only for a database with Citus (`hasCitus`; sqlEngineSettings asks its caller).
 */
export async function citusWorkerSettings(trx: AnyDb): Promise<void> {
  await trx.executeQuery(CompiledQuery.raw('set local citus.propagate_set_commands = local'));
  await trx.executeQuery(CompiledQuery.raw('set local jit = off'));
  await trx.executeQuery(CompiledQuery.raw('set local citus.propagate_set_commands = none'));
}

/** Whether the `citus` extension is installed in the current database (false on SQLite). */
export async function hasCitus(db: AnyDb): Promise<boolean> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return false;
  const r = await db.executeQuery<{ one: number }>(CompiledQuery.raw("select 1 as one from pg_extension where extname = 'citus'"));
  return r.rows.length > 0;
}

/**
 * Distributes {@link CITUS_DISTRIBUTED_TABLES} by `row_no`, co-located, and makes
 * {@link CITUS_REFERENCE_TABLES} reference tables, when Citus is installed and they are not yet (existing rows move to the shards). Idempotent; once per Kysely
 * instance after it has found them distributed. Returns whether Citus is present. Runs outside any
 * transaction of the caller (`create_distributed_table` is DDL).
 */
export async function ensureCitusLayout(db: AnyDb): Promise<boolean> {
  let p = known.get(db);
  if (!p) {
    p = layout(db);
    known.set(db, p);
    p.catch(() => known.delete(db));
  }
  return p;
}

async function layout(db: AnyDb): Promise<boolean> {
  if (!(await hasCitus(db))) return false;
  const done = await db.executeQuery<{ name: string }>(
    CompiledQuery.raw('select logicalrelid::regclass::text as name from pg_dist_partition'),
  );
  const distributed = new Set(done.rows.map((r) => r.name));
  let anchor: string | null = null;
  for (const t of CITUS_DISTRIBUTED_TABLES) {
    const exists = await db.executeQuery<{ one: number }>(CompiledQuery.raw('select 1 as one from pg_class where oid = to_regclass($1)', [t]));
    if (exists.rows.length === 0) continue;
    if (!distributed.has(t)) {
      await db.executeQuery(
        CompiledQuery.raw(
          `select create_distributed_table($1, $2, colocate_with => $3)`,
          [t, CITUS_DISTRIBUTION_COLUMN, anchor ?? 'default'],
        ),
      );
    }
    anchor ??= t;
  }
  for (const t of CITUS_REFERENCE_TABLES) {
    const exists = await db.executeQuery<{ one: number }>(CompiledQuery.raw('select 1 as one from pg_class where oid = to_regclass($1)', [t]));
    if (exists.rows.length > 0 && !distributed.has(t)) await db.executeQuery(CompiledQuery.raw('select create_reference_table($1)', [t]));
  }
  return true;
}

const LINES_PAGE =
  /FROM \(SELECT \* FROM sql_run_results WHERE run_id = (\$\d+::int) AND row_no > (\$\d+::int) ORDER BY row_no LIMIT (\$\d+::int)\) q\) r JOIN \(SELECT row_no, uscc, name FROM ds_enterprises WHERE dataset_id = (\$\d+::int) AND row_no > \$\d+::int AND row_no <= (\$\d+::int) ORDER BY row_no\) e ON e\.row_no = r\.row_no/;

/**
 * The run-lines page statement (`@policy/evaluation`'s `resultLinesSql`) as Citus runs it. On plain
 * PostgreSQL the page of `sql_run_results` (`ORDER BY row_no LIMIT`) is read first and merged with the
 * enterprises of its rows (`row_no` from its first to `end`, the statement's last row: the caller
 * knows it, the statements' first rows are counted up front). On Citus that page would be an
 * intermediate result sent to every shard to be joined with the enterprises there (and a lateral lookup
 * fenced with `OFFSET 0`, as before, Citus refuses: "Offset clause is currently unsupported when a
 * lateral subquery references a column from complex subqueries"). On Citus the page is read with its
 * enterprises' USCC and name in one co-located join, bounded by `end` as well as by the limit, so every
 * shard returns only its own rows of the page (about limit / shards; with the limit alone each shard
 * returns `limit` rows and the coordinator keeps one in 32), and the lines are built on the coordinator
 * from that page: 20,000 lines of 100,000 took 1.4–1.8 s with the page sent to the shards, 0.6 s so
 * (plain PostgreSQL 0.15 s), the same text. Same rows, same lines.
 */
export function citusLinesText(text: string): string {
  return text.replace(
    LINES_PAGE,
    (_, run: string, after: string, limit: string, ds: string, end: string) =>
      `FROM (SELECT s.*, e.uscc, e.name FROM sql_run_results s JOIN ds_enterprises e ON e.dataset_id = ${ds} AND e.row_no = s.row_no ` +
      `WHERE s.run_id = ${run} AND s.row_no > ${after} AND s.row_no <= ${end} ORDER BY s.row_no LIMIT ${limit}) q) r CROSS JOIN LATERAL (SELECT r.uscc, r.name) e`,
  );
}

const CODES_LOOKUP =
  /CROSS JOIN LATERAL \(SELECT c\.section, c\.domains, c\.departments FROM codes c WHERE c\.industry_code = r\.industry_code OFFSET 0\) c\)/;

/**
 * A statement of the SQL engine as Citus runs it: the bundle statement's lookup of each enterprise's
 * industry code (`@policy/evaluation`'s `bundleSql`, CTE `base`) becomes a plain join with the codes;
 * any other statement is returned as it is. On plain PostgreSQL the lookup is a lateral subquery
 * fenced with `OFFSET 0`, which PostgreSQL memoizes by the code, so the enterprises stay in row order
 * for the merge joins. On Citus the codes (`codes`, a CTE over the distinct codes of all shards) are an
 * intermediate result, and the lateral subquery became a scan of the whole result per enterprise in
 * every shard — the planner, counting a third of a shard's rows as distinct codes, did not memoize
 * it: at 100,000 enterprises the statement took 33–36 s against 1.3 s with the join (32 tasks, each
 * joining its shard with the ≈ 2,800 codes once). Same rows: an inner join on the code, as the
 * lateral subquery with its filter is.
 */
export function citusStatementText(text: string): string {
  // Citus's hook on DROP VIEW looks the schema `pg_temp` up by that name and fails ("schema pg_temp does not
  // exist"); unqualified, the name is looked up in the session's temporary schema first, as pg_temp. means
  return text.replace(CODES_LOOKUP, 'JOIN codes c ON c.industry_code = r.industry_code)').replace(DROP_TEMP_VIEW, 'DROP VIEW $1');
}

const DROP_TEMP_VIEW = /^DROP VIEW pg_temp\.([a-z_]+)$/;

/**
 * On Citus, distributes the new (empty) table `table` — a scratch table of the SQL engine with the
 * columns of `sql_run_results` — by `row_no`, co-located with `sql_run_results` and the dataset tables:
 * the bundle statement's `INSERT … SELECT` into it, the report's counting statements joining it with
 * the other side and the signals statement joining it with the dataset tables then run on the workers,
 * shard by shard. Left a coordinator table, every statement joining it with a distributed table is
 * refused ("direct joins between distributed and local tables are not supported") or pulls it whole
 * into every task. Nothing on plain PostgreSQL. Outside a transaction (DDL on the workers).
 */
export async function distributeScratchTable(db: AnyDb, table: string): Promise<void> {
  if (!(await hasCitus(db))) return;
  await db.executeQuery(CompiledQuery.raw('select create_distributed_table($1, $2, colocate_with => $3)', [table, CITUS_DISTRIBUTION_COLUMN, 'sql_run_results']));
}
