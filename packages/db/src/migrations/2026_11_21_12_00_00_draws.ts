/**
 * 双随机 draws (until now created by the server with migration bookkeeping of its own, in
 * `server_migration` / `server_migration_lock`). A database that already has the server's `draws`
 * table keeps it and its rows (same columns: `if not exists`); the server's bookkeeping tables are
 * dropped. Frozen once released: never edit, add a new migration instead.
 */
import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('draws')
    .ifNotExists()
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('department', 'text')
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('roster', 'text', (c) => c.notNull())
    .addColumn('versions', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('result_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('draws_dataset').ifNotExists().on('draws').column('dataset_id').execute();
  await db.schema.dropTable('server_migration').ifExists().execute();
  await db.schema.dropTable('server_migration_lock').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('draws').ifExists().execute();
}
