/**
 * Policy documents and their versions: draft → in-review → approved → published (or rejected).
 * Every rule of the lifecycle is enforced here (and again by database triggers: submitted versions
 * never change, released ones not at all, statuses only along the defined transitions), so a
 * caller cannot forget one. Failures throw `DbError` with a `code`.
 *
 * Concurrency: every state change runs in `writeTx` and first locks the row it changes
 * (PostgreSQL `select … for update`; SQLite `begin immediate`, the database's single writer lock),
 * then re-reads the status under that lock, so of two simultaneous publishes exactly one wins and
 * approvals are counted with every committed one in view. The updates are conditional on the
 * status too.
 *
 * Effective dates: a version's effective date is its document's `effectiveFrom`, set in the draft
 * and mirrored in `versions.effective_from`, frozen at submission and confirmed at publish. A date
 * before the publish day needs the version marked retroactive with a written reason, and one more
 * approval. Whether a released version is in force, scheduled or superseded is computed for a date
 * (`standingsAt`), never stored; `published_at` is when it became known (`asKnownOn`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  approvalsNeeded,
  canPublish,
  canReadVersion,
  canReview,
  canRollback,
  canSetApprovals,
  canTransition,
  canWrite,
  documentSchemas,
  effectiveDateProblem,
  inForceAt as pickInForce,
  inForceChanges,
  isReleasedStatus,
  OPEN_STATUSES,
  RELEASED_STATUSES,
  standingsAt,
} from '@policy/schemas';
import type { DocumentKind, PolicyBundle, PolicyDocument, Standing } from '@policy/schemas';
import { DOCUMENT_KINDS } from '@policy/schemas';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { actorId } from './actor.ts';
import { anchorRelease, recordAudit } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import type { Database } from './database.ts';
import type { DocumentRow, ReviewRow, VersionRow, VersionStatus } from './document.table.ts';
import { DbError } from './errors.ts';
import { dialectOf, sqliteHandle, uniqueViolationTable } from './raw.ts';
import { goldenGate } from './golden-case.repository.ts';
import type { GoldenGateInput } from './golden-case.repository.ts';
import { documentErrors } from './validate.ts';
import { makersOf } from './version-makers.ts';

type Db = Kysely<Database>;
/** A transaction (or the connection a SQLite `begin immediate` transaction runs on). */
type Trx = Kysely<Database>;

// ------------------------------------------------------------------ public shapes

/** A version without its content. */
export interface VersionSummary {
  id: number;
  documentId: string;
  versionNumber: number;
  status: VersionStatus;
  /** Optimistic-concurrency token of drafts: pass it back to `saveDraft`. */
  revision: number;
  /** SHA-256 of the canonical JSON (sorted keys) of the content. */
  contentHash: string;
  /** Content hash of the version this one was based on; null for the first. */
  parentHash: string | null;
  basedOn: number | null;
  authorId: number | null;
  authorName: string;
  /** THE effective date (the document's `effectiveFrom`): set in the draft, confirmed at publish. */
  effectiveFrom: string | null;
  /** In force from before its publish day, by intent: needs `retroactiveReason` and one more approval. */
  retroactive: boolean;
  retroactiveReason: string | null;
  /** Why the version exists, e.g. "回退至 v1" for a rollback draft. */
  note: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  /** When the version was released, i.e. became known (see `inForceAt(…, { asKnownOn })`). */
  publishedAt: string | null;
}

export interface Review {
  id: number;
  versionId: number;
  reviewerId: number;
  reviewerName: string;
  decision: 'approve' | 'reject';
  comment: string;
  createdAt: string;
}

/** A span of past days whose version in force a (retroactive) version changes. */
export interface PastChange {
  /** First and last day (YYYY-MM-DD, both included). */
  from: string;
  to: string;
  /** The version in force on those days before (null: none was). */
  replaces: { versionNumber: number; effectiveFrom: string } | null;
}

/** The effective date of a version as the review shows it. */
export interface EffectiveDateReview {
  effectiveFrom: string | null;
  /** The day it is (or was) published on: today for unreleased versions. */
  publishDay: string;
  retroactive: boolean;
  retroactiveReason: string | null;
  /** Before the publish day (whether or not marked retroactive). */
  inThePast: boolean;
  /** Past in-force sets it changes, before the publish day; empty when it reaches no past. */
  pastChanges: PastChange[];
}

/** A version with its content, reviews and approval count. */
export interface VersionDetail extends VersionSummary {
  kind: DocumentKind;
  owner: string;
  /** The stored policy document (as written; `version` is the version number). */
  content: Record<string, unknown>;
  reviews: Review[];
  approvals: number;
  /** Distinct approvals this version needs: its kind's number, one more when retroactive. */
  requiredApprovals: number;
  effectiveDate: EffectiveDateReview;
}

export interface DocumentSummary {
  id: string;
  kind: DocumentKind;
  owner: string;
  title: string;
  createdAt: string;
  /** The released version in force today, if any. */
  published: VersionSummary | null;
  /** The released version that comes into force next (after today), if any. */
  scheduled: VersionSummary | null;
  /** The newest version the actor may read (may be a draft). */
  latest: VersionSummary | null;
}

export interface HistoryEntry extends VersionSummary {
  reviews: Review[];
  /** Released versions: in force, scheduled or superseded on the history's date (default today); else null. */
  standing: Standing | null;
}

// ------------------------------------------------------------------ rules
// Statuses, kinds per owner and permissions are the lifecycle of @policy/schemas; this module
// enforces them.

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function assertWrite(actor: Actor, doc: { id?: string; kind: DocumentKind; owner: string }): void {
  if (canWrite(actor, doc)) return;
  const dept = actor.role === 'department-editor' && doc.owner !== actor.department;
  throw new DbError(
    'FORBIDDEN',
    dept
      ? `不能修改其他部门的文档 / cannot write another department's document: ${doc.id ?? doc.kind} (owner ${doc.owner})`
      : `当前角色不能编辑该文档 / role ${actor.role} cannot write ${doc.kind} documents owned by ${doc.owner}`,
    { reason: dept ? 'department' : 'role' },
  );
}

function assertReviewer(actor: Actor): void {
  if (!canReview(actor)) {
    throw new DbError('FORBIDDEN', `只有审核人或信用办可以审核 / only reviewers and the credit office review (role ${actor.role})`, {
      reason: 'role',
    });
  }
}

const now = () => new Date().toISOString();
/** The (UTC) day of an ISO timestamp: the publish day of a release. */
const dayOf = (iso: string) => iso.slice(0, 10);

/** How long a SQLite writer waits for another connection's write lock before giving up. */
const SQLITE_LOCK_WAIT_MS = 10_000;

