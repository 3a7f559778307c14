/**
 * Which engine computed a run (issue 16): `runs.engine`, `sql` for a run evaluated inside PostgreSQL
 * (sql-run-executor.ts, recorded when it starts evaluating), `memory` for one evaluated in the process
 * (recorded at its completion); null for runs completed before this migration and for in-memory runs
 * not completed. `runs.verify` re-evaluates a `sql` run inside
 * PostgreSQL; its fresh results go to `sql_run_results` under a scratch run id drawn from the
 * sequence `sql_scratch_runs` (negated: never a run's id), so concurrent verifications never share
 * one (PostgreSQL only). Frozen once released: never edit, add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('engine', 'text').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`create sequence sql_scratch_runs`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop sequence if exists sql_scratch_runs`.execute(db);
  await db.schema.alterTable('runs').dropColumn('engine').execute();
}
