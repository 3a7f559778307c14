/**
 * The codes of `run_signals` — `kind`, `document_id` and `code`, the keys of its index
 * `run_signals_code` — compared byte by byte (collation "C") on PostgreSQL (issue 16). They are ids
 * (letters, digits, dots and dashes), but a database created with a locale compared them through the
 * C library's collation (`strcoll`; even `C.UTF-8` is not treated as "C" by PostgreSQL 15) every time
 * a signal's key was placed in the index: storing the signals of 1,000,000 enterprises (714,022 rows)
 * cost 0.3–0.5 s more backend CPU than with byte comparisons. Equality, which is all the readers ask of
 * these columns (run-signals.repository.ts), is the same under both; the few orderings by them do
 * not reach a user (the counts are shown in the order of the rules' first signal). The index is
 * rebuilt; the rows are not rewritten. SQLite compares bytes already. Frozen once released: never
 * edit, add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table run_signals alter column kind type text collate "C", alter column document_id type text collate "C", alter column code type text collate "C"`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table run_signals alter column kind type text collate "default", alter column document_id type text collate "default", alter column code type text collate "default"`.execute(db);
}
