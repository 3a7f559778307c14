/**
 * Objections (异议) to an enterprise's result in an official run and the corrections they lead to
 * (issue 12; 000 二(三): the department that provided the disputed data answers within 3 working
 * days; 003 第五条: results are internal). An objection is filed by the credit office or by an
 * editor of a department supervising the enterprise, routed to the department responsible for the
 * disputed data with its deadline (`addWorkingDays(filedOn, 3)`, the holiday calendar of
 * @policy/schemas), answered once (upheld / rejected, with a reason) by an editor of that
 * department or the credit office. An upheld answer stores, in the same transaction, the
 * enterprise's re-evaluated result as a correction linked to the run (computed by the caller, which
 * holds the evaluator): the run's own results and hash never change. All three steps are
 * audit-logged (`objection.file`, `objection.answer`, `run.correct`).
 */
import type { Kysely, Transaction } from 'kysely';
import { addWorkingDays, canReadEnterprise, officeDay } from '@policy/schemas';
import type { EnterpriseRecord } from '@policy/schemas';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { canonicalJson, sha256 } from './canonical.ts';
import type { Database } from './database.ts';
import { getDatasetEnterprise } from './dataset-chunks.repository.ts';
import { DbError } from './errors.ts';
import type { ObjectionRow, ObjectionStatus, RunCorrectionRow } from './objection.table.ts';
import { uniqueViolationTable } from './raw.ts';
import { getRun, parseRunPayload } from './run.repository.ts';
import type { Run } from './run.repository.ts';

/** Working days a department has to answer an objection (000 二(三)). */
export const OBJECTION_ANSWER_DAYS = 3;

/** One enterprise's line of a run's results (the JSON `policy evaluate` writes; more fields kept as they are). */
export interface RunEnterpriseResult {
  uscc: string;
  name?: string;
  results: Record<string, { grade: string | null; rule: string | null; score?: number }>;
  domains?: string[];
  departments?: string[];
  sampling?: unknown;
  [field: string]: unknown;
}

export interface Objection {
  id: number;
  runId: number;
  uscc: string;
  enterpriseName: string;
  recordId: string | null;
  department: string;
  departmentName: string;
  grounds: string;
  evidence: string | null;
  filedBy: string;
  filedByName: string;
  filedAt: string;
  /** Calendar day of filing, YYYY-MM-DD. */
  filedOn: string;
  /** Last day to answer, YYYY-MM-DD. */
  deadline: string;
  status: ObjectionStatus;
  /** Open and the day (server local) is after the deadline. */
  overdue: boolean;
  answeredBy: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
  answerReason: string | null;
  /** Upheld: the result before this objection's correction and after it. */
  correction: { before: RunEnterpriseResult; after: RunEnterpriseResult } | null;
}

export interface RunCorrection {
  id: number;
  runId: number;
  uscc: string;
  seq: number;
  /** Dataset row (0-based), as in the run's result lines. */
  row: number;
  objectionId: number;
  result: RunEnterpriseResult;
  record: EnterpriseRecord;
  hash: string;
  createdBy: string;
  createdAt: string;
}

export interface NewObjection {
  runId: number;
  uscc: string;
  grounds: string;
  evidence?: string | null;
  recordId?: string | null;
  /** The department responsible for the disputed data (validated by the caller against the run's domain assignment). */
  department: { id: string; name: string };
}

/** What an upheld answer stores: the enterprise re-evaluated with the corrected record (see {@link recordCorrection}). */
export interface NewCorrection {
  /** The `seq` of the latest correction the result was computed on (0: the run's own result). */
  basedOn: number;
  result: RunEnterpriseResult;
  record: EnterpriseRecord;
}

export interface ObjectionAnswer {
  decision: 'upheld' | 'rejected';
  reason: string;
}

export interface ObjectionQuery {
  runId?: number;
  department?: string;
  status?: ObjectionStatus;
}

