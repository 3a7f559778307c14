/**
 * A dataset's population as stored columns (issue 16, faster cold start): `dataset_columns`, the
 * bytes of the evaluation's columnar population (`encodePopulationColumns`) of one version of a
 * dataset, in pieces of at most 32 MB (`piece_no` 0 … `piece_count` − 1), BLOB on SQLite and bytea on
 * PostgreSQL (stored uncompressed: the columns hardly compress and are read whole). Opaque to this
 * package (dataset-columns.repository.ts); deleted with the dataset. Frozen once released: never
 * edit, add a new migration instead.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('dataset_columns')
    .addColumn('dataset_id', 'integer', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('piece_no', 'integer', (c) => c.notNull())
    .addColumn('piece_count', 'integer', (c) => c.notNull())
    .addColumn('bytes', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_columns_pk', ['dataset_id', 'version', 'piece_no'])
    .execute();
  if (pg) await sql`alter table dataset_columns alter column bytes set storage external`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dataset_columns').execute();
}
