/**
 * Importing a release bundle into another installation (issue 17), e.g. a county's copy of the city's
 * rules. The bundle is verified first (`verifyBundle`: every content hash and the bundle hash); then,
 * for each document, what this installation has in force at the bundle's date is compared with it:
 * - the same content hash → `same` (nothing written);
 * - absent or different → stored as a new published version with the bundle's effective date and its
 *   content unchanged (so its content hash is the bundle's), `new` or `changed` (old hash → new hash).
 *
 * All or nothing: one write transaction (`writeTx`); if, after the import, any bundle document is
 * still not the one in force at the bundle's date (a local version takes effect later than the
 * bundle's but not after its date), nothing is stored and the conflict is named. Audited: each
 * stored version has its `version.import` entry (what `verifyAudit` checks a released version
 * against), each new document its `document.create`, and the import one `bundle.import` entry whose
 * target names the bundle hash. A bundle with nothing different writes nothing at all.
 * Credit office only.
 */
import type { Kysely } from 'kysely';
import { semanticDiff, validateDocument } from '@policy/schemas';
import type { DocumentKind, ReleaseBundle } from '@policy/schemas';
import { verifyBundle } from '@policy/schemas/node';
import type { BundleProblem } from '@policy/schemas';
import type { Actor } from './actor.ts';
import { auditHead, recordAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import { inForceAt } from './document-read.repository.ts';
import { writeTx } from './document-lock.ts';
import type { Trx } from './document-lock.ts';
import { insertVersion, loadDocument, nextVersionNumber, now } from './document-rows.ts';
import type { DocumentRow } from './document.table.ts';
import { DbError } from './errors.ts';
import { documentErrors } from './validate.ts';

type Db = Kysely<Database>;

export type BundleImportOutcome = 'same' | 'new' | 'changed';

/** What happened to one document of the bundle. */
export interface BundleImportEntry {
  documentId: string;
  kind: DocumentKind;
  /** The document's version number in the bundle (and in its content). */
  bundleVersion: number;
  effectiveFrom: string;
  outcome: BundleImportOutcome;
  /** Content hash in force here at the bundle's date before the import (null: none). */
  oldHash: string | null;
  /** Its version number here (null: none). */
  oldVersion: number | null;
  /** The bundle's content hash (for `same`, also the one in force here). */
  newHash: string;
  /** Version number the import stored it under here (null for `same`). */
  storedVersion: number | null;
  /** For `changed`: what differs, in policy language (`semanticDiff` of @policy/schemas), here → bundle. */
  differences: { zh: string; en: string; path: string }[];
}

export interface BundleImportReport {
  bundleHash: string;
  at: string;
  documents: BundleImportEntry[];
  /** Documents in force here at the bundle's date that the bundle does not contain (left as they are). */
  onlyHere: { documentId: string; version: number; contentHash: string }[];
  counts: Record<BundleImportOutcome, number>;
  /** Whether anything was written (false when every document was the same). */
  changed: boolean;
}

/** A bundle that does not verify: BAD_REQUEST `invalid-bundle` with every problem. */
export class BundleRefused extends DbError {
  constructor(readonly problems: BundleProblem[]) {
    const first = problems[0];
    super(
      'BAD_REQUEST',
      `发布包校验失败，未导入任何内容（${problems.length} 处问题${first ? `，首处 ${first.path || '/'}：${first.message}` : ''}） / the bundle does not verify; nothing imported (${problems.length} problem(s)${first ? `, first at ${first.path || '/'}: ${first.messageEn}` : ''})`,
      { reason: 'invalid-bundle' },
    );
  }
}

function assertCreditOffice(actor: Actor): void {
  if (actor.role !== 'credit-office') {
    throw new DbError('FORBIDDEN', '只有信用办可以导入发布包 / only the credit office imports release bundles', { reason: 'role' });
  }
}

const refuse = (zh: string, en: string) => new DbError('BAD_REQUEST', `${zh} / ${en}`, { reason: 'invalid-bundle' });

/** The checks a verified bundle's document must pass before it is stored here. */
function checkDocument(bundle: ReleaseBundle, d: ReleaseBundle['documents'][number]): { owner: string; title: string } {
  const label = `${d.id} v${d.version}`;
  const c = d.content;
  if (c.id !== d.id || c.kind !== d.kind) {
    throw refuse(`发布包中 ${label} 的内容标识或类型与清单不符`, `${label}: the content's id or kind differs from the bundle's list`);
  }
  if (d.effectiveFrom > bundle.at) {
    throw refuse(`发布包中 ${label} 的生效日期 ${d.effectiveFrom} 晚于发布包日期 ${bundle.at}`, `${label} takes effect on ${d.effectiveFrom}, after the bundle's date ${bundle.at}`);
  }
  const errors = documentErrors(d.kind, c);
  if (errors.length > 0) {
    const e = errors[0]!;
    throw new DbError('BAD_REQUEST', `发布包中 ${label} 未通过校验（${errors.length} 处，首处 ${e.path || '/'}：${e.message}） / ${label} does not validate (${errors.length} error(s), first at ${e.path || '/'}: ${e.messageEn})`, {
      reason: 'invalid-document',
      issues: errors,
    });
  }
  return { owner: String(c.owner), title: typeof c.title === 'string' ? c.title : d.id };
}

/** The document row here: created (audited) when absent; refused when its kind or owner differs. */
async function documentRow(trx: Trx, actor: Actor, d: ReleaseBundle['documents'][number], owner: string, title: string, at: string): Promise<DocumentRow> {
  const found = await trx.selectFrom('documents').select('id').where('id', '=', d.id).executeTakeFirst();
  if (!found) {
    const row: DocumentRow = { id: d.id, kind: d.kind, owner, title, created_at: at };
    await trx.insertInto('documents').values(row).execute();
    await recordAudit(trx, actor, { action: 'document.create', documentId: d.id, target: `kind:${d.kind}` }, at);
    return row;
  }
  const doc = await loadDocument(trx, d.id, { lock: true });
  if (doc.kind !== d.kind || doc.owner !== owner) {
    throw new DbError(
      'CONFLICT',
      `文档 ${d.id} 在本系统中为 ${doc.kind}（所有者 ${doc.owner}），发布包中为 ${d.kind}（所有者 ${owner}），未导入任何内容 / document ${d.id} is ${doc.kind} owned by ${doc.owner} here but ${d.kind} owned by ${owner} in the bundle; nothing imported`,
      { reason: 'document-mismatch' },
    );
  }
  return doc;
}

/** What differs between the version here and the bundle's, as sentences; one plain line when either does not parse. */
function differencesOf(kind: DocumentKind, here: unknown, bundled: unknown): BundleImportEntry['differences'] {
  const a = validateDocument(here);
  const b = validateDocument(bundled);
  if (!a.success || !b.success) return [{ zh: '内容不同', en: 'the content differs', path: '' }];
  return semanticDiff(kind, a.data, b.data).sentences.map((x) => ({ zh: x.zh, en: x.en, path: x.path }));
}

/**
 * Verifies `value` as a release bundle and imports what differs from what is in force here at its
 * date; returns what happened to each document.
 *
 * @example
 * const report = await importReleaseBundle(db, creditOffice, JSON.parse(readFileSync('bundle.json', 'utf8')));
 * for (const d of report.documents) console.log(d.documentId, d.outcome, d.oldHash, '→', d.newHash);
 */
export async function importReleaseBundle(db: Db, actor: Actor, value: unknown): Promise<BundleImportReport> {
  assertCreditOffice(actor);
  const v = verifyBundle(value);
  if (!v.ok) throw new BundleRefused(v.problems);
  const bundle = v.bundle;
  const prepared = bundle.documents.map((d) => ({ d, ...checkDocument(bundle, d) }));

  return writeTx(db, async (trx) => {
    // on PostgreSQL this takes the audit log's lock first, so simultaneous imports (and publishes) do
    // not interleave between the read of what is in force and the writes (SQLite: writeTx's write lock)
    await auditHead(trx);
    const here = new Map((await inForceAt(trx, bundle.at)).map((x) => [x.documentId, x]));
    const at = now();
    const documents: BundleImportEntry[] = [];
    for (const { d, owner, title } of prepared) {
      const cur = here.get(d.id);
      const entry: BundleImportEntry = {
        documentId: d.id,
        kind: d.kind,
        bundleVersion: d.version,
        effectiveFrom: d.effectiveFrom,
        outcome: 'same',
        oldHash: cur?.contentHash ?? null,
        oldVersion: cur ? cur.versionNumber : null,
        newHash: d.contentHash,
        storedVersion: null,
        differences: [],
      };
      documents.push(entry);
      if (cur?.contentHash === d.contentHash) continue;
      entry.outcome = cur ? 'changed' : 'new';
      if (cur) entry.differences = differencesOf(d.kind, cur.content, d.content);
      const doc = await documentRow(trx, actor, d, owner, title, at);
      // the bundle's number when it is free (content and row agree), else the next one here; never reused
      const number = Math.max(await nextVersionNumber(trx, d.id), d.version);
      const row = await insertVersion(trx, actor, doc, {
        versionNumber: number,
        status: 'published',
        content: d.content,
        parent: null,
        at,
        effectiveFrom: d.effectiveFrom,
        note: `自发布包导入（${bundle.at}，${bundle.bundleHash.slice(0, 12)}） / imported from a release bundle`,
      });
      if (row.content_hash !== d.contentHash) throw new Error(`${d.id}: the stored content hash differs from the bundle's (canonical JSON changed?)`);
      entry.storedVersion = number;
      await trx.updateTable('documents').set({ title }).where('id', '=', d.id).execute();
      await recordAudit(
        trx,
        actor,
        {
          action: 'version.import',
          documentId: d.id,
          versionNumber: number,
          beforeHash: cur?.contentHash ?? null,
          afterHash: row.content_hash,
          target: `bundle:${bundle.bundleHash}`,
          reason: `effectiveFrom=${d.effectiveFrom}; bundle v${d.version}`,
        },
        at,
      );
    }
    const inBundle = new Set(bundle.documents.map((d) => d.id));
    const onlyHere = [...here.values()].filter((x) => !inBundle.has(x.documentId)).map((x) => ({ documentId: x.documentId, version: x.versionNumber, contentHash: x.contentHash }));
    const counts = { same: 0, new: 0, changed: 0 };
    for (const e of documents) counts[e.outcome]++;
    const changed = counts.new + counts.changed > 0;
    if (changed) {
      // every bundle document must now be the one in force at the bundle's date, else nothing is kept
      const after = new Map((await inForceAt(trx, bundle.at)).map((x) => [x.documentId, x]));
      const blocked = bundle.documents.filter((d) => after.get(d.id)?.contentHash !== d.contentHash);
      if (blocked.length > 0) {
        const names = blocked.map((d) => {
          const w = after.get(d.id);
          return { zh: `${d.id}（本系统 v${w?.versionNumber ?? '?'} 自 ${w?.effectiveFrom ?? '?'} 生效）`, en: `${d.id} (v${w?.versionNumber ?? '?'} here from ${w?.effectiveFrom ?? '?'})` };
        });
        throw new DbError(
          'CONFLICT',
          `本系统有生效日期晚于发布包版本、又不晚于 ${bundle.at} 的版本，导入后 ${bundle.at} 生效的仍不是发布包中的版本：${names.map((n) => n.zh).join('；')}。未导入任何内容 / a local version takes effect after the bundle's and by ${bundle.at}, so the bundle's would not be in force at ${bundle.at}: ${names.map((n) => n.en).join('; ')}. Nothing imported`,
          { reason: 'superseded-here' },
        );
      }
      const head = bundle.auditHead;
      await recordAudit(
        trx,
        actor,
        {
          action: 'bundle.import',
          target: `bundle:${bundle.bundleHash}`,
          reason: `at=${bundle.at}; new=${counts.new}; changed=${counts.changed}; same=${counts.same}; sourceAuditHead=${head.seq}:${head.hash}`,
        },
        at,
      );
    }
    return { bundleHash: bundle.bundleHash, at: bundle.at, documents, onlyHere, counts, changed };
  });
}