const isSqliteBusy = (e: unknown): boolean => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * `begin immediate`: takes SQLite's write lock now, not at the first write, so the reads that
 * decide a state change are made under it. The lock is waited for asynchronously (busy_timeout 0
 * while asking, short sleeps in between), never by blocking the event loop, so another connection
 * of this process holding it can finish meanwhile.
 */
async function beginImmediate(conn: Kysely<Database>, root: Db): Promise<void> {
  const handle = sqliteHandle(root);
  const saved = handle?.pragma('busy_timeout', { simple: true }) as number | undefined;
  const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      if (handle) handle.pragma('busy_timeout = 0');
      await sql`begin immediate`.execute(conn);
      return;
    } catch (e) {
      if (!isSqliteBusy(e) || Date.now() > deadline) throw e;
    } finally {
      if (handle && saved !== undefined) handle.pragma(`busy_timeout = ${Number(saved)}`);
    }
    await sleep(1 + Math.random() * Math.min(40, 2 + attempt * 4));
  }
}

/**
 * Runs a state change in a transaction that serialises with every other state change of the
 * same rows: on PostgreSQL an ordinary transaction whose first read locks the row (`lock: true`
 * of `loadVersion` / `loadDocument`); on SQLite `begin immediate`.
 */
async function writeTx<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn, db);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      const handle = sqliteHandle(db);
      if (!handle || handle.inTransaction) await sql`rollback`.execute(conn);
      throw e;
    }
  });
}

/** `select … for update` on PostgreSQL; SQLite already holds its write lock (`writeTx`). */
const forUpdate = <Q extends { forUpdate(): Q }>(trx: Trx, q: Q): Q => (dialectOf(trx) === 'postgres' ? q.forUpdate() : q);

// ------------------------------------------------------------------ mappers

const toSummary = (r: VersionRow): VersionSummary => ({
  id: Number(r.id),
  documentId: r.document_id,
  versionNumber: Number(r.version_number),
  status: r.status,
  revision: Number(r.revision),
  contentHash: r.content_hash,
  parentHash: r.parent_hash,
  basedOn: r.based_on === null ? null : Number(r.based_on),
  authorId: r.author_id === null ? null : Number(r.author_id),
  authorName: r.author_name,
  effectiveFrom: r.effective_from,
  retroactive: Number(r.retroactive) !== 0,
  retroactiveReason: r.retroactive_reason,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  publishedAt: r.published_at,
});

const toReview = (r: ReviewRow): Review => ({
  id: Number(r.id),
  versionId: Number(r.version_id),
  reviewerId: Number(r.reviewer_id),
  reviewerName: r.reviewer_name,
  decision: r.decision,
  comment: r.comment,
  createdAt: r.created_at,
});

const SUMMARY_COLUMNS = [
  'id',
  'document_id',
  'version_number',
  'status',
  'revision',
  'content_hash',
  'parent_hash',
  'based_on',
  'author_id',
  'author_name',
  'effective_from',
  'retroactive',
  'retroactive_reason',
  'note',
  'created_at',
  'updated_at',
  'submitted_at',
  'published_at',
] as const;

// ------------------------------------------------------------------ helpers

function asObject(content: unknown): Record<string, unknown> {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    throw new DbError('BAD_REQUEST', '文档内容必须是 JSON 对象 / the document must be a JSON object', {
      reason: 'invalid-document',
      issues: [{ code: 'schema.invalid', severity: 'error', path: '', message: '文档内容必须是 JSON 对象', messageEn: 'The document must be a JSON object.' }],
    });
  }
  return content as Record<string, unknown>;
}

/** Fixes the system-managed envelope fields and validates; throws BAD_REQUEST with issues. */
function prepareContent(doc: Pick<DocumentRow, 'id' | 'kind' | 'owner'>, versionNumber: number, content: unknown): Record<string, unknown> {
  const c: Record<string, unknown> = { ...asObject(content), id: doc.id, kind: doc.kind, owner: doc.owner, version: versionNumber };
  const issues = documentErrors(doc.kind, c);
  if (issues.length > 0) {
    throw new DbError('BAD_REQUEST', `文档校验未通过（${issues.length} 处） / the document has ${issues.length} error(s)`, {
      reason: 'invalid-document',
      issues,
    });
  }
  return c;
}

async function loadDocument(db: Db | Trx, documentId: string, options: { lock?: boolean } = {}): Promise<DocumentRow> {
  const q = db.selectFrom('documents').selectAll().where('id', '=', documentId);
  const doc = await (options.lock ? forUpdate(db, q) : q).executeTakeFirst();
  if (!doc) throw new DbError('NOT_FOUND', `文档不存在 / no such document: ${documentId}`, { reason: 'not-found' });
  return doc;
}

/** A version and its document; `lock: true` locks the version row until the transaction ends (see `writeTx`). */
async function loadVersion(db: Db | Trx, versionId: number, options: { lock?: boolean } = {}): Promise<{ version: VersionRow; doc: DocumentRow }> {
  const q = db.selectFrom('versions').selectAll().where('id', '=', versionId);
  const version = await (options.lock ? forUpdate(db, q) : q).executeTakeFirst();
  if (!version) throw new DbError('NOT_FOUND', `版本不存在 / no such version: ${versionId}`, { reason: 'not-found' });
  return { version, doc: await loadDocument(db, version.document_id) };
}

async function nextVersionNumber(trx: Trx, documentId: string): Promise<number> {
  const r = await trx
    .selectFrom('versions')
    .select((eb) => eb.fn.max('version_number').as('max'))
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return Number(r?.max ?? 0) + 1;
}

async function openVersion(trx: Trx, documentId: string): Promise<VersionRow | undefined> {
  return trx
    .selectFrom('versions')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirst();
}

export async function requiredApprovalsFor(db: Db | Trx, kind: DocumentKind): Promise<number> {
  const row = await db.selectFrom('approval_settings').select('required_approvals').where('kind', '=', kind).executeTakeFirst();
  return row ? Number(row.required_approvals) : 1;
}

/** Approvals the version needs: its kind's number, one more when it is retroactive. */
async function approvalsNeededFor(db: Db | Trx, kind: DocumentKind, version: Pick<VersionRow, 'retroactive'>): Promise<number> {
  return approvalsNeeded(await requiredApprovalsFor(db, kind), Number(version.retroactive) !== 0);
}

/** The effective date of a draft's content (validated by `prepareContent`). */
const effectiveDateOf = (content: Record<string, unknown>): string => String(content.effectiveFrom);

/** The released versions of a document as `inForceAt` / `standingsAt` take them. */
async function releasedKeys(db: Db | Trx, documentId: string) {
  const rows = await db
    .selectFrom('versions')
    .select(['id', 'version_number', 'effective_from', 'published_at'])
    .where('document_id', '=', documentId)
    .where('status', 'in', RELEASED_STATUSES)
    .execute();
  return rows.map((r) => ({
    id: documentId,
    rowId: Number(r.id),
    version: Number(r.version_number),
    effectiveFrom: r.effective_from ?? '',
    publishedAt: r.published_at ?? '',
  }));
}

