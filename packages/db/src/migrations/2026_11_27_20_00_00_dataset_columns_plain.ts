/**
 * A dataset's stored population columns on PostgreSQL in pieces of a page (issue 16, faster cold
 * start): `dataset_columns.bytes` gets plain storage — kept in the row, never moved to the TOAST
 * table — and the server writes pieces of 8,000 bytes (`PG_COLUMN_PIECE_BYTES`), one row per page.
 * Reading a 32 MB piece made the server look up its ≈ 2 KB TOAST chunks one by one and join them
 * back (≈ 210–240 ms of CPU for the 138 MB of a million enterprises; pages of plain rows ≈ 120–140 ms).
 *
 * The pieces stored before (32 MB, in TOAST) stay as they are and are read as before (readers take
 * pieces of any size); a dataset's next version is written in pieces of a page. They are not cut here:
 * cutting a million enterprises' pieces in SQL took under a minute once and 9–10 minutes another
 * time on the development machine (while another benchmark loaded it; the cause not established) —
 * too uncertain for a server's start. SQLite keeps its 32 MB pieces (nothing to do). Frozen once
 * released: never edit, add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table dataset_columns alter column bytes set storage plain`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // pieces of 8,000 bytes are read as well by the code before (pieces of any size)
  await sql`alter table dataset_columns alter column bytes set storage external`.execute(db);
}
