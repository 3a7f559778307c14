/**
 * Imported enterprise populations ("datasets") used for impact previews: the list, one dataset, and
 * deletion. Imports are in dataset-import.repository.ts (the file read and checked in
 * dataset-prepare.ts), the records in dataset-chunks.repository.ts, the search in
 * dataset-search.repository.ts.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import type { DatasetRow } from './dataset.table.ts';
import { defaultDatasetId } from './default-dataset-setting.ts';
import { DbError } from './errors.ts';

export interface Dataset {
  id: number;
  name: string;
  createdBy: string;
  createdAt: string;
  rowCount: number;
  sourceFormat: string;
}

const toDataset = (r: DatasetRow): Dataset => ({
  id: Number(r.id),
  name: r.name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  rowCount: Number(r.row_count),
  sourceFormat: r.source_format,
});

/** All datasets, newest first. */
export async function listDatasets(db: Kysely<Database>): Promise<Dataset[]> {
  const rows = await db.selectFrom('datasets').selectAll().where('status', '=', 'ready').orderBy('id', 'desc').execute();
  return rows.map(toDataset);
}

/** One dataset, or NOT_FOUND. */
export async function getDataset(db: Kysely<Database>, datasetId: number): Promise<Dataset> {
  const row = await db.selectFrom('datasets').selectAll().where('id', '=', datasetId).where('status', '=', 'ready').executeTakeFirst();
  if (!row) throw new DbError('NOT_FOUND', `数据集不存在 / no such dataset: ${datasetId}`, { reason: 'not-found' });
  return toDataset(row);
}

/** The PostgreSQL tables holding a relational copy of a dataset (the SQL engine's), by `dataset_id`. */
const RELATIONAL_TABLES = ['ds_enterprises', 'ds_statuses', 'ds_records', 'ds_list_members', 'ds_indicator_values', 'ds_indicator_keys', 'ds_relational_loads'] as const;

/**
 * Deletes a dataset and its enterprises (credit office, or whoever imported it). Audit-logged. The
 * default dataset is refused (PRECONDITION_FAILED `default-dataset`): another one is made the default first.
 *
 * @example
 * await deleteDataset(db, actor, 3);
 */
export async function deleteDataset(db: Kysely<Database>, actor: Actor, datasetId: number): Promise<void> {
  const ds = await getDataset(db, datasetId);
  if (actor.role !== 'credit-office' && actor.username !== ds.createdBy) {
    throw new DbError('FORBIDDEN', '只能删除自己导入的数据集 / you can only delete datasets you imported', { reason: 'role' });
  }
  await db.transaction().execute(async (trx) => {
    if ((await defaultDatasetId(trx)) === datasetId) {
      throw new DbError(
        'PRECONDITION_FAILED',
        `“${ds.name}”是默认数据集，不能删除；请先将另一个数据集设为默认 / "${ds.name}" is the default dataset: make another one the default before deleting it`,
        { reason: 'default-dataset' },
      );
    }
    await trx.deleteFrom('dataset_chunks').where('dataset_id', '=', datasetId).execute();
    await trx.deleteFrom('dataset_enterprises').where('dataset_id', '=', datasetId).execute();
    // on PostgreSQL also its relational copy for the SQL engine (sql-engine.repository.ts)
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      for (const table of RELATIONAL_TABLES) await sql`delete from ${sql.table(table)} where dataset_id = ${datasetId}`.execute(trx);
    }
    await trx.deleteFrom('datasets').where('id', '=', datasetId).execute();
    await recordAudit(trx, actor, { action: 'dataset.delete', target: `dataset:${datasetId}`, reason: `${ds.name} (${ds.rowCount} rows)` });
  });
}
