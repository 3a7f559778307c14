/**
 * Official runs evaluated inside PostgreSQL by the server (issue 16): on PostgreSQL, a dataset with at
 * least `POLICY_SQL_ENGINE_MIN_ENTERPRISES` enterprises (settings.ts) is not loaded into the process.
 * Its relational copy is made current (`ensureRelationalDataset`, under its advisory lock: concurrent
 * runs load it once), the bundle in force compiled to one statement (`bundleSql`) is evaluated with
 * `INSERT … SELECT` into `sql_run_results`, the run's chunks — the same lines, chunks and hash as an
 * in-memory run, so exports, `runs.verify` and sign-off do not tell them apart — are built there a
 * chunk at a time (`resultLinesSql`) and the aggregates counted there (`sqlRunResultGroups`). As
 * `policy runs create --engine sql` (apps/cli/src/commands/runs-sql.ts); all of it is async IO: the
 * event loop is never blocked by the population.
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
  writeRunChunk,
} from '@policy/db';
import type { Actor, Database, Run } from '@policy/db';
import { bundleSql, resultLinesSql, sqlRunAggregates } from '@policy/evaluation';
import type { BundleSql, BundleSqlRow, Evaluator } from '@policy/evaluation';
import { RUN_CHUNK_ROWS, runLine } from '@policy/schemas';
import type { Kysely } from 'kysely';

/** Which engine computed a run or an impact report. */
export type EngineName = 'sql' | 'memory';

/**
 * The SQL statement of a run when the SQL engine is to compute it: PostgreSQL, a dataset of at least
 * `minEnterprises`, and a bundle the compiler can express (otherwise null: the in-memory engine).
 */
export function sqlEngineStatement(db: Kysely<Database>, minEnterprises: number, rowCount: number, ev: Evaluator, at: string, datasetId: number): BundleSql | null {
  if (dialectOf(db) !== 'postgres' || rowCount < minEnterprises) return null;
  try {
    return bundleSql(ev, at, datasetId);
  } catch {
    // a construct the SQL compiler does not express: the in-memory engine computes it
    return null;
  }
}

/**
 * Runs a started run to completion inside PostgreSQL (in the background); failures mark it failed with
 * the reason. The relational copy must hold the content the run was started on (a delta meanwhile fails it).
 */
export async function executeSqlRun(db: Kysely<Database>, actor: Actor, run: Run, ev: Evaluator, statement: BundleSql): Promise<void> {
  try {
    const load = await ensureRelationalDataset(db, run.datasetId);
    if (load.contentHash !== run.datasetHash) throw new Error(`数据集 ${run.datasetId} 的内容已变 / dataset ${run.datasetId} content changed`);
    // a jurisdiction: the enterprises whose region code starts with it (as `jurisdictionRows`)
    const where = run.jurisdiction === null ? undefined : { sql: "region_code IS NOT NULL AND region_code <> '' AND starts_with(region_code, $1::text)", values: [run.jurisdiction] };
    const evaluated = await insertSqlRunResults(db, run.id, statement, where);
    const hasher = new RunHasher(inputsOf(run));
    let chunkNo = 0;
    let done = 0;
    await forEachSqlRunLinePage(db, resultLinesSql(ev, run.id, run.datasetId), RUN_CHUNK_ROWS, async (page) => {
      let payload = page.payload;
      if (page.fallback > 0) {
        // a number PostgreSQL prints otherwise than JavaScript: this page's lines encoded here from its rows
        payload = '';
        for (const r of await sqlRunResultRows(db, run.id, run.datasetId, page.first_row! - 1, page.rows)) {
          if (!r.outside) payload += runLine(r.row_no, JSON.stringify(statement.toJSON(r as BundleSqlRow)));
        }
      }
      hasher.update(payload);
      done += page.rows;
      await writeRunChunk(db, run.id, { chunkNo: chunkNo++, firstRow: page.first_row!, rowCount: page.in_register, payload }, done);
    });
    const groups = await sqlRunResultGroups(db, run.id);
    const aggregates = sqlRunAggregates(ev, run.at, groups, await relationalRegions(db, run.datasetId));
    await completeRun(db, actor, run.id, { runHash: hasher.digest(), counts: { dataset: load.enterprises, evaluated, outside: groups.outside }, aggregates });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await failRun(db, run.id, { zh: `评价失败（数据库内评价）：${message}`, en: `evaluation failed (in SQL): ${message}` }).catch(() => undefined);
  }
}