async function approvalsOf(db: Db | Trx, versionId: number): Promise<number> {
  const rows = await db
    .selectFrom('reviews')
    .select('reviewer_id')
    .where('version_id', '=', versionId)
    .where('decision', '=', 'approve')
    .execute();
  return new Set(rows.map((r) => Number(r.reviewer_id))).size;
}

// ------------------------------------------------------------------ writes

export type CreateDraftInput =
  | {
      /** An existing document. */
      documentId: string;
      /** Version number the draft starts from; default the published one (else the newest). */
      basedOnVersion?: number;
      /** Content of the draft; default the content of `basedOnVersion`. */
      content?: unknown;
    }
  | {
      /** A new document; `owner` defaults to the actor's department. */
      newDocument: { id: string; kind: DocumentKind; owner?: string; title: string };
      content: unknown;
    };

/**
 * Opens a draft. A document has at most one open (draft / in-review / approved) version at a time:
 * a second draft is refused with CONFLICT `open-version-exists` naming the open one. A draft copied
 * from a version (no `content`) keeps its effective date when that is still to come, else starts
 * from today (the earliest date it may take effect without being retroactive).
 *
 * @example
 * const draft = await createDraft(db, editor, { documentId: 'sampling' });
 * await saveDraft(db, editor, { versionId: draft.id, revision: draft.revision, content: edited });
 */
export async function createDraft(db: Db, actor: Actor, input: CreateDraftInput): Promise<VersionSummary> {
  try {
    return await createDraftOnce(db, actor, input);
  } catch (e) {
    // A simultaneous createDraft got there first: its document row or open version now exists
    // (unique constraints, incl. `versions_one_open`). Same answer as when it had come first.
    const table = uniqueViolationTable(e);
    if (table !== 'versions' && table !== 'documents') throw e;
    if ('newDocument' in input) {
      throw new DbError('CONFLICT', `文档标识已存在 / document id taken: ${input.newDocument.id}`, { reason: 'duplicate' });
    }
    const open = await db
      .selectFrom('versions')
      .selectAll()
      .where('document_id', '=', input.documentId)
      .where('status', 'in', OPEN_STATUSES)
      .executeTakeFirst();
    throw openVersionConflict(open);
  }
}

function openVersionConflict(open: VersionRow | undefined): DbError {
  if (!open) {
    return new DbError('CONFLICT', '该文档正被同时修改，请重试 / the document was changed at the same time, try again', {
      reason: 'open-version-exists',
    });
  }
  return new DbError(
    'CONFLICT',
    `该文档已有未发布的版本 v${open.version_number}（${open.status}） / the document already has an open version v${open.version_number} (${open.status})`,
    { reason: 'open-version-exists', versionId: Number(open.id) },
  );
}

async function createDraftOnce(db: Db, actor: Actor, input: CreateDraftInput): Promise<VersionSummary> {
  return writeTx(db, async (trx) => {
    const at = now();
    if ('newDocument' in input) {
      const nd = input.newDocument;
      if (!/^[a-z0-9][a-z0-9.-]*$/.test(nd.id) || !DOCUMENT_KINDS.includes(nd.kind)) {
        throw new DbError('BAD_REQUEST', `文档标识或类型无效 / invalid document id or kind: ${nd.id} (${String(nd.kind)})`, {
          reason: 'invalid-input',
        });
      }
      const owner = nd.owner ?? actor.department ?? '';
      const doc: DocumentRow = { id: nd.id, kind: nd.kind, owner, title: nd.title, created_at: at };
      assertWrite(actor, doc);
      const exists = await trx.selectFrom('documents').select('id').where('id', '=', nd.id).executeTakeFirst();
      if (exists) throw new DbError('CONFLICT', `文档标识已存在 / document id taken: ${nd.id}`, { reason: 'duplicate' });
      const content = prepareContent(doc, 1, { title: nd.title, ...asObject(input.content) });
      await trx.insertInto('documents').values(doc).execute();
      const row = await insertVersion(trx, actor, doc, { versionNumber: 1, status: 'draft', content, parent: null, at });
      await recordAudit(trx, actor, { action: 'document.create', documentId: doc.id, target: `kind:${doc.kind}` }, at);
      await recordAudit(trx, actor, { action: 'draft.create', documentId: doc.id, versionNumber: 1, afterHash: row.content_hash }, at);
      return toSummary(row);
    }
    const doc = await loadDocument(trx, input.documentId, { lock: true });
    assertWrite(actor, doc);
    const open = await openVersion(trx, doc.id);
    if (open) throw openVersionConflict(open);
    let base: VersionRow | undefined;
    if (input.basedOnVersion !== undefined) {
      base = await trx
        .selectFrom('versions')
        .selectAll()
        .where('document_id', '=', doc.id)
        .where('version_number', '=', input.basedOnVersion)
        .executeTakeFirst();
      if (!base) throw new DbError('NOT_FOUND', `版本不存在 / no such version: ${doc.id} v${input.basedOnVersion}`, { reason: 'not-found' });
    } else {
      // the version in force today, else the newest released one, else the newest
      const released = await releasedKeys(trx, doc.id);
      const today = dayOf(at);
      const pick =
        pickInForce(released, today)[0] ?? [...released].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version)[0];
      base = pick
        ? await trx.selectFrom('versions').selectAll().where('id', '=', pick.rowId).executeTakeFirst()
        : await trx.selectFrom('versions').selectAll().where('document_id', '=', doc.id).orderBy('version_number', 'desc').executeTakeFirst();
    }
    const number = await nextVersionNumber(trx, doc.id);
    let copied: Record<string, unknown> | undefined;
    if (input.content === undefined && base) {
      copied = JSON.parse(base.content) as Record<string, unknown>;
      // a copy of a version already in force cannot take effect before its publish day: start from today
      const today = dayOf(at);
      if (typeof copied.effectiveFrom !== 'string' || copied.effectiveFrom < today) copied.effectiveFrom = today;
    }
    const content = prepareContent(doc, number, input.content ?? copied ?? {});
    const row = await insertVersion(trx, actor, doc, { versionNumber: number, status: 'draft', content, parent: base ?? null, at });
    await recordAudit(
      trx,
      actor,
      { action: 'draft.create', documentId: doc.id, versionNumber: number, beforeHash: base?.content_hash ?? null, afterHash: row.content_hash },
      at,
    );
    return toSummary(row);
  });
}

