/**
 * 双随机 draws as stored: who may draw and publish, the row with its seed, roster, exact versions and
 * result (opaque JSON here: the evaluator draws, this module keeps), audit-logged with the result's hash.
 */
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { canonicalJson, contentHash, sha256 } from './canonical.ts';
import type { Database } from './database.ts';
import type { DrawInspector, DrawRow, DrawStatus, DrawVersion, InspectionOutcome, RedrawStatus, SeedInputs } from './draw.table.ts';
import { DbError } from './errors.ts';
import { uniqueViolationTable } from './raw.ts';

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
  /** Round label of a round draw (null: a draw made before issue 14). */
  roundLabel: string | null;
  runId: number | null;
  attempt: number | null;
  seedInputs: SeedInputs | null;
  cap: number | null;
}

/** A stored draw with its roster and result (JSON as it was stored). */
export interface DrawDetail extends Draw {
  roster: DrawInspector[];
  result: unknown;
}

export interface NewDraw {
  name: string;
  datasetId: number;
  /** The date the set was evaluated at (or the run's date), YYYY-MM-DD. */
  at: string;
  department: string;
  /** Round label, registered before (see {@link registerRound}). */
  round: string;
  /** From {@link nextAttempt}: 1, or the approved redraw's attempt. */
  attempt: number;
  /** The approved redraw this draw uses (attempt > 1). */
  redrawId: number | null;
  /** What the seed is derived from; the seed stored is always {@link deriveDrawSeed} of these. */
  seedInputs: SeedInputs;
  runId: number | null;
  cap: number | null;
  roster: DrawInspector[];
  versions: DrawVersion[];
  /** What the draw gave (JSON-serialisable); stored with its `contentHash`. */
  result: unknown;
}

/** The seed of a round draw: SHA-256 (hex) of the canonical JSON of its recorded inputs. */
export const deriveDrawSeed = (inputs: SeedInputs): string => sha256(canonicalJson(inputs));

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
  'round_label',
  'run_id',
  'attempt',
  'seed_inputs',
  'cap',
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
  roundLabel: row.round_label ?? null,
  runId: row.run_id === null || row.run_id === undefined ? null : Number(row.run_id),
  attempt: row.attempt === null || row.attempt === undefined ? null : Number(row.attempt),
  seedInputs: row.seed_inputs ? (JSON.parse(row.seed_inputs) as SeedInputs) : null,
  cap: row.cap === null || row.cap === undefined ? null : Number(row.cap),
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

const roundTaken = (department: string, round: string) =>
  new DbError('CONFLICT', `${department} 的 ${round} 轮已抽取，每轮只能抽取一次；重新抽取须书面说明理由并经第二人批准 / ${department} has already drawn round ${round}: one draw per round; a redraw needs a written reason and a second person's approval`, { reason: 'duplicate' });

/**
 * Stores a round draw as a draft and audit-logs it (`draw.create`, with the seed, its inputs and the
 * result's hash). The seed is derived here from the recorded inputs, never taken from the caller.
 * One draw per (department, round, attempt): the unique index makes a simultaneous second draw fail
 * (CONFLICT `duplicate`, audit-logged as `draw.refused`); a redraw uses its approved request once and
 * supersedes the round's earlier draft.
 *
 * @example
 * const d = await createDraw(db, actor, { name: '2026 第一轮', datasetId: 3, at: '2026-10-31', department: 'market-regulation',
 *   round: '2026-Q1', attempt: 1, redrawId: null, seedInputs, runId: null, cap: 30, roster, versions, result });
 */
