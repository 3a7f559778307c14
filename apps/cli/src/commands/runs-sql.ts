/**
 * `policy runs create … --engine sql` (issue 16): a run evaluated inside PostgreSQL. The stored
 * dataset is loaded into the relational tables when they do not hold its current content
 * (`ensureRelationalDataset`), the run started on that content, and executed by
 * `executeSqlEngineRun` of @policy/db (sql-run-executor.ts, shared with the server): the bundle in
 * force compiled to one statement (`bundleSql`) evaluated with `INSERT … SELECT` into
 * `sql_run_results`, its early warnings and triggers into `run_signals` (`signalsSql`), the run's
 * chunks — the same lines, chunks and hash as an in-memory run, so exports and `runs verify` do not
 * tell them apart — built from that table inside PostgreSQL and written a chunk (`RUN_CHUNK_ROWS`
 * enterprises) at a time, the aggregates counted there: the process holds one chunk's text, never
 * the population nor its rows. A policy set whose gradings, models, warnings or triggers the SQL
 * compiler cannot express is refused before a run starts.
 */
import { dialectOf, ensureRelationalDataset, executeSqlEngineRun, forEachSqlRunChunk as forEachChunk, startRun } from '@policy/db';
import type { Actor, RunVersion, SqlRunChunk } from '@policy/db';
import type { DbHandle } from '@policy/db/client';
import { compile, resultLinesSql, sqlRunPlan } from '@policy/evaluation';
import type { BundleSql, Evaluator, SqlRunPlan } from '@policy/evaluation';
import type { PolicyDocument } from '@policy/schemas';
import type { CommandIo } from '../io.ts';

type Db = DbHandle['db'];

export type { SqlRunChunk };

/**
 * The chunks of run `runId`'s lines (`RUN_CHUNK_ROWS` stored results each, in row order), built
 * inside PostgreSQL (`resultLinesSql`), a page PostgreSQL cannot print as JavaScript encoded here
 * (`forEachSqlRunChunk` of @policy/db).
 */
export async function forEachSqlRunChunk(db: Db, ev: Evaluator, statement: BundleSql, runId: number, datasetId: number, fn: (chunk: SqlRunChunk) => Promise<void> | void): Promise<void> {
  await forEachChunk(db, statement, resultLinesSql(ev, runId, datasetId), runId, datasetId, fn);
}

export interface SqlRunRequest {
  dataset: { id: number; rowCount: number };
  at: string;
  jurisdiction: string | null;
  documents: PolicyDocument[];
  versions: RunVersion[];
  json: boolean;
}

/** Creates a run evaluated in PostgreSQL; exit code 0 / 1 as `runs create`. */
export async function createSqlRun(db: Db, actor: Actor, req: SqlRunRequest, io: CommandIo): Promise<number> {
  if (dialectOf(db) !== 'postgres') {
    io.err('--engine sql 只能用于 PostgreSQL 数据库 / --engine sql needs a PostgreSQL database');
    return 2;
  }
  const compiled = compile({ documents: req.documents });
  if (!compiled.success) {
    io.err(`策略无法编译 / the policy set does not compile: ${compiled.issues.map((i) => i.messageEn).join('; ')}`);
    return 1;
  }
  const ev = compiled.evaluator;
  let plan: SqlRunPlan;
  try {
    // the results and the early warnings and triggers: a run in SQL never lacks the signals of an in-memory run
    plan = sqlRunPlan(ev, req.at, req.dataset.id);
  } catch (e) {
    io.err(`这套策略不能在数据库内评价 / the policy set cannot be evaluated in SQL: ${(e as Error).message}`);
    return 1;
  }
  const started = Date.now();
  const load = await ensureRelationalDataset(db, req.dataset.id);
  if (load.loaded) io.err(`数据集已载入关系表：${load.enterprises} 家 / dataset loaded into the relational tables: ${load.enterprises} enterprises (${Date.now() - started} ms)`);
  const run = await startRun(db, actor, { datasetId: req.dataset.id, datasetHash: load.contentHash, at: req.at, jurisdiction: req.jurisdiction, versions: req.versions, total: req.dataset.rowCount });
  try {
    const { run: completed, evaluated, timings: t } = await executeSqlEngineRun(db, actor, run, plan, load);
    io.err(
      `数据库内评价 ${t.evaluateMs} ms，预警与触发 ${t.signalsMs} ms，写入结果块 ${t.chunksMs} ms，汇总 ${t.aggregatesMs} ms / evaluated in PostgreSQL in ${t.evaluateMs} ms, signals in ${t.signalsMs} ms, chunks written in ${t.chunksMs} ms, aggregates in ${t.aggregatesMs} ms`,
    );
    if (req.json) io.out(JSON.stringify(completed));
    else io.out(`评价批次 ${completed.id} 已完成（数据库内评价）：${evaluated} 家，哈希 ${completed.runHash} / run ${completed.id} completed (evaluated in SQL): ${evaluated} enterprises, hash ${completed.runHash}`);
    return 0;
  } catch (e) {
    // the run is marked failed with the reason by the executor
    io.err(`评价批次 ${run.id} 失败 / run ${run.id} failed: ${(e as Error).message}`);
    return 1;
  }
}
