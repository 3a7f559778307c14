/**
 * Release bundles (issue 17) from the database: the published versions in force at a date with
 * their stored contents (exactly as hashed), content hashes and the audit head, hashed as a whole
 * (format and verification: `release-bundle.ts` of @policy/schemas). Read in one transaction, so the
 * audit head is the one the documents were read at.
 */
import type { Kysely } from 'kysely';
import { bundleHashOf, RELEASE_BUNDLE_FORMAT } from '@policy/schemas';
import type { ReleaseBundle } from '@policy/schemas';
import { auditHead } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import type { Database } from './database.ts';
import { inForceAt } from './document.repository.ts';

/**
 * The release bundle of the documents in force at `at` (YYYY-MM-DD).
 *
 * @example
 * writeFileSync('bundle.json', JSON.stringify(await releaseBundleAt(db, '2026-10-31'), null, 2));
 */
export async function releaseBundleAt(db: Kysely<Database>, at: string): Promise<ReleaseBundle> {
  const read = async (trx: Kysely<Database>) => {
    const versions = await inForceAt(trx, at);
    const ids = versions.map((v) => v.id);
    const stored = ids.length === 0 ? [] : await trx.selectFrom('versions').select(['id', 'content']).where('id', 'in', ids).execute();
    const contentOf = new Map(stored.map((r) => [Number(r.id), JSON.parse(r.content) as Record<string, unknown>]));
    const head = await auditHead(trx);
    return { versions, contentOf, head };
  };
  const { versions, contentOf, head } = db.isTransaction ? await read(db) : await db.transaction().execute(read);
  const body: Omit<ReleaseBundle, 'bundleHash'> = {
    format: RELEASE_BUNDLE_FORMAT,
    at,
    documents: versions.map((v) => ({
      id: v.documentId,
      kind: v.kind,
      version: v.versionNumber,
      effectiveFrom: v.effectiveFrom ?? '',
      contentHash: v.contentHash,
      content: contentOf.get(v.id)!,
    })),
    auditHead: { seq: head.seq, hash: head.hash },
  };
  return { ...body, bundleHash: bundleHashOf(body, contentHash) };
}

/** `verifyReleaseBundle` with the platform's canonical hash (from @policy/schemas/node). */
export { verifyBundle } from '@policy/schemas/node';
