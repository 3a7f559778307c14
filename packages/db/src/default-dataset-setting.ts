/**
 * The stored default-dataset setting itself (one row of `app_settings`), read without the dataset
 * repository so that both `dataset.repository.ts` (refusing to delete the default) and
 * `default-dataset.repository.ts` (reading and changing it) can use it.
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { forUpdate } from './document-lock.ts';
import type { Trx } from './document-lock.ts';

export const DEFAULT_DATASET_KEY = 'default-dataset';

/** The setting's row (locked for update when `lock`). */
export async function settingRow(db: Kysely<Database> | Trx, lock = false) {
  const q = db.selectFrom('app_settings').selectAll().where('key', '=', DEFAULT_DATASET_KEY);
  return lock ? forUpdate(db, q).executeTakeFirst() : q.executeTakeFirst();
}

/** The dataset id a stored value names (null: none). */
export const idOf = (value: string | null | undefined): number | null => (value === null || value === undefined || value === '' ? null : Number(value));

/** The id of the default dataset (null: none). */
export async function defaultDatasetId(db: Kysely<Database> | Trx): Promise<number | null> {
  return idOf((await settingRow(db))?.value);
}
