/**
 * Dataset versions (issue 17, incremental data): a dataset changes by deltas (dataset-delta.ts), so it
 * carries a version number (1 when imported, +1 per applied delta), the content hash of its stored
 * chunks as of the last delta (null until one is applied: `datasetContentHash` computes it), and when
 * it was last changed; a run records the dataset version it evaluated (null for runs before this).
 * Frozen once released: never edit, add a new migration instead.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('datasets').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('datasets').addColumn('content_hash', 'text').execute();
  await db.schema.alterTable('datasets').addColumn('updated_at', 'text').execute();
  await db.schema.alterTable('runs').addColumn('dataset_version', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').dropColumn('dataset_version').execute();
  await db.schema.alterTable('datasets').dropColumn('updated_at').execute();
  await db.schema.alterTable('datasets').dropColumn('content_hash').execute();
  await db.schema.alterTable('datasets').dropColumn('version').execute();
}
