/**
 * The guard of `run_signals` on PostgreSQL checked once per statement instead of once per row (issue
 * 16): a run of the SQL engine stores its signals with one `INSERT … SELECT` of hundreds of thousands
 * to millions of rows, and the row trigger of `2026_11_26_22_30_00_run_signals` (the function of
 * `run_results`, a lookup of the run per row) cost ≈ 4 s of backend CPU per 714,022 rows, a fifth of
 * the statement. Now three `AFTER … FOR EACH STATEMENT` triggers read the statement's transition
 * tables (the rows inserted, the rows before and after an update, the rows deleted) and refuse the
 * whole statement, with the same message naming the run, when any row belongs to a signed-off run:
 * the same rule, the same error, one semi-join per statement. SQLite keeps its row triggers (its
 * signals are written by the in-memory engine a chunk at a time). Frozen once released: never edit,
 * add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const FROZEN = '已签发的评价批次不可修改 / a signed-off run never changes';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger if exists run_signals_guard on run_signals`.execute(db);
  // one function per transition table: PL/pgSQL plans a query naming a transition table only where the trigger has it
  const check = (table: string) => sql.raw(`
    declare frozen integer;
    begin
      select r.id into frozen from runs r where r.status = 'signed-off' and exists (select 1 from ${table} t where t.run_id = r.id) limit 1;
      if frozen is not null then
        raise exception '${FROZEN} (run %)', frozen;
      end if;
      return null;
    end`);
  await sql`create function policy_run_signals_guard_new() returns trigger language plpgsql as $$${check('new_rows')}$$`.execute(db);
  await sql`create function policy_run_signals_guard_old() returns trigger language plpgsql as $$${check('old_rows')}$$`.execute(db);
  await sql`create trigger run_signals_guard_insert after insert on run_signals referencing new table as new_rows for each statement execute function policy_run_signals_guard_new()`.execute(db);
  // an update is refused when a row was or would become a signed-off run's: both tables are checked
  await sql`create trigger run_signals_guard_update_old after update on run_signals referencing old table as old_rows for each statement execute function policy_run_signals_guard_old()`.execute(db);
  await sql`create trigger run_signals_guard_update_new after update on run_signals referencing new table as new_rows for each statement execute function policy_run_signals_guard_new()`.execute(db);
  await sql`create trigger run_signals_guard_delete after delete on run_signals referencing old table as old_rows for each statement execute function policy_run_signals_guard_old()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const t of ['run_signals_guard_insert', 'run_signals_guard_update_old', 'run_signals_guard_update_new', 'run_signals_guard_delete']) {
    await sql`drop trigger if exists ${sql.raw(t)} on run_signals`.execute(db);
  }
  await sql`drop function if exists policy_run_signals_guard_new()`.execute(db);
  await sql`drop function if exists policy_run_signals_guard_old()`.execute(db);
  await sql`create trigger run_signals_guard before insert or update or delete on run_signals for each row execute function policy_run_results_guard()`.execute(db);
}
