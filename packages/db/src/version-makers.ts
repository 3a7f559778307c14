/**
 * Who made a version: none of them may approve or reject it, nor override its failing golden cases
 * (four-eyes rule). Shared by the review (document-review) and the golden-case override.
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { VersionRow } from './document.table.ts';

/**
 * The audited actions that make someone a maker of a version: creating, saving or submitting it,
 * adding, removing or accepting (replacing the expectation of) one of its golden cases, and writing its
 * 起草说明 (explanatory note: what the reviewers read).
 */
export const MAKER_ACTIONS = ['draft.create', 'draft.save', 'version.submit', 'cases.add', 'cases.remove', 'cases.accept', 'version.note'] as const;

/**
 * The ids of the version's author and of everyone with a {@link MAKER_ACTIONS} audit entry of it.
 *
 * @example
 * if ((await makersOf(trx, version)).has(actor.id)) throw selfApproval();
 */
export async function makersOf(db: Kysely<Database>, version: Pick<VersionRow, 'author_id' | 'document_id' | 'version_number'>): Promise<Set<number>> {
  const makers = new Set<number>();
  if (version.author_id !== null) makers.add(Number(version.author_id));
  const rows = await db
    .selectFrom('audit_log')
    .select('actor_id')
    .where('document_id', '=', version.document_id)
    .where('version_number', '=', version.version_number)
    .where('action', 'in', MAKER_ACTIONS)
    .execute();
  for (const r of rows) if (r.actor_id !== null) makers.add(Number(r.actor_id));
  return makers;
}
