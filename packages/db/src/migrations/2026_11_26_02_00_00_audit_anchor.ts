/**
 * Tamper evidence beyond the hash chain. Frozen once released.
 * - `audit_log.mac`: HMAC-SHA-256 of the entry's hash under the audit key (AUDIT_KEY_FILE), null for
 *   entries written without a key. Not part of the hashed fields, so older hashes stay valid.
 * - `releases`: append-only; one row per publish holding the audit head (seq and hash of the
 *   publish entry) at that moment, so a later truncation or rewrite of the log contradicts it.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('audit_log').addColumn('mac', 'text').execute();

  await db.schema
    .createTable('releases')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id'))
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('version_number', 'integer', (c) => c.notNull())
    .addColumn('audit_seq', 'integer', (c) => c.notNull())
    .addColumn('audit_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('releases_version').on('releases').column('version_id').execute();

  if (pg) {
    await sql`create function policy_releases_append_only() returns trigger language plpgsql as $$
      begin raise exception '发布记录只能追加 / releases is append-only'; end $$`.execute(db);
    await sql`create trigger releases_append_only before update or delete on releases
      for each row execute function policy_releases_append_only()`.execute(db);
    await sql`create trigger releases_no_truncate before truncate on releases
      for each statement execute function policy_releases_append_only()`.execute(db);
  } else {
    await sql`create trigger releases_no_update before update on releases
      begin select raise(abort, '发布记录只能追加 / releases is append-only'); end`.execute(db);
    await sql`create trigger releases_no_delete before delete on releases
      begin select raise(abort, '发布记录只能追加 / releases is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('releases').ifExists().execute();
  if (pg) await sql`drop function if exists policy_releases_append_only()`.execute(db);
  await db.schema.alterTable('audit_log').dropColumn('mac').execute();
}
