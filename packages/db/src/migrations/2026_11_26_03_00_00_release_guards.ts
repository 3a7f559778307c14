/**
 * One effective date per version, retroactive releases, rollback notes, and release guards below
 * the application. Frozen once released.
 *
 * - `versions.effective_from` is THE effective date: for drafts it mirrors the document's
 *   `effectiveFrom` (filled here for open versions from their content); for versions released
 *   before this migration it stays what the version record says (the date `inForceAt` has always
 *   used). `published_at` is when the version became known (answers "in force at T as known on D").
 * - `retroactive` / `retroactive_reason`: a version in force from before its publish day, with the
 *   written reason; it needs one more approval than its kind (checked here too).
 * - `note`: why the version exists, e.g. "回退至 v1" for a rollback draft.
 * - Released versions no longer flip between `published` and `superseded` (in force / scheduled /
 *   superseded are computed for a date): existing `superseded` rows become `published`.
 * - The `versions_immutable` guard (trigger; on PostgreSQL its function) is extended: a submitted
 *   version's content, effective date and retroactive mark never change; a released version never
 *   changes at all; status changes only along draft→in-review→approved→published and
 *   in-review→rejected (STATUS_TRANSITIONS of @policy/schemas, copied here so the migration stays
 *   frozen); `approved` needs the distinct approvals its kind requires (+1 when retroactive);
 *   `published` needs an effective date and a publish time.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

/** from>to pairs allowed (draft→in-review→approved→published, in-review→rejected). */
const TRANSITIONS = `('draft>in-review', 'in-review>approved', 'in-review>rejected', 'approved>published')`;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('versions').addColumn('retroactive', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('versions').addColumn('retroactive_reason', 'text').execute();
  await db.schema.alterTable('versions').addColumn('note', 'text').execute();

  // existing data, under the old guard (which allows both updates)
  const fromContent = pg ? sql`(content::jsonb ->> 'effectiveFrom')` : sql`json_extract(content, '$.effectiveFrom')`;
  await sql`update versions set effective_from = ${fromContent} where status in ('draft', 'in-review', 'approved', 'rejected') and effective_from is null`.execute(db);
  await sql`update versions set status = 'published' where status = 'superseded'`.execute(db);

  // the approvals a version needs: its kind's setting (default 1), one more when retroactive
  const needed = (v: string) => sql.raw(`(coalesce((select a.required_approvals from approval_settings a join documents d on d.kind = a.kind
      where d.id = ${v}.document_id), 1) + case when ${v}.retroactive <> 0 then 1 else 0 end)`);
  const approvals = (v: string) =>
    sql.raw(`(select count(distinct r.reviewer_id) from reviews r where r.version_id = ${v}.id and r.decision = 'approve')`);

  if (pg) {
    await sql`create or replace function policy_versions_immutable() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.status <> 'draft' then
            raise exception '已提交的版本不可删除 / a submitted version cannot be deleted';
          end if;
          return old;
        end if;
        if old.status <> 'draft' and (new.content is distinct from old.content
            or new.content_hash is distinct from old.content_hash
            or new.parent_hash is distinct from old.parent_hash
            or new.document_id is distinct from old.document_id
            or new.version_number is distinct from old.version_number
            or new.author_id is distinct from old.author_id
            or new.effective_from is distinct from old.effective_from
            or new.retroactive is distinct from old.retroactive
            or new.retroactive_reason is distinct from old.retroactive_reason
            or new.note is distinct from old.note
            or new.based_on is distinct from old.based_on
            or new.status = 'draft') then
          raise exception '已提交的版本不可修改 / a submitted version is immutable';
        end if;
        if old.status in ('published', 'superseded') and (new.status is distinct from old.status
            or new.published_at is distinct from old.published_at
            or new.submitted_at is distinct from old.submitted_at) then
          raise exception '已发布的版本不可修改 / a released version is immutable (% v%)', old.document_id, old.version_number;
        end if;
        if new.status is distinct from old.status and (old.status || '>' || new.status) not in ${sql.raw(TRANSITIONS)} then
          raise exception '不允许的状态变更 % → % / status change not allowed: % → %', old.status, new.status, old.status, new.status;
        end if;
        if new.status = 'approved' and old.status <> 'approved' and ${approvals('new')} < ${needed('new')} then
          raise exception '审批人数不足 / not enough approvals to approve % v%', new.document_id, new.version_number;
        end if;
        if new.status = 'published' and old.status <> 'published' and (new.effective_from is null or new.published_at is null) then
          raise exception '发布须有生效日期与发布时间 / a published version needs its effective date and publish time';
        end if;
        return new;
      end $$`.execute(db);
  } else {
    await sql`drop trigger versions_immutable`.execute(db);
    await sql`create trigger versions_immutable before update on versions
      begin
        select raise(abort, '已提交的版本不可修改 / a submitted version is immutable')
          where old.status <> 'draft' and (new.content is not old.content
            or new.content_hash is not old.content_hash
            or new.parent_hash is not old.parent_hash
            or new.document_id is not old.document_id
            or new.version_number is not old.version_number
            or new.author_id is not old.author_id
            or new.effective_from is not old.effective_from
            or new.retroactive is not old.retroactive
            or new.retroactive_reason is not old.retroactive_reason
            or new.note is not old.note
            or new.based_on is not old.based_on
            or new.status = 'draft');
        select raise(abort, '已发布的版本不可修改 / a released version is immutable')
          where old.status in ('published', 'superseded') and (new.status is not old.status
            or new.published_at is not old.published_at
            or new.submitted_at is not old.submitted_at);
        select raise(abort, '不允许的状态变更 / status change not allowed')
          where new.status is not old.status and (old.status || '>' || new.status) not in ${sql.raw(TRANSITIONS)};
        select raise(abort, '审批人数不足 / not enough approvals to approve')
          where new.status = 'approved' and old.status <> 'approved' and ${approvals('new')} < ${needed('new')};
        select raise(abort, '发布须有生效日期与发布时间 / a published version needs its effective date and publish time')
          where new.status = 'published' and old.status <> 'published' and (new.effective_from is null or new.published_at is null);
      end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`create or replace function policy_versions_immutable() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.status <> 'draft' then
            raise exception '已提交的版本不可删除 / a submitted version cannot be deleted';
          end if;
          return old;
        end if;
        if old.status <> 'draft' and (new.content is distinct from old.content
            or new.content_hash is distinct from old.content_hash
            or new.parent_hash is distinct from old.parent_hash
            or new.document_id is distinct from old.document_id
            or new.version_number is distinct from old.version_number
            or new.author_id is distinct from old.author_id
            or new.status = 'draft') then
          raise exception '已提交的版本不可修改 / a submitted version is immutable';
        end if;
        return new;
      end $$`.execute(db);
  } else {
    await sql`drop trigger versions_immutable`.execute(db);
    await sql`create trigger versions_immutable before update on versions
      when old.status <> 'draft' and (new.content is not old.content
        or new.content_hash is not old.content_hash
        or new.parent_hash is not old.parent_hash
        or new.document_id is not old.document_id
        or new.version_number is not old.version_number
        or new.author_id is not old.author_id
        or new.status = 'draft')
      begin select raise(abort, '已提交的版本不可修改 / a submitted version is immutable'); end`.execute(db);
  }
  for (const column of ['note', 'retroactive_reason', 'retroactive']) await db.schema.alterTable('versions').dropColumn(column).execute();
}