export async function createDraw(db: Kysely<Database>, actor: Actor, input: NewDraw): Promise<Draw> {
  checkMayDraw(actor, input.department);
  const si = input.seedInputs;
  if (si.department !== input.department || si.round !== input.round || si.attempt !== input.attempt) {
    throw new DbError('BAD_REQUEST', '种子输入与抽取的部门、轮次或次数不符 / the seed inputs do not match the draw', { reason: 'invalid-input' });
  }
  const registered = await getRound(db, input.department, input.round);
  if (!registered || registered.publicValue !== si.publicValue) throw new DbError('PRECONDITION_FAILED', `${input.round} 轮尚未登记或公开值不符 / round ${input.round} is not registered with this public value`, { reason: 'wrong-status' });
  const seed = deriveDrawSeed(si);
  const resultHash = contentHash(input.result);
  const at = new Date().toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      if (input.attempt > 1) {
        const used = await trx
          .updateTable('draw_redraws')
          .set({ status: 'used' })
          .where('id', '=', input.redrawId ?? -1)
          .where('status', '=', 'approved')
          .where('department', '=', input.department)
          .where('round', '=', input.round)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) === 0) throw roundTaken(input.department, input.round);
      }
      const inserted = await trx
        .insertInto('draws')
        .values({
          name: input.name,
          dataset_id: input.datasetId,
          at: input.at,
          department: input.department,
          seed,
          round: input.attempt,
          roster: JSON.stringify(input.roster),
          versions: JSON.stringify(input.versions),
          result: JSON.stringify(input.result),
          result_hash: resultHash,
          status: 'draft',
          created_by: actor.username,
          created_at: at,
          round_label: input.round,
          run_id: input.runId,
          attempt: input.attempt,
          seed_inputs: canonicalJson(si),
          cap: input.cap,
        })
        .returning(SUMMARY)
        .executeTakeFirstOrThrow();
      if (input.attempt > 1) {
        await trx.updateTable('draw_redraws').set({ new_draw_id: inserted.id }).where('id', '=', input.redrawId!).execute();
        await trx
          .updateTable('draws')
          .set({ status: 'superseded' })
          .where('department', '=', input.department)
          .where('round_label', '=', input.round)
          .where('id', '<>', inserted.id)
          .where('status', '=', 'draft')
          .execute();
      }
      await recordAudit(
        trx,
        actor,
        { action: 'draw.create', target: `draw:${inserted.id}`, reason: `round=${input.round}; attempt=${input.attempt}; seed=${seed}; inputs=${canonicalJson(si)}`, afterHash: resultHash },
        at,
      );
      return toDraw(inserted);
    });
  } catch (e) {
    const table = uniqueViolationTable(e);
    const conflict = table !== undefined ? roundTaken(input.department, input.round) : e instanceof DbError && e.code === 'CONFLICT' ? e : null;
    if (!conflict) throw e;
    await recordAudit(db, actor, { action: 'draw.refused', target: `draws:${input.department}:${input.round}`, reason: `attempt=${input.attempt}; 每轮只能抽取一次 / one draw per round` });
    throw conflict;
  }
}

