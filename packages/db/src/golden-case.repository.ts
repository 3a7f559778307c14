/**
 * Golden cases stored with their document version (tables of golden-case.table.ts).
 *
 * - A new draft starts with a copy of its parent version's cases (a database trigger copies them
 *   when the version row is inserted, whichever call creates it: createDraft, reject, rollback).
 * - Only a draft's cases change, and only by whoever may write the draft (`canWrite` of the
 *   lifecycle): add, remove, replace expectations ("accept current results", with a reason). Each
 *   change is audited (`cases.add`, `cases.remove`, `cases.accept`). The version's row is locked
 *   while the cases change (PostgreSQL `for update`, SQLite `begin immediate`), so simultaneous
 *   edits queue and none is lost.
 * - When the version leaves draft its cases are sealed (trigger), and the database refuses any
 *   change to a sealed version's cases (trigger `golden_cases_frozen`).
 * - Released versions imported from policies/ get their `v<N>.cases.json` once, then are sealed
 *   (golden-case-import.repository.ts: the seed, the server's start, `policy db migrate | seed`).
 * - The publish gate (`goldenGate`, called by `publish` under its lock): a version whose cases fail
 *   is refused unless a reviewer recorded an override reason (`recordGoldenOverride`, audited
 *   `cases.override`, stored in `golden_overrides`). The evaluation itself happens in the caller
 *   (this package does not evaluate); the gate trusts the failures it is given.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { canReadVersion, canReview, canWrite, documentSchemas, validateCaseFile } from '@policy/schemas';
import type { DocumentKind, Issue, PolicyDocument } from '@policy/schemas';
import type { Actor } from './actor.ts';
import { actorId } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import type { Database } from './database.ts';
import type { DocumentRow, VersionRow, VersionStatus } from './document.table.ts';
import { DbError } from './errors.ts';
import type { GoldenCaseRow, GoldenOverrideRow } from './golden-case.table.ts';
import { dialectOf, sqliteHandle, uniqueViolationTable } from './raw.ts';
import { makersOf } from './version-makers.ts';

type Db = Kysely<Database>;

// ------------------------------------------------------------------ public shapes

export interface GoldenCase {
  id: number;
  versionId: number;
  position: number;
  name: string;
  /** Evaluation date, YYYY-MM-DD. */
  at: string;
  enterprise: Record<string, unknown>;
  expect: Record<string, unknown>;
  source: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface GoldenOverride {
  id: number;
  versionId: number;
  reason: string;
  actor: string;
  actorId: number | null;
  /** Names of the cases that failed when the override was recorded. */
  failing: string[];
  at: string;
}

export interface GoldenCaseSet {
  versionId: number;
  documentId: string;
  versionNumber: number;
  kind: DocumentKind;
  owner: string;
  status: VersionStatus;
  /** The version this one was based on (its cases were copied from there). */
  basedOn: number | null;
  /** True once the cases can no longer change (the version left draft, or was imported released). */
  sealed: boolean;
  /** True when the actor may change these cases now (a draft they may write). */
  editable: boolean;
  cases: GoldenCase[];
  overrides: GoldenOverride[];
}

export interface NewGoldenCase {
  name: string;
  at: string;
  enterprise: Record<string, unknown>;
  expect: Record<string, unknown>;
  /** Where it came from, e.g. `dataset:3`. */
  source?: string | null;
}

/** A failing case as the publish gate is told about it. */
export interface GoldenFailure {
  name: string;
  /** Why it fails, Chinese then English. */
  message?: string | null;
}

/** What the caller found when it ran the version's cases, for the publish gate. */
export interface GoldenGateInput {
  /** Number of cases run. */
  total: number;
  failures: GoldenFailure[];
  /** A reviewer's reason to publish despite the failures (recorded and audited). */
  overrideReason?: string | null;
}

export interface GoldenCaseChange {
  name: string;
  before: { at: string; expect: Record<string, unknown>; enterprise: Record<string, unknown> };
  after: { at: string; expect: Record<string, unknown>; enterprise: Record<string, unknown> };
  /** Which parts differ. */
  changed: ('expect' | 'at' | 'enterprise')[];
}

