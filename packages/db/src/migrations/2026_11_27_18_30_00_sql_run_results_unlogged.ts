/**
 * The SQL engine's working rows (`sql_run_results`) unlogged on PostgreSQL (issue 16). A run's record
 * is its chunks (`run_results`), hash, aggregates and signals, all logged; `sql_run_results` is the
 * working table they are made from, kept afterwards only so that a candidate can be compared with the
 * published results inside PostgreSQL (sql-run-retention.ts) — and that comparison already falls back
 * to memory when a run's rows are gone. Not writing them to the write-ahead log saves ≈ 10 % of the
 * backend CPU of evaluating a run (1M: 13.1 → 11.6–12.0 s), and the log volume of the results (about
 * as much as the table: ≈ 350 MB per million enterprises) with the checkpoints it forces. What an
 * unlogged table costs: after a crash of PostgreSQL (not a clean restart) it is empty — a run being
 * evaluated then fails as it would anyway (its connections are gone), and a later comparison with a
 * run whose rows were lost is made in memory; it is not copied to streaming replicas. The impact
 * report's scratch tables are unlogged for the same reason. Where the table cannot be altered (e.g.
 * already distributed by Citus, if Citus refuses) it stays logged. Frozen once released: never edit,
 * add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`do $$ begin
      alter table sql_run_results set unlogged;
    exception when others then
      raise notice 'sql_run_results stays logged: %', sqlerrm;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table sql_run_results set logged`.execute(db);
}
