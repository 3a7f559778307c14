/**
 * Objections to an official run's result and the corrections they lead to (issue 12; 000 二(三):
 * the providing department answers within 3 working days). Frozen once released: never edit, add
 * a new migration instead.
 *
 * - `objections`: one row per objection — the run, the enterprise (USCC and name as stored in the
 *   run), the disputed record (or null: the result as a whole), the department it is routed to
 *   (id and name at filing), grounds and evidence, who filed it and when (`filed_on`, the calendar
 *   day, and `deadline`, 3 working days later), status `open` → `upheld` | `rejected`, who answered,
 *   when and why. At most one open objection per (run, enterprise, record): a partial unique index.
 * - `run_corrections`: the result of an enterprise re-evaluated after an upheld objection, linked to
 *   the run and the objection: the new result JSON (the shape of the run's stored result line), the
 *   corrected enterprise record, `seq` (1, 2, … per run and enterprise: the latest applies) and a
 *   SHA-256 over them. The run's own results and hash never change.
 * - Guards (triggers on both dialects): an objection changes once, from `open` to answered (with
 *   who, when and a reason), and nothing else of it ever changes; objections are never deleted;
 *   corrections are never changed or deleted; no truncate (PostgreSQL).
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const ANSWERED = '已答复的异议不可修改 / an answered objection never changes';
const ONLY_ANSWER = '异议只能由待处理变为已答复（答复人、时间、理由齐全），其余内容不可修改 / an objection only changes from open to answered (with who, when and a reason); nothing else of it changes';
const NO_DELETE = '异议记录不可删除 / objections are never deleted';
const CORRECTIONS = '更正结果只能追加 / run corrections are append-only';

/** Filing columns: never change. */
const FILED = ['run_id', 'uscc', 'enterprise_name', 'record_id', 'department', 'department_name', 'grounds', 'evidence', 'filed_by', 'filed_by_name', 'filed_at', 'filed_on', 'deadline'];

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('objections')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id'))
    .addColumn('uscc', 'text', (c) => c.notNull())
    .addColumn('enterprise_name', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('department_name', 'text', (c) => c.notNull())
    .addColumn('grounds', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addColumn('filed_by_name', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'upheld', 'rejected')`))
    .addColumn('answered_by', 'text')
    .addColumn('answered_by_name', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answer_reason', 'text')
    .execute();
  await db.schema.createIndex('objections_run').on('objections').columns(['run_id', 'uscc']).execute();
  await db.schema.createIndex('objections_department').on('objections').columns(['department', 'status']).execute();
  // one open objection per (run, enterprise, record); null record = the result as a whole
  await sql`create unique index objections_one_open on objections (run_id, uscc, coalesce(record_id, '')) where status = 'open'`.execute(db);

  await db.schema
    .createTable('run_corrections')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id'))
    .addColumn('uscc', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('objection_id', 'integer', (c) => c.notNull().unique().references('objections.id'))
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('run_corrections_seq', ['run_id', 'uscc', 'seq'])
    .execute();

  if (pg) {
    const changed = FILED.map((c) => `new.${c} is distinct from old.${c}`).join(' or ');
    await sql`create function policy_objections_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          raise exception '${sql.raw(NO_DELETE)} (objection %)', old.id;
        end if;
        if old.status <> 'open' then
          raise exception '${sql.raw(ANSWERED)} (objection %)', old.id;
        end if;
        if ${sql.raw(changed)} or new.status not in ('upheld', 'rejected')
            or new.answered_by is null or new.answered_at is null or coalesce(new.answer_reason, '') = '' then
          raise exception '${sql.raw(ONLY_ANSWER)} (objection %)', old.id;
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger objections_guard before update or delete on objections for each row execute function policy_objections_guard()`.execute(db);
    await sql`create function policy_run_corrections_guard() returns trigger language plpgsql as $$
      begin raise exception '${sql.raw(CORRECTIONS)} (correction %)', old.id; end $$`.execute(db);
    await sql`create trigger run_corrections_guard before update or delete on run_corrections for each row execute function policy_run_corrections_guard()`.execute(db);
    await sql`create function policy_objections_no_truncate() returns trigger language plpgsql as $$
      begin raise exception '${sql.raw(CORRECTIONS)}: truncate %', tg_table_name; end $$`.execute(db);
    for (const table of ['objections', 'run_corrections']) {
      await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function policy_objections_no_truncate()`.execute(db);
    }
  } else {
    const changed = FILED.map((c) => `new.${c} is not old.${c}`).join(' or ');
    await sql`create trigger objections_guard_update before update on objections
      begin
        select raise(abort, '${sql.raw(ANSWERED)}') where old.status <> 'open';
        select raise(abort, '${sql.raw(ONLY_ANSWER)}')
          where ${sql.raw(changed)} or new.status not in ('upheld', 'rejected')
            or new.answered_by is null or new.answered_at is null or coalesce(new.answer_reason, '') = '';
      end`.execute(db);
    await sql`create trigger objections_guard_delete before delete on objections
      begin select raise(abort, '${sql.raw(NO_DELETE)}'); end`.execute(db);
    await sql`create trigger run_corrections_guard_update before update on run_corrections
      begin select raise(abort, '${sql.raw(CORRECTIONS)}'); end`.execute(db);
    await sql`create trigger run_corrections_guard_delete before delete on run_corrections
      begin select raise(abort, '${sql.raw(CORRECTIONS)}'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('run_corrections').ifExists().execute();
  await db.schema.dropTable('objections').ifExists().execute();
  if (pg) {
    for (const f of ['policy_objections_guard', 'policy_run_corrections_guard', 'policy_objections_no_truncate']) await sql`drop function if exists ${sql.raw(f)}()`.execute(db);
  }
}
