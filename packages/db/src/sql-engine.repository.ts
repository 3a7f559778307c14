/**
 * Storage of the SQL engine (issue 16; migration `2026_11_26_15_30_00_sql_engine`), PostgreSQL only:
 *
 * - indicator values of a relational dataset (`ds_indicator_values` and `ds_indicator_keys`, loaded with `COPY` like the other
 *   relational tables of relational-dataset.ts), and which content the relational tables hold
 *   (`ds_relational_loads`: a dataset is loaded again only when its content hash changed);
 * - a run's per-enterprise results evaluated inside PostgreSQL: `INSERT … SELECT` of a statement (the
 *   bundle statement of `@policy/evaluation`, passed in as text and values: this package does not
 *   import the evaluation) into `sql_run_results`, read back a page at a time in row order, and
 *   counted there for the run's aggregates.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EnterpriseRecord } from '@policy/schemas';
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Kysely, QueryResult } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './database.ts';
import { listDatasetChunks, readDatasetChunks } from './dataset-chunks.repository.ts';
import { DbError } from './errors.ts';
import { pgPool } from './raw.ts';
import { copyCell, loadRelationalDataset } from './relational-dataset.ts';
import { datasetContentHash } from './run.repository.ts';
import { analyzeTables, vacuumTables, citusLinesText, citusStatementText, citusWorkerSettings, ensureCitusLayout, hasCitus } from './citus.ts';
import { rowSlices, sqlSliceCount } from './sql-slices.ts';
import { storedChunkBytes } from './sql-run-lines-copy.ts';

/** The columns of `sql_run_results` a statement inserted with {@link insertSqlRunResults} returns (besides any others, ignored). */
export const SQL_RUN_RESULT_COLUMNS = [
  'row_no', 'outside', 'section', 'region_code', 'domains', 'departments', 'grades', 'rules', 'scores',
  's_by', 's_grade', 's_ratio', 's_freq', 's_onsite', 's_diff',
] as const;

/** Pages of lines built by one statement of {@link forEachSqlRunLinePage} (planning it takes ≈ 6 ms; each statement in flight holds its pages, ≈ 3 MB each, in this process). */
const LINE_PAGES_PER_STATEMENT = 4;

/** `work_mem` of the SQL engine's statements (per hash or sort node and process). */
export const SQL_WORK_MEM = '256MB';

const ARRAY_COLUMNS = ['domains', 'departments', 'grades', 'rules', 'scores'] as const;

/** One stored result of the SQL engine, with the enterprise's USCC and name. */
export interface SqlRunResultRow {
  row_no: number;
  uscc: string;
  name: string;
  outside: boolean;
  section: string | null;
  region_code: string | null;
  domains: number[];
  departments: number[];
  grades: (string | null)[];
  rules: (string | null)[];
  scores: (number | null)[];
  s_by: number | null;
  s_grade: string | null;
  s_ratio: number | null;
  s_freq: number | null;
  s_onsite: string | null;
  s_diff: boolean | null;
}

type Db = Kysely<Database>;

function requirePostgres(db: Db): void {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    throw new DbError('BAD_REQUEST', 'SQL 引擎只在 PostgreSQL 上可用 / the SQL engine runs on PostgreSQL only', { reason: 'invalid-input' });
  }
}

const run = async <R>(db: Db, text: string, values: readonly unknown[] = []): Promise<R[]> => (await db.executeQuery<R>(CompiledQuery.raw(text, [...values]))).rows;

/** A text as an element of a PostgreSQL array literal: always quoted (an unquoted `NULL` is the null element), `"` and `\\` escaped. */
const arrayText = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;

/**
 * The indicator values of a relational dataset, one row per enterprise (`ds_indicator_values`, see
 * migration `2026_11_27_21_00_00_indicator_values`): the dataset's keys numbered in order of first
 * appearance (`positions`, from 1: written to `ds_indicator_keys` at the end), each enterprise's value
 * kinds, numbers and texts as arrays by key position (NULL where it has no value for a key; `txts` NULL
 * when it has no text). A record without a (non-null) indicator value has no row.
 */
