/**
 * 双随机 draws as stored: who may draw and publish, the row with its seed, roster, exact versions and
 * result (opaque JSON here: the evaluator draws, this module keeps), audit-logged with the result's hash.
 */
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import type { Database } from './database.ts';
import type { DrawInspector, DrawRow, DrawStatus, DrawVersion } from './draw.table.ts';
import { DbError } from './errors.ts';

/** A stored draw without its roster and result. */
export interface Draw {
  id: number;
  name: string;
  datasetId: number;
  at: string;
  department: string | null;
  seed: string;
  round: number;
  versions: DrawVersion[];
  resultHash: string;
  status: DrawStatus;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

/** A stored draw with its roster and result (JSON as it was stored). */
export interface DrawDetail extends Draw {
  roster: DrawInspector[];
  result: unknown;
}

export interface NewDraw {
  name: string;
  datasetId: number;
  /** The date the set was evaluated at, YYYY-MM-DD. */
  at: string;
  department: string | null;
  seed: string;
  round: number;
  roster: DrawInspector[];
  versions: DrawVersion[];
  /** What the draw gave (JSON-serialisable); stored with its `contentHash`. */
  result: unknown;
}

const SUMMARY = [
  'id',
  'name',
  'dataset_id',
  'at',
  'department',
  'seed',
  'round',
  'versions',
  'result_hash',
  'status',
  'created_by',
  'created_at',
  'published_by',
  'published_at',
] as const;

const toDraw = (row: Omit<DrawRow, 'roster' | 'result'>): Draw => ({
  id: Number(row.id),
  name: row.name,
  datasetId: Number(row.dataset_id),
  at: row.at,
  department: row.department,
  seed: row.seed,
  round: Number(row.round),
  versions: JSON.parse(row.versions) as DrawVersion[],
  resultHash: row.result_hash,
  status: row.status,
  createdBy: row.created_by,
  createdAt: row.created_at,
  publishedBy: row.published_by,
  publishedAt: row.published_at,
});

/**
 * Refuses an actor who may not draw (or publish a draw) for `department`: the credit office draws for
 * anyone, a department editor for its own department only, nobody else at all. FORBIDDEN.
 *
 * @example
 * checkMayDraw(actor, 'market-regulation'); // before evaluating anything
 */
export function checkMayDraw(actor: Actor, department: string | null | undefined): void {
  if (actor.role === 'credit-office') return;
  if (actor.role === 'department-editor' && department && department === actor.department) return;
  if (actor.role === 'department-editor') {
    throw new DbError('FORBIDDEN', `只能为本部门抽取 / you can only draw for your own department (${actor.department})`, { reason: 'department' });
  }
  throw new DbError('FORBIDDEN', `当前角色不能抽取 / role ${actor.role} cannot run draws`, { reason: 'role' });
}

/**
 * Stores a draft draw and audit-logs it (`draw.create`, with the seed and the result's hash) in one
 * transaction; refuses who may not draw for its department.
 *
 * @example
 * const d = await createDraw(db, actor, { name: '2026 第一轮', datasetId: 3, at: '2026-10-31', department: null,
 *   seed: 'a1b2', round: 1, roster, versions, result: { groups, inspections, issues } });
 */
export async function createDraw(db: Kysely<Database>, actor: Actor, input: NewDraw): Promise<Draw> {
  checkMayDraw(actor, input.department);
  const resultHash = contentHash(input.result);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('draws')
      .values({
        name: input.name,
        dataset_id: input.datasetId,
        at: input.at,
        department: input.department,
        seed: input.seed,
        round: input.round,
        roster: JSON.stringify(input.roster),
        versions: JSON.stringify(input.versions),
        result: JSON.stringify(input.result),
        result_hash: resultHash,
        status: 'draft',
        created_by: actor.username,
        created_at: new Date().toISOString(),
      })
      .returning(SUMMARY)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'draw.create',
      target: `draw:${inserted.id}`,
      reason: `seed=${input.seed}; dataset=${input.datasetId}; at=${input.at}`,
      afterHash: resultHash,
    });
    return toDraw(inserted);
  });
}

/** Stored draws, newest first; of one dataset when `datasetId` is given. */
export async function listDraws(db: Kysely<Database>, query: { datasetId?: number } = {}): Promise<Draw[]> {
  let q = db.selectFrom('draws').select(SUMMARY);
  if (query.datasetId !== undefined) q = q.where('dataset_id', '=', query.datasetId);
  return (await q.orderBy('id', 'desc').execute()).map(toDraw);
}

/** One stored draw with its roster and result, or NOT_FOUND. */
export async function getDraw(db: Kysely<Database>, id: number): Promise<DrawDetail> {
  const row = await db.selectFrom('draws').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DbError('NOT_FOUND', `抽取记录不存在 / no such draw: ${id}`, { reason: 'not-found' });
  return { ...toDraw(row), roster: JSON.parse(row.roster) as DrawInspector[], result: JSON.parse(row.result) as unknown };
}

/**
 * Publishes a draft draw (一公开): from then on it is final. Whoever may draw for its department may
 * publish it, except its maker when that is not the credit office (a department's draw is published
 * by the credit office, like any release). Audit-logged (`draw.publish`) with the result's hash.
 *
 * @example
 * const published = await publishDraw(db, creditOffice, 7);
 */
export async function publishDraw(db: Kysely<Database>, actor: Actor, id: number): Promise<Draw> {
  const draw = await getDraw(db, id);
  checkMayDraw(actor, draw.department);
  const alreadyPublished = () =>
    new DbError('PRECONDITION_FAILED', `抽取结果已公开 / draw ${id} is already published`, { reason: 'wrong-status' });
  if (draw.status === 'published') throw alreadyPublished();
  if (draw.createdBy === actor.username && actor.role !== 'credit-office') {
    throw new DbError('FORBIDDEN', "抽取人不能自行公开，请由信用办公开 / the credit office publishes a department's draw", { reason: 'self-approval' });
  }
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('draws')
      .set({ status: 'published', published_by: actor.username, published_at: at })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    // published by someone else meanwhile
    if (Number(updated.numUpdatedRows) === 0) throw alreadyPublished();
    await recordAudit(trx, actor, { action: 'draw.publish', target: `draw:${id}`, afterHash: draw.resultHash }, at);
  });
  const { roster: _roster, result: _result, ...published } = await getDraw(db, id);
  return published;
}
