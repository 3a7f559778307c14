/**
 * 起草说明 (explanatory notes, issue 15): one note per version, drafted in the admin from the semantic
 * diff and the impact report when the version is submitted, edited by its author, shown in review and
 * printed with it. Frozen once released.
 *
 * - `explanatory_notes`: the note's text, a revision (optimistic concurrency: +1 on every change) and
 *   who changed it last, when. Deleted with its version (a discarded draft takes its note along).
 * - A new draft opened by a rejection (its parent, `based_on`, is `rejected`) starts with the rejected
 *   version's note (trigger `versions_copy_explanatory_note`): the author's text is not lost.
 * - The `explanatory_notes_frozen` guard refuses writing the note of a version that is neither a
 *   draft nor in review (approved, rejected, published, superseded), and deleting a note while its
 *   version still exists and is not a draft: a released version's note never changes, as the rest of
 *   the version.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const FROZEN = '只有草稿或审核中的版本可以修改起草说明 / the explanatory note changes only while its version is a draft or in review';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('explanatory_notes')
    .addColumn('version_id', 'integer', (c) => c.primaryKey().references('versions.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_by_id', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  const writable = (v: string) => `exists (select 1 from versions v where v.id = ${v}.version_id and v.status in ('draft', 'in-review'))`;
  const kept = (v: string) => `exists (select 1 from versions v where v.id = ${v}.version_id and v.status <> 'draft')`;
  const copy = `insert into explanatory_notes (version_id, text, revision, updated_by, updated_by_id, updated_at)
      select new.id, n.text, 1, n.updated_by, n.updated_by_id, new.created_at
      from explanatory_notes n join versions p on p.id = n.version_id
      where p.document_id = new.document_id and p.version_number = new.based_on and p.status = 'rejected'`;

  if (pg) {
    await sql`create function policy_explanatory_notes_frozen() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if ${sql.raw(kept('old'))} then
            raise exception '${sql.raw(FROZEN)}';
          end if;
          return old;
        end if;
        if not ${sql.raw(writable('new'))} then
          raise exception '${sql.raw(FROZEN)}';
        end if;
        if tg_op = 'UPDATE' and new.version_id is distinct from old.version_id then
          raise exception '${sql.raw(FROZEN)}';
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger explanatory_notes_frozen before insert or update or delete on explanatory_notes
      for each row execute function policy_explanatory_notes_frozen()`.execute(db);
    await sql`create function policy_explanatory_notes_no_truncate() returns trigger language plpgsql as $$
      begin raise exception '${sql.raw(FROZEN)}'; end $$`.execute(db);
    await sql`create trigger explanatory_notes_no_truncate before truncate on explanatory_notes
      for each statement execute function policy_explanatory_notes_no_truncate()`.execute(db);
    await sql`create function policy_versions_explanatory_note() returns trigger language plpgsql as $$
      begin
        if new.status = 'draft' and new.based_on is not null then
          ${sql.raw(copy)};
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger versions_explanatory_note after insert on versions
      for each row execute function policy_versions_explanatory_note()`.execute(db);
  } else {
    await sql`create trigger explanatory_notes_frozen_insert before insert on explanatory_notes
      begin select raise(abort, '${sql.raw(FROZEN)}') where not ${sql.raw(writable('new'))}; end`.execute(db);
    await sql`create trigger explanatory_notes_frozen_update before update on explanatory_notes
      begin select raise(abort, '${sql.raw(FROZEN)}') where not ${sql.raw(writable('new'))} or not ${sql.raw(writable('old'))}
        or new.version_id is not old.version_id; end`.execute(db);
    await sql`create trigger explanatory_notes_frozen_delete before delete on explanatory_notes
      begin select raise(abort, '${sql.raw(FROZEN)}') where ${sql.raw(kept('old'))}; end`.execute(db);
    await sql`create trigger versions_copy_explanatory_note after insert on versions
      when new.status = 'draft' and new.based_on is not null
      begin ${sql.raw(copy)}; end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`drop trigger if exists versions_explanatory_note on versions`.execute(db);
    await sql`drop function if exists policy_versions_explanatory_note()`.execute(db);
  } else {
    await sql`drop trigger if exists versions_copy_explanatory_note`.execute(db);
  }
  await db.schema.dropTable('explanatory_notes').ifExists().execute();
  if (pg) {
    await sql`drop function if exists policy_explanatory_notes_frozen()`.execute(db);
    await sql`drop function if exists policy_explanatory_notes_no_truncate()`.execute(db);
  }
}
