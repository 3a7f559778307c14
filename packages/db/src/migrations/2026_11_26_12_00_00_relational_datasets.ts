/**
 * Datasets as relational tables on PostgreSQL (issue 16), for the SQL engine (gradings compiled to SQL
 * by `@policy/evaluation`'s `gradingSql`). PostgreSQL only: on SQLite this migration does nothing.
 * Frozen once released: never edit, add a new migration instead.
 *
 * Every table is keyed by (dataset_id, row_no): `row_no` is the enterprise's 0-based position in the
 * dataset (its row in the in-memory population), so results line up with the in-memory engine.
 * - `ds_enterprises`: one row per enterprise (status as given, `status_since` when dated, score and
 *   `score_date`);
 * - `ds_statuses`: dated statuses of enterprises with `statusSince` (their `statusHistory` sorted by
 *   date, then the current status), `seq` in that order — the status at a date is the last with
 *   `since ≤ at`;
 * - `ds_records`: dishonesty records (date, repair, objection filed / resolved, serious consequence);
 * - `ds_list_members`: list memberships (`from_date`, `until_date` null while on the list).
 * No foreign key to `datasets`, so a benchmark or test may load a generated population under any id.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create table ds_enterprises (
    dataset_id integer not null,
    row_no integer not null,
    uscc text not null,
    name text not null,
    status text not null,
    status_since date,
    industry_code text not null,
    region_code text,
    public_credit_score double precision,
    score_date date,
    primary key (dataset_id, row_no)
  )`.execute(db);
  await sql`create index ds_enterprises_uscc on ds_enterprises (dataset_id, uscc)`.execute(db);
  await sql`create table ds_statuses (
    dataset_id integer not null,
    row_no integer not null,
    seq integer not null,
    since date not null,
    status text not null,
    primary key (dataset_id, row_no, seq)
  )`.execute(db);
  await sql`create table ds_records (
    dataset_id integer not null,
    row_no integer not null,
    record_id text not null,
    kind text not null,
    date date not null,
    repaired_at date,
    objection_filed date,
    objection_resolved date,
    serious_consequence boolean not null default false,
    authority text
  )`.execute(db);
  await sql`create index ds_records_row on ds_records (dataset_id, row_no)`.execute(db);
  await sql`create table ds_list_members (
    dataset_id integer not null,
    row_no integer not null,
    list text not null,
    from_date date not null,
    until_date date
  )`.execute(db);
  await sql`create index ds_list_members_row on ds_list_members (dataset_id, row_no)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const t of ['ds_list_members', 'ds_records', 'ds_statuses', 'ds_enterprises']) await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