async function insertVersion(
  trx: Trx,
  actor: Actor,
  doc: Pick<DocumentRow, 'id'>,
  v: {
    versionNumber: number;
    status: VersionStatus;
    content: Record<string, unknown>;
    parent: VersionRow | null;
    at: string;
    effectiveFrom?: string;
    retroactiveReason?: string | null;
    note?: string | null;
  },
): Promise<VersionRow> {
  const released = v.status === 'published';
  return trx
    .insertInto('versions')
    .values({
      document_id: doc.id,
      version_number: v.versionNumber,
      status: v.status,
      revision: 1,
      content: JSON.stringify(v.content),
      content_hash: contentHash(v.content),
      parent_hash: v.parent?.content_hash ?? null,
      based_on: v.parent ? Number(v.parent.version_number) : null,
      author_id: actorId(actor),
      author_name: actor.username,
      effective_from: v.effectiveFrom ?? effectiveDateOf(v.content),
      retroactive: v.retroactiveReason ? 1 : 0,
      retroactive_reason: v.retroactiveReason || null,
      note: v.note ?? null,
      created_at: v.at,
      updated_at: v.at,
      submitted_at: released ? v.at : null,
      published_at: released ? v.at : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Saves a draft. `revision` is the revision the edit started from: when someone saved in between,
 * the save is refused with CONFLICT `stale-revision` carrying `currentRevision` and `currentContent`
 * (nothing is overwritten; the caller still holds its own edit to merge). A submitted version is
 * refused with PRECONDITION_FAILED `immutable`. The document's `effectiveFrom` is the version's
 * effective date; `retroactiveReason` marks it retroactive (a non-empty reason), clears the mark
 * (null or empty) or keeps it (undefined).
 *
 * @example
 * try { v = await saveDraft(db, actor, { versionId, revision, content }); }
 * catch (e) { if (isDbError(e) && e.details.reason === 'stale-revision') showMerge(e.details.currentContent); }
 */
export async function saveDraft(
  db: Db,
  actor: Actor,
  input: { versionId: number; revision: number; content: unknown; retroactiveReason?: string | null },
): Promise<VersionSummary> {
  return writeTx(db, async (trx) => {
    const { version, doc } = await loadVersion(trx, input.versionId, { lock: true });
    assertWrite(actor, doc);
    if (version.status !== 'draft') {
      throw new DbError('PRECONDITION_FAILED', `已提交的版本不可修改（${version.status}） / a submitted version is immutable (${version.status})`, {
        reason: 'immutable',
      });
    }
    const content = prepareContent(doc, Number(version.version_number), input.content);
    const hash = contentHash(content);
    const at = now();
    const reason = input.retroactiveReason === undefined ? version.retroactive_reason : input.retroactiveReason?.trim() || null;
    const changes = {
      content: JSON.stringify(content),
      content_hash: hash,
      revision: input.revision + 1,
      updated_at: at,
      effective_from: effectiveDateOf(content),
      retroactive: reason ? 1 : 0,
      retroactive_reason: reason,
    };
    const res = await trx
      .updateTable('versions')
      .set(changes)
      .where('id', '=', version.id)
      .where('revision', '=', input.revision)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw new DbError(
        'CONFLICT',
        `草稿已被他人修改（当前修订号 ${version.revision}，你的修订号 ${input.revision}） / the draft changed since revision ${input.revision} (now ${version.revision})`,
        { reason: 'stale-revision', currentRevision: Number(version.revision), currentContent: JSON.parse(version.content) },
      );
    }
    await recordAudit(
      trx,
      actor,
      { action: 'draft.save', documentId: doc.id, versionNumber: Number(version.version_number), beforeHash: version.content_hash, afterHash: hash },
      at,
    );
    return toSummary({ ...version, ...changes });
  });
}

/** Refuses an effective date that may not be released on `today` as the version is marked. */
function assertEffectiveDate(version: VersionRow, today: string, when: 'submit' | 'publish'): void {
  const date = version.effective_from ?? '';
  const problem = effectiveDateProblem(date, today, { retroactive: Number(version.retroactive) !== 0, reason: version.retroactive_reason });
  if (!problem) return;
  const fix =
    when === 'submit'
      ? { zh: '请修改生效日期，或标记为追溯并填写理由', en: 'change the date, or mark the version retroactive with a reason' }
      : { zh: '请新建草稿修改生效日期，或标记为追溯并填写理由后重新审核', en: 'open a new draft with another date, or mark it retroactive with a reason and have it reviewed again' };
  const message = {
    'past-unmarked': `生效日期 ${date} 早于今天 ${today}，${fix.zh} / the effective date ${date} is before today (${today}): ${fix.en}`,
    'no-reason': `追溯生效须填写理由 / a retroactive version needs a written reason`,
    'marked-not-past': `生效日期 ${date} 不早于今天 ${today}，不是追溯，请取消追溯标记 / the effective date ${date} is not in the past (${today}): remove the retroactive mark`,
  }[problem];
  throw new DbError(when === 'publish' ? 'PRECONDITION_FAILED' : 'BAD_REQUEST', message, { reason: 'effective-date' });
}

/**
 * Submits a draft for review. From here on the version never changes, its effective date
 * included. When `revision` is given and stale, CONFLICT `stale-revision`. An effective date
 * before today is refused (BAD_REQUEST `effective-date`) unless the draft is marked retroactive
 * with a reason.
 *
 * @example
 * await submitForReview(db, editor, { versionId: draft.id, revision: draft.revision });
 */
export async function submitForReview(
  db: Db,
  actor: Actor,
  input: { versionId: number; revision?: number; comment?: string },
): Promise<VersionSummary> {
  return writeTx(db, async (trx) => {
    const { version, doc } = await loadVersion(trx, input.versionId, { lock: true });
    assertWrite(actor, doc);
    if (!canTransition(version.status, 'in-review')) {
      throw new DbError('PRECONDITION_FAILED', `只有草稿可以提交审核（当前 ${version.status}） / only drafts can be submitted (now ${version.status})`, {
        reason: 'wrong-status',
      });
    }
    if (input.revision !== undefined && input.revision !== Number(version.revision)) {
      throw new DbError('CONFLICT', `草稿已被他人修改 / the draft changed since revision ${input.revision} (now ${version.revision})`, {
        reason: 'stale-revision',
        currentRevision: Number(version.revision),
        currentContent: JSON.parse(version.content),
      });
    }
    prepareContent(doc, Number(version.version_number), JSON.parse(version.content));
    const at = now();
    assertEffectiveDate(version, dayOf(at), 'submit');
    await trx
      .updateTable('versions')
      .set({ status: 'in-review', submitted_at: at, updated_at: at })
      .where('id', '=', version.id)
      .where('status', '=', 'draft')
      .execute();
    await recordAudit(
      trx,
      actor,
      {
        action: 'version.submit',
        documentId: doc.id,
        versionNumber: Number(version.version_number),
        afterHash: version.content_hash,
        reason: input.comment ?? null,
      },
      at,
    );
    return toSummary({ ...version, status: 'in-review', submitted_at: at, updated_at: at });
  });
}

/** Under the version's row lock: the version is in review, and the actor may review it. */
async function reviewPreconditions(trx: Trx, actor: Actor, versionId: number): Promise<{ version: VersionRow; doc: DocumentRow }> {
  assertReviewer(actor);
  const loaded = await loadVersion(trx, versionId, { lock: true });
  const { version } = loaded;
  if (!canTransition(version.status, 'approved')) {
    throw new DbError('PRECONDITION_FAILED', `只有审核中的版本可以审核（当前 ${version.status}） / only versions in review can be reviewed (now ${version.status})`, {
      reason: 'wrong-status',
    });
  }
  if ((await makersOf(trx, version)).has(actor.id)) {
    throw new DbError(
      'FORBIDDEN',
      '作者（创建、保存、提交该版本或编辑其黄金用例的人）不能审核该版本 / whoever made the version (created, saved or submitted it, or edited its golden cases) cannot review it',
      { reason: 'self-approval' },
    );
  }
  const mine = await trx
    .selectFrom('reviews')
    .select('id')
    .where('version_id', '=', version.id)
    .where('reviewer_id', '=', actor.id)
    .executeTakeFirst();
  if (mine) throw new DbError('PRECONDITION_FAILED', '你已审核过该版本 / you already reviewed this version', { reason: 'already-reviewed' });
  return loaded;
}

/**
 * Approves a version in review. The author (anyone who created, saved or submitted it, or added,
 * removed or accepted one of its golden cases: `makersOf`) may never approve; department editors
 * and viewers may not approve. When the approvals reach the number required (the kind's number, one more for a retroactive version) the version becomes `approved`.
 * Approvals are counted under the version's row lock, so simultaneous approvals all count; once
 * approved, further approvals are refused (PRECONDITION_FAILED `wrong-status`).
 *
 * @example
 * const { version, approvals, requiredApprovals } = await approve(db, reviewer, { versionId, comment: '同意' });
 */
export async function approve(
  db: Db,
  actor: Actor,
  input: { versionId: number; comment?: string },
): Promise<{ version: VersionSummary; approvals: number; requiredApprovals: number }> {
  return writeTx(db, async (trx) => {
    const { version, doc } = await reviewPreconditions(trx, actor, input.versionId);
    const at = now();
    await trx
      .insertInto('reviews')
      .values({ version_id: version.id, reviewer_id: actor.id, reviewer_name: actor.username, decision: 'approve', comment: input.comment ?? '', created_at: at })
      .execute();
    const approvals = await approvalsOf(trx, version.id);
    const requiredApprovals = await approvalsNeededFor(trx, doc.kind, version);
    let status = version.status;
    if (approvals >= requiredApprovals) {
      status = 'approved';
      await trx.updateTable('versions').set({ status, updated_at: at }).where('id', '=', version.id).where('status', '=', 'in-review').execute();
    }
    await recordAudit(
      trx,
      actor,
      {
        action: 'version.approve',
        documentId: doc.id,
        versionNumber: Number(version.version_number),
        afterHash: version.content_hash,
        reason: input.comment ?? null,
        target: `approvals:${approvals}/${requiredApprovals}`,
      },
      at,
    );
    return { version: toSummary({ ...version, status, updated_at: at }), approvals, requiredApprovals };
  });
}

/**
 * Rejects a version in review with a comment. The submitted version becomes `rejected` (it never
 * changes) and a new draft with the same content (effective date, retroactive mark and note) is
 * opened for the author, with the comment kept in the reviews of the rejected version. Of
 * simultaneous rejections one wins; the others find the version rejected (`wrong-status`).
 *
 * @example
 * const { rejected, draft } = await reject(db, reviewer, { versionId, comment: 'C 级比例应不低于 B 级' });
 */
export async function reject(
  db: Db,
  actor: Actor,
  input: { versionId: number; comment: string },
): Promise<{ rejected: VersionSummary; draft: VersionSummary }> {
  if (!input.comment.trim()) {
    throw new DbError('BAD_REQUEST', '退回时必须填写意见 / a rejection needs a comment', { reason: 'invalid-input' });
  }
  return writeTx(db, async (trx) => {
    const { version, doc } = await reviewPreconditions(trx, actor, input.versionId);
    const at = now();
    await trx
      .insertInto('reviews')
      .values({ version_id: version.id, reviewer_id: actor.id, reviewer_name: actor.username, decision: 'reject', comment: input.comment, created_at: at })
      .execute();
    await trx.updateTable('versions').set({ status: 'rejected', updated_at: at }).where('id', '=', version.id).where('status', '=', 'in-review').execute();
    const number = await nextVersionNumber(trx, doc.id);
    const content = { ...JSON.parse(version.content), version: number } as Record<string, unknown>;
    const author: Actor =
      version.author_id === null
        ? { id: 0, username: version.author_name, role: 'credit-office', department: doc.owner }
        : { id: Number(version.author_id), username: version.author_name, role: 'department-editor', department: doc.owner };
    const draft = await insertVersion(trx, author, doc, {
      versionNumber: number,
      status: 'draft',
      content,
      parent: version,
      at,
      effectiveFrom: version.effective_from ?? undefined,
      retroactiveReason: version.retroactive_reason,
      note: version.note,
    });
    await recordAudit(
      trx,
      actor,
      { action: 'version.reject', documentId: doc.id, versionNumber: Number(version.version_number), reason: input.comment, beforeHash: version.content_hash },
      at,
    );
    return { rejected: toSummary({ ...version, status: 'rejected', updated_at: at }), draft: toSummary(draft) };
  });
}

function assertPublisher(actor: Actor): void {
  if (!canPublish(actor)) {
    throw new DbError('FORBIDDEN', `只有信用办或审核人可以发布 / only the credit office or reviewers publish (role ${actor.role})`, {
      reason: 'role',
    });
  }
}

function assertDate(date: string, field: string): void {
  if (!DATE_RE.test(date)) {
    throw new DbError('BAD_REQUEST', `${field} 必须是 YYYY-MM-DD 日期 / ${field} must be a YYYY-MM-DD date: ${date}`, { reason: 'invalid-input' });
  }
}

/**
 * Publishes an approved version. `effectiveFrom` is the effective date the publisher confirms: it
 * must be the version's own (the one reviewed), else CONFLICT `effective-date-mismatch`. A date
 * before today needs the version to have been marked retroactive (PRECONDITION_FAILED
 * `effective-date`). Of simultaneous publishes exactly one wins; the others get CONFLICT
 * `already-published`. From here on the version never changes; whether it is in force is computed
 * from the effective dates (`inForceAt`, `standingsAt`), and it is known from `publishedAt` on.
 * With `golden` (the version's golden cases as the caller ran them), failing cases refuse the
 * publish (PRECONDITION_FAILED `golden-cases-failing`) unless a reviewer's override covers them.
 *
 * @example
 * await publish(db, creditOffice, { versionId, effectiveFrom: '2027-01-01' });
 */
export async function publish(
  db: Db,
  actor: Actor,
  input: {
    versionId: number;
    effectiveFrom: string;
    /** The golden cases as the caller ran them (golden-case.repository.ts `goldenGate`): failures refuse unless overridden. */
    golden?: GoldenGateInput;
  },
): Promise<VersionSummary> {
  assertPublisher(actor);
  assertDate(input.effectiveFrom, 'effectiveFrom');
  return writeTx(db, async (trx) => {
    const { version, doc } = await loadVersion(trx, input.versionId, { lock: true });
    const label = `${doc.id} v${version.version_number}`;
    if (isReleasedStatus(version.status)) {
      throw new DbError(
        'CONFLICT',
        `该版本已发布（${label}，${version.published_at ?? ''}），未重复发布 / ${label} is already published (${version.published_at ?? ''}); not published again`,
        { reason: 'already-published', versionId: Number(version.id) },
      );
    }
    if (version.status !== 'approved') {
      throw new DbError('PRECONDITION_FAILED', `只有已批准的版本可以发布（当前 ${version.status}） / only approved versions can be published (now ${version.status})`, {
        reason: 'wrong-status',
      });
    }
    const content = JSON.parse(version.content) as Record<string, unknown>;
    const effectiveFrom = version.effective_from ?? String(content.effectiveFrom ?? '');
    if (input.effectiveFrom !== effectiveFrom) {
      throw new DbError(
        'CONFLICT',
        `确认的生效日期 ${input.effectiveFrom} 与审核通过的 ${effectiveFrom} 不一致 / the confirmed effective date ${input.effectiveFrom} is not the reviewed one (${effectiveFrom})`,
        { reason: 'effective-date-mismatch' },
      );
    }
    const at = now();
    assertEffectiveDate(version, dayOf(at), 'publish');
    if (input.golden) await goldenGate(trx, actor, version, doc, input.golden, at);
    const res = await trx
      .updateTable('versions')
      .set({ status: 'published', effective_from: effectiveFrom, published_at: at, updated_at: at })
      .where('id', '=', version.id)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw new DbError('CONFLICT', `该版本已被同时发布 / ${label} was published at the same time`, { reason: 'already-published', versionId: Number(version.id) });
    }
    if (typeof content.title === 'string') await trx.updateTable('documents').set({ title: content.title }).where('id', '=', doc.id).execute();
    await recordAudit(
      trx,
      actor,
      {
        action: 'version.publish',
        documentId: doc.id,
        versionNumber: Number(version.version_number),
        afterHash: version.content_hash,
        reason: `effectiveFrom=${effectiveFrom}${Number(version.retroactive) ? `; retroactive: ${version.retroactive_reason ?? ''}` : ''}`,
      },
      at,
    );
    // the audit head at this publish (its own entry), kept in `releases` for `verifyAudit`
    await anchorRelease(trx, Number(version.id), at);
    const row = await trx.selectFrom('versions').selectAll().where('id', '=', version.id).executeTakeFirstOrThrow();
    return toSummary(row);
  });
}

/**
 * Starts a rollback: a new DRAFT copying the content of an earlier released version, with the note
 * "回退至 v<N>" (and the reason), in force from `effectiveFrom` (default today). It is submitted,
 * reviewed and published like any other draft; nothing is released by this call. Whoever may
 * write the document may start one; the document must have no open version.
 *
 * @example
 * const draft = await createRollbackDraft(db, creditOffice, { documentId: 'sampling', toVersion: 1, effectiveFrom: '2027-01-01', reason: '恢复原比例' });
 */
export async function createRollbackDraft(
  db: Db,
  actor: Actor,
  input: { documentId: string; toVersion: number; effectiveFrom?: string; reason?: string },
): Promise<VersionSummary> {
  if (input.effectiveFrom !== undefined) assertDate(input.effectiveFrom, 'effectiveFrom');
  try {
    return await writeTx(db, async (trx) => {
      const doc = await loadDocument(trx, input.documentId, { lock: true });
      if (!canRollback(actor, doc)) assertWrite(actor, doc);
      const open = await openVersion(trx, doc.id);
      if (open) throw openVersionConflict(open);
      const target = await trx
        .selectFrom('versions')
        .selectAll()
        .where('document_id', '=', doc.id)
        .where('version_number', '=', input.toVersion)
        .executeTakeFirst();
      if (!target) throw new DbError('NOT_FOUND', `版本不存在 / no such version: ${doc.id} v${input.toVersion}`, { reason: 'not-found' });
      if (!isReleasedStatus(target.status)) {
        throw new DbError('PRECONDITION_FAILED', `只能回退到已发布过的版本（v${input.toVersion} 为 ${target.status}） / can only roll back to a released version`, {
          reason: 'wrong-status',
        });
      }
      const at = now();
      const number = await nextVersionNumber(trx, doc.id);
      const effectiveFrom = input.effectiveFrom ?? dayOf(at);
      const content = prepareContent(doc, number, { ...JSON.parse(target.content), effectiveFrom });
      const reason = input.reason?.trim();
      const note = `回退至 v${input.toVersion}${reason ? `：${reason}` : ''}`;
      const row = await insertVersion(trx, actor, doc, { versionNumber: number, status: 'draft', content, parent: target, at, note });
      await recordAudit(
        trx,
        actor,
        {
          action: 'draft.create',
          documentId: doc.id,
          versionNumber: number,
          target: `rollback:v${input.toVersion}`,
          reason: note,
          beforeHash: target.content_hash,
          afterHash: row.content_hash,
        },
        at,
      );
      return toSummary(row);
    });
  } catch (e) {
    if (uniqueViolationTable(e) !== 'versions') throw e;
    throw openVersionConflict(
      await db.selectFrom('versions').selectAll().where('document_id', '=', input.documentId).where('status', 'in', OPEN_STATUSES).executeTakeFirst(),
    );
  }
}

/**
 * Sets how many distinct approvals a kind needs (credit office only; at least 1).
 *
 * @example
 * await setRequiredApprovals(db, creditOffice, 'grading', 2);
 */
export async function setRequiredApprovals(db: Db, actor: Actor, kind: DocumentKind, count: number): Promise<void> {
  if (!canSetApprovals(actor)) {
    throw new DbError('FORBIDDEN', '只有信用办可以设置审批人数 / only the credit office sets approvals', { reason: 'role' });
  }
  if (!DOCUMENT_KINDS.includes(kind) || !Number.isInteger(count) || count < 1 || count > 10) {
    throw new DbError('BAD_REQUEST', `审批人数须为 1–10 的整数 / approvals must be an integer 1–10 (${kind}: ${count})`, { reason: 'invalid-input' });
  }
  await db.transaction().execute(async (trx) => {
    const before = await requiredApprovalsFor(trx, kind);
    await trx.deleteFrom('approval_settings').where('kind', '=', kind).execute();
    await trx.insertInto('approval_settings').values({ kind, required_approvals: count }).execute();
    await recordAudit(trx, actor, { action: 'settings.required-approvals', target: `kind:${kind}`, reason: `${before}→${count}` });
  });
}

/** Number of approvals each document kind needs. */
export async function getRequiredApprovals(db: Db): Promise<Record<DocumentKind, number>> {
  const out = Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, 1])) as Record<DocumentKind, number>;
  for (const r of await db.selectFrom('approval_settings').selectAll().execute()) out[r.kind] = Number(r.required_approvals);
  return out;
}

