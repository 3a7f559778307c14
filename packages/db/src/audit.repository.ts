/**
 * The audit log: append-only and hash-chained. Each row's `hash` is
 * `sha256(prev_hash + canonicalJson(fields))`, where `fields` holds every other column including `seq`,
 * so editing, deleting, inserting or reordering rows in the database breaks the chain.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { actorId } from './actor.ts';
import type { AuditRow } from './audit.table.ts';
import { canonicalJson, sha256 } from './canonical.ts';
import type { Database } from './database.ts';
import { dialectOf } from './raw.ts';

/** `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  action: string;
  documentId?: string | null;
  versionNumber?: number | null;
  target?: string | null;
  reason?: string | null;
  beforeHash?: string | null;
  afterHash?: string | null;
}

type AuditFields = Omit<AuditRow, 'prev_hash' | 'hash'>;

function rowHash(prevHash: string, fields: AuditFields): string {
  const f: Record<string, unknown> = {
    seq: Number(fields.seq),
    at: fields.at,
    actor: fields.actor,
    actorId: fields.actor_id === null ? null : Number(fields.actor_id),
    role: fields.role,
    department: fields.department,
    action: fields.action,
    documentId: fields.document_id,
    versionNumber: fields.version_number === null ? null : Number(fields.version_number),
    target: fields.target,
    reason: fields.reason,
    beforeHash: fields.before_hash,
    afterHash: fields.after_hash,
  };
  return sha256(prevHash + canonicalJson(f));
}

/**
 * Appends one audit row. Call it inside the transaction of the action it records, so both commit
 * or neither does. On PostgreSQL an advisory lock serialises appends; SQLite has a single writer.
 *
 * @example
 * await db.transaction().execute((trx) => recordAudit(trx, actor, { action: 'session.login' }));
 */
export async function recordAudit(db: Kysely<Database>, actor: Actor, entry: AuditEntry, at = new Date().toISOString()): Promise<AuditRow> {
  if (dialectOf(db) === 'postgres') await sql`select pg_advisory_xact_lock(7340001)`.execute(db);
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const fields: AuditFields = {
    seq: last ? Number(last.seq) + 1 : 1,
    at,
    actor: actor.username,
    actor_id: actorId(actor),
    role: actor.role,
    department: actor.department,
    action: entry.action,
    document_id: entry.documentId ?? null,
    version_number: entry.versionNumber ?? null,
    target: entry.target ?? null,
    reason: entry.reason ?? null,
    before_hash: entry.beforeHash ?? null,
    after_hash: entry.afterHash ?? null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: AuditRow = { ...fields, prev_hash: prevHash, hash: rowHash(prevHash, fields) };
  await db.insertInto('audit_log').values(row).execute();
  return row;
}

export type AuditVerification =
  | { ok: true; count: number; headHash: string }
  | {
      ok: false;
      count: number;
      /** The first entry that does not fit the chain (for a deleted row: the row after the gap). */
      firstBrokenSeq: number;
      kind: 'gap' | 'prev-hash' | 'hash';
      /** Chinese first, then English. */
      reason: string;
    };

/**
 * Walks the audit chain in `seq` order and names the first broken entry.
 *
 * @example
 * const r = await verifyAudit(db);
 * if (!r.ok) console.error(`第 ${r.firstBrokenSeq} 条被篡改: ${r.reason}`);
 */
export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerification> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'asc').execute();
  let prev = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const seq = Number(row.seq);
    const expectedSeq = i + 1;
    if (seq !== expectedSeq) {
      return {
        ok: false,
        count: rows.length,
        firstBrokenSeq: seq,
        kind: 'gap',
        reason:
          seq > expectedSeq
            ? `序号不连续：缺少第 ${expectedSeq} 条（被删除） / sequence gap: entry ${expectedSeq} is missing (deleted)`
            : `序号异常：第 ${seq} 条出现在第 ${expectedSeq} 条的位置 / entry ${seq} found where ${expectedSeq} was expected`,
      };
    }
    if (row.prev_hash !== prev) {
      return {
        ok: false,
        count: rows.length,
        firstBrokenSeq: seq,
        kind: 'prev-hash',
        reason: `第 ${seq} 条的前序哈希与上一条不符（插入、删除或调换了记录） / entry ${seq}: prev_hash does not match the previous entry (row inserted, deleted or reordered)`,
      };
    }
    const { prev_hash, hash, ...fields } = row;
    if (rowHash(prev_hash, fields) !== hash) {
      return {
        ok: false,
        count: rows.length,
        firstBrokenSeq: seq,
        kind: 'hash',
        reason: `第 ${seq} 条的内容与其哈希不符（记录被修改） / entry ${seq}: content does not match its hash (row edited)`,
      };
    }
    prev = hash;
  }
  return { ok: true, count: rows.length, headHash: prev };
}

export interface AuditQuery {
  documentId?: string;
  /** Newest first; default 200. */
  limit?: number;
  /** Rows with seq below this (paging backwards). */
  beforeSeq?: number;
}

/**
 * Reads audit rows, newest first.
 *
 * @example
 * const rows = await listAudit(db, { documentId: 'sampling', limit: 50 });
 */
export async function listAudit(db: Kysely<Database>, query: AuditQuery = {}): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (query.documentId) q = q.where('document_id', '=', query.documentId);
  if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
  const rows = await q.orderBy('seq', 'desc').limit(query.limit ?? 200).execute();
  return rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    actor_id: r.actor_id === null ? null : Number(r.actor_id),
    version_number: r.version_number === null ? null : Number(r.version_number),
  }));
}
