/**
 * The SQL engine's tables (issue 16), next to the relational datasets of
 * `2026_11_26_12_00_00_relational_datasets`. PostgreSQL only: on SQLite this migration does nothing.
 * Frozen once released: never edit, add a new migration instead.
 *
 * - `ds_indicators`: an enterprise's indicator values (industry-model inputs), one row per key with a
 *   value: `kind` 1 number (`num`), 2 boolean (`num` 0/1), 3 text (`txt`); a null value has no row;
 * - `ds_relational_loads`: which content (the dataset's content hash) the relational tables hold for a
 *   dataset, so a run with `--engine sql` loads a dataset only when it changed;
 * - `sql_run_results`: the per-enterprise results of a run evaluated inside PostgreSQL
 *   (`INSERT … SELECT` of the bundle statement of `@policy/evaluation`'s `bundleSql`), keyed by run and
 *   dataset row; the run's stored chunks are written from it.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
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
  await sql`create table ds_relational_loads (
    dataset_id integer primary key,
    content_hash text not null,
    enterprises integer not null,
    loaded_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table sql_run_results (
    run_id integer not null,
    row_no integer not null,
    outside boolean not null,
    section text,
    region_code text,
    domains integer[] not null,
    departments integer[] not null,
    grades text[] not null,
    rules text[] not null,
    scores double precision[] not null,
    s_by integer,
    s_grade text,
    s_ratio double precision,
    s_freq double precision,
    s_onsite text,
    s_diff boolean,
    primary key (run_id, row_no)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const t of ['sql_run_results', 'ds_relational_loads', 'ds_indicators']) await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