// ------------------------------------------------------------------ reads

function assertCanRead(actor: Actor, doc: DocumentRow, status: VersionStatus): void {
  if (canReadVersion(actor, doc, status)) return;
  throw new DbError(
    'FORBIDDEN',
    actor.role === 'department-editor'
      ? `不能查看其他部门的未发布版本 / cannot read unreleased versions of another department's document (${doc.id})`
      : `当前角色只能查看已发布的版本 / role ${actor.role} can only read released versions`,
    { reason: actor.role === 'department-editor' ? 'department' : 'role' },
  );
}

/**
 * One version with its content and reviews. Unreleased versions of another department's document
 * are FORBIDDEN to department editors; viewers read released versions only.
 *
 * @example
 * const v = await getVersion(db, actor, 12); // v.content, v.reviews, v.approvals
 */
export async function getVersion(db: Db, actor: Actor, versionId: number): Promise<VersionDetail> {
  const { version, doc } = await loadVersion(db, versionId);
  assertCanRead(actor, doc, version.status);
  const reviews = await db.selectFrom('reviews').selectAll().where('version_id', '=', version.id).orderBy('id').execute();
  return {
    ...toSummary(version),
    kind: doc.kind,
    owner: doc.owner,
    content: JSON.parse(version.content) as Record<string, unknown>,
    reviews: reviews.map(toReview),
    approvals: new Set(reviews.filter((r) => r.decision === 'approve').map((r) => Number(r.reviewer_id))).size,
    requiredApprovals: await approvalsNeededFor(db, doc.kind, version),
    effectiveDate: await effectiveDateReview(db, version),
  };
}

