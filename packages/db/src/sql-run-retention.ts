/**
 * How long the SQL engine's per-enterprise results (`sql_run_results`) are kept (issue 16). A run's
 * record is its chunks (`run_results`), hash and signals; `sql_run_results` is a working table: the
 * run's chunks, aggregates and signals are made from it, verification re-evaluates into a scratch id
 * of its own, and only the comparison of a candidate with the published results in SQL
 * (`gradingMigrationSql` of @policy/evaluation) reads a finished run's rows. So per dataset and
 * jurisdiction the rows are kept of
 *
 * - every running run (being written and read),
 * - the SQL run signed off last (the published results a candidate is compared with), and
 * - the newest completed SQL run (the next to be signed off);
 *
 * those of failed (or interrupted) SQL runs and of superseded ones are deleted. A run signed off
 * after its rows were deleted as superseded (an older run signed off later) is compared in memory.
 */
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { dialectOf } from './raw.ts';

/** Deletes the `sql_run_results` rows no longer needed (see the module note). Returns the runs whose rows were deleted. PostgreSQL only (none on SQLite). */
export async function pruneSqlRunResults(db: Kysely<Database>): Promise<number[]> {
  if (dialectOf(db) !== 'postgres') return [];
  const { rows } = await db.executeQuery<{ id: number }>(
    CompiledQuery.raw(
      "with g as (select id, status, row_number() over (partition by dataset_id, coalesce(jurisdiction, ''), status " +
        'order by case when status = \'signed-off\' then signed_off_at end desc nulls last, id desc) as k ' +
        "from runs where engine = 'sql' and status in ('failed', 'completed', 'signed-off')) " +
        "select id from g where status = 'failed' or k > 1 order by id",
    ),
  );
  const ids = rows.map((r) => Number(r.id));
  // a run at a time (each a range of the primary key); on Citus a modification of every shard
  for (const id of ids) await db.executeQuery(CompiledQuery.raw('delete from sql_run_results where run_id = $1', [id]));
  return ids;
}
