/**
 * Initial schema. Frozen once released: from then on never edit, add a new migration instead.
 * (Edited before the first release: `dataset_chunks`, no per-row payload, one open version per document.)
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // serial on PostgreSQL, INTEGER PRIMARY KEY AUTOINCREMENT on SQLite.

  await db.schema
    .createTable('users')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('credit-office', 'department-editor', 'reviewer', 'viewer')`),
    )
    .addColumn('department', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('versions')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('version_number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'in-review', 'approved', 'published', 'superseded', 'rejected')`),
    )
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('parent_hash', 'text')
    .addColumn('based_on', 'integer')
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('published_at', 'text')
    .addUniqueConstraint('versions_document_number', ['document_id', 'version_number'])
    .execute();
  await db.schema.createIndex('versions_status').on('versions').columns(['status', 'effective_from']).execute();
  // At most one open (draft / in-review / approved) version per document, also under concurrent createDraft.
  await db.schema
    .createIndex('versions_one_open')
    .on('versions')
    .column('document_id')
    .unique()
    .where(sql.ref('status'), 'in', ['draft', 'in-review', 'approved'])
    .execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id'))
    .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reviewer_name', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('approve', 'reject')`))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_version').on('reviews').column('version_id').execute();

  await db.schema
    .createTable('approval_settings')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('required_approvals', 'integer', (c) => c.notNull().check(sql`required_approvals >= 1`))
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('department', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text')
    .addColumn('version_number', 'integer')
    .addColumn('target', 'text')
    .addColumn('reason', 'text')
    .addColumn('before_hash', 'text')
    .addColumn('after_hash', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('datasets')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_format', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dataset_enterprises')
    .addColumn('dataset_id', 'integer', (c) => c.notNull().references('datasets.id'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('uscc', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('industry_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text')
    .addPrimaryKeyConstraint('dataset_enterprises_pk', ['dataset_id', 'row_number'])
    .execute();
  await db.schema
    .createIndex('dataset_enterprises_uscc')
    .on('dataset_enterprises')
    .columns(['dataset_id', 'uscc'])
    .execute();
  // The records themselves, as JSON arrays of consecutive rows: loading a dataset reads a few hundred
  // rows per million enterprises instead of a million.
  await db.schema
    .createTable('dataset_chunks')
    .addColumn('dataset_id', 'integer', (c) => c.notNull().references('datasets.id'))
    .addColumn('chunk_no', 'integer', (c) => c.notNull())
    .addColumn('first_row', 'integer', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_chunks_pk', ['dataset_id', 'chunk_no'])
    .execute();
  if (pg) {
    // lz4 compresses and decompresses the chunks several times faster than the default pglz
    // (PostgreSQL 14+ built with lz4; otherwise the default stays).
    await sql`do $$ begin
        alter table dataset_chunks alter column payload set compression lz4;
      exception when others then null;
      end $$`.execute(db);
  }

  // Guards below the application: audit rows are append-only, submitted versions never change.
  if (pg) {
    await sql`create function policy_audit_append_only() returns trigger language plpgsql as $$
      begin raise exception '审计日志只能追加 / audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function policy_audit_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function policy_audit_append_only()`.execute(db);
    await sql`create function policy_versions_immutable() returns trigger language plpgsql as $$
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
    await sql`create trigger versions_immutable before update or delete on versions
      for each row execute function policy_versions_immutable()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, '审计日志只能追加 / audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, '审计日志只能追加 / audit_log is append-only'); end`.execute(db);
    await sql`create trigger versions_immutable before update on versions
      when old.status <> 'draft' and (new.content is not old.content
        or new.content_hash is not old.content_hash
        or new.parent_hash is not old.parent_hash
        or new.document_id is not old.document_id
        or new.version_number is not old.version_number
        or new.author_id is not old.author_id
        or new.status = 'draft')
      begin select raise(abort, '已提交的版本不可修改 / a submitted version is immutable'); end`.execute(db);
    await sql`create trigger versions_no_delete before delete on versions
      when old.status <> 'draft'
      begin select raise(abort, '已提交的版本不可删除 / a submitted version cannot be deleted'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'dataset_chunks',
    'dataset_enterprises',
    'datasets',
    'audit_log',
    'approval_settings',
    'reviews',
    'versions',
    'documents',
    'sessions',
    'users',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function if exists policy_audit_append_only cascade`.execute(db);
    await sql`drop function if exists policy_versions_immutable cascade`.execute(db);
  }
}
