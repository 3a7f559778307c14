/**
 * `run_signals.run_id` checked once per statement instead of once per row (issue 16), on PostgreSQL
 * (SQLite keeps its foreign key: its signals are written by the in-memory engine a chunk at a time).
 * The foreign key to `runs` ran a lookup with a `FOR KEY SHARE` lock of the run for every row: storing
 * the signals of 500,000 enterprises (357,000 rows) cost ≈ 2 s more backend CPU with it than without,
 * a third of the statement. The same rules now hold per statement:
 *
 * - the statement's guard of `2026_11_27_12_00_00_run_signals_statement_guard`, which reads the rows
 *   inserted (or updated to) from its transition table, first locks the runs they name `FOR KEY SHARE`
 *   — the lock the foreign key took, once per run — and refuses the whole statement (SQLSTATE 23503,
 *   as the foreign key) when a row names no run; then refuses a signed-off run's, as before;
 * - deleting a run that has signals is refused (23503) by a row trigger on `runs`, as the foreign key
 *   refused it. A signal being written by another transaction holds its run's lock, so the deletion
 *   waits for it and then sees its rows; a run deleted first is not found by the lock, so the signal
 *   is refused.
 *
 * Frozen once released: never edit, add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const FROZEN = '已签发的评价批次不可修改 / a signed-off run never changes';
const NO_RUN = '预警与触发所属的评价批次不存在 / the signals name a run that does not exist';
const HAS_SIGNALS = '评价批次已有预警与触发，不能删除 / the run has signals and cannot be deleted';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`do $$
    declare c text;
    begin
      for c in select conname from pg_constraint where conrelid = 'run_signals'::regclass and contype = 'f' loop
        execute format('alter table run_signals drop constraint %I', c);
      end loop;
    end $$`.execute(db);
  await sql`create or replace function policy_run_signals_guard_new() returns trigger language plpgsql as $$
    declare frozen integer; missing integer;
    begin
      perform 1 from runs r where r.id in (select distinct t.run_id from new_rows t) for key share of r;
      select t.run_id into missing from (select distinct run_id from new_rows) t where not exists (select 1 from runs r where r.id = t.run_id) limit 1;
      if missing is not null then
        raise exception '${sql.raw(NO_RUN)} (run %)', missing using errcode = '23503';
      end if;
      select r.id into frozen from runs r where r.status = 'signed-off' and exists (select 1 from new_rows t where t.run_id = r.id) limit 1;
      if frozen is not null then
        raise exception '${sql.raw(FROZEN)} (run %)', frozen;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function policy_runs_signals_kept() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from run_signals s where s.run_id = old.id) then
        raise exception '${sql.raw(HAS_SIGNALS)} (run %)', old.id using errcode = '23503';
      end if;
      return old;
    end $$`.execute(db);
  await sql`create trigger runs_signals_kept before delete on runs for each row execute function policy_runs_signals_kept()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger if exists runs_signals_kept on runs`.execute(db);
  await sql`drop function if exists policy_runs_signals_kept()`.execute(db);
  await sql`create or replace function policy_run_signals_guard_new() returns trigger language plpgsql as $$
    declare frozen integer;
    begin
      select r.id into frozen from runs r where r.status = 'signed-off' and exists (select 1 from new_rows t where t.run_id = r.id) limit 1;
      if frozen is not null then
        raise exception '${sql.raw(FROZEN)} (run %)', frozen;
      end if;
      return null;
    end $$`.execute(db);
  await sql`alter table run_signals add foreign key (run_id) references runs (id)`.execute(db);
}
