/**
 * `policy runs create … --engine sql` (issue 16): a run evaluated inside PostgreSQL. The stored
 * dataset is loaded into the relational tables when they do not hold its current content
 * (`ensureRelationalDataset`); the bundle in force compiled to one statement (`bundleSql`) is
 * evaluated with `INSERT … SELECT` into `sql_run_results`; the aggregates are counted there. The
 * run's chunks — the same lines, chunks and hash as an in-memory run, so exports and `runs verify`
 * do not tell them apart — are built from that table inside PostgreSQL (`resultLinesSql`) and written
 * a chunk (`RUN_CHUNK_ROWS` enterprises) at a time: the process holds one chunk's text, never the
 * population nor its rows.
 */
import {
  completeRun,
  dialectOf,
  ensureRelationalDataset,
  failRun,
  forEachSqlRunLinePage,
  inputsOf,
  insertSqlRunResults,
  relationalRegions,
  RunHasher,
  sqlRunResultGroups,
  sqlRunResultRows,
  startRun,
  writeRunChunk,
} from '@policy/db';
import type { Actor, RunVersion } from '@policy/db';
import type { DbHandle } from '@policy/db/client';
import { bundleSql, compile, resultLinesSql, sqlRunAggregates } from '@policy/evaluation';
import type { BundleSql, BundleSqlRow, Evaluator } from '@policy/evaluation';
import { RUN_CHUNK_ROWS, runLine } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import type { CommandIo } from '../io.ts';

type Db = DbHandle['db'];

/** A chunk of a run's stored lines: its first dataset row, the lines (enterprises in the register) and the rows it covers. */
export interface SqlRunChunk {
  firstRow: number;
  rowCount: number;
  rows: number;
  payload: string;
  /** Whether the chunk was encoded here from its rows (a number PostgreSQL prints otherwise than JavaScript). */
  encodedInNode: boolean;
}

/**
 * The chunks of run `runId`'s lines (`RUN_CHUNK_ROWS` stored results each, in row order), built
 * inside PostgreSQL (`resultLinesSql`); a page holding a number PostgreSQL prints otherwise than
 * JavaScript is encoded here from its rows instead (`statement.toJSON`), so the lines are always those
 * of the in-memory run.
 */
export async function forEachSqlRunChunk(db: Db, ev: Evaluator, statement: BundleSql, runId: number, datasetId: number, fn: (chunk: SqlRunChunk) => Promise<void> | void): Promise<void> {
  await forEachSqlRunLinePage(db, resultLinesSql(ev, runId, datasetId), RUN_CHUNK_ROWS, async (page) => {
    let payload = page.payload;
    if (page.fallback > 0) {
      payload = '';
      for (const r of await sqlRunResultRows(db, runId, datasetId, page.first_row! - 1, page.rows)) {
        if (!r.outside) payload += runLine(r.row_no, JSON.stringify(statement.toJSON(r as BundleSqlRow)));
      }
    }
    await fn({ firstRow: page.first_row!, rowCount: page.in_register, rows: page.rows, payload, encodedInNode: page.fallback > 0 });
  });
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
  let statement: ReturnType<typeof bundleSql>;
  try {
    statement = bundleSql(ev, req.at, req.dataset.id);
  } catch (e) {
    io.err(`这套策略不能在数据库内评价 / the policy set cannot be evaluated in SQL: ${(e as Error).message}`);
    return 1;
  }
  const started = Date.now();
  const load = await ensureRelationalDataset(db, req.dataset.id);
  if (load.loaded) io.err(`数据集已载入关系表：${load.enterprises} 家 / dataset loaded into the relational tables: ${load.enterprises} enterprises (${Date.now() - started} ms)`);
  const run = await startRun(db, actor, { datasetId: req.dataset.id, datasetHash: load.contentHash, at: req.at, jurisdiction: req.jurisdiction, versions: req.versions, total: req.dataset.rowCount });
  try {
    const t0 = Date.now();
    // a jurisdiction: the enterprises whose region code starts with it (as `jurisdictionRows`)
    const where = req.jurisdiction === null ? undefined : { sql: "region_code IS NOT NULL AND region_code <> '' AND starts_with(region_code, $1::text)", values: [req.jurisdiction] };
    const evaluated = await insertSqlRunResults(db, run.id, statement, where);
    const t1 = Date.now();
    const hasher = new RunHasher(inputsOf(run));
    let chunkNo = 0;
    let done = 0;
    await forEachSqlRunChunk(db, ev, statement, run.id, req.dataset.id, async (chunk) => {
      hasher.update(chunk.payload);
      done += chunk.rows;
      await writeRunChunk(db, run.id, { chunkNo: chunkNo++, firstRow: chunk.firstRow, rowCount: chunk.rowCount, payload: chunk.payload }, done);
    });
    const t2 = Date.now();
    const groups = await sqlRunResultGroups(db, run.id);
    const aggregates = sqlRunAggregates(ev, req.at, groups, await relationalRegions(db, req.dataset.id));
    const completed = await completeRun(db, actor, run.id, {
      runHash: hasher.digest(),
      counts: { dataset: load.enterprises, evaluated, outside: groups.outside },
      aggregates,
    });
    io.err(`数据库内评价 ${t1 - t0} ms，写入结果块 ${t2 - t1} ms，汇总 ${Date.now() - t2} ms / evaluated in PostgreSQL in ${t1 - t0} ms, chunks written in ${t2 - t1} ms, aggregates in ${Date.now() - t2} ms`);
    if (req.json) io.out(JSON.stringify(completed));
    else io.out(`评价批次 ${completed.id} 已完成（数据库内评价）：${evaluated} 家，哈希 ${completed.runHash} / run ${completed.id} completed (evaluated in SQL): ${evaluated} enterprises, hash ${completed.runHash}`);
    return 0;
  } catch (e) {
    const message = (e as Error).message;
    await failRun(db, run.id, { zh: `评价失败：${message}`, en: `evaluation failed: ${message}` });
    io.err(`评价批次 ${run.id} 失败 / run ${run.id} failed: ${message}`);
    return 1;
  }
}
