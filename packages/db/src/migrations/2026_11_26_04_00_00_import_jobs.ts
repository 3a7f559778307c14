/**
 * Durable import jobs. `import_jobs` holds one row per upload or generation (phase, progress, the
 * dataset made, the bad rows), written as the job goes, so that a job interrupted by a restart is
 * still known afterwards ("failed: interrupted"). Datasets get an `importing` status while their
 * rows are written in short transactions; only `ready` datasets are visible. Frozen once released.
 */
import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // byte counts beyond 2 GiB: bigint on PostgreSQL (an integer column holds 64 bits on SQLite)
  const big = pg ? 'bigint' : 'integer';
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('bytes_received', big, (c) => c.notNull())
    .addColumn('bytes_total', big)
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('dataset_id', 'integer')
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('warning_count', 'integer', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('interrupted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('import_jobs_started').on('import_jobs').columns(['started_at']).execute();
  await db.schema.createIndex('import_jobs_phase').on('import_jobs').columns(['phase']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_jobs').ifExists().execute();
}
