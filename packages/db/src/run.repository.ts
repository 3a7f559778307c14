/**
 * Official evaluation runs as stored (the evaluator runs elsewhere: the server's worker, the CLI).
 * A run is started (`running`), its results written chunk by chunk in short transactions with
 * progress, then completed with its hash (audit `run.complete`) or failed with a reason; a reviewer
 * other than its creator signs it off (audit `run.sign-off`), after which the database refuses any
 * change. Results are lines `<row>\t<JSON>\n` (see `runLine` of @policy/schemas); the run hash is the SHA-256 of
 * the canonical inputs, a newline, and every chunk's lines in row order ({@link RunHasher}).
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { runSignOffProblem } from '@policy/schemas';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { canonicalJson } from './canonical.ts';
import type { Database } from './database.ts';
import { getDataset } from './dataset.repository.ts';
import { DbError } from './errors.ts';
import { dialectOf, sqliteHandle } from './raw.ts';
import type { RunCounts, RunEngine, RunRow, RunStatus, RunVersion } from './run.table.ts';

// the stored line format is shared with the evaluation and the CLI (@policy/schemas run-format.ts)
export { RUN_CHUNK_ROWS, runLine, parseRunPayload } from '@policy/schemas';
/** A running run without a heartbeat for this long was interrupted (its process ended). */
export const RUN_HEARTBEAT_TIMEOUT_MS = 120_000;
export const RUN_INTERRUPTED = { zh: '已中断（服务重启或进程退出）', en: 'interrupted (server restart or process exit)' } as const;

export interface RunInputs {
  datasetHash: string;
  versions: RunVersion[];
  at: string;
  jurisdiction: string | null;
}

export interface Run {
  id: number;
  datasetId: number;
  datasetName: string;
  datasetHash: string;
  /** The dataset's version the run evaluated (1 as imported, +1 per delta); null for runs before versions. */
  datasetVersion: number | null;
  at: string;
  jurisdiction: string | null;
  versions: RunVersion[];
  status: RunStatus;
  error: { zh: string; en: string } | null;
  progress: { done: number; total: number };
  counts: RunCounts | null;
  runHash: string | null;
  createdBy: string;
  createdAt: string;
  completedAt: string | null;
  signedOffBy: string | null;
  signedOffAt: string | null;
  /** The engine that computed it (null: not completed, or completed before engines were recorded). */
  engine: RunEngine | null;
}

export interface RunDetail extends Run {
  aggregates: unknown;
}

export interface NewRun {
  datasetId: number;
  datasetHash: string;
  at: string;
  jurisdiction: string | null;
  versions: RunVersion[];
  /** Enterprises to evaluate (progress total). */
  total: number;
}

export interface RunChunk {
  chunkNo: number;
  firstRow: number;
  rowCount: number;
  payload: string;
}

const byDocument = (versions: RunVersion[]) => [...versions].sort((a, b) => a.documentId.localeCompare(b.documentId));

/** The canonical text of a run's inputs: the first part of its hash. */
export const runInputsText = (inputs: RunInputs): string =>
  canonicalJson({ at: inputs.at, datasetHash: inputs.datasetHash, jurisdiction: inputs.jurisdiction, versions: byDocument(inputs.versions) });

