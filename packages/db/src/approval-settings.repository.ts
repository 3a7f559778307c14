/** How many distinct approvals each document kind needs (`approval_settings`), and a version. */
import { approvalsNeeded, canSetApprovals, DOCUMENT_KINDS } from '@policy/schemas';
import type { DocumentKind } from '@policy/schemas';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import type { Trx } from './document-lock.ts';
import type { VersionRow } from './document.table.ts';
import { DbError } from './errors.ts';

type Db = Kysely<Database>;

export async function requiredApprovalsFor(db: Db | Trx, kind: DocumentKind): Promise<number> {
  const row = await db.selectFrom('approval_settings').select('required_approvals').where('kind', '=', kind).executeTakeFirst();
  return row ? Number(row.required_approvals) : 1;
}

/** Approvals the version needs: its kind's number, one more when it is retroactive. */
export async function approvalsNeededFor(db: Db | Trx, kind: DocumentKind, version: Pick<VersionRow, 'retroactive'>): Promise<number> {
  return approvalsNeeded(await requiredApprovalsFor(db, kind), Number(version.retroactive) !== 0);
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