export interface GoldenCaseDiff {
  versionId: number;
  versionNumber: number;
  /** The version compared with (the parent by default); null when there is none. */
  against: { versionId: number; versionNumber: number } | null;
  added: GoldenCase[];
  removed: GoldenCase[];
  changed: GoldenCaseChange[];
  unchanged: number;
}

// ------------------------------------------------------------------ helpers

export const now = () => new Date().toISOString();
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const toCase = (r: GoldenCaseRow): GoldenCase => ({
  id: Number(r.id),
  versionId: Number(r.version_id),
  position: Number(r.position),
  name: r.name,
  at: r.at,
  enterprise: JSON.parse(r.enterprise) as Record<string, unknown>,
  expect: JSON.parse(r.expect) as Record<string, unknown>,
  source: r.source,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
});

const toOverride = (r: GoldenOverrideRow): GoldenOverride => ({
  id: Number(r.id),
  versionId: Number(r.version_id),
  reason: r.reason,
  actor: r.actor,
  actorId: r.actor_id === null ? null : Number(r.actor_id),
  failing: JSON.parse(r.failing) as string[],
  at: r.at,
});

/** The hash a case is audited by: its name, date, enterprise and expectation. */
const caseHash = (c: { name: string; at: string; enterprise: unknown; expect: unknown }) =>
  contentHash({ name: c.name, at: c.at, enterprise: c.enterprise, expect: c.expect });

export async function loadVersion(db: Db, versionId: number, lock = false): Promise<{ version: VersionRow; doc: DocumentRow }> {
  let q = db.selectFrom('versions').selectAll().where('id', '=', versionId);
  if (lock && dialectOf(db) === 'postgres') q = q.forUpdate();
  const version = await q.executeTakeFirst();
  if (!version) throw new DbError('NOT_FOUND', `版本不存在 / no such version: ${versionId}`, { reason: 'not-found' });
  const doc = await db.selectFrom('documents').selectAll().where('id', '=', version.document_id).executeTakeFirstOrThrow();
  return { version, doc };
}

function assertRead(actor: Actor, doc: DocumentRow, version: VersionRow): void {
  if (canReadVersion(actor, doc, version.status)) return;
  throw new DbError('FORBIDDEN', `不能查看该版本的黄金用例 / cannot read the golden cases of ${doc.id} v${version.version_number}`, {
    reason: actor.role === 'department-editor' ? 'department' : 'role',
  });
}

export async function isSealed(db: Db, versionId: number): Promise<boolean> {
  return (await db.selectFrom('golden_case_seals').select('version_id').where('version_id', '=', versionId).executeTakeFirst()) !== undefined;
}

/** Refuses a change of the cases of a version the actor may not write, or that is no longer a draft. */
async function assertEditable(db: Db, actor: Actor, version: VersionRow, doc: DocumentRow): Promise<void> {
  if (!canWrite(actor, doc)) {
    const dept = actor.role === 'department-editor' && doc.owner !== actor.department;
    throw new DbError(
      'FORBIDDEN',
      dept
        ? `不能修改其他部门文档的黄金用例 / cannot change the golden cases of another department's document: ${doc.id}`
        : `当前角色不能修改该文档的黄金用例 / role ${actor.role} cannot change the golden cases of ${doc.id}`,
      { reason: dept ? 'department' : 'role' },
    );
  }
  if (version.status !== 'draft' || (await isSealed(db, Number(version.id)))) {
    throw new DbError(
      'PRECONDITION_FAILED',
      `只有草稿的黄金用例可以修改（${doc.id} v${version.version_number} 为 ${version.status}） / only a draft's golden cases can change (${doc.id} v${version.version_number} is ${version.status})`,
      { reason: 'immutable' },
    );
  }
}

/** The version's document, parsed (null when it does not parse: cases are then checked for shape only). */
export function parsedDocument(doc: DocumentRow, version: VersionRow): PolicyDocument | undefined {
  const p = documentSchemas[doc.kind].safeParse(JSON.parse(version.content));
  return p.success ? (p.data as PolicyDocument) : undefined;
}