/** The run hash computed incrementally: inputs, then every chunk's payload in order. */
export class RunHasher {
  private readonly hash: Hash;
  constructor(inputs: RunInputs) {
    this.hash = createHash('sha256').update(runInputsText(inputs), 'utf8').update('\n');
  }
  /** A chunk's payload, as text or as its UTF-8 bytes, whole or in consecutive parts (the same hash). */
  update(payload: string | Uint8Array | readonly Uint8Array[]): this {
    if (typeof payload === 'string') this.hash.update(payload, 'utf8');
    else if (payload instanceof Uint8Array) this.hash.update(payload);
    else for (const part of payload) this.hash.update(part);
    return this;
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * SHA-256 over a dataset's stored chunks (their JSON text in chunk order), read a page at a time.
 *
 * @example
 * const hash = await datasetContentHash(db, 3);
 */
export async function datasetContentHash(db: Kysely<Database>, datasetId: number): Promise<string> {
  await getDataset(db, datasetId);
  const h = createHash('sha256');
  const PAGE = 16;
  const raw = sqliteHandle(db);
  if (raw) {
    // on SQLite the stored UTF-8 bytes of each payload (cast as a blob), hashed without decoding them
    // into strings and encoding them again: the same bytes as update(payload, 'utf8'); a page at a
    // time, the event loop free in between
    const stmt = raw.prepare('select cast(payload as blob) from dataset_chunks where dataset_id = ? and chunk_no >= ? and chunk_no < ? order by chunk_no').pluck();
    for (let from = 0; ; from += PAGE) {
      const pages = stmt.all(datasetId, from, from + PAGE) as Buffer[];
      if (pages.length === 0) break;
      for (const bytes of pages) h.update(bytes).update('\n');
      await new Promise((resolve) => setImmediate(resolve));
    }
    return h.digest('hex');
  }
  for (let from = 0; ; from += PAGE) {
    const rows = await db
      .selectFrom('dataset_chunks')
      .select(['chunk_no', 'payload'])
      .where('dataset_id', '=', datasetId)
      .where('chunk_no', '>=', from)
      .where('chunk_no', '<', from + PAGE)
      .orderBy('chunk_no')
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) h.update(r.payload, 'utf8').update('\n');
  }
  return h.digest('hex');
}

const SUMMARY = [
  'id',
  'dataset_id',
  'dataset_name',
  'dataset_hash',
  'dataset_version',
  'at',
  'jurisdiction',
  'versions',
  'status',
  'error',
  'progress_done',
  'progress_total',
  'counts',
  'run_hash',
  'created_by',
  'created_at',
  'completed_at',
  'heartbeat_at',
  'signed_off_by',
  'signed_off_at',
  'engine',
] as const;

type SummaryRow = Pick<RunRow, (typeof SUMMARY)[number]>;

const toRun = (r: SummaryRow): Run => ({
  id: Number(r.id),
  datasetId: Number(r.dataset_id),
  datasetName: r.dataset_name,
  datasetHash: r.dataset_hash,
  datasetVersion: r.dataset_version === null ? null : Number(r.dataset_version),
  at: r.at,
  jurisdiction: r.jurisdiction,
  versions: JSON.parse(r.versions) as RunVersion[],
  status: r.status,
  error: r.error === null ? null : (JSON.parse(r.error) as { zh: string; en: string }),
  progress: { done: Number(r.progress_done), total: Number(r.progress_total) },
  counts: r.counts === null ? null : (JSON.parse(r.counts) as RunCounts),
  runHash: r.run_hash,
  createdBy: r.created_by,
  createdAt: r.created_at,
  completedAt: r.completed_at,
  signedOffBy: r.signed_off_by,
  signedOffAt: r.signed_off_at,
  engine: r.engine,
});

/** The inputs a run's hash covers. */
export const inputsOf = (run: Pick<Run, 'datasetHash' | 'versions' | 'at' | 'jurisdiction'>): RunInputs => ({
  datasetHash: run.datasetHash,
  versions: run.versions,
  at: run.at,
  jurisdiction: run.jurisdiction,
});

/** Refuses an actor who may not start runs (the credit office starts them). FORBIDDEN. */
export function checkMayCreateRun(actor: Actor): void {
  if (actor.role !== 'credit-office') throw new DbError('FORBIDDEN', `只有信用办可以发起评价批次 / only the credit office starts runs (role ${actor.role})`, { reason: 'role' });
}

/**
 * Records a new run (`running`, progress 0 of `total`) and audit-logs it (`run.create`).
 *
 * @example
 * const run = await startRun(db, actor, { datasetId: 3, datasetHash, at: '2026-10-31', jurisdiction: null, versions, total: 1_000_000 });
 */
export async function startRun(db: Kysely<Database>, actor: Actor, input: NewRun): Promise<Run> {
  checkMayCreateRun(actor);
  const ds = await getDataset(db, input.datasetId);
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    // the dataset's version as of the hash given (a delta applied meanwhile is refused below; on
    // PostgreSQL the row stays locked against deltas until the run is recorded)
    let current = trx.selectFrom('datasets').select(['version', 'content_hash']).where('id', '=', input.datasetId);
    if (dialectOf(trx) === 'postgres') current = current.forShare();
    const dv = await current.executeTakeFirst();
    if (dv?.content_hash && dv.content_hash !== input.datasetHash) {
      throw new DbError('CONFLICT', `数据集“${ds.name}”已更新为第 ${dv.version} 版，请重新发起 / dataset "${ds.name}" changed (now version ${dv.version}): start the run again`, {
        reason: 'stale-revision',
      });
    }
    const row = await trx
      .insertInto('runs')
      .values({
        dataset_id: input.datasetId,
        dataset_name: ds.name,
        dataset_hash: input.datasetHash,
        dataset_version: dv === undefined ? null : Number(dv.version),
        at: input.at,
        jurisdiction: input.jurisdiction,
        versions: JSON.stringify(byDocument(input.versions)),
        status: 'running',
        progress_done: 0,
        progress_total: input.total,
        created_by: actor.username,
        created_at: now,
        heartbeat_at: now,
      })
      .returning(SUMMARY)
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      { action: 'run.create', target: `run:${row.id}`, reason: `dataset=${input.datasetId}; version=${row.dataset_version ?? '-'}; at=${input.at}; jurisdiction=${input.jurisdiction ?? '*'}` },
      now,
    );
    return toRun(row);
  });
}

