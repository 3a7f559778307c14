/**
 * Verification of a run the SQL engine computed (issue 16; `runs.verify`, `policy runs verify`),
 * without loading the population into the process: the run's bundle is evaluated again inside
 * PostgreSQL (`INSERT … SELECT` into `sql_run_results` under a scratch run id, negated from the
 * sequence `sql_scratch_runs`: never a run's, never another verification's), its lines rebuilt a
 * chunk at a time as the run's were (sql-run-executor.ts), each compared with the stored chunk of the
 * same number and hashed; the scratch results are deleted afterwards. The first difference is named
 * (the enterprise's row and USCC), else the hashes are compared. The caller checks the run's status,
 * versions and dataset content first, as for any verification.
 */
import type { Kysely } from 'kysely';
import { CompiledQuery } from 'kysely';
import { parseRunPayload } from '@policy/schemas';
import type { Database } from './database.ts';
import { inputsOf, RunHasher, storedRunHash } from './run.repository.ts';
import type { Run } from './run.repository.ts';
import { ensureRelationalDataset, insertSqlRunResults } from './sql-engine.repository.ts';
import { forEachSqlRunChunk, jurisdictionFilter } from './sql-run-executor.ts';
import { withNewScratch } from './sql-run-retention.ts';
import type { SqlRunEvaluation } from './sql-run-executor.ts';

type Db = Kysely<Database>;

/** The first difference found (ends the page loop). */
class Difference extends Error {}

/** The first line where two chunks' payloads differ, named by its dataset row and USCC. */
export function chunkDifference(storedPayload: string, freshPayload: string, chunkNo: number): string {
  const a = parseRunPayload(storedPayload);
  const b = parseRunPayload(freshPayload);
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    if (a[k]?.row === b[k]?.row && a[k]?.json === b[k]?.json) continue;
    const line = b[k] ?? a[k]!;
    let uscc = '?';
    try {
      uscc = (JSON.parse(line.json) as { uscc: string }).uscc;
    } catch {
      // a stored line that is not JSON any more: named by its row only
    }
    return `第 ${line.row} 行 ${uscc} 的结果不同 / row ${line.row} (${uscc}): stored result differs from the recomputed one`;
  }
  return `结果块 ${chunkNo} 不同 / chunk ${chunkNo} differs`;
}

/**
 * Re-evaluates run `run` (computed by the SQL engine) inside PostgreSQL and compares: null when the
 * stored chunks and hash are those of the fresh evaluation, else the first problem (Chinese first).
 */
export async function verifySqlEngineRun(db: Db, run: Run, evaluation: SqlRunEvaluation): Promise<string | null> {
  const load = await ensureRelationalDataset(db, run.datasetId);
  if (load.contentHash !== run.datasetHash) return `数据集 ${run.datasetId} 的内容已变 / dataset ${run.datasetId} content differs`;
  // its scratch rows are its own while it runs (sql-run-retention.ts prunes those of a verification that died)
  return withNewScratch(db, (scratch) => verifyInto(db, run, evaluation, scratch));
}

async function verifyInto(db: Db, run: Run, evaluation: SqlRunEvaluation, scratch: number): Promise<string | null> {
  try {
    await insertSqlRunResults(db, scratch, evaluation.statement, jurisdictionFilter(run.jurisdiction), { datasetId: run.datasetId });
    const hasher = new RunHasher(inputsOf(run));
    let chunkNo = 0;
    try {
      await forEachSqlRunChunk(db, evaluation.statement, evaluation.lines(scratch), scratch, run.datasetId, async (fresh) => {
        const no = chunkNo++;
        hasher.update(fresh.payload);
        const stored = await db.selectFrom('run_results').select(['first_row', 'row_count', 'payload']).where('run_id', '=', run.id).where('chunk_no', '=', no).executeTakeFirst();
        // the first difference ends the verification: the rest is not evaluated into lines
        if (!stored) throw new Difference(`缺少结果块 ${no} / stored results end at chunk ${no}`);
        // rebuilt without storing: never stored, so its text
        if (fresh.stored) throw new Error(`校验不应存储结果块 ${no} / a verification stored chunk ${no}`);
        if (stored.payload !== fresh.payload) throw new Difference(chunkDifference(stored.payload, fresh.payload, no));
        if (Number(stored.first_row) !== fresh.firstRow || Number(stored.row_count) !== fresh.rowCount) throw new Difference(`结果块 ${no} 的起始行或行数不同 / chunk ${no}: first row or row count differs`);
      });
    } catch (e) {
      if (e instanceof Difference) return e.message;
      throw e;
    }
    const count = await db.selectFrom('run_results').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', run.id).executeTakeFirst();
    if (Number(count?.n ?? 0) !== chunkNo) return `存储了 ${Number(count?.n ?? 0)} 个结果块，应为 ${chunkNo} / ${Number(count?.n ?? 0)} stored chunks, ${chunkNo} expected`;
    const recomputed = hasher.digest();
    if (recomputed !== run.runHash) return `重算的哈希 ${recomputed} 与记录的 ${run.runHash} 不同 / recomputed hash differs from the recorded one`;
    if ((await storedRunHash(db, run)) !== run.runHash) return `存储结果的哈希与记录的不同 / the stored results' hash differs from the recorded one`;
    return null;
  } finally {
    await db.executeQuery(CompiledQuery.raw('delete from sql_run_results where run_id = $1', [scratch]));
  }
}
