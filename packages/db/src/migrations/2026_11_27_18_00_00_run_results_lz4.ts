/**
 * A run's stored lines (`run_results.payload`) compressed with lz4 on PostgreSQL instead of the
 * default pglz (issue 16), as `dataset_chunks` already are: a run stores ≈ 520 bytes of line per
 * enterprise (≈ 2.6 MB per chunk of 5,000), and pglz cost ≈ 3 s of backend CPU per million
 * enterprises storing them, lz4 well under 1 s, with smaller chunks (111 against 126 MB per million)
 * that also decompress faster when exported. Chunks already stored keep their pglz (PostgreSQL
 * reads both). Where PostgreSQL was built without lz4 the default stays. SQLite is unchanged. Frozen
 * once released: never edit, add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`do $$ begin
      alter table run_results alter column payload set compression lz4;
    exception when feature_not_supported then null;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table run_results alter column payload set compression default`.execute(db);
}
