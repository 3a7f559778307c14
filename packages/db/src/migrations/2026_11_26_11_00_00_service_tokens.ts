/**
 * Service accounts of the machine API (issue 17). Frozen once released: never edit, add a new migration instead.
 *
 * - `service_tokens`: a token for a system (a department's business system, the sharing platform):
 *   its name, its department (null: the credit office's scope, every department), its scope (`read`
 *   or `import`), the last calendar day it is valid (`expires_on`), who created and revoked it and
 *   when, when it was last used. The token itself is never stored: only its SHA-256 (`token_hash`,
 *   unique), so a copy of the database gives no working token.
 * - `api_calls`: one row per machine call (who = the token's name, what = method and route, how many
 *   records, the status): append-only (triggers on both dialects), kept apart from the hash-chained
 *   audit log so that routine calls never drown the document history.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const APPEND_ONLY = 'API 调用记录只能追加 / api_calls is append-only';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = (t: ReturnType<Kysely<any>['schema']['createTable']>) =>
    t.addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await serial(db.schema.createTable('service_tokens'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('department', 'text')
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'import')`))
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
  await serial(db.schema.createTable('api_calls'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('token_id', 'integer')
    .addColumn('token_name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('client_address', 'text')
    .execute();
  await db.schema.createIndex('api_calls_token').on('api_calls').columns(['token_id', 'id']).execute();
  if (pg) {
    await sql
      .raw(
        `create function api_calls_append_only() returns trigger language plpgsql as $$ begin raise exception '${APPEND_ONLY}'; end $$;
         create trigger api_calls_no_change before update or delete on api_calls for each row execute function api_calls_append_only();`,
      )
      .execute(db);
  } else {
    await sql.raw(`create trigger api_calls_no_update before update on api_calls begin select raise(abort, '${APPEND_ONLY}'); end`).execute(db);
    await sql.raw(`create trigger api_calls_no_delete before delete on api_calls begin select raise(abort, '${APPEND_ONLY}'); end`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('api_calls').ifExists().execute();
  if (pg) await sql`drop function if exists api_calls_append_only()`.execute(db);
  await db.schema.dropTable('service_tokens').ifExists().execute();
}
