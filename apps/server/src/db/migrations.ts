/**
 * The server's own tables (packages/db has no 双随机 draws table), migrated with their own migration
 * bookkeeping tables so they never disturb packages/db's migrator.
 */
import { Migrator, sql } from 'kysely';
import type { Generated, Kysely, Migration, MigrationResultSet } from 'kysely';
import { dialectOf } from '@policy/db';

const MIGRATIONS: Record<string, Migration> = {
  '2026_11_21_12_00_00_server_draws': {
    async up(db: Kysely<any>) {
      const pg = dialectOf(db) === 'postgres';
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
      await sql`create index if not exists draws_dataset on draws (dataset_id)`.execute(db);
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('draws').ifExists().execute();
    },
  },
};

/** Brings the server's tables up to date (after packages/db's `migrateToLatest`). */
export function migrateServer(db: Kysely<any>): Promise<MigrationResultSet> {
  return new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'server_migration',
    migrationLockTableName: 'server_migration_lock',
  }).migrateToLatest();
}

export interface DrawTable {
  id: Generated<number>;
  name: string;
  dataset_id: number;
  at: string;
  department: string | null;
  seed: string;
  round: number;
  /** JSON: the inspectors drawn from. */
  roster: string;
  /** JSON: the version set evaluated ({documentId, versionNumber, contentHash}[]). */
  versions: string;
  /** JSON: groups and inspections. */
  result: string;
  /** SHA-256 of the canonical result: a re-run must give the same. */
  result_hash: string;
  status: 'draft' | 'published';
  created_by: string;
  created_at: string;
  published_by: string | null;
  published_at: string | null;
}
