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
 * after its rows were deleted as superseded (an older run signed off later) is compared in memory —
 * as is any run after a crash of PostgreSQL, which empties the table (it is unlogged:
 * migration 2026_11_27_18_30_00).
 *
 * A verification's scratch rows (negative run ids, sql-run-verify.ts) are deleted by the verification
 * itself; if its process died (killed, the connection cut) they would stay. A verification holds the
 * advisory lock {@link SCRATCH_LOCK}/its id on a connection of its own while it runs — PostgreSQL
 * releases it when that connection ends, however the process ends — so scratch rows whose lock can be
 * taken belong to no running verification and are deleted too.
 */
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { dialectOf } from './raw.ts';

/** The first key of the advisory locks of running verifications and impact reports (the second: the scratch id). */
export const SCRATCH_LOCK = 16_016;

/**
 * Draws a new scratch id (negative: never a run's id; from the sequence `sql_scratch_runs`, so never
 * another verification's or report's) and runs `fn` with it while holding its lock ({@link withScratchLock}).
 */
export async function withNewScratch<T>(db: Kysely<Database>, fn: (scratch: number) => Promise<T>): Promise<T> {
  const [seq] = (await db.executeQuery<{ id: number }>(CompiledQuery.raw("select -nextval('sql_scratch_runs')::int as id"))).rows;
  const scratch = seq!.id;
  return withScratchLock(db, scratch, () => fn(scratch));
}

/**
 * Runs `fn` while holding the advisory lock of scratch run `scratch` on a connection of its own (see the
 * module note): the scratch rows written meanwhile are not pruned.
 */
export async function withScratchLock<T>(db: Kysely<Database>, scratch: number, fn: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await conn.executeQuery(CompiledQuery.raw('select pg_advisory_lock($1, $2)', [SCRATCH_LOCK, scratch]));
    try {
      return await fn();
    } finally {
      await conn.executeQuery(CompiledQuery.raw('select pg_advisory_unlock($1, $2)', [SCRATCH_LOCK, scratch]));
    }
  });
}

/**
 * Deletes the scratch rows (negative run ids) of verifications no longer running: one transaction per
 * scratch id, which takes its lock (at once or not at all) before deleting. Returns the ids deleted.
 */
export async function pruneScratchResults(db: Kysely<Database>): Promise<number[]> {
  if (dialectOf(db) !== 'postgres') return [];
  // the distinct negative run ids, one index probe each (a loose scan of the primary key)
  const { rows } = await db.executeQuery<{ id: number }>(
    CompiledQuery.raw(
      'with recursive s(id) as (select max(run_id) from sql_run_results where run_id < 0 ' +
        'union all select (select max(run_id) from sql_run_results where run_id < s.id) from s where s.id is not null) ' +
        'select id from s where id is not null',
    ),
  );
  const pruned: number[] = [];
  for (const { id } of rows) {
    if (await ifScratchUnused(db, id, (trx) => trx.executeQuery(CompiledQuery.raw('delete from sql_run_results where run_id = $1', [id])))) pruned.push(Number(id));
  }
  return pruned;
}

/**
 * In a transaction that takes the lock of scratch id `scratch` (at once or not at all): `work`, when the
 * lock was free — no verification or report of that id is running. Whether `work` ran.
 */
async function ifScratchUnused(db: Kysely<Database>, scratch: number, work: (trx: Kysely<Database>) => Promise<unknown>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const [lock] = (await trx.executeQuery<{ free: boolean }>(CompiledQuery.raw('select pg_try_advisory_xact_lock($1, $2) as free', [SCRATCH_LOCK, scratch]))).rows;
    if (!lock?.free) return false;
    await work(trx);
    return true;
  });
}

/**
 * Drops the scratch tables of impact reports no longer running (`impact_scratch_<id>_<side>`,
 * sql-impact.repository.ts; a report holds the lock of its scratch id, `-id`, while it runs): one
 * transaction per report, which takes its lock (at once or not at all) before dropping its tables.
 * Returns the report ids (`id`) whose tables were dropped.
 */
export async function pruneScratchTables(db: Kysely<Database>): Promise<number[]> {
  if (dialectOf(db) !== 'postgres') return [];
  const { rows } = await db.executeQuery<{ name: string }>(
    CompiledQuery.raw("select tablename as name from pg_tables where schemaname = current_schema() and tablename ~ '^impact_scratch_[0-9]+_[0-9]+$' order by 1"),
  );
  const byReport = new Map<number, string[]>();
  for (const { name } of rows) {
    const id = Number(/^impact_scratch_(\d+)_/.exec(name)![1]);
    byReport.set(id, [...(byReport.get(id) ?? []), name]);
  }
  const pruned: number[] = [];
  for (const [id, names] of byReport) {
    const drop = async (trx: Kysely<Database>) => {
      for (const name of names) await trx.executeQuery(CompiledQuery.raw(`drop table if exists ${name}`));
    };
    if (await ifScratchUnused(db, -id, drop)) pruned.push(id);
  }
  return pruned;
}

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
  // and the scratch rows of verifications, and the scratch tables of impact reports, that died
  await pruneScratchResults(db);
  await pruneScratchTables(db);
  // the deleted rows' space made reusable now: a run deletes as many rows as it writes, and without
  // autovacuum (off on some servers) the table would grow by a run's rows every run, every later read
  // going through them (a 1M bench database once held 16M dead rows for 1M live ones). Not fatal:
  // outside a transaction only, and autovacuum does it otherwise
  if (ids.length > 0) await db.executeQuery(CompiledQuery.raw('vacuum sql_run_results')).catch(() => undefined);
  return ids;
}