/** Stored draws, newest first; of one dataset when `datasetId` is given. */
export async function listDraws(db: Kysely<Database>, query: { datasetId?: number; department?: string; round?: string } = {}): Promise<Draw[]> {
  let q = db.selectFrom('draws').select(SUMMARY);
  if (query.datasetId !== undefined) q = q.where('dataset_id', '=', query.datasetId);
  if (query.department !== undefined) q = q.where('department', '=', query.department);
  if (query.round !== undefined) q = q.where('round_label', '=', query.round);
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
  if (draw.status !== 'draft') throw new DbError('PRECONDITION_FAILED', `抽取结果已被重新抽取取代 / draw ${id} was superseded by a redraw`, { reason: 'wrong-status' });
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

// ------------------------------------------------------------------ who may read a draft

/**
 * FORBIDDEN unless the actor may read a draft draw of `department` before publication: its
 * department's editors and the credit office only (issue 14: a viewer, a reviewer and other
 * departments read a draw once it is published, and then only its public list).
 */
export function checkMayReadDraft(actor: Actor, department: string | null): void {
  if (actor.role === 'credit-office') return;
  if (actor.role === 'department-editor' && department !== null && actor.department === department) return;
  throw new DbError('FORBIDDEN', '抽取结果公开前仅本部门和信用办可以查看 / a draw is visible only to its department and the credit office until it is published', {
    reason: actor.role === 'department-editor' ? 'department' : 'role',
  });
}

/** Whether the actor reads the draw whole (its department, the credit office); others read published draws' public lists only. */
export const readsWhole = (actor: Actor, department: string | null): boolean =>
  actor.role === 'credit-office' || (actor.role === 'department-editor' && department !== null && actor.department === department);

// ------------------------------------------------------------------ rounds

export interface DrawRound {
  department: string;
  round: string;
  publicValue: string;
  windowFrom: string | null;
  windowTo: string | null;
  registeredBy: string;
  registeredAt: string;
}

const toRound = (r: { department: string; round: string; public_value: string; window_from: string | null; window_to: string | null; registered_by: string; registered_at: string }): DrawRound => ({
  department: r.department,
  round: r.round,
  publicValue: r.public_value,
  windowFrom: r.window_from,
  windowTo: r.window_to,
  registeredBy: r.registered_by,
  registeredAt: r.registered_at,
});

/**
 * Registers a round before its draw, with the public value that goes into its seed (e.g. the
 * lottery number of a named future day) and the inspection window; audit-logged
 * (`draw.round.register`). A round is registered once and never changes (CONFLICT `duplicate`;
 * the database refuses updates).
 *
 * @example
 * await registerRound(db, actor, { department: 'market-regulation', round: '2026-Q1', publicValue: '福彩3D 2026001期 372', windowFrom: '2026-01-05', windowTo: '2026-03-31' });
 */
export async function registerRound(db: Kysely<Database>, actor: Actor, input: { department: string; round: string; publicValue: string; windowFrom?: string | null; windowTo?: string | null }): Promise<DrawRound> {
  checkMayDraw(actor, input.department);
  if (!/^[\p{L}\p{N}_-]{1,32}$/u.test(input.round)) throw new DbError('BAD_REQUEST', `轮次标签无效：${input.round}（如 2026-Q1） / invalid round label: ${input.round} (e.g. 2026-Q1)`, { reason: 'invalid-input' });
  if (input.windowFrom && input.windowTo && input.windowFrom > input.windowTo) throw new DbError('BAD_REQUEST', '检查时间段的开始晚于结束 / the inspection window starts after it ends', { reason: 'invalid-input' });
  const row = { department: input.department, round: input.round, public_value: input.publicValue, window_from: input.windowFrom ?? null, window_to: input.windowTo ?? null, registered_by: actor.username, registered_at: new Date().toISOString() };
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('draw_rounds').values(row).execute();
      await recordAudit(trx, actor, { action: 'draw.round.register', target: `draws:${input.department}:${input.round}`, reason: `publicValue=${input.publicValue}; window=${row.window_from ?? ''}..${row.window_to ?? ''}` }, row.registered_at);
    });
  } catch (e) {
    if (uniqueViolationTable(e) === undefined) throw e;
    throw new DbError('CONFLICT', `${input.department} 的 ${input.round} 轮已登记，公开值不可更改 / round ${input.round} of ${input.department} is already registered: its public value cannot change`, { reason: 'duplicate' });
  }
  return toRound(row);
}

/** A registered round, or undefined. */
export async function getRound(db: Kysely<Database>, department: string, round: string): Promise<DrawRound | undefined> {
  const r = await db.selectFrom('draw_rounds').selectAll().where('department', '=', department).where('round', '=', round).executeTakeFirst();
  return r ? toRound(r) : undefined;
}

/** Registered rounds (of one department when given), newest first. */
export async function listRounds(db: Kysely<Database>, department?: string): Promise<DrawRound[]> {
  let q = db.selectFrom('draw_rounds').selectAll();
  if (department !== undefined) q = q.where('department', '=', department);
  return (await q.orderBy('registered_at', 'desc').orderBy('round', 'desc').execute()).map(toRound);
}

/**
 * The attempt the next draw of a round would be: 1 when the round has none; the next number with
 * the approved redraw request when there is one; CONFLICT (`duplicate`) otherwise.
 */
export async function nextAttempt(db: Kysely<Database>, department: string, round: string): Promise<{ attempt: number; redrawId: number | null }> {
  const last = await db.selectFrom('draws').select(['attempt']).where('department', '=', department).where('round_label', '=', round).orderBy('attempt', 'desc').limit(1).executeTakeFirst();
  if (!last) return { attempt: 1, redrawId: null };
  const approved = await db.selectFrom('draw_redraws').select(['id']).where('department', '=', department).where('round', '=', round).where('status', '=', 'approved').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!approved) throw roundTaken(department, round);
  return { attempt: Number(last.attempt) + 1, redrawId: Number(approved.id) };
}

