/**
 * Reading documents: one version (with reviews, approvals and its effective date as the review
 * shows it), documents with their version in force, scheduled and newest, a document's history
 * with standings, the versions in force at a date (as known on a date) and their bundle.
 */
import { canReadVersion, documentSchemas, inForceAt as pickInForce, inForceChanges, isReleasedStatus, officeDayEnd, RELEASED_STATUSES, standingsAt } from '@policy/schemas';
import type { DocumentKind, PolicyBundle, PolicyDocument } from '@policy/schemas';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { approvalsNeededFor } from './approval-settings.repository.ts';
import type { Database } from './database.ts';
import type { Trx } from './document-lock.ts';
import { assertDate, dayOf, loadDocument, loadVersion, now, releasedKeys } from './document-rows.ts';
import { SUMMARY_COLUMNS, toReview, toSummary } from './document-shapes.ts';
import type { DocumentSummary, EffectiveDateReview, HistoryEntry, VersionDetail, VersionSummary } from './document-shapes.ts';
import type { DocumentRow, VersionRow, VersionStatus } from './document.table.ts';
import { DbError } from './errors.ts';

type Db = Kysely<Database>;

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
  if (options.asKnownOn !== undefined) q = q.where('published_at', '<=', officeDayEnd(options.asKnownOn));
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
