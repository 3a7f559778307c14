/**
 * Log-in throttling and security events. `login_attempts` holds one row of counters per throttled
 * key (`user:<name>` or `addr:<client address>`), shared by every server process on the database;
 * `security_events` is the append-only record of log-ins (failed, locked out, succeeded), kept out of
 * the hash-chained audit log, which keeps the document history. Frozen once released.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // times as epoch milliseconds: bigint on PostgreSQL (an integer column holds 64 bits on SQLite)
  const ms = pg ? 'bigint' : 'integer';
  await db.schema
    .createTable('login_attempts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', ms, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', ms, (c) => c.notNull())
    .addColumn('locks', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('security_events')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('login.failed', 'login.locked', 'login.succeeded')`))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('client_address', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('security_events_username').on('security_events').columns(['username', 'id']).execute();
  await db.schema.createIndex('security_events_kind').on('security_events').columns(['kind', 'id']).execute();

  if (pg) {
    await sql`create function policy_security_events_append_only() returns trigger language plpgsql as $$
      begin raise exception '安全事件只能追加 / security_events is append-only'; end $$`.execute(db);
    await sql`create trigger security_events_append_only before update or delete on security_events
      for each row execute function policy_security_events_append_only()`.execute(db);
    await sql`create trigger security_events_no_truncate before truncate on security_events
      for each statement execute function policy_security_events_append_only()`.execute(db);
  } else {
    await sql`create trigger security_events_no_update before update on security_events
      begin select raise(abort, '安全事件只能追加 / security_events is append-only'); end`.execute(db);
    await sql`create trigger security_events_no_delete before delete on security_events
      begin select raise(abort, '安全事件只能追加 / security_events is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('security_events').ifExists().execute();
  if (pg) await sql`drop function if exists policy_security_events_append_only()`.execute(db);
  await db.schema.dropTable('login_attempts').ifExists().execute();
}