/** A chunk of results whose payload is given as its UTF-8 bytes (as the evaluation worker sends it). */
export interface RunChunkBytes extends Omit<RunChunk, 'payload'> {
  bytes: Uint8Array;
}

const decoder = new TextDecoder();

/**
 * Writes one chunk of results and the progress in one short transaction; refuses a run no longer
 * running. A chunk given as UTF-8 bytes is stored as the same text (on SQLite without converting it
 * to a string and back: `cast(? as text)` of the bytes).
 */
export async function writeRunChunk(db: Kysely<Database>, runId: number, chunk: RunChunk | RunChunkBytes, done: number): Promise<void> {
  const raw = 'bytes' in chunk ? sqliteHandle(db) : undefined;
  if (raw && 'bytes' in chunk) {
    const b = chunk.bytes;
    const bytes = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    const statements = runChunkStatements(raw);
    // a run writes hundreds of MB: the write-ahead log is copied into the database (and synced) once
    // it holds RUN_WAL_PAGES rather than SQLite's default 1,000 pages — a fifth to a third less time
    // storing; the setting is restored after each chunk (a later commit checkpoints as usual)
    const previous = raw.pragma('wal_autocheckpoint', { simple: true }) as number;
    const raise = previous > 0 && previous < RUN_WAL_PAGES;
    // statements on the connection of the open transaction (Kysely holds it meanwhile), as imports do
    await db.transaction().execute(async () => {
      const r = statements.progress.run(done, new Date().toISOString(), runId);
      if (r.changes === 0) throw new DbError('PRECONDITION_FAILED', `评价批次 ${runId} 不在运行中 / run ${runId} is not running`, { reason: 'wrong-status' });
      statements.insert.run(runId, chunk.chunkNo, chunk.firstRow, chunk.rowCount, bytes);
      if (raise) raw.pragma(`wal_autocheckpoint = ${RUN_WAL_PAGES}`);
    }).finally(() => {
      if (raise) raw.pragma(`wal_autocheckpoint = ${previous}`);
    });
    return;
  }
  const payload = 'bytes' in chunk ? decoder.decode(chunk.bytes) : chunk.payload;
  await db.transaction().execute(async (trx) => {
    await recordRunProgress(trx, runId, done);
    await trx
      .insertInto('run_results')
      .values({ run_id: runId, chunk_no: chunk.chunkNo, first_row: chunk.firstRow, row_count: chunk.rowCount, payload })
      .execute();
  });
}

/**
 * Records a running run's progress (`done` rows) and heartbeat, for chunks stored by another way
 * (the SQL engine stores them in the statement that builds them); refuses a run no longer running,
 * as {@link writeRunChunk}.
 */
export async function recordRunProgress(db: Kysely<Database>, runId: number, done: number): Promise<void> {
  const r = await db
    .updateTable('runs')
    .set({ progress_done: done, heartbeat_at: new Date().toISOString() })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new DbError('PRECONDITION_FAILED', `评价批次 ${runId} 不在运行中 / run ${runId} is not running`, { reason: 'wrong-status' });
}

/** Pages of write-ahead log (4 KB each) after which a run's chunk commits checkpoint on SQLite. */
const RUN_WAL_PAGES = 16_384;

/** The prepared statements of writeRunChunk on a SQLite connection. */
const chunkStatements = new WeakMap<BetterSqlite3.Database, { progress: BetterSqlite3.Statement; insert: BetterSqlite3.Statement }>();

function runChunkStatements(raw: BetterSqlite3.Database): { progress: BetterSqlite3.Statement; insert: BetterSqlite3.Statement } {
  let s = chunkStatements.get(raw);
  if (!s) {
    s = {
      progress: raw.prepare("update runs set progress_done = ?, heartbeat_at = ? where id = ? and status = 'running'"),
      insert: raw.prepare('insert into run_results (run_id, chunk_no, first_row, row_count, payload) values (?, ?, ?, ?, cast(? as text))'),
    };
    chunkStatements.set(raw, s);
  }
  return s;
}

