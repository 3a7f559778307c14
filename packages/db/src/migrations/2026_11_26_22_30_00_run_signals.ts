/**
 * The early warnings and triggers of a run (issue 13): `run_signals`, one row per enterprise and
 * warning rule (`kind` warning, `code` the rule id) or supervision item it triggers (`kind` trigger,
 * `code` the item code), with the enterprise's dataset row, USCC and name, its supervising
 * departments (JSON, who may read it) and the detail (JSON: the departments warned, or the trigger
 * points that hold and the measures). Written with the run's completion, apart from `run_results`
 * (the result lines and the run hash do not change). Guarded like `run_results`: a signed-off run's
 * signals never change. Frozen once released: never edit, add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const FROZEN = '已签发的评价批次不可修改 / a signed-off run never changes';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('run_signals')
    .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('uscc', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('departments', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_signals_pk', ['run_id', 'seq'])
    .execute();
  await db.schema.createIndex('run_signals_code').on('run_signals').columns(['run_id', 'kind', 'document_id', 'code']).execute();
  if (pg) {
    // the guard function of run_results reads only run_id
    await sql`create trigger run_signals_guard before insert or update or delete on run_signals for each row execute function policy_run_results_guard()`.execute(db);
    await sql`create trigger run_signals_no_truncate before truncate on run_signals for each statement execute function policy_runs_no_truncate()`.execute(db);
  } else {
    const frozen = (v: string) => `exists (select 1 from runs r where r.id = ${v}.run_id and r.status = 'signed-off')`;
    await sql`create trigger run_signals_guard_insert before insert on run_signals
      begin select raise(abort, '${sql.raw(FROZEN)}') where ${sql.raw(frozen('new'))}; end`.execute(db);
    await sql`create trigger run_signals_guard_update before update on run_signals
      begin select raise(abort, '${sql.raw(FROZEN)}') where ${sql.raw(frozen('old'))} or ${sql.raw(frozen('new'))}; end`.execute(db);
    await sql`create trigger run_signals_guard_delete before delete on run_signals
      begin select raise(abort, '${sql.raw(FROZEN)}') where ${sql.raw(frozen('old'))}; end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('run_signals').ifExists().execute();
}
