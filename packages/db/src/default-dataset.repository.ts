/**
 * The default dataset (默认数据集): the one dataset behind the home chart, the live preview, the
 * review's impact report, the enterprise lookup and the print, unless a reader picks another. It is a
 * setting (`app_settings`, key `default-dataset`), chosen deliberately by the credit office
 * (`setDefaultDataset`, audited as `dataset.set-default` with the old and the new dataset). An
 * upload never changes it; only when no default exists (a fresh installation) does the first
 * dataset stored become it (`claimDefaultDataset`, audited the same way). The default dataset
 * cannot be deleted while it is the default.
 */
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { actorId } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import type { Dataset } from './dataset.repository.ts';
import { getDataset } from './dataset.repository.ts';
import { writeTx } from './document-lock.ts';
import type { Trx } from './document-lock.ts';
import { DbError } from './errors.ts';
import { DEFAULT_DATASET_KEY, idOf, settingRow } from './default-dataset-setting.ts';

export { DEFAULT_DATASET_KEY, defaultDatasetId } from './default-dataset-setting.ts';

type Db = Kysely<Database>;


/** The default dataset and who made it the default, when. */
export interface DefaultDatasetSetting {
  /** Null when no dataset is stored (or the stored default is gone). */
  dataset: Dataset | null;
  /** When the default was last set (null: never). */
  changedAt: string | null;
  /** Who set it last: `system` (display name 系统) for the migration and the first import. */
  changedBy: { username: string; displayName: string } | null;
}

const SYSTEM_NAME = '系统';


async function displayNameOf(db: Db | Trx, id: number | null, username: string | null): Promise<string | null> {
  if (username === null) return null;
  if (id === null) return username === 'system' ? SYSTEM_NAME : username;
  const u = await db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
  return u?.display_name ?? username;
}


/**
 * The default dataset, with when and by whom it was last set.
 *
 * @example
 * const { dataset, changedAt, changedBy } = await getDefaultDataset(db);
 */
export async function getDefaultDataset(db: Db): Promise<DefaultDatasetSetting> {
  const row = await settingRow(db);
  const id = idOf(row?.value);
  let dataset: Dataset | null = null;
  if (id !== null) dataset = await getDataset(db, id).catch(() => null);
  const name = row ? await displayNameOf(db, row.changed_by_id === null ? null : Number(row.changed_by_id), row.changed_by) : null;
  return {
    dataset,
    changedAt: row?.changed_at ?? null,
    changedBy: row?.changed_by && name ? { username: row.changed_by, displayName: name } : null,
  };
}


const label = (ds: { id: number; name: string } | null) => (ds ? `${ds.name}（#${ds.id}）` : '无 / none');

async function writeSetting(trx: Trx, actor: Actor, before: { id: number; name: string } | null, after: { id: number; name: string }, at: string): Promise<void> {
  await trx
    .updateTable('app_settings')
    .set({ value: String(after.id), changed_at: at, changed_by_id: actorId(actor), changed_by: actor.username })
    .where('key', '=', DEFAULT_DATASET_KEY)
    .execute();
  await recordAudit(
    trx,
    actor,
    { action: 'dataset.set-default', target: `dataset:${after.id}`, reason: `${label(before)} → ${label(after)}` },
    at,
  );
}

/**
 * Makes a dataset the default (credit office only). Audited as `dataset.set-default` with the old and
 * the new dataset. Concurrent calls are serialised on the setting's row: each sees the previous
 * call's choice as its "old", so the audit entries follow one another and the last one names the
 * setting that stays. Setting the dataset that already is the default changes nothing.
 *
 * @example
 * await setDefaultDataset(db, creditOffice, 3);
 */
export async function setDefaultDataset(db: Db, actor: Actor, datasetId: number): Promise<DefaultDatasetSetting> {
  if (actor.role !== 'credit-office') {
    throw new DbError('FORBIDDEN', '只有信用办可以设定默认数据集 / only the credit office sets the default dataset', { reason: 'role' });
  }
  await writeTx(db, async (trx) => {
    const row = await settingRow(trx, true);
    if (!row) throw new Error('app_settings has no default-dataset row: run the migrations');
    const after = await getDataset(trx, datasetId);
    const oldId = idOf(row.value);
    if (oldId === after.id) return;
    const before = oldId === null ? null : await getDataset(trx, oldId).catch(() => ({ id: oldId, name: '（已删除 / deleted）' }));
    await writeSetting(trx, actor, before, after, new Date().toISOString());
  });
  return getDefaultDataset(db);
}

/**
 * In the transaction that makes a new dataset `ready`: when there is no default dataset yet, this one
 * becomes it (audited). An existing default is never changed by an import.
 */
export async function claimDefaultDataset(trx: Trx, actor: Actor, dataset: { id: number; name: string }, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('app_settings')
    .set({ value: String(dataset.id), changed_at: at, changed_by_id: actorId(actor), changed_by: actor.username })
    .where('key', '=', DEFAULT_DATASET_KEY)
    .where('value', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await recordAudit(trx, actor, { action: 'dataset.set-default', target: `dataset:${dataset.id}`, reason: `${label(null)} → ${label(dataset)}` }, at);
  return true;
}
