/**
 * Writing documents: opening a draft (new document or new version), saving it (optimistic
 * revisions), rollback drafts, and storing versions released outside this database (the seed).
 */
import { canRollback, DOCUMENT_KINDS, inForceAt as pickInForce, isReleasedStatus, OPEN_STATUSES } from '@policy/schemas';
import type { DocumentKind, Issue, PolicyDocument } from '@policy/schemas';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import type { Database } from './database.ts';
import { writeTx } from './document-lock.ts';
import type { Trx } from './document-lock.ts';
import {
  asObject,
  assertDate,
  assertWrite,
  dayOf,
  draftDateOf,
  insertVersion,
  loadDocument,
  loadVersion,
  nextVersionNumber,
  now,
  openVersion,
  prepareContent,
  prepareDraftContent,
  releasedKeys,
} from './document-rows.ts';
import { toSummary } from './document-shapes.ts';
import type { VersionSummary } from './document-shapes.ts';
import type { DocumentRow, VersionRow } from './document.table.ts';
import { DbError } from './errors.ts';
import { uniqueViolationTable } from './raw.ts';

type Db = Kysely<Database>;

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

/**
 * Saves a draft, valid or not: a draft keeps unfinished work, and the answer carries its errors
 * (`issues`, severity error) so the editor can say what must be fixed before submitting (submit
 * refuses them). Content that is not a JSON object is refused (BAD_REQUEST). An unfinished draft
 * without a well-formed effective date keeps the date it had.
 * `revision` is the revision the edit started from: when someone saved in between,
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
): Promise<VersionSummary & { issues: Issue[] }> {
  return writeTx(db, async (trx) => {
    const { version, doc } = await loadVersion(trx, input.versionId, { lock: true });
    assertWrite(actor, doc);
    if (version.status !== 'draft') {
      throw new DbError('PRECONDITION_FAILED', `已提交的版本不可修改（${version.status}） / a submitted version is immutable (${version.status})`, {
        reason: 'immutable',
      });
    }
    const { content, issues } = prepareDraftContent(doc, Number(version.version_number), input.content);
    const hash = contentHash(content);
    const at = now();
    const reason = input.retroactiveReason === undefined ? version.retroactive_reason : input.retroactiveReason?.trim() || null;
    const changes = {
      content: JSON.stringify(content),
      content_hash: hash,
      revision: input.revision + 1,
      updated_at: at,
      effective_from: draftDateOf(content, version.effective_from),
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
    return { ...toSummary({ ...version, ...changes }), issues };
  });
}

/**
 * Discards an unsubmitted draft: the version row (and its golden cases) is deleted, audited as
 * `document.discard` with the content hash it had; a document whose only version it was is removed
 * with it. Its author may discard it (while they may still write the document), and the credit office
 * any draft. The delete is conditional on the row still being a draft, under the version's lock, so a
 * discard racing another discard or a submit either wins or is refused: NOT_FOUND `not-found` when the
 * draft is already gone, PRECONDITION_FAILED `wrong-status` once it was submitted. Version numbers of
 * discarded drafts are not given again.
 *
 * @example
 * await discardDraft(db, editor, { versionId: draft.id });
 */
export async function discardDraft(
  db: Db,
  actor: Actor,
  input: { versionId: number; reason?: string },
): Promise<{ documentId: string; versionNumber: number; documentRemoved: boolean }> {
  return writeTx(db, async (trx) => {
    const { version, doc } = await loadVersion(trx, input.versionId, { lock: true }).catch((e: unknown) => {
      if (e instanceof DbError && e.code === 'NOT_FOUND') {
        throw new DbError('NOT_FOUND', `草稿不存在（可能已被放弃） / no such draft (perhaps discarded already): ${input.versionId}`, { reason: 'not-found' });
      }
      throw e;
    });
    const author = version.author_id !== null && Number(version.author_id) === actor.id;
    if (actor.role !== 'credit-office') {
      assertWrite(actor, doc);
      if (!author) {
        throw new DbError('FORBIDDEN', `只有草稿的起草人或信用办可以放弃草稿 / only the draft's author or the credit office may discard it`, {
          reason: 'not-author',
        });
      }
    }
    if (version.status !== 'draft') {
      throw new DbError('PRECONDITION_FAILED', `只能放弃未提交的草稿（当前 ${version.status}） / only an unsubmitted draft can be discarded (now ${version.status})`, {
        reason: 'wrong-status',
      });
    }
    await trx.deleteFrom('golden_cases').where('version_id', '=', version.id).execute();
    const res = await trx.deleteFrom('versions').where('id', '=', version.id).where('status', '=', 'draft').executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) {
      throw new DbError('CONFLICT', '草稿已被同时修改，请刷新 / the draft changed at the same time, reload', { reason: 'open-version-exists' });
    }
    const others = await trx.selectFrom('versions').select('id').where('document_id', '=', doc.id).executeTakeFirst();
    if (!others) await trx.deleteFrom('documents').where('id', '=', doc.id).execute();
    const at = now();
    const reason = input.reason?.trim();
    await recordAudit(
      trx,
      actor,
      {
        action: 'document.discard',
        documentId: doc.id,
        versionNumber: Number(version.version_number),
        beforeHash: version.content_hash,
        target: others ? null : 'document',
        reason: reason || null,
      },
      at,
    );
    return { documentId: doc.id, versionNumber: Number(version.version_number), documentRemoved: !others };
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