/**
 * The effective date of a version as a reviewer needs to see it: the date, the retroactive mark
 * and reason, and which past in-force sets it changes — the spans before its publish day (today,
 * for an unreleased version) in which another version (or none) is in force now and it would be
 * (or, once released, was made) in force instead. Released versions are compared with the
 * versions known before them.
 */
async function effectiveDateReview(db: Db | Trx, version: VersionRow): Promise<EffectiveDateReview> {
  const released = isReleasedStatus(version.status);
  const publishDay = released && version.published_at ? dayOf(version.published_at) : dayOf(now());
  const date = version.effective_from;
  const review: EffectiveDateReview = {
    effectiveFrom: date,
    publishDay,
    retroactive: Number(version.retroactive) !== 0,
    retroactiveReason: version.retroactive_reason,
    inThePast: date !== null && date < publishDay,
    pastChanges: [],
  };
  if (!date || !review.inThePast) return review;
  const others = (await releasedKeys(db, version.document_id)).filter(
    (k) => k.rowId !== Number(version.id) && (!released || k.publishedAt < (version.published_at ?? '')),
  );
  const self = { id: version.document_id, rowId: Number(version.id), version: Number(version.version_number), effectiveFrom: date, publishedAt: '' };
  review.pastChanges = inForceChanges(others, [...others, self], { until: publishDay }).map((c) => ({
    from: c.from,
    to: c.to ?? publishDay,
    replaces: c.before ? { versionNumber: c.before.version, effectiveFrom: c.before.effectiveFrom } : null,
  }));
  return review;
}

