/**
 * The indicator values of a relational dataset as one row per enterprise (issue 16), on PostgreSQL
 * (SQLite: nothing). `ds_indicators` held one row per enterprise and key: 66 million rows (8.4 GB with
 * its index) for 10 million enterprises, which every run grouped back by enterprise, testing each
 * row's key text once per indicator column (≈ 16 text comparisons per row — a fifth of the bundle
 * statement's backend CPU). Now:
 *
 * - `ds_indicator_keys`: a dataset's indicator keys, numbered from 1 (`pos`) in the order the load met
 *   them;
 * - `ds_indicator_values`: per enterprise with a value, its value kinds (1 number, 2 boolean, 3 text),
 *   numbers (a boolean 0/1) and texts as arrays by key position, NULL where it has no value for a
 *   key (`txts` NULL when it has no text). A statement looks a key's position up once (a scalar
 *   subquery: an init plan) and reads `nums[pos]` per row: no grouping, no text comparison.
 *
 * The relational copy of a dataset is derived from its stored chunks and reloaded when
 * `ds_relational_loads` does not name its content: the loads are forgotten here, so each dataset is
 * loaded again in the new layout before its next run inside PostgreSQL (the stored runs, their chunks,
 * signals and `sql_run_results` are not touched). Frozen once released: never edit, add a new
 * migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create table ds_indicator_keys (
    dataset_id integer not null,
    pos integer not null,
    key text not null,
    primary key (dataset_id, pos),
    unique (dataset_id, key)
  )`.execute(db);
  await sql`create table ds_indicator_values (
    dataset_id integer not null,
    row_no integer not null,
    kinds smallint[] not null,
    nums double precision[] not null,
    txts text[],
    primary key (dataset_id, row_no)
  )`.execute(db);
  await sql`delete from ds_relational_loads`.execute(db);
  await sql`drop table ds_indicators`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create table ds_indicators (
    dataset_id integer not null,
    row_no integer not null,
    key text not null,
    kind smallint not null,
    num double precision,
    txt text,
    primary key (dataset_id, row_no, key)
  )`.execute(db);
  await sql`delete from ds_relational_loads`.execute(db);
  await sql`drop table ds_indicator_values`.execute(db);
  await sql`drop table ds_indicator_keys`.execute(db);
}