class IndicatorRows {
  readonly positions = new Map<string, number>();
  rows = 0;

  /** The COPY text line of record `x` (row `row` of dataset `ds`), or '' when it has no value. */
  line(ds: number, row: number, x: EnterpriseRecord): string {
    const ind = (x as { indicators?: Record<string, unknown> }).indicators;
    if (!ind) return '';
    const kinds: (number | null)[] = [];
    const nums: (number | null)[] = [];
    const txts: (string | null)[] = [];
    let texts = false;
    for (const key in ind) {
      const v = ind[key];
      if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string') continue;
      let pos = this.positions.get(key);
      if (pos === undefined) this.positions.set(key, (pos = this.positions.size + 1));
      while (kinds.length < pos) {
        kinds.push(null);
        nums.push(null);
        txts.push(null);
      }
      if (typeof v === 'string') {
        kinds[pos - 1] = 3;
        txts[pos - 1] = v;
        texts = true;
      } else {
        kinds[pos - 1] = typeof v === 'number' ? 1 : 2;
        nums[pos - 1] = typeof v === 'number' ? v : v ? 1 : 0;
      }
    }
    if (kinds.length === 0) return '';
    this.rows++;
    const list = (xs: (number | null)[]) => `{${xs.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
    const txt = texts ? copyCell(`{${txts.map((v) => (v === null ? 'NULL' : arrayText(v))).join(',')}}`) : '\\N';
    return `${ds}\t${row}\t${list(kinds)}\t${list(nums)}\t${txt}\n`;
  }
}

/**
 * Replaces the indicator values of dataset `datasetId` by those of `records` (numbered 0, 1, … in
 * order), in one transaction (`COPY … FROM STDIN` of one row per enterprise, then the keys'
 * positions). Returns the number of enterprises with a value.
 */
export async function loadRelationalIndicators(db: Db, datasetId: number, records: Iterable<EnterpriseRecord> | AsyncIterable<EnterpriseRecord>): Promise<number> {
  requirePostgres(db);
  const pool = pgPool(db);
  if (!pool) throw new Error('没有登记连接池 / no pg pool registered for this Kysely instance (use createDb)');
  const client = await pool.connect();
  let broken: Error | undefined;
  const rows = new IndicatorRows();
  try {
    await client.query('begin');
    await client.query('delete from ds_indicator_values where dataset_id = $1', [datasetId]);
    await client.query('delete from ds_indicator_keys where dataset_id = $1', [datasetId]);
    async function* chunks(): AsyncGenerator<string> {
      let row = 0;
      let text = '';
      for await (const x of records) {
        text += rows.line(datasetId, row++, x);
        if (text.length >= 1 << 18) {
          yield text;
          text = '';
        }
      }
      if (text !== '') yield text;
    }
    await pipeline(Readable.from(chunks()), client.query(copyFrom('copy ds_indicator_values (dataset_id, row_no, kinds, nums, txts) from stdin')));
    if (rows.positions.size > 0) {
      await client.query('insert into ds_indicator_keys (dataset_id, pos, key) select $1, p, k from unnest($2::int[], $3::text[]) u(p, k)', [
        datasetId,
        [...rows.positions.values()],
        [...rows.positions.keys()],
      ]);
    }
    await client.query('commit');
    return rows.rows;
  } catch (e) {
    try {
      await client.query('rollback');
    } catch (r) {
      broken = r instanceof Error ? r : new Error(String(r));
    }
    throw e;
  } finally {
    client.release(broken);
  }
}

/** The records of a stored dataset, chunk pages in import order. */
async function* storedRecords(db: Db, datasetId: number): AsyncIterable<EnterpriseRecord> {
  const chunks = await listDatasetChunks(db, datasetId);
  for (let k = 0; k < chunks.length; k += 16) {
    const page = await readDatasetChunks(db, datasetId, chunks.slice(k, k + 16).map((c) => c.chunkNo));
    for (const records of page) yield* records;
  }
}

/**
 * Makes the relational tables (enterprises, statuses, records, list memberships, indicators) hold
 * the stored dataset `datasetId` as it is now: loaded from its chunks unless the last load was of the
 * same content. Returns whether it loaded, and the dataset's content hash.
 */
export async function ensureRelationalDataset(db: Db, datasetId: number): Promise<{ loaded: boolean; contentHash: string; enterprises: number }> {
  requirePostgres(db);
  // one load per dataset at a time: two runs starting together on an unloaded dataset would otherwise both
  // delete and load it. The loader holds a session lock on a connection of its own; the others wait without
  // holding a connection (try, give it back, try again) and then find the dataset loaded.
  for (;;) {
    const outcome = await db.connection().execute(async (lockConn) => {
      const [got] = await run<{ ok: boolean }>(lockConn, "select pg_try_advisory_lock(hashtext('policy:relational-load'), $1) as ok", [datasetId]);
      if (!got?.ok) return null;
      try {
        return await loadUnlessCurrent(db, datasetId);
      } finally {
        await run(lockConn, "select pg_advisory_unlock(hashtext('policy:relational-load'), $1)", [datasetId]);
      }
    });
    if (outcome) return outcome;
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function loadUnlessCurrent(db: Db, datasetId: number): Promise<{ loaded: boolean; contentHash: string; enterprises: number }> {
  // on Citus: the tables distributed and co-located before anything is written to them
  await ensureCitusLayout(db);
  const contentHash = await datasetContentHash(db, datasetId);
  const [done] = await run<{ content_hash: string; enterprises: number }>(db, 'select content_hash, enterprises from ds_relational_loads where dataset_id = $1', [datasetId]);
  if (done && done.content_hash === contentHash) return { loaded: false, contentHash, enterprises: done.enterprises };
  await run(db, 'delete from ds_relational_loads where dataset_id = $1', [datasetId]);
  const counts = await loadRelationalDataset(db, datasetId, storedRecords(db, datasetId));
  await loadRelationalIndicators(db, datasetId, storedRecords(db, datasetId));
  await run(db, 'insert into ds_relational_loads (dataset_id, content_hash, enterprises) values ($1, $2, $3)', [datasetId, contentHash, counts.enterprises]);
  // fresh statistics (without them the planner meets the new rows blind: nested loops over a million rows),
  // and the rows' hint bits set here, not by the first run (citus.ts vacuumTables)
  await vacuumTables(db, 'ds_enterprises, ds_statuses, ds_records, ds_list_members, ds_indicator_values, ds_indicator_keys');
  return { loaded: true, contentHash, enterprises: counts.enterprises };
}

/**
 * Evaluates inside PostgreSQL: `INSERT INTO sql_run_results … SELECT` of `statement` (whose rows have
 * the columns {@link SQL_RUN_RESULT_COLUMNS}), restricted to the rows `rowFilter` keeps (SQL over the
 * statement's columns, e.g. a jurisdiction's region prefix; its values follow the statement's).
 * A statement compiled with a row range (`sliced`: its first two values are the slice) runs as
 * `slices` slices of dataset `datasetId` at once, each in its own transaction (sql-slices.ts); if
 * one fails the others are still awaited before the error is thrown, so no slice writes after the
 * caller has cleaned up. Returns the number of rows written.
 */
export async function insertSqlRunResults(
  db: Db,
  runId: number,
  statement: { text: string; values: readonly unknown[]; unorderedText?: string; sliced?: boolean; mergeJoins?: boolean },
  where?: { sql: string; values: unknown[] },
  options: { datasetId?: number; slices?: number } = {},
): Promise<number> {
  requirePostgres(db);
  const n = statement.values.length;
  const cols = SQL_RUN_RESULT_COLUMNS.join(', ');
  const filter = where ? ` WHERE ${where.sql.replace(/\$(\d+)/g, (_, k: string) => `$${Number(k) + n + 1}`)}` : '';
  // the rows' order does not matter to a table: without the final ORDER BY, no sort of millions of wide rows
  const text = `INSERT INTO sql_run_results (run_id, ${cols}) SELECT $${n + 1}::int, ${cols} FROM (\n${statement.unorderedText ?? statement.text}\n) q${filter}`;
  await run(db, 'delete from sql_run_results where run_id = $1', [runId]);
  // its expressions compiled (sqlEngineSettings), as PostgreSQL's cost decides
  const parts = await executeInSlices(db, { text, values: statement.values, sliced: statement.sliced, mergeJoins: statement.mergeJoins, jitExpressions: true }, [runId, ...(where?.values ?? [])], options, (r) => Number(r.numAffectedRows ?? 0));
  const written = parts.reduce((a, x) => a + x, 0);
  // statistics of the new rows, for the page reads that follow
  await analyzeTables(db, 'sql_run_results');
  return written;
}

/**
 * Runs a query of the SQL engine (e.g. a candidate's migration matrix) and returns its rows: one
 * list, or, for a statement compiled with a row range (`sliced`), one list per slice of dataset
 * `datasetId`, the slices run at once as {@link insertSqlRunResults} runs them (sql-slices.ts). The caller adds the slices' rows up (e.g. `mergeMigrationCells` of `@policy/evaluation`).
 */
export async function querySqlSlices<R>(
  db: Db,
  statement: { text: string; values: readonly unknown[]; sliced?: boolean; mergeJoins?: boolean },
  options: { datasetId?: number; slices?: number } = {},
): Promise<R[][]> {
  requirePostgres(db);
  return executeInSlices(db, statement, [], options, (r) => r.rows as R[]);
}

/**
 * Sets the SQL engine's settings for the rest of transaction `trx`: no JIT (compiling a statement's
 * hundreds of expressions costs seconds — 3 of 3.7 s at 20,000 enterprises — more than it saves even at
 * millions), but with `jitExpressions` (the bundle statement, plain PostgreSQL) its expressions compiled
 * without inlining or optimisation, where PostgreSQL's cost says the statement is large: a slice of
 * 500,000 enterprises 4.24–4.27 → 4.10–4.11 s of backend CPU, compilation included (the signals and the
 * lines gained nothing so); `work_mem` for the hash joins, aggregates and sorts over the enterprises (the
 * default 4 MB spills them to disk in dozens of batches at a million), and, for a statement whose inputs
 * come in row order (`mergeJoins`), no hash joins: it joins them by merging; for one whose groups are few
 * but whose columns suggest millions (`hashAggregates`), no sorts: it groups in a hash table.
 */
export async function sqlEngineSettings(trx: Db, options: { mergeJoins?: boolean; hashAggregates?: boolean; citus?: boolean; jitExpressions?: boolean } = {}): Promise<void> {
  // on Citus (the caller asked `hasCitus` once, not every transaction): no JIT on the workers either (citus.ts)
  if (options.citus) await citusWorkerSettings(trx);
  if (options.jitExpressions && !options.citus) {
    await trx.executeQuery(CompiledQuery.raw('set local jit = on'));
    await trx.executeQuery(CompiledQuery.raw('set local jit_inline_above_cost = -1'));
    await trx.executeQuery(CompiledQuery.raw('set local jit_optimize_above_cost = -1'));
  } else await trx.executeQuery(CompiledQuery.raw('set local jit = off'));
  await trx.executeQuery(CompiledQuery.raw(`set local work_mem = '${SQL_WORK_MEM}'`));
  if (options.mergeJoins) await trx.executeQuery(CompiledQuery.raw('set local enable_hashjoin = off'));
  if (options.hashAggregates) await trx.executeQuery(CompiledQuery.raw('set local enable_sort = off'));
}

/**
 * The bind values of each execution of `statement`: its own values, or, when it is `sliced` (the slice
 * in its first two values), one list per slice of dataset `datasetId` (`slices` of them, default
 * sql-slices.ts). On Citus too: a slice runs on every shard, and what a statement computes on the
 * coordinator (the signals' numbering and detail) is then done by as many backends — the
 * signals of 1,000,000 enterprises in 8.0 s with two slices against 13.0 s with one, the bundle
 * statement 6.3 against 6.6 s.
 */
export async function sliceValueLists(
  db: Db,
  statement: { values: readonly unknown[]; sliced?: boolean },
  options: { datasetId?: number; slices?: number },
): Promise<unknown[][]> {
  if (!statement.sliced) return [[...statement.values]];
  const count = options.slices ?? sqlSliceCount();
  const slices = options.datasetId === undefined ? [[0, 2 ** 31 - 1]] : await rowSlices(db, options.datasetId, count);
  return slices.map(([from, to]) => [from, to, ...statement.values.slice(2)]);
}

/**
 * Executes `statement` (its values, then `extra`) once, or once per slice when it is `sliced`
 * ({@link sliceValueLists}), the slices at once ({@link executeValueLists}).
 */
export async function executeInSlices<T>(
  db: Db,
  statement: { text: string; values: readonly unknown[]; sliced?: boolean; mergeJoins?: boolean; hashAggregates?: boolean; jitExpressions?: boolean },
  extra: readonly unknown[],
  options: { datasetId?: number; slices?: number },
  take: (r: QueryResult<unknown>) => T,
): Promise<T[]> {
  return executeValueLists(db, statement, await sliceValueLists(db, statement, options), () => extra, take);
}

/**
 * Executes `statement` once per list of `lists` (then the values `extra` gives for list k), at once,
 * each in its own transaction with the SQL engine's settings ({@link sqlEngineSettings}); if one fails
 * the others are still awaited before the error is thrown, so none works on after the caller has
 * cleaned up. `take` is told the result and k. On Citus the statement is first rewritten as Citus
 * runs it best ({@link citusStatementText}).
 */
export async function executeValueLists<T>(
  db: Db,
  statement: { text: string; mergeJoins?: boolean; hashAggregates?: boolean; jitExpressions?: boolean },
  lists: readonly (readonly unknown[])[],
  extra: (k: number) => readonly unknown[],
  take: (r: QueryResult<unknown>, k: number) => T,
): Promise<T[]> {
  const citus = await hasCitus(db);
  const text = citus ? citusStatementText(statement.text) : statement.text;
  const one = (values: readonly unknown[], k: number) =>
    db.transaction().execute(async (trx) => {
      await sqlEngineSettings(trx, { mergeJoins: statement.mergeJoins, hashAggregates: statement.hashAggregates, jitExpressions: statement.jitExpressions, citus });
      return take(await trx.executeQuery(CompiledQuery.raw(text, [...values, ...extra(k)])), k);
    });
  const settled = await Promise.allSettled(lists.map(one));
  const failed = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((x) => (x as PromiseFulfilledResult<T>).value);
}

/**
 * The stored SQL results of run `runId` in row order, `pageSize` at a time, each with the
 * enterprise's USCC and name from dataset `datasetId` (keyset pages: the process holds one page).
 */
export async function forEachSqlRunResultPage(db: Db, runId: number, datasetId: number, pageSize: number, fn: (rows: SqlRunResultRow[]) => void | Promise<void>): Promise<void> {
  requirePostgres(db);
  let after = -1;
  for (;;) {
    const rows = await sqlRunResultRows(db, runId, datasetId, after, pageSize);
    if (rows.length === 0) return;
    await fn(rows);
    after = rows[rows.length - 1]!.row_no;
    if (rows.length < pageSize) return;
  }
}

/** One page of a run's lines built in PostgreSQL (the page statement of `@policy/evaluation`'s `resultLinesSql`). */
export interface SqlRunLinesPage {
  first_row: number | null;
  last_row: number | null;
  /** Rows of the page, with those outside the register, and those in the register (one line each). */
  rows: number;
  in_register: number;
  /** Lines the statement left NULL: the page is to be encoded from its rows ({@link sqlRunResultRows}). */
  fallback: number;
  /** The page's lines: a text, or with `store` the UTF-8 bytes of a page the statement stored (read back as stored, in the parts they came in). */
  payload: string | Uint8Array[];
  /** With `store`: the page's chunk number (pages in row order from 0) and whether the statement stored it (not a fallback page). */
  chunk_no?: number;
  stored?: boolean;
}

/**
 * The pages of run `runId`'s lines in row order, built inside PostgreSQL by `statement` (it reads the
 * run's stored results; its bind values for the rows `row_no > after`, `limit` of them): the process
 * receives a page's text, not its rows. The statements' starting rows are counted first and
 * `concurrency` statements (default: the run's slices, sql-slices.ts; one on Citus) build pages at
 * once, each in its own backend, handed to `fn` in order — with one, the next statement is asked for
 * while `fn` handles the current one. With `store` (plain PostgreSQL; not on Citus, where the
 * caller stores them) each statement also stores its pages as the run's chunks (`run_results`, chunk
 * numbers in row order from 0) while the run is running, all but the fallback pages, which the caller
 * encodes and stores (`chunk_no`, `stored`): a page's text then goes to the process only to be hashed,
 * not back to be stored — read back as the stored bytes (sql-run-lines-copy.ts), never decoded.
 */
export async function forEachSqlRunLinePage(
  db: Db,
  statement: { text: string; values(after: number, limit: number, chunkRows?: number, end?: number): unknown[]; mergeJoins?: boolean },
  pageSize: number,
  fn: (page: SqlRunLinesPage) => void | Promise<void>,
  options: { runId: number; concurrency?: number; store?: boolean },
): Promise<void> {
  requirePostgres(db);
  // several pages per statement (planning its long expression costs milliseconds)
  const limit = pageSize * LINE_PAGES_PER_STATEMENT;
  const citus = await hasCitus(db);
  const store = options.store === true && !citus;
  const ask = async (after: number, end: number, k: number) => {
    const pages = await build(after, end, k);
    if (!store) return pages;
    // the pages the statement stored, as their stored bytes (after its commit)
    const bytes = await storedChunkBytes(db, options.runId, pages.filter((p) => p.stored).map((p) => p.chunk_no!));
    for (const p of pages) {
      if (!p.stored) continue;
      const b = bytes.get(p.chunk_no!);
      if (!b) throw new Error(`结果块 ${p.chunk_no} 未找到 / stored chunk ${p.chunk_no} of run ${options.runId} not found`);
      p.payload = b;
    }
    return pages;
  };
  const build = (after: number, end: number, k: number) =>
    db.transaction().execute(async (trx) => {
      // the pages' lines sorted in memory (not spilled), no JIT
      await sqlEngineSettings(trx, { citus, mergeJoins: statement.mergeJoins });
      // the statement's rows bounded by its last row too, the next statement's start
      const values = statement.values(after, limit, pageSize, end);
      if (citus) return run<SqlRunLinesPage>(trx, citusLinesText(statement.text), values);
      // every statement but the last covers `limit` rows: LINE_PAGES_PER_STATEMENT full pages, so statement k's first chunk is k × that
      if (store) return run<SqlRunLinesPage>(trx, storingLinesText(statement.text, values.length), [...values, options.runId, k * LINE_PAGES_PER_STATEMENT]);
      return run<SqlRunLinesPage>(trx, statement.text, values);
    });
  const concurrency = citus ? 1 : (options.concurrency ?? sqlSliceCount());
  // every statement's first row known up front (the last row of each `limit` stored results), so several run at once
  const ends = await run<{ row_no: number }>(
    db,
    'select row_no from (select row_no, row_number() over (order by row_no) as i from sql_run_results where run_id = $1) x where i % $2 = 0 order by row_no',
    [options.runId, limit],
  );
  const afters = [-1, ...ends.map((e) => e.row_no)];
  const inFlight: Promise<SqlRunLinesPage[]>[] = [];
  let next = 0;
  const fill = () => {
    while (inFlight.length < concurrency && next < afters.length) {
      inFlight.push(ask(afters[next]!, afters[next + 1] ?? 2 ** 31 - 1, next));
      next++;
    }
  };
  fill();
  try {
    while (inFlight.length > 0) {
      const pages = await inFlight.shift()!;
      fill();
      for (const page of pages) if (page.rows > 0) await fn(page);
    }
  } finally {
    // statements asked for ahead and not wanted any more (an error above): their failure, if any, is not this one
    for (const p of inFlight) p.catch(() => {});
  }
}

/**
 * The page statement `text` (`n` bind values, then the run id and the first chunk number) storing its
 * pages as the run's chunks in the same statement, but not the fallback pages nor any when the run is
 * not running: the pages with their `chunk_no` and whether they were `stored`.
 */
function storingLinesText(text: string, n: number): string {
  const run = `$${n + 1}::int`;
  return (
    `WITH p AS (\n${text}\n),\n` +
    `c AS (SELECT p.*, $${n + 2}::int + (row_number() OVER (ORDER BY p.first_row))::int - 1 AS chunk_no FROM p WHERE p.rows > 0),\n` +
    `s AS (INSERT INTO run_results (run_id, chunk_no, first_row, row_count, payload) ` +
    `SELECT ${run}, c.chunk_no, c.first_row, c.in_register, c.payload FROM c ` +
    `WHERE c.fallback = 0 AND EXISTS (SELECT 1 FROM runs r WHERE r.id = ${run} AND r.status = 'running') RETURNING chunk_no)\n` +
    // a stored page's text is read back as bytes by the caller, not sent here as text
    'SELECT c.first_row, c.last_row, c.rows, c.in_register, c.fallback, c.chunk_no, c.chunk_no IN (SELECT chunk_no FROM s) AS stored, ' +
    'CASE WHEN c.chunk_no IN (SELECT chunk_no FROM s) THEN NULL ELSE c.payload END AS payload FROM c ORDER BY c.first_row'
  );
}

/** The stored SQL results of run `runId` with `row_no > after`, `limit` of them in row order, each with the enterprise's USCC and name. */
export async function sqlRunResultRows(db: Db, runId: number, datasetId: number, after: number, limit: number): Promise<SqlRunResultRow[]> {
  requirePostgres(db);
  const scalars = SQL_RUN_RESULT_COLUMNS.filter((c) => !ARRAY_COLUMNS.includes(c as (typeof ARRAY_COLUMNS)[number]));
  // the five arrays as one JSON text per row: JSON.parse reads them several times faster than the
  // driver's array parser (floats print exactly in both: PostgreSQL's shortest round-trip form)
  const raw = await run<SqlRunResultRow & { arrays: string }>(
    db,
    `select r.${scalars.join(', r.')}, json_build_array(r.${ARRAY_COLUMNS.join(', r.')})::text as arrays, e.uscc, e.name ` +
      // the page first, then each row's enterprise by its key (a join would scan the enterprises from the start for every page)
      'from (select * from sql_run_results where run_id = $1 and row_no > $3 order by row_no limit $4) r ' +
      'cross join lateral (select uscc, name from ds_enterprises where dataset_id = $2 and row_no = r.row_no) e order by r.row_no',
    [runId, datasetId, after, limit],
  );
  return raw.map((r): SqlRunResultRow => {
    const a = JSON.parse(r.arrays) as [number[], number[], (string | null)[], (string | null)[], (number | null)[]];
    return {
      row_no: r.row_no, uscc: r.uscc, name: r.name, outside: r.outside, section: r.section, region_code: r.region_code,
      domains: a[0], departments: a[1], grades: a[2], rules: a[3], scores: a[4],
      s_by: r.s_by, s_grade: r.s_grade, s_ratio: r.s_ratio, s_freq: r.s_freq, s_onsite: r.s_onsite, s_diff: r.s_diff,
    };
  });
}

/** Enterprises of a run in the register per (document, grade, domain set, section, region): the input of the distributions. */
export interface SqlGradeGroup {
  doc: number;
  grade: string | null;
  domains: number[];
  departments: number[];
  section: string | null;
  region_code: string | null;
  n: number;
}

/** Enterprises of a run in the register per (domain set, sampling row). */
export interface SqlSamplingGroup {
  domains: number[];
  departments: number[];
  s_ratio: number | null;
  s_freq: number | null;
  s_diff: boolean | null;
  n: number;
}

/**
 * The counts the run's aggregates are computed from, counted inside PostgreSQL over
 * `sql_run_results` (enterprises outside the register left out): per document and grade with the
 * domain set, section and region; per domain set and sampling row; the outside count. With
 * `datasetId`, counted in slices of its rows at once, one backend each (`slices`, default
 * sql-slices.ts), the slices' lists put one after the other: a group may then appear
 * once per slice, and the caller adds equal groups up (`sqlRunAggregates` of @policy/evaluation does).
 * `regions`: the region codes of the run's rows in the order of their first row, '' (no region) first
 * — the order of {@link relationalRegions} for every region the run holds (a jurisdiction holds all or
 * none of a region's enterprises), counted in the same pass (at 10,000,000 the dataset's own count
 * was a parallel scan of every enterprise besides: ≈ 2 s of CPU).
 */
export async function sqlRunResultGroups(
  db: Db,
  runId: number,
  options: { datasetId?: number; slices?: number } = {},
): Promise<{ grades: SqlGradeGroup[]; sampling: SqlSamplingGroup[]; outside: number; n: number; regions: string[] }> {
  requirePostgres(db);
  // one pass over the slice's rows: its distinct combinations (grades, domain set, section, region,
  // sampling row) counted first — a few thousand — and the three counts made from those, not from the
  // rows. Hashed, never sorted: the planner, estimating millions of combinations from the columns'
  // statistics, sorted all the rows by nine columns instead (at 10,000,000 on disk: 43 s)
  const statement = {
    text:
      'with g as materialized (select outside, grades, domains, departments, section, region_code, s_ratio, s_freq, s_diff, count(*)::int as n, min(row_no) as first ' +
      'from sql_run_results where run_id = $3 and row_no >= $1 and row_no < $2 group by 1, 2, 3, 4, 5, 6, 7, 8, 9), ' +
      'gg as (select (d.k - 1)::int as doc, d.grade, g.domains, g.departments, g.section, g.region_code, sum(g.n)::int as n ' +
      'from g cross join lateral unnest(g.grades) with ordinality d(grade, k) where not g.outside group by d.k, d.grade, g.domains, g.departments, g.section, g.region_code), ' +
      'sg as (select domains, departments, s_ratio, s_freq, s_diff, sum(n)::int as n from g where not outside group by 1, 2, 3, 4, 5) ' +
      'select (select json_agg(gg) from gg) as grades, (select json_agg(sg) from sg) as sampling, ' +
      '(select coalesce(sum(n), 0)::int from g) as n, (select coalesce(sum(n) filter (where outside), 0)::int from g) as outside, ' +
      "(select json_agg(x) from (select coalesce(region_code, '') as r, min(first) as f from g group by 1) x) as regions",
    values: [0, 2 ** 31 - 1, runId],
    sliced: true,
    hashAggregates: true,
  };
  type Part = { grades: SqlGradeGroup[] | null; sampling: SqlSamplingGroup[] | null; n: number; outside: number; regions: { r: string; f: number }[] | null };
  const parts = await executeInSlices(db, statement, [], options, (r) => r.rows[0] as Part | undefined);
  // each region's first row over the slices
  const first = new Map<string, number>();
  for (const { r, f } of parts.flatMap((p) => p?.regions ?? [])) first.set(r, Math.min(f, first.get(r) ?? f));
  first.delete('');
  return {
    grades: parts.flatMap((p) => p?.grades ?? []),
    sampling: parts.flatMap((p) => p?.sampling ?? []),
    outside: parts.reduce((a, p) => a + (p?.outside ?? 0), 0),
    n: parts.reduce((a, p) => a + (p?.n ?? 0), 0),
    regions: ['', ...[...first].sort((a, b) => a[1] - b[1]).map(([r]) => r)],
  };
}

/** The region codes of dataset `datasetId` in the order of their first enterprise, '' (no region) first: the in-memory population's order. */
export async function relationalRegions(db: Db, datasetId: number): Promise<string[]> {
  requirePostgres(db);
  const rows = await run<{ r: string }>(
    db,
    "select coalesce(region_code, '') as r from ds_enterprises where dataset_id = $1 group by 1 order by min(row_no)",
    [datasetId],
  );
  return ['', ...rows.map((x) => x.r).filter((r) => r !== '')];
}
