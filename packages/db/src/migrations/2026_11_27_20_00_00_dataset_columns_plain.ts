/**
 * A dataset's stored population columns on PostgreSQL in pieces of a page (issue 16, faster cold
 * start): `dataset_columns.bytes` gets plain storage — kept in the row, never moved to the TOAST
 * table — and the server writes pieces of 8,000 bytes (`PG_COLUMN_PIECE_BYTES`), one row per page.
 * Reading a 32 MB piece made the server look up its ≈ 2 KB TOAST chunks one by one and join them
 * back (≈ 210–240 ms of CPU for the 138 MB of a million enterprises; pages of plain rows ≈ 120–140 ms).
 *
 * The pieces stored before are cut here into pieces of 8,000 bytes, the same bytes in the same order
 * (each old piece cut on its own: its last new piece may be shorter; readers take pieces of any size),
 * so an existing dataset reads at the new speed at once. Only complete sets are cut (every piece there,
 * numbered from 0, one count); an incomplete one is left as it is — read as none, as before, and
 * rebuilt from the JSON chunks at the next load. SQLite keeps its 32 MB pieces (nothing to do). Frozen
 * once released: never edit, add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table dataset_columns alter column bytes set storage plain`.execute(db);
  await sql`create temporary table dataset_columns_cut as
    with complete as (
      select dataset_id, version from dataset_columns group by dataset_id, version
      having count(*) = min(piece_count) and count(*) = max(piece_count) and min(piece_no) = 0 and max(piece_no) = count(*) - 1
        and max(length(bytes)) > 8000
    )
    select c.dataset_id, c.version,
      (row_number() over (partition by c.dataset_id, c.version order by c.piece_no, g) - 1)::int as piece_no,
      (count(*) over (partition by c.dataset_id, c.version))::int as piece_count,
      substring(c.bytes from g * 8000 + 1 for 8000) as bytes
    from dataset_columns c
    join complete using (dataset_id, version)
    cross join lateral generate_series(0, greatest(length(c.bytes) - 1, 0) / 8000) as g`.execute(db);
  await sql`delete from dataset_columns c using (select distinct dataset_id, version from dataset_columns_cut) d
    where c.dataset_id = d.dataset_id and c.version = d.version`.execute(db);
  await sql`insert into dataset_columns (dataset_id, version, piece_no, piece_count, bytes)
    select dataset_id, version, piece_no, piece_count, bytes from dataset_columns_cut`.execute(db);
  await sql`drop table dataset_columns_cut`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // pieces of 8,000 bytes are read as well by the code before (pieces of any size)
  await sql`alter table dataset_columns alter column bytes set storage external`.execute(db);
}