/** Today's date of the office (China time), YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  return officeDay(now);
}

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

function checkDay(today: string): string {
  if (!isDay(today)) throw new DbError('BAD_REQUEST', `日期无效：${today} / not a calendar date: ${today}`, { reason: 'invalid-input' });
  return today;
}

const notFound = (id: number) => new DbError('NOT_FOUND', `异议不存在 / no such objection: ${id}`, { reason: 'not-found' });

// ------------------------------------------------------------------ the run's result of one enterprise

/**
 * An enterprise's stored result in a run: its dataset row (0-based, as in the result lines), the
 * result, and the enterprise record of the dataset. NOT_FOUND when the enterprise is not in the
 * dataset or has no result in the run (outside its jurisdiction or the register).
 *
 * @example
 * const { row, result, record } = await runEnterpriseResult(db, run, '91350100M000100Y43');
 */
export async function runEnterpriseResult(db: Kysely<Database>, run: Run, uscc: string): Promise<{ row: number; result: RunEnterpriseResult; record: EnterpriseRecord }> {
  const absent = () => new DbError('NOT_FOUND', `评价批次 ${run.id} 中没有该市场主体的结果 / run ${run.id} has no result for ${uscc}`, { reason: 'not-found' });
  const entry = await db
    .selectFrom('dataset_enterprises')
    .select('row_number')
    .where('dataset_id', '=', run.datasetId)
    .where('uscc', '=', uscc)
    .orderBy('row_number')
    .limit(1)
    .executeTakeFirst();
  if (!entry) throw absent();
  const row = Number(entry.row_number) - 1;
  const chunk = await db
    .selectFrom('run_results')
    .select('payload')
    .where('run_id', '=', run.id)
    .where('first_row', '<=', row)
    .orderBy('first_row', 'desc')
    .limit(1)
    .executeTakeFirst();
  const line = chunk ? parseRunPayload(chunk.payload).find((l) => l.row === row) : undefined;
  if (!line) throw absent();
  const result = JSON.parse(line.json) as RunEnterpriseResult;
  if (result.uscc !== uscc) throw absent();
  const record = await getDatasetEnterprise(db, run.datasetId, uscc);
  if (!record) throw absent();
  return { row, result, record };
}

// ------------------------------------------------------------------ rows