/** A version by document id and number (same rules as `getVersion`). */
export async function getVersionByNumber(db: Db, actor: Actor, documentId: string, versionNumber: number): Promise<VersionDetail> {
  const row = await db
    .selectFrom('versions')
    .select('id')
    .where('document_id', '=', documentId)
    .where('version_number', '=', versionNumber)
    .executeTakeFirst();
  if (!row) throw new DbError('NOT_FOUND', `版本不存在 / no such version: ${documentId} v${versionNumber}`, { reason: 'not-found' });
  return getVersion(db, actor, Number(row.id));
}

/**
 * Documents with their published and newest readable version, filtered by kind and owner department.
 *
 * @example
 * const docs = await listDocuments(db, actor, { kind: 'supervision-items', department: 'transport' });
 */
export async function listDocuments(
  db: Db,
  actor: Actor,
  filter: { kind?: DocumentKind; department?: string } = {},
): Promise<DocumentSummary[]> {
  let q = db.selectFrom('documents').selectAll();
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.department) q = q.where('owner', '=', filter.department);
  const docs = await q.orderBy('id').execute();
  if (docs.length === 0) return [];
  const versions = await db
    .selectFrom('versions')
    .select(SUMMARY_COLUMNS)
    .where(
      'document_id',
      'in',
      docs.map((d) => d.id),
    )
    .orderBy('version_number', 'asc')
    .execute();
  const today = dayOf(now());
  return docs.map((d) => {
    const mine = versions.filter((v) => v.document_id === d.id);
    const readable = mine.filter((v) => canReadVersion(actor, d, v.status));
    const released = mine
      .filter((v) => isReleasedStatus(v.status))
      .map((v) => ({ id: d.id, version: Number(v.version_number), effectiveFrom: v.effective_from ?? '', row: v }));
    const published = pickInForce(released, today)[0]?.row;
    const next = released.filter((v) => v.effectiveFrom > today).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || b.version - a.version)[0];
    // the next one to come into force: among those on its date, the highest number
    const scheduled = next ? pickInForce(released.filter((v) => v.effectiveFrom === next.effectiveFrom), next.effectiveFrom)[0]?.row : undefined;
    const latest = readable[readable.length - 1];
    return {
      id: d.id,
      kind: d.kind,
      owner: d.owner,
      title: d.title,
      createdAt: d.created_at,
      published: published ? toSummary(published as VersionRow) : null,
      scheduled: scheduled ? toSummary(scheduled as VersionRow) : null,
      latest: latest ? toSummary(latest as VersionRow) : null,
    };
  });
}

