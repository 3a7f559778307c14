/**
 * Firm-level reads are security events: `security_events.kind` also admits the access kinds
 * (`read.enterprise`, `read.search`, `read.moved`, `read.sample`, `read.draw`, `read.refused`), so
 * every read of an enterprise's result is recorded apart from the hash-chained audit log. The table
 * stays append-only (its triggers are recreated on SQLite, where the check needs a rebuild). Frozen
 * once released.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const LOGIN_KINDS = ['login.failed', 'login.locked', 'login.succeeded'];
const ACCESS_KINDS = ['read.enterprise', 'read.search', 'read.moved', 'read.sample', 'read.draw', 'read.refused'];

const kindCheck = (kinds: string[]) => sql.raw(`kind in (${kinds.map((k) => `'${k}'`).join(', ')})`);

async function setKinds(db: Kysely<any>, kinds: string[]): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`alter table security_events drop constraint if exists security_events_kind_check`.execute(db);
    await sql`alter table security_events add constraint security_events_kind_check check (${kindCheck(kinds)})`.execute(db);
    return;
  }
  // SQLite cannot change a check: rebuild the table with the same rows, indexes and triggers
  await sql`create table security_events_next (
    id integer primary key autoincrement,
    at text not null,
    kind text not null check (${kindCheck(kinds)}),
    username text not null,
    user_id integer,
    client_address text,
    detail text
  )`.execute(db);
  await sql`insert into security_events_next (id, at, kind, username, user_id, client_address, detail)
    select id, at, kind, username, user_id, client_address, detail from security_events`.execute(db);
  await sql`drop table security_events`.execute(db);
  await sql`alter table security_events_next rename to security_events`.execute(db);
  await db.schema.createIndex('security_events_username').on('security_events').columns(['username', 'id']).execute();
  await db.schema.createIndex('security_events_kind').on('security_events').columns(['kind', 'id']).execute();
  await sql`create trigger security_events_no_update before update on security_events
    begin select raise(abort, '安全事件只能追加 / security_events is append-only'); end`.execute(db);
  await sql`create trigger security_events_no_delete before delete on security_events
    begin select raise(abort, '安全事件只能追加 / security_events is append-only'); end`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await setKinds(db, [...LOGIN_KINDS, ...ACCESS_KINDS]);
}

export async function down(db: Kysely<any>): Promise<void> {
  // access events cannot be kept under the narrower check; the table is append-only, so down is refused when there are any
  await setKinds(db, LOGIN_KINDS);
}