/** The department's latest current draw of a round before `round` (by label), or undefined. */
export async function previousRoundDraw(db: Kysely<Database>, department: string, round: string): Promise<DrawDetail | undefined> {
  const r = await db
    .selectFrom('draws')
    .select(['id'])
    .where('department', '=', department)
    .where('round_label', '<', round)
    .where('status', '<>', 'superseded')
    .orderBy('round_label', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? getDraw(db, Number(r.id)) : undefined;
}

// ------------------------------------------------------------------ redraws

export interface RedrawRequest {
  id: number;
  department: string;
  round: string;
  drawId: number;
  reason: string;
  status: RedrawStatus;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  newDrawId: number | null;
}

const toRedraw = (r: { id: number; department: string; round: string; draw_id: number; reason: string; status: RedrawStatus; requested_by: string; requested_at: string; decided_by: string | null; decided_at: string | null; new_draw_id: number | null }): RedrawRequest => ({
  id: Number(r.id),
  department: r.department,
  round: r.round,
  drawId: Number(r.draw_id),
  reason: r.reason,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  newDrawId: r.new_draw_id === null ? null : Number(r.new_draw_id),
});

/**
 * Asks for a redraw of a draft round draw, with a written reason (at least 10 characters);
 * audit-logged (`draw.redraw.request`). A published draw is final; one open request at a time.
 */
export async function requestRedraw(db: Kysely<Database>, actor: Actor, input: { drawId: number; reason: string }): Promise<RedrawRequest> {
  const draw = await getDraw(db, input.drawId);
  checkMayDraw(actor, draw.department);
  if (draw.roundLabel === null || draw.department === null) throw new DbError('PRECONDITION_FAILED', '只有按轮次的抽取可以申请重新抽取 / only a round draw can be redrawn', { reason: 'wrong-status' });
  if (draw.status !== 'draft') throw new DbError('PRECONDITION_FAILED', `抽取结果已${draw.status === 'published' ? '公开' : '被取代'}，不能重新抽取 / draw ${draw.id} is ${draw.status}: it cannot be redrawn`, { reason: 'wrong-status' });
  const reason = input.reason.trim();
  if ([...reason].length < 10) throw new DbError('BAD_REQUEST', '请书面说明重新抽取的理由（至少 10 个字） / give a written reason for the redraw (at least 10 characters)', { reason: 'invalid-input' });
  const open = await db.selectFrom('draw_redraws').select(['id']).where('department', '=', draw.department).where('round', '=', draw.roundLabel).where('status', 'in', ['pending', 'approved']).executeTakeFirst();
  if (open) throw new DbError('CONFLICT', `该轮已有待处理的重新抽取申请（${open.id}） / this round already has an open redraw request (${open.id})`, { reason: 'duplicate' });
  const at = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('draw_redraws')
      .values({ department: draw.department!, round: draw.roundLabel!, draw_id: draw.id, reason, status: 'pending', requested_by: actor.username, requested_at: at, decided_by: null, decided_at: null, new_draw_id: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'draw.redraw.request', target: `draw:${draw.id}`, reason }, at);
    return toRedraw(row);
  });
}

/**
 * Approves (or rejects) a redraw request: the credit office or a reviewer, never the requester;
 * audit-logged (`draw.redraw.approve` / `draw.redraw.reject`).
 */
export async function decideRedraw(db: Kysely<Database>, actor: Actor, input: { requestId: number; approve: boolean; note?: string }): Promise<RedrawRequest> {
  if (actor.role !== 'credit-office' && actor.role !== 'reviewer') throw new DbError('FORBIDDEN', '重新抽取须由信用办或审核人批准 / a redraw is approved by the credit office or a reviewer', { reason: 'role' });
  const r = await db.selectFrom('draw_redraws').selectAll().where('id', '=', input.requestId).executeTakeFirst();
  if (!r) throw new DbError('NOT_FOUND', `重新抽取申请不存在 / no such redraw request: ${input.requestId}`, { reason: 'not-found' });
  if (r.requested_by === actor.username) throw new DbError('FORBIDDEN', '申请人不能批准自己的重新抽取申请 / the requester cannot approve their own redraw', { reason: 'self-approval' });
  const at = new Date().toISOString();
  const status: RedrawStatus = input.approve ? 'approved' : 'rejected';
  return db.transaction().execute(async (trx) => {
    const u = await trx.updateTable('draw_redraws').set({ status, decided_by: actor.username, decided_at: at }).where('id', '=', input.requestId).where('status', '=', 'pending').executeTakeFirst();
    if (Number(u.numUpdatedRows) === 0) throw new DbError('PRECONDITION_FAILED', `重新抽取申请已处理（${r.status}） / the redraw request was already decided (${r.status})`, { reason: 'already-reviewed' });
    await recordAudit(trx, actor, { action: input.approve ? 'draw.redraw.approve' : 'draw.redraw.reject', target: `draw:${r.draw_id}`, reason: input.note ?? null }, at);
    return toRedraw({ ...r, status, decided_by: actor.username, decided_at: at });
  });
}