const toCorrection = (r: RunCorrectionRow): RunCorrection => ({
  id: Number(r.id),
  runId: Number(r.run_id),
  uscc: r.uscc,
  seq: Number(r.seq),
  row: Number(r.row_number),
  objectionId: Number(r.objection_id),
  result: JSON.parse(r.result) as RunEnterpriseResult,
  record: JSON.parse(r.record) as EnterpriseRecord,
  hash: r.hash,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

async function toObjections(db: Kysely<Database>, rows: ObjectionRow[], today: string): Promise<Objection[]> {
  // the corrections of upheld objections, with the result each one replaced
  const upheld = rows.filter((r) => r.status === 'upheld');
  const corrections = new Map<number, { before: RunEnterpriseResult; after: RunEnterpriseResult }>();
  const groups = new Map<string, ObjectionRow>();
  for (const r of upheld) groups.set(`${r.run_id}\t${r.uscc}`, r);
  for (const r of groups.values()) {
    const list = await getCorrections(db, Number(r.run_id), r.uscc);
    if (list.length === 0) continue;
    const run = await getRun(db, Number(r.run_id));
    let before = (await runEnterpriseResult(db, run, r.uscc)).result;
    for (const c of list) {
      corrections.set(c.objectionId, { before, after: c.result });
      before = c.result;
    }
  }
  return rows.map((r) => ({
    id: Number(r.id),
    runId: Number(r.run_id),
    uscc: r.uscc,
    enterpriseName: r.enterprise_name,
    recordId: r.record_id,
    department: r.department,
    departmentName: r.department_name,
    grounds: r.grounds,
    evidence: r.evidence,
    filedBy: r.filed_by,
    filedByName: r.filed_by_name,
    filedAt: r.filed_at,
    filedOn: r.filed_on,
    deadline: r.deadline,
    status: r.status,
    overdue: r.status === 'open' && today > r.deadline,
    answeredBy: r.answered_by,
    answeredByName: r.answered_by_name,
    answeredAt: r.answered_at,
    answerReason: r.answer_reason,
    correction: corrections.get(Number(r.id)) ?? null,
  }));
}

async function displayName(db: Kysely<Database>, actor: Actor): Promise<string> {
  const u = await db.selectFrom('users').select('display_name').where('username', '=', actor.username).executeTakeFirst();
  return u?.display_name ?? actor.username;
}

// ------------------------------------------------------------------ filing

/** Refuses an actor who may not file objections: the credit office and department editors do. FORBIDDEN. */
export function checkMayFileObjection(actor: Actor): void {
  if (actor.role !== 'credit-office' && actor.role !== 'department-editor') {
    throw new DbError('FORBIDDEN', `只有信用办或部门编辑可以登记异议 / only the credit office or a department editor files objections (role ${actor.role})`, { reason: 'role' });
  }
}

/**
 * Files an objection to an enterprise's result in a completed or signed-off run, routed to
 * `department` with the deadline 3 working days after `today` (default: the server's local day).
 * A department editor files only for enterprises its department supervises (the departments of the
 * run's result). At most one open objection per (run, enterprise, record): a duplicate, also a
 * concurrent one, is CONFLICT `duplicate`. Audit-logged (`objection.file`).
 *
 * @example
 * const o = await fileObjection(db, actor, { runId: 4, uscc, grounds: '该处罚已被撤销', recordId: 'r-17', department: { id: 'market-regulation', name: '市市场监督管理局' } });
 */
export async function fileObjection(db: Kysely<Database>, actor: Actor, input: NewObjection, options: { today?: string } = {}): Promise<Objection> {
  checkMayFileObjection(actor);
  const today = checkDay(options.today ?? localToday());
  const grounds = input.grounds.trim();
  if (!grounds) throw new DbError('BAD_REQUEST', '异议理由不能为空 / the grounds (异议理由) are required', { reason: 'invalid-input' });
  const evidence = input.evidence?.trim() || null;
  const recordId = input.recordId?.trim() || null;
  if (!input.department.id.trim()) throw new DbError('BAD_REQUEST', '请选择负责处理的部门 / the department (处理部门) is required', { reason: 'invalid-input' });
  const run = await getRun(db, input.runId);
  if (run.status !== 'completed' && run.status !== 'signed-off') {
    throw new DbError('PRECONDITION_FAILED', `只能对已完成或已签发的评价批次提出异议（${run.status}） / objections are filed against a completed or signed-off run (${run.status})`, { reason: 'wrong-status' });
  }
  const { result, record } = await runEnterpriseResult(db, run, input.uscc);
  if (actor.role === 'department-editor' && !canReadEnterprise({ role: actor.role, department: actor.department }, { departments: result.departments ?? [] })) {
    throw new DbError('FORBIDDEN', `该市场主体不在本部门（${actor.department ?? ''}）监管的领域内 / this enterprise is outside the domains your department (${actor.department ?? ''}) supervises`, { reason: 'department' });
  }
  if (recordId !== null && !(record.records ?? []).some((r) => r.id === recordId)) {
    throw new DbError('BAD_REQUEST', `该市场主体没有编号为 ${recordId} 的记录 / the enterprise has no record ${recordId}`, { reason: 'invalid-input' });
  }
  const duplicate = () =>
    new DbError('CONFLICT', '该市场主体的这项结果已有待处理的异议 / an open objection to this result (and record) of the enterprise exists already', { reason: 'duplicate' });
  const deadline = addWorkingDays(today, OBJECTION_ANSWER_DAYS);
  const filedByName = await displayName(db, actor);
  const at = new Date().toISOString();
  try {
    const row = await db.transaction().execute(async (trx) => {
      let open = trx.selectFrom('objections').select('id').where('run_id', '=', run.id).where('uscc', '=', input.uscc).where('status', '=', 'open');
      open = recordId === null ? open.where('record_id', 'is', null) : open.where('record_id', '=', recordId);
      if (await open.executeTakeFirst()) throw duplicate();
      const inserted = await trx
        .insertInto('objections')
        .values({
          run_id: run.id,
          uscc: input.uscc,
          enterprise_name: result.name ?? record.name,
          record_id: recordId,
          department: input.department.id,
          department_name: input.department.name,
          grounds,
          evidence,
          filed_by: actor.username,
          filed_by_name: filedByName,
          filed_at: at,
          filed_on: today,
          deadline,
          status: 'open',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        actor,
        {
          action: 'objection.file',
          target: `objection:${inserted.id}`,
          reason: `run=${run.id}; uscc=${input.uscc}; record=${recordId ?? '*'}; department=${input.department.id}; deadline=${deadline}`,
        },
        at,
      );
      return inserted;
    });
    return (await toObjections(db, [row], today))[0]!;
  } catch (e) {
    if (uniqueViolationTable(e) !== undefined) throw duplicate();
    throw e;
  }
}

// ------------------------------------------------------------------ reading

/** Refuses a viewer (firm-level data, 003 第五条). FORBIDDEN. */
function checkMayReadObjections(actor: Actor): void {
  if (actor.role === 'viewer') {
    throw new DbError('FORBIDDEN', `只读用户不能查看异议（涉及单个市场主体） / viewers cannot see objections (they name single enterprises)`, { reason: 'role' });
  }
}

/**
 * Objections, newest first: a department editor sees those routed to its department only; the
 * credit office and reviewers see all; a viewer is refused (FORBIDDEN). `overdue` is computed for
 * `today` (default: the server's local day).
 */
export async function listObjections(db: Kysely<Database>, actor: Actor, query: ObjectionQuery = {}, options: { today?: string } = {}): Promise<Objection[]> {
  checkMayReadObjections(actor);
  const today = checkDay(options.today ?? localToday());
  let q = db.selectFrom('objections').selectAll();
  if (actor.role === 'department-editor') {
    if (query.department !== undefined && query.department !== actor.department) return [];
    q = q.where('department', '=', actor.department ?? '');
  } else if (query.department !== undefined) q = q.where('department', '=', query.department);
  if (query.runId !== undefined) q = q.where('run_id', '=', query.runId);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  return toObjections(db, await q.orderBy('id', 'desc').execute(), today);
}

/** One objection, with the visibility of {@link listObjections} (NOT_FOUND when not visible). */
export async function getObjection(db: Kysely<Database>, actor: Actor, id: number, options: { today?: string } = {}): Promise<Objection> {
  checkMayReadObjections(actor);
  const row = await db.selectFrom('objections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (actor.role === 'department-editor' && row.department !== actor.department)) throw notFound(id);
  return (await toObjections(db, [row], checkDay(options.today ?? localToday())))[0]!;
}

// ------------------------------------------------------------------ corrections

/** The hash of a correction: the run's hash, the enterprise, the objection, the result and the record. */
export function correctionHash(c: { runHash: string | null; runId: number; uscc: string; seq: number; objectionId: number; result: RunEnterpriseResult; record: EnterpriseRecord }): string {
  return sha256(canonicalJson({ runHash: c.runHash, runId: c.runId, uscc: c.uscc, seq: c.seq, objectionId: c.objectionId, result: c.result, record: c.record }));
}

/**
 * Stores an enterprise's corrected result for a run (inside the caller's transaction), linked to
 * the upheld objection, as correction `basedOn + 1`; audit-logged (`run.correct`, with its hash).
 * A correction stored meanwhile on the same base (a concurrent upheld objection of the same
 * enterprise) is PRECONDITION_FAILED: recompute on the latest.
 */
export async function recordCorrection(
  trx: Transaction<Database>,
  actor: Actor,
  input: { run: Run; uscc: string; row: number; objectionId: number; correction: NewCorrection },
  at = new Date().toISOString(),
): Promise<RunCorrection> {
  const { run, uscc, row, objectionId, correction } = input;
  const seq = correction.basedOn + 1;
  const stale = () =>
    new DbError('PRECONDITION_FAILED', '该市场主体的结果同时有另一项更正，请重新答复 / another correction of this enterprise was stored meanwhile: answer again', { reason: 'wrong-status' });
  const latest = await trx.selectFrom('run_corrections').select((eb) => eb.fn.max<number>('seq').as('seq')).where('run_id', '=', run.id).where('uscc', '=', uscc).executeTakeFirst();
  if (Number(latest?.seq ?? 0) !== correction.basedOn) throw stale();
  const hash = correctionHash({ runHash: run.runHash, runId: run.id, uscc, seq, objectionId, result: correction.result, record: correction.record });
  try {
    const stored = await trx
      .insertInto('run_corrections')
      .values({
        run_id: run.id,
        uscc,
        seq,
        row_number: row,
        objection_id: objectionId,
        result: JSON.stringify(correction.result),
        record: JSON.stringify(correction.record),
        hash,
        created_by: actor.username,
        created_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'run.correct', target: `run:${run.id}`, reason: `uscc=${uscc}; objection=${objectionId}; seq=${seq}`, afterHash: hash }, at);
    return toCorrection(stored);
  } catch (e) {
    if (uniqueViolationTable(e) !== undefined) throw stale();
    throw e;
  }
}

/** The corrections of a run (of one enterprise), in order (`seq`; the latest applies). */
export async function getCorrections(db: Kysely<Database>, runId: number, uscc?: string): Promise<RunCorrection[]> {
  let q = db.selectFrom('run_corrections').selectAll().where('run_id', '=', runId);
  if (uscc !== undefined) q = q.where('uscc', '=', uscc);
  return (await q.orderBy('uscc').orderBy('seq').execute()).map(toCorrection);
}

// ------------------------------------------------------------------ answering

/** Whether `actor` may answer an objection routed to `department`: an editor of it, or the credit office. */
export const mayAnswerObjection = (actor: Actor, department: string): boolean =>
  actor.role === 'credit-office' || (actor.role === 'department-editor' && actor.department === department);

/**
 * Answers an open objection (upheld / rejected, with a reason): an editor of the routed department
 * or the credit office. Upheld needs `correction` (the enterprise re-evaluated with the corrected
 * data), stored in the same transaction ({@link recordCorrection}). Of concurrent answers exactly one
 * wins; the others: PRECONDITION_FAILED. Audit-logged (`objection.answer`).
 */
export async function answerObjection(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  answer: ObjectionAnswer,
  options: { correction?: NewCorrection; today?: string } = {},
): Promise<Objection> {
  const row = await db.selectFrom('objections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(id);
  if (!mayAnswerObjection(actor, row.department)) {
    throw new DbError('FORBIDDEN', `只有异议转交的部门（${row.department_name}）或信用办可以答复 / only the department it is routed to (${row.department}) or the credit office answers this objection`, {
      reason: actor.role === 'department-editor' ? 'department' : 'role',
    });
  }
  const reason = answer.reason.trim();
  if (!reason) throw new DbError('BAD_REQUEST', '答复理由不能为空 / the answer reason (答复理由) is required', { reason: 'invalid-input' });
  if (answer.decision !== 'upheld' && answer.decision !== 'rejected') throw new DbError('BAD_REQUEST', `答复结论无效 / invalid decision: ${String(answer.decision)}`, { reason: 'invalid-input' });
  const answered = () => new DbError('PRECONDITION_FAILED', `异议 ${id} 已答复 / objection ${id} has been answered already`, { reason: 'wrong-status' });
  if (row.status !== 'open') throw answered();
  if (answer.decision === 'upheld' && !options.correction) {
    throw new DbError('BAD_REQUEST', '维持异议须附重新评价的结果 / an upheld objection needs the re-evaluated result', { reason: 'invalid-input' });
  }
  const run = await getRun(db, Number(row.run_id));
  const name = await displayName(db, actor);
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('objections')
      .set({ status: answer.decision, answered_by: actor.username, answered_by_name: name, answered_at: at, answer_reason: reason })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw answered();
    await recordAudit(trx, actor, { action: 'objection.answer', target: `objection:${id}`, reason: `decision=${answer.decision}; ${reason}` }, at);
    if (answer.decision === 'upheld') {
      const { row: datasetRow } = await runEnterpriseResult(trx, run, row.uscc);
      await recordCorrection(trx, actor, { run, uscc: row.uscc, row: datasetRow, objectionId: id, correction: options.correction! }, at);
    }
  });
  return getObjection(db, actor, id, options);
}
