/**
 * The 双随机、一公开 workbench (issue 14). Frozen once released: never edit, add a new migration instead.
 *
 * - `inspectors`: each department's directory (执法检查人员名录): 工号, name, 执法证号, the items or
 *   domains they may inspect (JSON, empty = all), declared conflicts (回避企业, JSON USCCs), active.
 * - `draw_rounds`: a round registered before its draw: department, round label, the public value
 *   (e.g. a lottery number) that goes into the seed, the inspection window, who and when. Never
 *   changes once registered (trigger on both dialects).
 * - `draws` gains `round_label`, `run_id`, `attempt`, `seed_inputs` (the canonical values the seed is
 *   the SHA-256 of), `cap`; one draw per (department, round label, attempt): a unique index, so two
 *   simultaneous draws of a round store exactly one.
 * - `draw_redraws`: a redraw request (written reason), approved or rejected by a second person.
 * - `draw_outcomes`: inspection outcomes per enterprise of a published draw.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const FROZEN_ROUND = '抽查轮次登记后不可修改 / a registered round never changes';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = (t: ReturnType<Kysely<any>['schema']['createTable']>) =>
    t.addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await db.schema
    .createTable('inspectors')
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('certificate', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('conflicts', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspectors_pk', ['department', 'id'])
    .execute();
  await db.schema
    .createTable('draw_rounds')
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('round', 'text', (c) => c.notNull())
    .addColumn('public_value', 'text', (c) => c.notNull())
    .addColumn('window_from', 'text')
    .addColumn('window_to', 'text')
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('draw_rounds_pk', ['department', 'round'])
    .execute();
  if (pg) {
    await sql
      .raw(
        `create function draw_rounds_frozen() returns trigger language plpgsql as $$ begin raise exception '${FROZEN_ROUND}'; end $$;
         create trigger draw_rounds_no_update before update or delete on draw_rounds for each row execute function draw_rounds_frozen();`,
      )
      .execute(db);
  } else {
    await sql.raw(`create trigger draw_rounds_no_update before update on draw_rounds begin select raise(abort, '${FROZEN_ROUND}'); end`).execute(db);
    await sql.raw(`create trigger draw_rounds_no_delete before delete on draw_rounds begin select raise(abort, '${FROZEN_ROUND}'); end`).execute(db);
  }
  for (const [name, type] of [
    ['round_label', 'text'],
    ['run_id', 'integer'],
    ['attempt', 'integer'],
    ['seed_inputs', 'text'],
    ['cap', 'integer'],
  ] as const) {
    await db.schema.alterTable('draws').addColumn(name, type).execute();
  }
  await db.schema.createIndex('draws_one_per_round').unique().on('draws').columns(['department', 'round_label', 'attempt']).execute();
  await serial(db.schema.createTable('draw_redraws'))
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('round', 'text', (c) => c.notNull())
    .addColumn('draw_id', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('new_draw_id', 'integer')
    .execute();
  await db.schema.createIndex('draw_redraws_round').on('draw_redraws').columns(['department', 'round']).execute();
  await db.schema
    .createTable('draw_outcomes')
    .addColumn('draw_id', 'integer', (c) => c.notNull())
    .addColumn('uscc', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('draw_outcomes_pk', ['draw_id', 'uscc'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('draw_outcomes').ifExists().execute();
  await db.schema.dropTable('draw_redraws').ifExists().execute();
  await db.schema.dropIndex('draws_one_per_round').ifExists().execute();
  for (const name of ['cap', 'seed_inputs', 'attempt', 'run_id', 'round_label']) await db.schema.alterTable('draws').dropColumn(name).execute();
  await db.schema.dropTable('draw_rounds').ifExists().execute();
  if (pg) await sql`drop function if exists draw_rounds_frozen()`.execute(db);
  await db.schema.dropTable('inspectors').ifExists().execute();
}