/** Checks cases as a case file of the version's document: enterprise records, expectation shape, known grades. */
function checkCases(doc: DocumentRow, version: VersionRow, cases: NewGoldenCase[]): void {
  const issues: Issue[] = [];
  cases.forEach((c, i) => {
    if (!c.name.trim()) {
      issues.push({ code: 'schema.invalid', severity: 'error', path: `/cases/${i}/name`, message: '用例名称不能为空', messageEn: 'the case needs a name' });
    }
    if (!DATE_RE.test(c.at)) {
      issues.push({ code: 'schema.invalid', severity: 'error', path: `/cases/${i}/at`, message: `评价日期须为 YYYY-MM-DD：${c.at}`, messageEn: `the evaluation date must be YYYY-MM-DD: ${c.at}` });
    }
  });
  if (issues.length === 0) {
    const r = validateCaseFile(
      { at: cases[0]?.at ?? '2000-01-01', cases: cases.map((c) => ({ name: c.name, at: c.at, enterprise: c.enterprise, expect: c.expect })) },
      parsedDocument(doc, version),
    );
    if (!r.success) issues.push(...r.issues.filter((i) => i.severity === 'error'));
  }
  if (issues.length > 0) {
    throw new DbError('BAD_REQUEST', `黄金用例无效（${issues.length} 处） / invalid golden case (${issues.length} issue(s))`, { reason: 'invalid-input', issues });
  }
}

const isSqliteBusy = (e: unknown): boolean => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * Runs `fn` with the version's row locked: PostgreSQL `select … for update` in a transaction;
 * SQLite `begin immediate` (the single writer lock) on one connection.
 */
async function withVersionLocked<T>(db: Db, versionId: number, fn: (trx: Db, version: VersionRow, doc: DocumentRow) => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      const { version, doc } = await loadVersion(trx, versionId, true);
      return fn(trx, version, doc);
    });
  }
  return db.connection().execute(async (conn) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await sql`begin immediate`.execute(conn);
        break;
      } catch (e) {
        if (!isSqliteBusy(e) || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      }
    }
    try {
      const { version, doc } = await loadVersion(conn, versionId);
      const result = await fn(conn, version, doc);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      const handle = sqliteHandle(db);
      if (!handle || handle.inTransaction) await sql`rollback`.execute(conn);
      throw e;
    }
  });
}

export const label = (doc: DocumentRow, version: VersionRow) => `${doc.id} v${version.version_number}`;

// ------------------------------------------------------------------ reads

/**
 * The golden cases of a version, in order, with whether they are sealed or editable by the actor
 * and the override reasons recorded for it. Same read rules as the version itself.
 *
 * @example
 * const set = await listCases(db, actor, versionId); // set.cases, set.editable, set.overrides
 */
export async function listCases(db: Db, actor: Actor, versionId: number): Promise<GoldenCaseSet> {
  const { version, doc } = await loadVersion(db, versionId);
  assertRead(actor, doc, version);
  const rows = await db.selectFrom('golden_cases').selectAll().where('version_id', '=', version.id).orderBy('position').execute();
  const overrides = await db.selectFrom('golden_overrides').selectAll().where('version_id', '=', version.id).orderBy('id').execute();
  const sealed = await isSealed(db, Number(version.id));
  return {
    versionId: Number(version.id),
    documentId: doc.id,
    versionNumber: Number(version.version_number),
    kind: doc.kind,
    owner: doc.owner,
    status: version.status,
    basedOn: version.based_on === null ? null : Number(version.based_on),
    sealed,
    editable: !sealed && version.status === 'draft' && canWrite(actor, doc),
    cases: rows.map(toCase),
    overrides: overrides.map(toOverride),
  };
}

/**
 * Differences between the cases of a version and those of another version of the same document
 * (default: its parent, `basedOn`), matched by name: added, removed, and changed (expectation,
 * date or enterprise record).
 *
 * @example
 * const d = await diffCases(db, reviewer, versionId); // d.added, d.removed, d.changed
 */
