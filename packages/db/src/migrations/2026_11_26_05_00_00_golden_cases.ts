/**
 * Golden cases as versioned data, stored with their document version. Frozen once released.
 *
 * - `golden_cases`: one row per case of a version (name unique per version, position for the
 *   order, the evaluation date, the enterprise record and the expectation as JSON).
 * - A new version row with a parent (`based_on`) gets a copy of its parent's cases (trigger
 *   `versions_copy_golden_cases`): a new draft starts from its parent's cases, never from another
 *   version's file; a rejection's new draft from the rejected version's.
 * - `golden_case_seals`: the cases of a sealed version never change. A version is sealed when it
 *   leaves `draft` (trigger on the status change); imported released versions (seed, policies/
 *   import) are sealed right after their case file is stored. Versions already submitted or
 *   released are sealed here, except published ones without cases, whose case files the seed /
 *   import may still store once (`importCaseFiles`, which seals them).
 * - The `golden_cases_frozen` guard refuses any insert, update or delete of a sealed version's
 *   cases, and of the cases of a version in review, approved, rejected or superseded.
 * - `golden_overrides`: a reviewer's written reason to publish despite failing cases (append-only,
 *   also in the audit log as `cases.override`).
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const FROZEN = '已提交或已发布版本的黄金用例不可修改 / the golden cases of a submitted or released version never change';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('golden_cases')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('enterprise', 'text', (c) => c.notNull())
    .addColumn('expect', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('golden_cases_name').on('golden_cases').columns(['version_id', 'name']).unique().execute();
  await db.schema.createIndex('golden_cases_position').on('golden_cases').columns(['version_id', 'position']).unique().execute();
  await db.schema
    .createTable('golden_case_seals')
    .addColumn('version_id', 'integer', (c) => c.primaryKey().references('versions.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('golden_overrides')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('failing', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('golden_overrides_version').on('golden_overrides').columns(['version_id']).execute();

  // versions already submitted are sealed; published ones only when they have no case file to receive
  const now = new Date().toISOString();
  await sql`insert into golden_case_seals (version_id, at) select id, ${now} from versions where status not in ('draft', 'published')`.execute(db);

  const frozen = (v: string) =>
    `exists (select 1 from golden_case_seals s where s.version_id = ${v}.version_id)
      or exists (select 1 from versions v where v.id = ${v}.version_id and v.status not in ('draft', 'published'))`;
  const copy = `insert into golden_cases (version_id, position, name, at, enterprise, expect, source, created_at, created_by, updated_at)
      select new.id, g.position, g.name, g.at, g.enterprise, g.expect, g.source, new.created_at, new.author_name, new.created_at
      from golden_cases g join versions p on p.id = g.version_id
      where p.document_id = new.document_id and p.version_number = new.based_on`;

  if (pg) {
    await sql`create function policy_golden_cases_frozen() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          if ${sql.raw(frozen('old'))} then
            raise exception '${sql.raw(FROZEN)}';
          end if;
        end if;
        if tg_op in ('UPDATE', 'INSERT') then
          if ${sql.raw(frozen('new'))} then
            raise exception '${sql.raw(FROZEN)}';
          end if;
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger golden_cases_frozen before insert or update or delete on golden_cases
      for each row execute function policy_golden_cases_frozen()`.execute(db);
    await sql`create function policy_golden_append_only() returns trigger language plpgsql as $$
      begin raise exception '只能追加 / append-only: %', tg_table_name; end $$`.execute(db);
    await sql`create trigger golden_cases_no_truncate before truncate on golden_cases
      for each statement execute function policy_golden_append_only()`.execute(db);
    for (const table of ['golden_case_seals', 'golden_overrides']) {
      await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
        for each row execute function policy_golden_append_only()`.execute(db);
    }
    await sql`create function policy_versions_golden_cases() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          if new.status = 'draft' and new.based_on is not null then
            ${sql.raw(copy)};
          end if;
        elsif old.status = 'draft' and new.status <> 'draft' then
          insert into golden_case_seals (version_id, at) values (new.id, new.updated_at) on conflict do nothing;
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger versions_golden_cases after insert or update of status on versions
      for each row execute function policy_versions_golden_cases()`.execute(db);
  } else {
    for (const [op, v] of [
      ['insert', 'new'],
      ['update', 'old'],
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      await sql`create trigger ${sql.raw(`golden_cases_frozen_${op}_${v}`)} before ${sql.raw(op)} on golden_cases
        begin select raise(abort, '${sql.raw(FROZEN)}') where ${sql.raw(frozen(v))}; end`.execute(db);
    }
    for (const table of ['golden_case_seals', 'golden_overrides']) {
      for (const op of ['update', 'delete']) {
        await sql`create trigger ${sql.raw(`${table}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(table)}
          begin select raise(abort, '只能追加 / append-only: ${sql.raw(table)}'); end`.execute(db);
      }
    }
    await sql`create trigger versions_copy_golden_cases after insert on versions
      when new.status = 'draft' and new.based_on is not null
      begin ${sql.raw(copy)}; end`.execute(db);
    await sql`create trigger versions_seal_golden_cases after update of status on versions
      when old.status = 'draft' and new.status <> 'draft'
      begin insert or ignore into golden_case_seals (version_id, at) values (new.id, new.updated_at); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`drop trigger if exists versions_golden_cases on versions`.execute(db);
    await sql`drop function if exists policy_versions_golden_cases()`.execute(db);
  } else {
    await sql`drop trigger if exists versions_copy_golden_cases`.execute(db);
    await sql`drop trigger if exists versions_seal_golden_cases`.execute(db);
  }
  for (const table of ['golden_overrides', 'golden_case_seals', 'golden_cases']) await db.schema.dropTable(table).ifExists().execute();
  if (pg) {
    await sql`drop function if exists policy_golden_cases_frozen()`.execute(db);
    await sql`drop function if exists policy_golden_append_only()`.execute(db);
  }
}
