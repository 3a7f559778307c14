/**
 * A started run evaluated inside PostgreSQL (issue 16), the one executor of the server
 * (apps/server/src/sql-engine-run.ts, above `POLICY_SQL_ENGINE_MIN_ENTERPRISES`) and of
 * `policy runs create --engine sql` (apps/cli/src/commands/runs-sql.ts):
 *
 * 1. the relational copy is made current (`ensureRelationalDataset`, under its advisory lock) and
 *    must hold the content the run was started on (a delta meanwhile fails the run);
 * 2. the bundle statement is evaluated with `INSERT … SELECT` into `sql_run_results` (a
 *    jurisdiction: the enterprises whose region code starts with it, as `jurisdictionRows`);
 * 3. the run's chunks — the same lines, chunks and hash as an in-memory run, so exports,
 *    `runs.verify` and sign-off do not tell them apart — are built there a chunk at a time
 *    (`RUN_CHUNK_ROWS` stored results) and stored by the same statements (the Node process hashes
 *    them, it does not send them back); a page holding a number PostgreSQL prints otherwise than
 *    JavaScript is encoded and stored here from its rows instead;
 * 4. at the same time as 3 (when the pool has room for both; else after 5), the run's early warnings
 *    and triggers are written with `INSERT … SELECT` into `run_signals` (`insertSqlRunSignals`, in
 *    slices at once as the results, `seq` in order), the rows the in-memory run stores with its
 *    completion, then the stored warnings counted for the run's early-warning summary
 *    (`runWarningsSql`, as the in-memory run keeps it with its aggregates; `storeSqlRunOutputs` does 3–5);
 * 5. the aggregates are counted there (`sqlRunResultGroups`) and the run completed; any failure marks
 *    it failed with the reason (its chunks and signals removed) and is thrown again for the caller;
 * 6. the `sql_run_results` rows no longer needed are deleted (sql-run-retention.ts).
 *
 * The SQL and the decoding come from `@policy/evaluation` (`sqlRunPlan`: `bundleSql`,
 * `resultLinesSql`, `sqlRunAggregates`, `signalsSql`), passed in as {@link SqlRunEvaluation}: this
 * package does not import it.
 */
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import { RUN_CHUNK_ROWS, runLine } from '@policy/schemas';
import type { Actor } from './actor.ts';
import { GarbageBudget } from './garbage.ts';
import type { Database } from './database.ts';
import { completeRun, failRun, inputsOf, recordRunProgress, RunHasher, writeRunChunk } from './run.repository.ts';
import { insertSqlRunSignals } from './run-signals-sql.ts';
import type { SqlSignalsStatement } from './run-signals-sql.ts';
import { pruneSqlRunResults } from './sql-run-retention.ts';
import { pgPool } from './raw.ts';
import { sqlSliceCount } from './sql-slices.ts';
import type { Run } from './run.repository.ts';
import {
  ensureRelationalDataset,
  forEachSqlRunLinePage,
  insertSqlRunResults,
  sqlRunResultGroups,
  sqlRunResultRows,
} from './sql-engine.repository.ts';
import type { SqlGradeGroup, SqlRunResultRow, SqlSamplingGroup } from './sql-engine.repository.ts';

type Db = Kysely<Database>;

/** The page statement of a run's lines (`resultLinesSql` of @policy/evaluation). */
export interface SqlLinesStatement {
  text: string;
  /** Its bind values for the `limit` rows `row_no > after`, none beyond `end`, in pages of `chunkRows`. */
  values(after: number, limit: number, chunkRows?: number, end?: number): unknown[];
  /** Run without hash joins (`sqlEngineSettings`). */
  mergeJoins?: boolean;
}

/** The bundle statement (`bundleSql` of @policy/evaluation): its text, values and the decoding of a stored row. */
export interface SqlBundleStatement {
  text: string;
  values: readonly unknown[];
  unorderedText?: string;
  /** The result JSON of one stored row (the in-memory run's `EvaluationResult.toJSON`). */
  toJSON(row: SqlRunResultRow): unknown;
}

/** Chunks stored by the SQL engine's statements between two records of a run's progress (and heartbeat). */
const PROGRESS_CHUNKS = 8;