export async function diffCases(db: Db, actor: Actor, versionId: number, againstVersionNumber?: number): Promise<GoldenCaseDiff> {
  const mine = await listCases(db, actor, versionId);
  const number = againstVersionNumber ?? mine.basedOn;
  let theirs: GoldenCaseSet | null = null;
  if (number !== null && number !== undefined) {
    const row = await db
      .selectFrom('versions')
      .select('id')
      .where('document_id', '=', mine.documentId)
      .where('version_number', '=', number)
      .executeTakeFirst();
    if (!row) throw new DbError('NOT_FOUND', `版本不存在 / no such version: ${mine.documentId} v${number}`, { reason: 'not-found' });
    theirs = await listCases(db, actor, Number(row.id));
  }
  const before = new Map((theirs?.cases ?? []).map((c) => [c.name, c]));
  const after = new Map(mine.cases.map((c) => [c.name, c]));
  const changed: GoldenCaseChange[] = [];
  let unchanged = 0;
  for (const c of mine.cases) {
    const b = before.get(c.name);
    if (!b) continue;
    const parts: GoldenCaseChange['changed'] = [];
    if (contentHash(b.expect) !== contentHash(c.expect)) parts.push('expect');
    if (b.at !== c.at) parts.push('at');
    if (contentHash(b.enterprise) !== contentHash(c.enterprise)) parts.push('enterprise');
    if (parts.length === 0) unchanged++;
    else
      changed.push({
        name: c.name,
        before: { at: b.at, expect: b.expect, enterprise: b.enterprise },
        after: { at: c.at, expect: c.expect, enterprise: c.enterprise },
        changed: parts,
      });
  }
  return {
    versionId: mine.versionId,
    versionNumber: mine.versionNumber,
    against: theirs ? { versionId: theirs.versionId, versionNumber: theirs.versionNumber } : null,
    added: mine.cases.filter((c) => !before.has(c.name)),
    removed: (theirs?.cases ?? []).filter((c) => !after.has(c.name)),
    changed,
    unchanged,
  };
}

// ------------------------------------------------------------------ writes

/**
 * Adds a case to a draft (appended at the end). The enterprise record, the expectation (shape of
 * the document's kind, grades it defines) and the date are checked; a name already used in the
 * version is CONFLICT `duplicate`. Audited `cases.add`.
 *
 * @example
 * await addCase(db, editor, versionId, { name: 'C 级企业', at: '2026-10-31', enterprise, expect: { grade: 'C' }, source: 'dataset:3' });
 */