/**
 * Completes a running run with its hash, counts and aggregates; audit-logged (`run.complete`, with
 * the hash). The stored results must add up to `counts.evaluated`.
 */
export async function completeRun(
  db: Kysely<Database>,
  actor: Actor,
  runId: number,
  done: { runHash: string; counts: RunCounts; aggregates: unknown; signals?: readonly StoredRunSignal[]; engine?: RunEngine },
): Promise<Run> {
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const stored = await trx.selectFrom('run_results').select((eb) => eb.fn.sum<number>('row_count').as('n')).where('run_id', '=', runId).executeTakeFirst();
    const expected = done.counts.evaluated - (done.counts.outside ?? 0);
    if (Number(stored?.n ?? 0) !== expected) {
      throw new DbError('PRECONDITION_FAILED', `评价批次 ${runId} 的结果不完整 / run ${runId}: ${Number(stored?.n ?? 0)} of ${expected} results stored`, { reason: 'wrong-status' });
    }
    const r = await trx
      .updateTable('runs')
      .set({
        status: 'completed',
        run_hash: done.runHash,
        counts: JSON.stringify(done.counts),
        aggregates: JSON.stringify(done.aggregates),
        engine: done.engine ?? 'memory',
        progress_done: done.counts.evaluated,
        completed_at: at,
        heartbeat_at: at,
      })
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new DbError('PRECONDITION_FAILED', `评价批次 ${runId} 不在运行中 / run ${runId} is not running`, { reason: 'wrong-status' });
    // the early warnings and triggers, with the completion (all or none)
    const signals = done.signals ?? [];
    for (let start = 0; start < signals.length; start += SIGNAL_BATCH) {
      await trx
        .insertInto('run_signals')
        .values(
          signals.slice(start, start + SIGNAL_BATCH).map((x, k) => ({
            run_id: runId,
            seq: start + k,
            kind: x.kind,
            document_id: x.documentId,
            code: x.code,
            owner: x.owner,
            row_no: x.row,
            uscc: x.uscc,
            name: x.name,
            departments: JSON.stringify(x.departments),
            detail: JSON.stringify(x.detail),
          })),
        )
        .execute();
    }
    await recordAudit(trx, actor, { action: 'run.complete', target: `run:${runId}`, afterHash: done.runHash }, at);
  });
  return getRun(db, runId);
}

/**
 * One early warning or trigger of one enterprise in a run (issue 13; `runSignals` of
 * @policy/evaluation computes them): stored with the run's completion, apart from its result lines.
 */
export interface StoredRunSignal {
  kind: 'warning' | 'trigger';
  documentId: string;
  /** Rule id (warning) or item code (trigger). */
  code: string;
  /** Department owning the rule or the item list. */
  owner: string;
  row: number;
  uscc: string;
  name: string;
  /** The enterprise's supervising departments (who may read the signal). */
  departments: string[];
  /** The rule's label or the item's name, then the departments warned or the trigger points that hold and the measures. */
  detail: { label: { zh: string; en?: string }; notify: string[] } | { label: { zh: string; en?: string }; triggers: string[]; measures: string[] };
}

/** Rows per insert of a run's signals (11 parameters each; below SQLite's and PostgreSQL's limits). */
const SIGNAL_BATCH = 500;


/** Marks a running run failed with its reason (zh/en); its partial results (and signals a SQL run wrote before completing) are removed. */
export async function failRun(db: Kysely<Database>, runId: number, reason: { zh: string; en: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('runs')
      .set({ status: 'failed', error: JSON.stringify(reason), heartbeat_at: new Date().toISOString() })
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) {
      await trx.deleteFrom('run_results').where('run_id', '=', runId).execute();
      await trx.deleteFrom('run_signals').where('run_id', '=', runId).execute();
    }
  });
}

/**
 * Marks failed ("interrupted") every run still `running` whose heartbeat is older than
 * `olderThanMs` (0: every running run — at a server's start, when it is the only writer).
 * Returns how many.
 */
export async function interruptUnfinishedRuns(db: Kysely<Database>, olderThanMs = RUN_HEARTBEAT_TIMEOUT_MS): Promise<number> {
  const before = new Date(Date.now() - olderThanMs).toISOString();
  const stale = await db.selectFrom('runs').select('id').where('status', '=', 'running').where('heartbeat_at', '<=', before).execute();
  for (const r of stale) await failRun(db, Number(r.id), RUN_INTERRUPTED);
  return stale.length;
}

