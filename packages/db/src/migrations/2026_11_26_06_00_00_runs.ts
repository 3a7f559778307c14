/**
 * Official evaluation runs (issue 12). Frozen once released: never edit, add a new migration instead.
 *
 * - `runs`: one row per run — the dataset and its content hash, the date `at`, an optional
 *   jurisdiction (region-code prefix), the exact versions in force at `at` (JSON), status
 *   (running → completed | failed; completed → signed-off), progress, counts, aggregates (JSON), the
 *   run hash, who created / signed it off and when, and a heartbeat (a running run whose heartbeat
 *   stopped was interrupted).
 * - `run_results`: the results in chunks of up to `RUN_CHUNK_ROWS` enterprises, in row order: `payload`
 *   holds one line per enterprise, `<dataset row>\t<JSON as policy evaluate writes it>\n`.
 * - Guards (triggers on both dialects): a signed-off run and its results never change (no update,
 *   no delete, no new results); signing off needs a completed run and a signer other than its creator.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const FROZEN = '已签发的评价批次不可修改 / a signed-off run never changes';
const SIGN_OFF = '只能签发已完成的批次，且签发人不能是创建人 / only a completed run can be signed off, by someone other than its creator';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('runs')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('dataset_id', 'integer', (c) => c.notNull())
    .addColumn('dataset_name', 'text', (c) => c.notNull())
    .addColumn('dataset_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('jurisdiction', 'text')
    .addColumn('versions', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('counts', 'text')
    .addColumn('aggregates', 'text')
    .addColumn('run_hash', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .addColumn('signed_off_by', 'text')
    .addColumn('signed_off_at', 'text')
    .execute();
  await db.schema.createIndex('runs_dataset').on('runs').column('dataset_id').execute();
  await db.schema
    .createTable('run_results')
    .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id'))
    .addColumn('chunk_no', 'integer', (c) => c.notNull())
    .addColumn('first_row', 'integer', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_results_pk', ['run_id', 'chunk_no'])
    .execute();

  if (pg) {
    await sql`create function policy_runs_guard() returns trigger language plpgsql as $$
      begin
        if old.status = 'signed-off' then
          raise exception '${sql.raw(FROZEN)} (run %)', old.id;
        end if;
        if tg_op = 'DELETE' then return old; end if;
        if new.status = 'signed-off' and (old.status <> 'completed' or new.signed_off_by is null or new.signed_off_by = old.created_by) then
          raise exception '${sql.raw(SIGN_OFF)}';
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger runs_guard before update or delete on runs for each row execute function policy_runs_guard()`.execute(db);
    await sql`create function policy_run_results_guard() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and exists (select 1 from runs r where r.id = old.run_id and r.status = 'signed-off') then
          raise exception '${sql.raw(FROZEN)} (run %)', old.run_id;
        end if;
        if tg_op in ('UPDATE', 'INSERT') and exists (select 1 from runs r where r.id = new.run_id and r.status = 'signed-off') then
          raise exception '${sql.raw(FROZEN)} (run %)', new.run_id;
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger run_results_guard before insert or update or delete on run_results for each row execute function policy_run_results_guard()`.execute(db);
    await sql`create function policy_runs_no_truncate() returns trigger language plpgsql as $$
      begin raise exception '${sql.raw(FROZEN)}: truncate %', tg_table_name; end $$`.execute(db);
    for (const table of ['runs', 'run_results']) {
      await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function policy_runs_no_truncate()`.execute(db);
    }
  } else {
    await sql`create trigger runs_guard_update before update on runs
      begin
        select raise(abort, '${sql.raw(FROZEN)}') where old.status = 'signed-off';
        select raise(abort, '${sql.raw(SIGN_OFF)}')
          where new.status = 'signed-off' and (old.status <> 'completed' or new.signed_off_by is null or new.signed_off_by = old.created_by);
      end`.execute(db);
    await sql`create trigger runs_guard_delete before delete on runs
      begin select raise(abort, '${sql.raw(FROZEN)}') where old.status = 'signed-off'; end`.execute(db);
    const frozen = (v: string) => `exists (select 1 from runs r where r.id = ${v}.run_id and r.status = 'signed-off')`;
    await sql`create trigger run_results_guard_insert before insert on run_results
      begin select raise(abort, '${sql.raw(FROZEN)}') where ${sql.raw(frozen('new'))}; end`.execute(db);
    await sql`create trigger run_results_guard_update before update on run_results
      begin select raise(abort, '${sql.raw(FROZEN)}') where ${sql.raw(frozen('old'))} or ${sql.raw(frozen('new'))}; end`.execute(db);
    await sql`create trigger run_results_guard_delete before delete on run_results
      begin select raise(abort, '${sql.raw(FROZEN)}') where ${sql.raw(frozen('old'))}; end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('run_results').ifExists().execute();
  await db.schema.dropTable('runs').ifExists().execute();
  if (pg) {
    for (const f of ['policy_runs_guard', 'policy_run_results_guard', 'policy_runs_no_truncate']) await sql`drop function if exists ${sql.raw(f)}()`.execute(db);
  }
}