export async function addCase(db: Db, actor: Actor, versionId: number, input: NewGoldenCase): Promise<GoldenCase> {
  const c = { ...input, name: input.name.trim() };
  try {
    return await withVersionLocked(db, versionId, async (trx, version, doc) => {
      await assertEditable(trx, actor, version, doc);
      checkCases(doc, version, [c]);
      const taken = await trx.selectFrom('golden_cases').select('id').where('version_id', '=', version.id).where('name', '=', c.name).executeTakeFirst();
      if (taken) throw duplicate(c.name, doc, version);
      const max = await trx
        .selectFrom('golden_cases')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('version_id', '=', version.id)
        .executeTakeFirst();
      const at = now();
      const row = await trx
        .insertInto('golden_cases')
        .values({
          version_id: Number(version.id),
          position: max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1,
          name: c.name,
          at: c.at,
          enterprise: JSON.stringify(c.enterprise),
          expect: JSON.stringify(c.expect),
          source: c.source ?? null,
          created_at: at,
          created_by: actor.username,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        actor,
        { action: 'cases.add', documentId: doc.id, versionNumber: Number(version.version_number), target: `case:${c.name}`, reason: c.source ?? null, afterHash: caseHash(c) },
        at,
      );
      return toCase(row);
    });
  } catch (e) {
    if (uniqueViolationTable(e) === 'golden_cases' || uniqueViolationTable(e) === 'golden_cases_name') throw duplicate(c.name);
    throw e;
  }
}

function duplicate(name: string, doc?: DocumentRow, version?: VersionRow): DbError {
  const where = doc && version ? ` (${label(doc, version)})` : '';
  return new DbError('CONFLICT', `已有同名的黄金用例：${name} / a golden case with this name exists${where}: ${name}`, { reason: 'duplicate' });
}

/**
 * Removes a case from a draft. Audited `cases.remove` (with the reason, when given).
 *
 * @example
 * await removeCase(db, editor, versionId, caseId, '规则已删除');
 */
export async function removeCase(db: Db, actor: Actor, versionId: number, caseId: number, reason?: string | null): Promise<void> {
  await withVersionLocked(db, versionId, async (trx, version, doc) => {
    await assertEditable(trx, actor, version, doc);
    const row = await trx.selectFrom('golden_cases').selectAll().where('id', '=', caseId).where('version_id', '=', version.id).executeTakeFirst();
    if (!row) throw new DbError('NOT_FOUND', `黄金用例不存在 / no such golden case: ${caseId} in ${label(doc, version)}`, { reason: 'not-found' });
    await trx.deleteFrom('golden_cases').where('id', '=', row.id).execute();
    const c = toCase(row);
    await recordAudit(trx, actor, {
      action: 'cases.remove',
      documentId: doc.id,
      versionNumber: Number(version.version_number),
      target: `case:${c.name}`,
      reason: reason?.trim() || null,
      beforeHash: caseHash(c),
    });
  });
}

/**
 * Replaces the expectations of cases of a draft, with a written reason — "accept the current results
 * as expected" (the caller computes them). Each case is audited `cases.accept` with the reason and
 * the hashes before and after. A missing reason is BAD_REQUEST.
 *
 * @example
 * await setExpectations(db, editor, versionId, [{ caseId, expect: { grade: 'B' } }], '一般失信上限改为 3 次');
 */
export async function setExpectations(
  db: Db,
  actor: Actor,
  versionId: number,
  changes: { caseId: number; expect: Record<string, unknown> }[],
  reason: string,
): Promise<GoldenCase[]> {
  const why = reason.trim();
  if (!why) throw new DbError('BAD_REQUEST', '接受当前结果须填写理由 / accepting the current results needs a reason', { reason: 'invalid-input' });
  return withVersionLocked(db, versionId, async (trx, version, doc) => {
    await assertEditable(trx, actor, version, doc);
    const rows = await trx.selectFrom('golden_cases').selectAll().where('version_id', '=', version.id).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), toCase(r)]));
    const missing = changes.filter((ch) => !byId.has(ch.caseId)).map((ch) => ch.caseId);
    if (missing.length > 0) {
      throw new DbError('NOT_FOUND', `黄金用例不存在 / no such golden case: ${missing.join(', ')} in ${label(doc, version)}`, { reason: 'not-found' });
    }
    checkCases(
      doc,
      version,
      changes.map((ch) => ({ ...byId.get(ch.caseId)!, expect: ch.expect })),
    );
    const at = now();
    const out: GoldenCase[] = [];
    for (const ch of changes) {
      const before = byId.get(ch.caseId)!;
      const after = { ...before, expect: ch.expect, updatedAt: at };
      await trx.updateTable('golden_cases').set({ expect: JSON.stringify(ch.expect), updated_at: at }).where('id', '=', ch.caseId).execute();
      await recordAudit(
        trx,
        actor,
        {
          action: 'cases.accept',
          documentId: doc.id,
          versionNumber: Number(version.version_number),
          target: `case:${before.name}`,
          reason: why,
          beforeHash: caseHash(before),
          afterHash: caseHash(after),
        },
        at,
      );
      out.push(after);
    }
    return out;
  });
}

/**
 * Records a reviewer's reason to publish a version whose golden cases fail (`failing`: their names).
 * Only reviewers and the credit office, never one of its makers (`makersOf`: the author, whoever
 * saved or submitted it or edited its cases), and only while the version is in review or approved. Stored in `golden_overrides`, audited `cases.override`.
 *
 * @example
 * await recordGoldenOverride(db, reviewer, versionId, { reason: '规则调整后用例待更新', failing: ['C 级企业'] });
 */