/** What the evaluation gives the SQL engine for one run, compiled from the bundle in force at the run's date. */
export interface SqlRunEvaluation {
  statement: SqlBundleStatement;
  /** The statement building pages of the lines of the results stored under `runId`. */
  lines(runId: number): SqlLinesStatement;
  /** The run's aggregates from the counts made in PostgreSQL, the dataset's regions in population order and the counts of its stored warnings. */
  aggregates(counts: { grades: SqlGradeGroup[]; sampling: SqlSamplingGroup[]; outside: number; n: number }, regions: string[], warnings?: SqlWarningCounts | null): unknown;
  /** The statement counting the warnings stored for run `runId` (`runWarningsSql`), null when the bundle has none. */
  warnings?(runId: number): { text: string; values: readonly unknown[] } | null;
  /** The statement of the `run_signals` rows of the run whose results are stored under `runId` (`sliced`: stored in slices at once, as the results). */
  signals(runId: number): SqlSignalsStatement;
}

/**
 * A chunk of a run's stored lines: its first dataset row, the lines (enterprises in the register) and
 * the rows it covers. A chunk the statement that built it has stored (`stored`) comes as its stored
 * UTF-8 bytes (in parts, to be read in order) or as text; one the caller is to store, always as text.
 */
export type SqlRunChunk = {
  firstRow: number;
  rowCount: number;
  rows: number;
  /** Whether the chunk was encoded here from its rows (a number PostgreSQL prints otherwise than JavaScript). */
  encodedInNode: boolean;
  /** The chunk's number (row order from 0). */
  chunkNo: number;
} & ({ stored: true; payload: string | Uint8Array[] } | { stored: false; payload: string });

/**
 * The chunks of the lines of the results stored under `runId` (`RUN_CHUNK_ROWS` each, in row
 * order), built inside PostgreSQL by `lines`; a page holding a number PostgreSQL prints otherwise
 * than JavaScript is encoded here from its rows instead (`statement.toJSON`), so the lines are always
 * those of the in-memory run. With `store`, the statements building them store them as the run's
 * chunks too (but the pages encoded here, and all on Citus): `stored` says which.
 */
export async function forEachSqlRunChunk(
  db: Db,
  statement: Pick<SqlBundleStatement, 'toJSON'>,
  lines: SqlLinesStatement,
  runId: number,
  datasetId: number,
  fn: (chunk: SqlRunChunk) => Promise<void> | void,
  options: { store?: boolean } = {},
): Promise<void> {
  // the pages' texts die as soon as handled; collected every few tens of MB (garbage.ts)
  const budget = new GarbageBudget();
  let chunkNo = 0;
  await forEachSqlRunLinePage(db, lines, RUN_CHUNK_ROWS, async (page) => {
    let payload = page.payload;
    if (page.fallback > 0) {
      payload = '';
      for (const r of await sqlRunResultRows(db, runId, datasetId, page.first_row! - 1, page.rows)) {
        if (!r.outside) payload += runLine(r.row_no, JSON.stringify(statement.toJSON(r)));
      }
    }
    const no = chunkNo++;
    if (page.chunk_no !== undefined && page.chunk_no !== no) throw new Error(`结果块编号 ${page.chunk_no} 应为 ${no} / chunk ${page.chunk_no} where ${no} was expected`);
    const base = { firstRow: page.first_row!, rowCount: page.in_register, rows: page.rows, encodedInNode: page.fallback > 0, chunkNo: no };
    if (page.stored === true) await fn({ ...base, stored: true, payload });
    else if (typeof payload === 'string') await fn({ ...base, stored: false, payload });
    // only a page its statement stored is read back as bytes (forEachSqlRunLinePage)
    else throw new Error(`结果块 ${no} 未存储却以字节返回 / chunk ${no} came as bytes but was not stored`);
    // texts only: bytes read back (sql-run-lines-copy.ts) live outside V8's heap, which it counts and collects by itself
    if (typeof payload === 'string') budget.spent(payload.length);
  }, { runId, store: options.store });
}

/**
 * Builds and stores the chunks of the lines of the results stored under `runId` as run `runId`'s
 * (`forEachSqlRunChunk` with `store`: the statements building them store them; a page encoded here,
 * and every page on Citus, stored here), each first handed to `fn` (to be hashed); the progress
 * recorded every few chunks and at the end. A run no longer running is refused (its chunks are not
 * stored, and storing one here fails). The number of chunks.
 */
