/**
 * The domain of a dishonesty record (issue 13 finding 7) in the relational datasets of
 * `2026_11_26_12_00_00_relational_datasets`: `ds_records.domain`, the record's `records[].domain` (the
 * domain of the authority that made it, a code such as `special-equipment`), null when it has none. A
 * grading's publication period may apply to the records of some domains only (`publicationPeriods[].domains`),
 * and the SQL engine reads this column to choose it. PostgreSQL only: on SQLite this migration does nothing.
 *
 * The relational tables loaded before this migration hold no domains although their records may have
 * had some: their load marks (`ds_relational_loads`) are deleted, so each dataset is loaded again before
 * its next run with the SQL engine. Frozen once released: never edit, add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table ds_records add column domain text`.execute(db);
  await sql`delete from ds_relational_loads`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table ds_records drop column if exists domain`.execute(db);
}
