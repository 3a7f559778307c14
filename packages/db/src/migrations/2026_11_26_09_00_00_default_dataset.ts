/**
 * The default dataset as a setting (`app_settings`, key `default-dataset`), chosen by the credit
 * office instead of derived from the list of datasets. Existing databases keep the dataset the home
 * page called the default until now (the oldest one stored, the sample imported on first start) as
 * the explicit one; the row always exists, so a change locks it. Frozen once released.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text')
    .addColumn('changed_at', 'text')
    .addColumn('changed_by_id', 'integer')
    .addColumn('changed_by', 'text')
    .execute();
  const oldest = await sql<{ id: number }>`select id from datasets where status = 'ready' order by id asc limit 1`.execute(db);
  const id = oldest.rows[0]?.id;
  await db
    .insertInto('app_settings')
    .values({
      key: 'default-dataset',
      value: id === undefined ? null : String(Number(id)),
      changed_at: id === undefined ? null : new Date().toISOString(),
      changed_by_id: null,
      changed_by: id === undefined ? null : 'system',
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_settings').ifExists().execute();
}