export async function storeSqlRunChunks(
  db: Db,
  statement: Pick<SqlBundleStatement, 'toJSON'>,
  lines: SqlLinesStatement,
  runId: number,
  datasetId: number,
  fn: (chunk: SqlRunChunk) => void,
): Promise<number> {
  let done = 0;
  let chunks = 0;
  await forEachSqlRunChunk(db, statement, lines, runId, datasetId, async (chunk) => {
    fn(chunk);
    done += chunk.rows;
    chunks++;
    if (!chunk.stored) await writeRunChunk(db, runId, { chunkNo: chunk.chunkNo, firstRow: chunk.firstRow, rowCount: chunk.rowCount, payload: chunk.payload }, done);
    else if (chunk.chunkNo % PROGRESS_CHUNKS === PROGRESS_CHUNKS - 1) await recordRunProgress(db, runId, done);
  }, { store: true });
  await recordRunProgress(db, runId, done);
  return chunks;
}

/** The rows of a jurisdiction (region-code prefix) as a filter of {@link insertSqlRunResults}, as `jurisdictionRows` keeps them. */
export const jurisdictionFilter = (jurisdiction: string | null): { sql: string; values: unknown[] } | undefined =>
  jurisdiction === null ? undefined : { sql: "region_code IS NOT NULL AND region_code <> '' AND starts_with(region_code, $1::text)", values: [jurisdiction] };

/** A SQL run's outcome: the completed run, how many enterprises were evaluated, and where the time went (`evaluateMs`: the results; the rest {@link SqlRunOutputs}'s). */
export interface SqlRunOutcome {
  run: Run;
  evaluated: number;
  timings: { evaluateMs: number } & SqlRunOutputs['timings'];
  /** Whether the signals were stored after the lines ({@link SqlRunOutputs}'s `sequential`). */
  sequential: boolean;
}

/** The counts of a run's stored early warnings (`RunWarningCounts` of @policy/evaluation). */
export interface SqlWarningCounts {
  codes: { document_id: string; code: string; n: number }[];
  departments: { dep: string; n: number }[];
  warned: number;
}

/** What {@link storeSqlRunOutputs} made of a run's stored results. */
export interface SqlRunOutputs {
  /** Chunks of lines stored. */
  chunks: number;
  /** `run_signals` rows stored. */
  signals: number;
  /** The counts of the aggregates and the dataset's regions in population order (`SqlRunEvaluation.aggregates`). */
  groups: Awaited<ReturnType<typeof sqlRunResultGroups>>;
  regions: string[];
  /** The counts of the run's stored warnings (after the signals are stored), null without a statement for them. */
  warnings: SqlWarningCounts | null;
  /**
   * Each part's own time (ms) — the signals run at once with the lines and the aggregates, so they
   * overlap — and `outputsMs`, the whole step's.
   */
  timings: { signalsMs: number; chunksMs: number; aggregatesMs: number; outputsMs: number };
  /** Whether the signals came after the rest (a pool too small for both at once, or `sequential` asked) rather than beside it. */
  sequential: boolean;
}

/**
 * What a SQL run makes of its results stored in `sql_run_results` (under `run.id`, over dataset
 * `run.datasetId`): the early warnings and triggers stored (`insertSqlRunSignals`, slices at once)
 * and then the stored warnings counted (`statements.warnings`, the run's early-warning summary),
 * and, at the same time, the lines built, stored and handed to `onChunk` in order to be hashed
 * (`storeSqlRunChunks`), then the aggregates' counts (`sqlRunResultGroups`, slices at once) and the
 * regions. The signals use every slice's backend fully, the lines do not (their statements wait on
 * their commits and on this process hashing), so the two at once finish sooner than one after the
 * other; the run holds up to twice the slices plus one connections meanwhile — so only when the pool
 * has at least two more (`PG_POOL_SIZE` ≥ 2 × slices + 2), else the signals come after the rest. If either fails, the
 * other is awaited (the lines stop at their next chunk) before the error is thrown, so the caller's
 * cleanup — `failRun` removing the run's chunks and signals — runs after both have stopped writing.
 * `slices`: as the statements' option (default sql-slices.ts); `sequential`: the signals after the rest
 * whatever the pool (the benchmark's side-by-side figures).
 */