/** Stored runs, newest first (runs whose process stopped read failed: interrupted). */
export async function listRuns(db: Kysely<Database>, query: { datasetId?: number } = {}): Promise<Run[]> {
  await interruptUnfinishedRuns(db);
  let q = db.selectFrom('runs').select(SUMMARY);
  if (query.datasetId !== undefined) q = q.where('dataset_id', '=', query.datasetId);
  return (await q.orderBy('id', 'desc').execute()).map(toRun);
}

/** One run without its aggregates, or NOT_FOUND. */
export async function getRun(db: Kysely<Database>, runId: number): Promise<Run> {
  await interruptUnfinishedRuns(db);
  const row = await db.selectFrom('runs').select(SUMMARY).where('id', '=', runId).executeTakeFirst();
  if (!row) throw new DbError('NOT_FOUND', `评价批次不存在 / no such run: ${runId}`, { reason: 'not-found' });
  return toRun(row);
}

/** One run with its aggregates, or NOT_FOUND. */
export async function getRunDetail(db: Kysely<Database>, runId: number): Promise<RunDetail> {
  const run = await getRun(db, runId);
  const row = await db.selectFrom('runs').select('aggregates').where('id', '=', runId).executeTakeFirstOrThrow();
  return { ...run, aggregates: row.aggregates === null ? null : (JSON.parse(row.aggregates) as unknown) };
}

/**
 * Calls `fn` with every stored chunk of a run's results in order (a page of chunks per round trip;
 * `fn` may be async: the next page is read after it).
 */
export async function forEachRunChunk(db: Kysely<Database>, runId: number, fn: (chunk: RunChunk) => void | Promise<void>): Promise<void> {
  const PAGE = 8;
  for (let from = 0; ; from += PAGE) {
    const rows = await db
      .selectFrom('run_results')
      .select(['chunk_no', 'first_row', 'row_count', 'payload'])
      .where('run_id', '=', runId)
      .where('chunk_no', '>=', from)
      .where('chunk_no', '<', from + PAGE)
      .orderBy('chunk_no')
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) await fn({ chunkNo: Number(r.chunk_no), firstRow: Number(r.first_row), rowCount: Number(r.row_count), payload: r.payload });
  }
}

/** The hash of a run's stored inputs and results, recomputed from what is stored. */
export async function storedRunHash(db: Kysely<Database>, run: Run): Promise<string> {
  const h = new RunHasher(inputsOf(run));
  await forEachRunChunk(db, run.id, (c) => void h.update(c.payload));
  return h.digest();
}

/**
 * Signs off a completed run: a reviewer other than its creator; audit-logged (`run.sign-off`, with
 * the run hash). Of concurrent sign-offs exactly one succeeds (the others: PRECONDITION_FAILED).
 */
export async function signOffRun(db: Kysely<Database>, actor: Actor, runId: number): Promise<Run> {
  const run = await getRun(db, runId);
  const problem = runSignOffProblem(actor, run);
  const notCompleted = () =>
    new DbError('PRECONDITION_FAILED', `评价批次 ${runId} 未完成或已签发（${run.status}） / run ${runId} is not completed or already signed off (${run.status})`, { reason: 'wrong-status' });
  if (problem === 'role') throw new DbError('FORBIDDEN', `只有审核人可以签发评价批次 / only a reviewer signs off runs (role ${actor.role})`, { reason: 'role' });
  if (problem === 'self') throw new DbError('FORBIDDEN', '创建人不能签发自己的评价批次 / the creator of a run cannot sign it off', { reason: 'self-approval' });
  if (problem === 'status') throw notCompleted();
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('runs')
      .set({ status: 'signed-off', signed_off_by: actor.username, signed_off_at: at })
      .where('id', '=', runId)
      .where('status', '=', 'completed')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notCompleted();
    await recordAudit(trx, actor, { action: 'run.sign-off', target: `run:${runId}`, afterHash: run.runHash }, at);
  });
  return getRun(db, runId);
}

/** Audit-logs an export of a run's results (`run.export`: format, department, how many enterprises). */
export async function recordRunExport(db: Kysely<Database>, actor: Actor, run: Run, what: { format: string; department: string | null; count: number }): Promise<void> {
  await db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'run.export',
      target: `run:${run.id}`,
      reason: `format=${what.format}; department=${what.department ?? '*'}; enterprises=${what.count}`,
      afterHash: run.runHash,
    }),
  );
}