/** Redraw requests of a department (and round), newest first. */
export async function listRedraws(db: Kysely<Database>, query: { department?: string; round?: string } = {}): Promise<RedrawRequest[]> {
  let q = db.selectFrom('draw_redraws').selectAll();
  if (query.department !== undefined) q = q.where('department', '=', query.department);
  if (query.round !== undefined) q = q.where('round', '=', query.round);
  return (await q.orderBy('id', 'desc').execute()).map(toRedraw);
}

// ------------------------------------------------------------------ outcomes

export interface DrawOutcome {
  drawId: number;
  uscc: string;
  outcome: InspectionOutcome;
  note: string;
  recordedBy: string;
  recordedAt: string;
}

/**
 * Enters (or corrects) the outcome of one inspection of a published draw: its department's editor or
 * the credit office; audit-logged (`draw.outcome`) with the previous and new outcome's hash.
 */
export async function recordOutcome(db: Kysely<Database>, actor: Actor, input: { drawId: number; uscc: string; outcome: InspectionOutcome; note: string }): Promise<DrawOutcome> {
  const draw = await getDraw(db, input.drawId);
  checkMayDraw(actor, draw.department);
  if (draw.status !== 'published') throw new DbError('PRECONDITION_FAILED', '抽取结果公开后才能录入检查结果 / outcomes are entered once the draw is published', { reason: 'wrong-status' });
  const inspections = (draw.result as { inspections?: { uscc: string }[] }).inspections ?? [];
  if (!inspections.some((x) => x.uscc === input.uscc)) throw new DbError('NOT_FOUND', `${input.uscc} 不在本次抽取名单中 / ${input.uscc} is not in draw ${draw.id}`, { reason: 'not-found' });
  if (input.outcome === 'problem' && input.note.trim() === '') throw new DbError('BAD_REQUEST', '发现问题时须填写说明 / describe the problem found', { reason: 'invalid-input' });
  const at = new Date().toISOString();
  const row = { draw_id: draw.id, uscc: input.uscc, outcome: input.outcome, note: input.note, recorded_by: actor.username, recorded_at: at };
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('draw_outcomes').select(['outcome', 'note']).where('draw_id', '=', draw.id).where('uscc', '=', input.uscc).executeTakeFirst();
    await trx.deleteFrom('draw_outcomes').where('draw_id', '=', draw.id).where('uscc', '=', input.uscc).execute();
    await trx.insertInto('draw_outcomes').values(row).execute();
    await recordAudit(trx, actor, { action: 'draw.outcome', target: `draw:${draw.id}:${input.uscc}`, reason: `${input.outcome}: ${input.note}`, beforeHash: before ? contentHash(before) : null, afterHash: contentHash({ outcome: input.outcome, note: input.note }) }, at);
  });
  return { drawId: draw.id, uscc: input.uscc, outcome: input.outcome, note: input.note, recordedBy: actor.username, recordedAt: at };
}

/** The outcomes entered for a draw. */
export async function listOutcomes(db: Kysely<Database>, drawId: number): Promise<DrawOutcome[]> {
  const rows = await db.selectFrom('draw_outcomes').selectAll().where('draw_id', '=', drawId).orderBy('uscc').execute();
  return rows.map((r) => ({ drawId: Number(r.draw_id), uscc: r.uscc, outcome: r.outcome, note: r.note, recordedBy: r.recorded_by, recordedAt: r.recorded_at }));
}