export async function storeSqlRunOutputs(
  db: Db,
  run: { id: number; datasetId: number },
  statements: { bundle: Pick<SqlBundleStatement, 'toJSON'>; lines: SqlLinesStatement; signals: SqlSignalsStatement; warnings?: { text: string; values: readonly unknown[] } | null },
  onChunk: (chunk: SqlRunChunk) => void,
  options: { slices?: number; sequential?: boolean } = {},
): Promise<SqlRunOutputs> {
  const t0 = Date.now();
  const inSlices = { datasetId: run.datasetId, slices: options.slices };
  // at once only where the pool has room for both and one more (the signals' slices, the lines' statements
  // and their read-back): else one after the other, as before, leaving the pool's other users a connection
  const count = options.slices ?? sqlSliceCount();
  const sequential = options.sequential === true || (pgPool(db)?.options.max ?? 10) < 2 * count + 2;
  // the signals failed: the lines stop at their next chunk (the signals' statements cannot be stopped so)
  let stop: unknown;
  const rest = (async () => {
    const chunks = await storeSqlRunChunks(db, statements.bundle, statements.lines, run.id, run.datasetId, (chunk) => {
      if (stop !== undefined) throw stop;
      onChunk(chunk);
    });
    const t1 = Date.now();
    // the slices' counts, and the regions' order counted with them
    const groups = await sqlRunResultGroups(db, run.id, inSlices);
    const regions = groups.regions;
    return { chunks, groups, regions, chunksMs: t1 - t0, aggregatesMs: Date.now() - t1 };
  })();
  const signals = (async () => {
    // one after the other (a pool too small for both, or a benchmark's comparison): the signals once the aggregates are counted
    if (sequential && !(await rest.then(() => true, () => false))) return { rows: 0, warnings: null, ms: 0 };
    try {
      const ts = Date.now();
      const rows = await insertSqlRunSignals(db, run.id, statements.signals, inSlices);
      // the early-warning summary from the signals just stored, while the lines may still be built
      const w = statements.warnings;
      const warnings = w ? ((await db.executeQuery(CompiledQuery.raw(w.text, [...w.values]))).rows[0] as SqlWarningCounts | undefined) ?? null : null;
      return { rows, warnings, ms: Date.now() - ts };
    } catch (e) {
      stop = e;
      throw e;
    }
  })();
  const [s, r] = await Promise.allSettled([signals, rest]);
  if (r.status === 'rejected') throw r.reason;
  if (s.status === 'rejected') throw s.reason;
  const { chunks, groups, regions, chunksMs, aggregatesMs } = r.value;
  return { chunks, signals: s.value.rows, groups, regions, warnings: s.value.warnings, timings: { signalsMs: s.value.ms, chunksMs, aggregatesMs, outputsMs: Date.now() - t0 }, sequential };
}

/**
 * Evaluates started run `run` inside PostgreSQL to completion (see the module note). `load`: the
 * relational copy's load when the caller has just made it current (the run was started on its
 * content hash); otherwise it is made current here. On failure the run is marked failed with the
 * reason and the error thrown again.
 */
export async function executeSqlEngineRun(
  db: Db,
  actor: Actor,
  run: Run,
  evaluation: SqlRunEvaluation,
  load?: { contentHash: string; enterprises: number },
): Promise<SqlRunOutcome> {
  try {
    // recorded at once: a run that fails or is interrupted is known as a SQL run (its working rows are pruned)
    await db.updateTable('runs').set({ engine: 'sql' }).where('id', '=', run.id).where('status', '=', 'running').execute();
    const current = load ?? (await ensureRelationalDataset(db, run.datasetId));
    if (current.contentHash !== run.datasetHash) throw new Error(`数据集 ${run.datasetId} 的内容已变 / dataset ${run.datasetId} content changed`);
    const t0 = Date.now();
    const evaluated = await insertSqlRunResults(db, run.id, evaluation.statement, jurisdictionFilter(run.jurisdiction), { datasetId: run.datasetId });
    const t1 = Date.now();
    const hasher = new RunHasher(inputsOf(run));
    const out = await storeSqlRunOutputs(
      db,
      { id: run.id, datasetId: run.datasetId },
      { bundle: evaluation.statement, lines: evaluation.lines(run.id), signals: evaluation.signals(run.id), warnings: evaluation.warnings?.(run.id) },
      (chunk) => void hasher.update(chunk.payload),
    );
    const aggregates = evaluation.aggregates(out.groups, out.regions, out.warnings);
    const completed = await completeRun(db, actor, run.id, { runHash: hasher.digest(), counts: { dataset: current.enterprises, evaluated, outside: out.groups.outside }, aggregates, engine: 'sql' });
    // the working rows of runs this one supersedes (sql-run-retention.ts); a failure here leaves them for the next run
    await pruneSqlRunResults(db).catch(() => undefined);
    return { run: completed, evaluated, timings: { evaluateMs: t1 - t0, ...out.timings }, sequential: out.sequential };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await failRun(db, run.id, { zh: `评价失败（数据库内评价）：${message}`, en: `evaluation failed (in SQL): ${message}` }).catch(() => undefined);
    // its working rows (and those of any interrupted SQL run) are not needed any more
    await pruneSqlRunResults(db).catch(() => undefined);
    throw e;
  }
}