export async function recordGoldenOverride(db: Db, actor: Actor, versionId: number, input: { reason: string; failing: string[] }): Promise<GoldenOverride> {
  return withVersionLocked(db, versionId, (trx, version, doc) => insertOverride(trx, actor, version, doc, input, now()));
}

async function insertOverride(
  trx: Db,
  actor: Actor,
  version: VersionRow,
  doc: DocumentRow,
  input: { reason: string; failing: string[] },
  at: string,
): Promise<GoldenOverride> {
  const reason = input.reason.trim();
  if (!canReview(actor)) {
    throw new DbError('FORBIDDEN', `只有审核人或信用办可以放行未通过的黄金用例 / only reviewers and the credit office may override failing golden cases (role ${actor.role})`, {
      reason: 'role',
    });
  }
  if ((await makersOf(trx, version)).has(actor.id)) {
    throw new DbError(
      'FORBIDDEN',
      '作者（创建、保存、提交该版本或编辑其黄金用例的人）不能放行其黄金用例 / whoever made the version (created, saved or submitted it, or edited its golden cases) cannot override its golden cases',
      { reason: 'self-approval' },
    );
  }
  if (!reason) throw new DbError('BAD_REQUEST', '放行须填写理由 / an override needs a written reason', { reason: 'invalid-input' });
  if (version.status !== 'in-review' && version.status !== 'approved') {
    throw new DbError('PRECONDITION_FAILED', `只能放行审核中或已批准的版本（当前 ${version.status}） / only versions in review or approved can be overridden (now ${version.status})`, {
      reason: 'wrong-status',
    });
  }
  const row = await trx
    .insertInto('golden_overrides')
    .values({ version_id: Number(version.id), reason, actor: actor.username, actor_id: actorId(actor), failing: JSON.stringify(input.failing), at })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(
    trx,
    actor,
    {
      action: 'cases.override',
      documentId: doc.id,
      versionNumber: Number(version.version_number),
      target: `cases:${input.failing.length}`,
      reason: `${reason}（${input.failing.join('、')}）`,
      afterHash: version.content_hash,
    },
    at,
  );
  return toOverride(row);
}

/**
 * The publish gate, under publish's lock: nothing to do when every case passes; otherwise the
 * failing cases must all be covered by an override recorded for the version, or `overrideReason`
 * is given by a reviewer (recorded now); else PRECONDITION_FAILED `golden-cases-failing` naming how
 * many cases fail and which.
 */
export async function goldenGate(trx: Db, actor: Actor, version: VersionRow, doc: DocumentRow, gate: GoldenGateInput, at: string): Promise<GoldenOverride | null> {
  const failing = gate.failures.map((f) => f.name);
  if (failing.length === 0) return null;
  if (gate.overrideReason?.trim()) return insertOverride(trx, actor, version, doc, { reason: gate.overrideReason, failing }, at);
  const overrides = (await trx.selectFrom('golden_overrides').selectAll().where('version_id', '=', version.id).orderBy('id').execute()).map(toOverride);
  const covered = new Set(overrides.flatMap((o) => o.failing));
  const open = failing.filter((n) => !covered.has(n));
  if (open.length === 0) return overrides.at(-1)!;
  const shown = open.slice(0, 10);
  const more = open.length > shown.length ? ` …(+${open.length - shown.length})` : '';
  throw new DbError(
    'PRECONDITION_FAILED',
    `${label(doc, version)} 有 ${open.length} 个黄金用例未通过（共 ${gate.total} 个），须修正或由审核人填写放行理由后才能发布：${shown.join('、')}${more} / ` +
      `${label(doc, version)} has ${open.length} failing golden case(s) of ${gate.total}; fix them or have a reviewer record an override reason before publishing: ${shown.join('; ')}${more}`,
    { reason: 'golden-cases-failing', goldenFailures: gate.failures.filter((f) => open.includes(f.name)) },
  );
}
