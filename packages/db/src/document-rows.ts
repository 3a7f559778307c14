/**
 * The rows of documents and versions as the read, write and review repositories share them: the
 * write permission (statuses, kinds per owner and permissions are the lifecycle of @policy/schemas;
 * these modules enforce them), dates, content preparation, loading (optionally locked), version
 * numbers, the open version, released keys and inserting a version.
 */
import { canWrite, OPEN_STATUSES, RELEASED_STATUSES, officeDay } from '@policy/schemas';
import type { DocumentKind, Issue } from '@policy/schemas';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { actorId } from './actor.ts';
import { contentHash } from './canonical.ts';
import type { Database } from './database.ts';
import { forUpdate } from './document-lock.ts';
import type { Trx } from './document-lock.ts';
import type { DocumentRow, VersionRow, VersionStatus } from './document.table.ts';
import { DbError } from './errors.ts';
import { documentErrors } from './validate.ts';

type Db = Kysely<Database>;

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function assertDate(date: string, field: string): void {
  if (!DATE_RE.test(date)) {
    throw new DbError('BAD_REQUEST', `${field} 必须是 YYYY-MM-DD 日期 / ${field} must be a YYYY-MM-DD date: ${date}`, { reason: 'invalid-input' });
  }
}

export function assertWrite(actor: Actor, doc: { id?: string; kind: DocumentKind; owner: string }): void {
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

export const now = () => new Date().toISOString();

/** The (UTC) day of an ISO timestamp: the publish day of a release. */
/** The office's calendar day of a stored timestamp (China time, not the UTC date of the ISO string). */
export const dayOf = (iso: string) => officeDay(iso);

export function asObject(content: unknown): Record<string, unknown> {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    throw new DbError('BAD_REQUEST', '文档内容必须是 JSON 对象 / the document must be a JSON object', {
      reason: 'invalid-document',
      issues: [{ code: 'schema.invalid', severity: 'error', path: '', message: '文档内容必须是 JSON 对象', messageEn: 'The document must be a JSON object.' }],
    });
  }
  return content as Record<string, unknown>;
}

/** Fixes the system-managed envelope fields and validates; throws BAD_REQUEST with issues. */
export function prepareContent(doc: Pick<DocumentRow, 'id' | 'kind' | 'owner'>, versionNumber: number, content: unknown): Record<string, unknown> {
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

/**
 * A draft's content as it is saved: the envelope fields fixed, validation errors returned rather than
 * thrown (a draft keeps unfinished work; submitting it checks again and refuses errors). Not a JSON
 * object: BAD_REQUEST.
 */
export function prepareDraftContent(
  doc: Pick<DocumentRow, 'id' | 'kind' | 'owner'>,
  versionNumber: number,
  content: unknown,
): { content: Record<string, unknown>; issues: Issue[] } {
  const c: Record<string, unknown> = { ...asObject(content), id: doc.id, kind: doc.kind, owner: doc.owner, version: versionNumber };
  return { content: c, issues: documentErrors(doc.kind, c) };
}

export async function loadDocument(db: Db | Trx, documentId: string, options: { lock?: boolean } = {}): Promise<DocumentRow> {
  const q = db.selectFrom('documents').selectAll().where('id', '=', documentId);
  const doc = await (options.lock ? forUpdate(db, q) : q).executeTakeFirst();
  if (!doc) throw new DbError('NOT_FOUND', `文档不存在 / no such document: ${documentId}`, { reason: 'not-found' });
  return doc;
}

/** A version and its document; `lock: true` locks the version row until the transaction ends (see `writeTx`). */
export async function loadVersion(db: Db | Trx, versionId: number, options: { lock?: boolean } = {}): Promise<{ version: VersionRow; doc: DocumentRow }> {
  const q = db.selectFrom('versions').selectAll().where('id', '=', versionId);
  const version = await (options.lock ? forUpdate(db, q) : q).executeTakeFirst();
  if (!version) throw new DbError('NOT_FOUND', `版本不存在 / no such version: ${versionId}`, { reason: 'not-found' });
  return { version, doc: await loadDocument(db, version.document_id) };
}

/** The next version number: past every stored version and every discarded draft (numbers are never reused). */
export async function nextVersionNumber(trx: Trx, documentId: string): Promise<number> {
  const r = await trx
    .selectFrom('versions')
    .select((eb) => eb.fn.max('version_number').as('max'))
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  const d = await trx
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('version_number').as('max'))
    .where('document_id', '=', documentId)
    .where('action', '=', 'document.discard')
    .executeTakeFirst();
  return Math.max(Number(r?.max ?? 0), Number(d?.max ?? 0)) + 1;
}

export async function openVersion(trx: Trx, documentId: string): Promise<VersionRow | undefined> {
  return trx
    .selectFrom('versions')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirst();
}

/** The effective date of a draft's content (validated by `prepareContent`). */
export const effectiveDateOf = (content: Record<string, unknown>): string => String(content.effectiveFrom);

/** A draft's effective date when its content has a well-formed one, else `fallback` (an unfinished draft keeps its last date). */
export const draftDateOf = (content: Record<string, unknown>, fallback: string | null): string | null =>
  typeof content.effectiveFrom === 'string' && DATE_RE.test(content.effectiveFrom) ? content.effectiveFrom : fallback;

/** The released versions of a document as `inForceAt` / `standingsAt` take them. */
export async function releasedKeys(db: Db | Trx, documentId: string) {
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

export async function insertVersion(
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