/**
 * Every version of a document the actor may read, oldest first, with hashes and reviews, and for
 * released versions their standing on `at` (default today): in force, scheduled or superseded.
 *
 * @example
 * for (const v of await history(db, actor, 'sampling')) console.log(v.versionNumber, v.status, v.standing, v.contentHash, v.parentHash);
 */
export async function history(db: Db, actor: Actor, documentId: string, options: { at?: string } = {}): Promise<HistoryEntry[]> {
  if (options.at !== undefined) assertDate(options.at, 'at');
  const at = options.at ?? dayOf(now());
  const doc = await loadDocument(db, documentId);
  const rows = await db.selectFrom('versions').select(SUMMARY_COLUMNS).where('document_id', '=', doc.id).orderBy('version_number').execute();
  const visible = rows.filter((v) => canReadVersion(actor, doc, v.status));
  if (visible.length === 0) return [];
  const reviews = await db
    .selectFrom('reviews')
    .selectAll()
    .where(
      'version_id',
      'in',
      visible.map((v) => v.id),
    )
    .orderBy('id')
    .execute();
  const released = rows
    .filter((v) => isReleasedStatus(v.status))
    .map((v) => ({ id: doc.id, version: Number(v.version_number), effectiveFrom: v.effective_from ?? '', rowId: Number(v.id) }));
  const standings = standingsAt(released, at);
  const standingOf = new Map([...standings].map(([k, s]) => [k.rowId, s]));
  return visible.map((v) => ({
    ...toSummary(v as VersionRow),
    reviews: reviews.filter((r) => Number(r.version_id) === Number(v.id)).map(toReview),
    standing: standingOf.get(Number(v.id)) ?? null,
  }));
}

export interface InForceVersion extends VersionSummary {
  kind: DocumentKind;
  owner: string;
  /** The stored document with `effectiveFrom` and `version` as released. */
  content: Record<string, unknown>;
}

/** Options of `inForceAt` / `bundleAt`. */
export interface InForceOptions {
  /**
   * YYYY-MM-DD: answer as the database knew it at the end of that (UTC) day, i.e. only versions
   * published by then — "in force at T as known on D". Default: as known now.
   */
  asKnownOn?: string;
}

/**
 * The version of each document in force at `at` (YYYY-MM-DD): among released versions, the one whose
 * effective date is the latest not after `at` (ties: the higher version number). Documents with
 * nothing in force yet are left out. Released versions are public, so no actor is needed. With
 * `asKnownOn`, versions published after that day are ignored (a later retroactive release does not
 * change what was known then).
 *
 * @example
 * const versions = await inForceAt(db, '2026-10-31');
 * const thenKnown = await inForceAt(db, '2025-06-30', { asKnownOn: '2025-07-01' });
 */
export async function inForceAt(db: Db, at: string, options: InForceOptions = {}): Promise<InForceVersion[]> {
  assertDate(at, 'at');
  if (options.asKnownOn !== undefined) assertDate(options.asKnownOn, 'asKnownOn');
  // choose on the keys alone (the same rule as the CLI's policies/ directories), then read only the winners'
  // content: history grows with every release, the set in force does not
  let q = db
    .selectFrom('versions')
    .select(['id', 'document_id', 'version_number', 'effective_from'])
    .where('status', 'in', RELEASED_STATUSES)
    .where('effective_from', '<=', at);
  if (options.asKnownOn !== undefined) q = q.where('published_at', '<=', `${options.asKnownOn}T23:59:59.999Z`);
  const keys = await q.execute();
  const chosen = pickInForce(
    keys.map((k) => ({ id: k.document_id, version: Number(k.version_number), effectiveFrom: k.effective_from ?? '', rowId: k.id })),
    at,
  );
  if (chosen.length === 0) return [];
  const rows = await db
    .selectFrom('versions')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .selectAll('versions')
    .select(['documents.kind', 'documents.owner'])
    .where('versions.id', 'in', chosen.map((c) => c.rowId))
    .orderBy('versions.document_id')
    .execute();
  return rows.map((r) => ({
    ...toSummary(r),
    kind: r.kind,
    owner: r.owner,
    content: { ...(JSON.parse(r.content) as Record<string, unknown>), effectiveFrom: r.effective_from, version: Number(r.version_number) },
  }));
}

/**
 * The bundle of documents in force at `at`, parsed with the document schemas (defaults applied):
 * the input of `compile(bundle)` in `@policy/evaluation`.
 *
 * @example
 * const bundle = await bundleAt(db, '2026-10-31');
 */
export async function bundleAt(db: Db, at: string, options: InForceOptions = {}): Promise<PolicyBundle> {
  const versions = await inForceAt(db, at, options);
  return { documents: versions.map((v) => documentSchemas[v.kind].parse(v.content) as PolicyDocument) };
}

/**
 * Stores a document that was released outside this database (the seed, a policies/ import) as a
 * published version, audit-logged. Used by `seed`; the document must be valid.
 */
export async function importReleasedVersion(trx: Trx, actor: Actor, document: PolicyDocument | Record<string, unknown>, at = now()): Promise<VersionSummary> {
  const d = asObject(document);
  const kind = d.kind as DocumentKind;
  if (!DOCUMENT_KINDS.includes(kind)) {
    throw new DbError('BAD_REQUEST', `未知的文档类型 / unknown document kind: ${String(d.kind)}`, { reason: 'invalid-document' });
  }
  const docRow: DocumentRow = { id: String(d.id), kind, owner: String(d.owner), title: String(d.title), created_at: at };
  let doc = await trx.selectFrom('documents').selectAll().where('id', '=', docRow.id).executeTakeFirst();
  if (!doc) {
    await trx.insertInto('documents').values(docRow).execute();
    doc = docRow;
    await recordAudit(trx, actor, { action: 'document.create', documentId: doc.id, target: `kind:${doc.kind}` }, at);
  }
  const number = Number(d.version);
  const content = prepareContent(doc, number, d);
  const parent = await trx
    .selectFrom('versions')
    .selectAll()
    .where('document_id', '=', doc.id)
    .where('version_number', '<', number)
    .orderBy('version_number', 'desc')
    .executeTakeFirst();
  const effectiveFrom = String(content.effectiveFrom);
  const row = await insertVersion(trx, actor, doc, { versionNumber: number, status: 'published', content, parent: parent ?? null, at, effectiveFrom });
  await recordAudit(
    trx,
    actor,
    { action: 'version.import', documentId: doc.id, versionNumber: number, afterHash: row.content_hash, reason: `effectiveFrom=${effectiveFrom}` },
    at,
  );
  return toSummary(row);
}
