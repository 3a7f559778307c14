/**
 * The audit log: append-only and hash-chained. Each row's `hash` is
 * `sha256(prev_hash + canonicalJson(fields))`, where `fields` holds every other column including `seq`
 * (but not `mac`), so editing, deleting, inserting or reordering rows in the database breaks the chain.
 *
 * The chain alone cannot show that its tail was cut off, that it was wiped, or that someone edited a
 * row and recomputed every later hash (SHA-256 needs no secret). Three things close those holes:
 * - **anchors** (`auditAnchor`): a checkpoint (entry count, head hash, time, its own hash) kept outside
 *   the database, on file and on paper; `verifyAudit(db, { anchor })` fails when the log no longer
 *   reaches it or the anchored entry has another hash;
 * - **release anchors** (`anchorRelease`, table `releases`): each publish records the head of the log
 *   (its own publish entry), so every release contradicts a truncated or rewritten log;
 * - **an audit key** (`setAuditKey`, from a file named by `AUDIT_KEY_FILE`): every entry written
 *   with it also carries `mac = HMAC-SHA-256(key, "policy-audit/1:" + hash)`. As `hash` commits to all
 *   earlier entries, a valid MAC on entry n vouches for entries 1…n, including those written before
 *   the key was configured. The switch is visible in the log itself: the first entry with a MAC.
 *   From there every entry must carry one (`recordAudit` refuses to append without the key, or with
 *   another key), and with a key `verifyAudit` requires the head to carry one, so stripping MACs or
 *   recomputing the chain without the key fails. After configuring a key on an existing chain, run
 *   `policy audit seal` (or perform any action) so the head is keyed.
 *
 * `verifyAudit` also cross-checks the versions, reviews and releases against the entries
 * (audit-records.ts).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { actorId } from './actor.ts';
import { checkRecords } from './audit-records.ts';
import type { AuditProblem, AuditProblemKind } from './audit.table.ts';
import type { AuditLogTable, AuditRow } from './audit.table.ts';
import { canonicalJson, sha256 } from './canonical.ts';
import type { Database } from './database.ts';
import { dialectOf } from './raw.ts';

/** `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The advisory lock that serialises appends on PostgreSQL. */
const AUDIT_LOCK = 7340001;

export interface AuditEntry {
  action: string;
  documentId?: string | null;
  versionNumber?: number | null;
  target?: string | null;
  reason?: string | null;
  beforeHash?: string | null;
  afterHash?: string | null;
}

type AuditFields = Omit<AuditLogTable, 'prev_hash' | 'hash' | 'mac'>;

/** The unkeyed SHA-256 link of one entry (exported for tests that play the attacker). */
export function rowHash(prevHash: string, fields: AuditFields): string {
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

// ------------------------------------------------------------------ the audit key

/** Shortest accepted key file content (after trimming), in characters. */
export const AUDIT_KEY_MIN_LENGTH = 32;

let configuredKey: Buffer | null = null;

/**
 * Sets (or with null clears) the audit key of this process: from now on `recordAudit` MACs every
 * entry and `verifyAudit` checks MACs with it unless given another key. Called at start-up with
 * `readAuditKeyFile(settings.auditKeyFile)`.
 *
 * @example
 * setAuditKey(readAuditKeyFile('/etc/policy/audit.key'));
 */
export function setAuditKey(key: Buffer | null): void {
  configuredKey = key;
}

/** The key set by `setAuditKey`, or null. */
export const configuredAuditKey = (): Buffer | null => configuredKey;

/**
 * Reads a key file (e.g. made with `openssl rand -hex 32 > audit.key`); surrounding whitespace is
 * ignored. Throws a bilingual message when the file is missing or shorter than 32 characters.
 */
export function readAuditKeyFile(path: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw new Error(`无法读取审计密钥文件 ${path} / cannot read the audit key file ${path}: ${(e as Error).message}`, { cause: e });
  }
  if (text.length < AUDIT_KEY_MIN_LENGTH) {
    throw new Error(
      `审计密钥文件 ${path} 太短（至少 ${AUDIT_KEY_MIN_LENGTH} 个字符，例如 openssl rand -hex 32） / the audit key file ${path} is too short (at least ${AUDIT_KEY_MIN_LENGTH} characters, e.g. openssl rand -hex 32)`,
    );
  }
  return Buffer.from(text, 'utf8');
}

/** HMAC-SHA-256 of an entry's hash under the key. */
export const entryMac = (key: Buffer, hash: string): string => createHmac('sha256', key).update(`policy-audit/1:${hash}`, 'utf8').digest('hex');

/** A short public name of a key (not the key): tells which key a chain was sealed with. */
export const auditKeyId = (key: Buffer): string => createHmac('sha256', key).update('policy-audit/key-id', 'utf8').digest('hex').slice(0, 16);

/** Refused append: the chain is keyed and this process has no key, or another one. */
export class AuditKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditKeyError';
  }
}

// ------------------------------------------------------------------ appending

/**
 * Appends one audit row. Call it inside the transaction of the action it records, so both commit
 * or neither does. On PostgreSQL an advisory lock serialises appends; SQLite has a single writer.
 * With an audit key the row carries a MAC; once the chain is keyed, appending without the key (or
 * with another key) throws `AuditKeyError`.
 *
 * @example
 * await db.transaction().execute((trx) => recordAudit(trx, actor, { action: 'session.login' }));
 */
export async function recordAudit(db: Kysely<Database>, actor: Actor, entry: AuditEntry, at = new Date().toISOString()): Promise<AuditRow> {
  if (dialectOf(db) === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK)})`.execute(db);
  const last = await db.selectFrom('audit_log').select(['seq', 'hash', 'mac']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const key = configuredKey;
  if (last?.mac && !key) {
    throw new AuditKeyError('审计日志已启用密钥，但未配置 AUDIT_KEY_FILE，拒绝写入 / the audit log is keyed but AUDIT_KEY_FILE is not configured: refusing to append');
  }
  if (last?.mac && key && entryMac(key, last.hash) !== last.mac) {
    throw new AuditKeyError(
      `审计密钥与日志所用的密钥不同（当前密钥 ${auditKeyId(key)}），拒绝写入 / the audit key differs from the one the log was written with (this key: ${auditKeyId(key)}): refusing to append`,
    );
  }
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
  const hash = rowHash(prevHash, fields);
  const row: AuditRow = { ...fields, prev_hash: prevHash, hash, mac: key ? entryMac(key, hash) : null };
  await db.insertInto('audit_log').values(row).execute();
  return row;
}

/** The newest entry: its seq and hash (seq 0 and the genesis hash for an empty log). */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * The head of the log now. Inside a transaction on PostgreSQL it first takes the append lock, so the
 * head stays the head until the transaction ends.
 *
 * @example
 * const { seq, hash } = await auditHead(db);
 */
export async function auditHead(db: Kysely<Database>): Promise<AuditHead> {
  if (db.isTransaction && dialectOf(db) === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK)})`.execute(db);
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

/**
 * Records in `releases` that a version was published at the current audit head. Call it in the
 * publish transaction right after the publish entry, so the head is that entry.
 *
 * @example
 * await recordAudit(trx, actor, { action: 'version.publish', … });
 * await anchorRelease(trx, versionId);
 */
export async function anchorRelease(trx: Kysely<Database>, versionId: number, at = new Date().toISOString()): Promise<AuditHead> {
  const head = await auditHead(trx);
  const v = await trx.selectFrom('versions').select(['document_id', 'version_number']).where('id', '=', versionId).executeTakeFirstOrThrow();
  await trx
    .insertInto('releases')
    .values({ version_id: versionId, document_id: v.document_id, version_number: Number(v.version_number), audit_seq: head.seq, audit_hash: head.hash, at })
    .execute();
  return head;
}

/**
 * Appends `audit.seal`, written with the key: marks where a chain switched to keyed entries (run
 * once after configuring AUDIT_KEY_FILE on an existing log; harmless later).
 */
export async function sealAudit(db: Kysely<Database>, actor: Actor): Promise<AuditRow> {
  const key = configuredKey;
  if (!key) throw new AuditKeyError('未配置审计密钥（AUDIT_KEY_FILE） / no audit key is configured (AUDIT_KEY_FILE)');
  return db.transaction().execute((trx) => recordAudit(trx, actor, { action: 'audit.seal', target: `key:${auditKeyId(key)}` }));
}

// ------------------------------------------------------------------ anchors

export const ANCHOR_FORMAT = 'policy-audit-anchor/1';

/** A checkpoint of the log, kept outside the database (file and paper). */
export interface AuditAnchor {
  format: typeof ANCHOR_FORMAT;
  /** Entries in the log when anchored (= seq of the head). */
  count: number;
  /** Hash of entry `count` (the genesis hash for an empty log). */
  headHash: string;
  /** ISO time the anchor was taken. */
  at: string;
  /** `auditKeyId` of the key the head was MACed with, if any. */
  keyId: string | null;
  /** SHA-256 of the canonical JSON of the other fields: detects an altered anchor file. */
  checkpointHash: string;
}

const checkpointHashOf = (a: Omit<AuditAnchor, 'checkpointHash'>): string =>
  sha256(canonicalJson({ format: a.format, count: a.count, headHash: a.headHash, at: a.at, keyId: a.keyId }));

/**
 * Takes a checkpoint of the log now.
 *
 * @example
 * writeFileSync('audit-anchor.json', JSON.stringify(await auditAnchor(db), null, 2));
 */
export async function auditAnchor(db: Kysely<Database>, at = new Date().toISOString()): Promise<AuditAnchor> {
  const head = await db.selectFrom('audit_log').select(['seq', 'hash', 'mac']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const count = (await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
  const key = configuredKey;
  const base = {
    format: ANCHOR_FORMAT,
    count: Number(count),
    headHash: head?.hash ?? GENESIS_HASH,
    at,
    keyId: key && head?.mac ? auditKeyId(key) : null,
  } as const;
  return { ...base, checkpointHash: checkpointHashOf(base) };
}

/**
 * Reads an anchor file's text; throws a bilingual message when it is not an anchor or was altered.
 */
export function parseAuditAnchor(text: string): AuditAnchor {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('锚点文件不是 JSON / the anchor file is not JSON');
  }
  const a = v as Partial<AuditAnchor> | null;
  if (
    !a ||
    a.format !== ANCHOR_FORMAT ||
    !Number.isInteger(a.count) ||
    (a.count as number) < 0 ||
    typeof a.headHash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(a.headHash) ||
    typeof a.at !== 'string' ||
    (a.keyId !== null && typeof a.keyId !== 'string') ||
    typeof a.checkpointHash !== 'string'
  ) {
    throw new Error(`锚点文件格式无效（应为 ${ANCHOR_FORMAT}） / not an audit anchor (${ANCHOR_FORMAT})`);
  }
  const anchor = { format: a.format, count: a.count!, headHash: a.headHash, at: a.at, keyId: a.keyId ?? null, checkpointHash: a.checkpointHash };
  if (checkpointHashOf(anchor) !== anchor.checkpointHash) {
    throw new Error('锚点文件的校验哈希不符（文件被改动） / the anchor file does not match its checkpoint hash (the file was altered)');
  }
  return anchor;
}

// ------------------------------------------------------------------ verification

export type { AuditProblem, AuditProblemKind } from './audit.table.ts';

export interface AuditVerifyOptions {
  /** A checkpoint taken earlier (`auditAnchor`, `parseAuditAnchor`): the log must still reach it. */
  anchor?: AuditAnchor | null;
  /** Key for the MACs; default the one set by `setAuditKey`; null: do not check MACs. */
  key?: Buffer | null;
}

interface VerificationBase {
  count: number;
  /** Hash of the newest entry (the genesis hash for an empty log). */
  headHash: string;
  /** First entry with a MAC (where the chain switched to keyed), or null. */
  keyedFrom: number | null;
  /** Whether MACs were checked (a key was available). */
  macsChecked: boolean;
  /** Whether an anchor was checked. */
  anchorChecked: boolean;
  /** Versions whose content, dates, status and reviews were checked against the entries. */
  versionsChecked: number;
  problems: AuditProblem[];
}

export type AuditVerification =
  | (VerificationBase & { ok: true })
  | (VerificationBase & {
      ok: false;
      /** The first entry concerned (for a deleted row: the row after the gap); 0 when no entry is. */
      firstBrokenSeq: number;
      kind: AuditProblemKind;
      /** The first problem, Chinese first, then English; all of them are in `problems`. */
      reason: string;
    });

function checkChain(rows: AuditRow[]): AuditProblem | undefined {
  let prev = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const seq = Number(row.seq);
    const expectedSeq = i + 1;
    if (seq !== expectedSeq) {
      return {
        kind: 'gap',
        seq,
        reason:
          seq > expectedSeq
            ? `序号不连续：缺少第 ${expectedSeq} 条（被删除） / sequence gap: entry ${expectedSeq} is missing (deleted)`
            : `序号异常：第 ${seq} 条出现在第 ${expectedSeq} 条的位置 / entry ${seq} found where ${expectedSeq} was expected`,
      };
    }
    if (row.prev_hash !== prev) {
      return {
        kind: 'prev-hash',
        seq,
        reason: `第 ${seq} 条的前序哈希与上一条不符（插入、删除或调换了记录） / entry ${seq}: prev_hash does not match the previous entry (row inserted, deleted or reordered)`,
      };
    }
    const { prev_hash, hash, mac: _mac, ...fields } = row;
    if (rowHash(prev_hash, fields) !== hash) {
      return {
        kind: 'hash',
        seq,
        reason: `第 ${seq} 条的内容与其哈希不符（记录被修改） / entry ${seq}: content does not match its hash (row edited)`,
      };
    }
    prev = hash;
  }
  return undefined;
}

function checkMacs(rows: AuditRow[], key: Buffer | null): { keyedFrom: number | null; problem?: AuditProblem } {
  const first = rows.find((r) => r.mac !== null && r.mac !== '');
  const keyedFrom = first ? Number(first.seq) : null;
  if (first) {
    // without a key this is still visible: an entry without MAC after a keyed one was stripped
    const stripped = rows.find((r) => Number(r.seq) > keyedFrom! && !r.mac);
    if (stripped) {
      const s = Number(stripped.seq);
      return {
        keyedFrom,
        problem: {
          kind: 'unkeyed',
          seq: s,
          reason: `第 ${s} 条没有 MAC，但日志自第 ${keyedFrom} 条起已启用密钥（MAC 被去掉或记录被伪造） / entry ${s} has no MAC although the log is keyed from entry ${keyedFrom} (MAC stripped or entry forged)`,
        },
      };
    }
  }
  if (!key) return { keyedFrom };
  if (rows.length > 0 && !first) {
    return {
      keyedFrom,
      problem: {
        kind: 'unkeyed',
        seq: Number(rows[rows.length - 1]!.seq),
        reason:
          '已配置审计密钥，但没有任何记录带 MAC：日志从未用此密钥封存（请运行 policy audit seal），或 MAC 已被全部去掉、链条被重新计算 / an audit key is configured but no entry carries a MAC: the log was never sealed with it (run policy audit seal), or every MAC was stripped and the chain recomputed',
      },
    };
  }
  for (const r of rows) {
    if (r.mac && entryMac(key, r.hash) !== r.mac) {
      const s = Number(r.seq);
      return {
        keyedFrom,
        problem: {
          kind: 'mac',
          seq: s,
          reason: `第 ${s} 条的 MAC 与密钥不符（链条在无密钥的情况下被重新计算，或密钥不同：${auditKeyId(key)}） / entry ${s}: MAC does not match the key (chain recomputed without the key, or another key: ${auditKeyId(key)})`,
        },
      };
    }
  }
  return { keyedFrom };
}

function checkAnchor(rows: AuditRow[], anchor: AuditAnchor): AuditProblem | undefined {
  if (anchor.count === 0) return undefined;
  if (rows.length === 0) {
    return {
      kind: 'wiped',
      seq: 0,
      reason: `审计日志为空，但锚点（${anchor.at}）记录了 ${anchor.count} 条（日志被清空） / the audit log is empty but the anchor of ${anchor.at} recorded ${anchor.count} entries (log wiped)`,
    };
  }
  const last = Number(rows[rows.length - 1]!.seq);
  if (rows.length < anchor.count || last < anchor.count) {
    return {
      kind: 'truncated',
      seq: last,
      reason: `审计日志只剩 ${rows.length} 条（最后第 ${last} 条），锚点（${anchor.at}）时已有 ${anchor.count} 条（末尾被删除） / the audit log has ${rows.length} entries (last ${last}), the anchor of ${anchor.at} recorded ${anchor.count} (tail deleted)`,
    };
  }
  const at = rows.find((r) => Number(r.seq) === anchor.count);
  if (!at || at.hash !== anchor.headHash) {
    return {
      kind: 'anchor',
      seq: anchor.count,
      reason: `第 ${anchor.count} 条的哈希与锚点（${anchor.at}）不符（此前的记录被改写或链条被重新计算） / entry ${anchor.count} no longer has the hash anchored at ${anchor.at} (earlier entries rewritten or the chain recomputed)`,
    };
  }
  return undefined;
}

/**
 * Checks the log: the hash chain (first broken entry), MACs with the audit key, an anchor if given,
 * the release anchors, and every version's content hash, effective date, status, approvals and
 * reviews against the entries. Reports every problem found (the chain and MACs: the first only).
 *
 * @example
 * const r = await verifyAudit(db, { anchor: parseAuditAnchor(readFileSync('anchor.json', 'utf8')) });
 * if (!r.ok) for (const p of r.problems) console.error(p.reason);
 */
export async function verifyAudit(db: Kysely<Database>, options: AuditVerifyOptions = {}): Promise<AuditVerification> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'asc').execute();
  const key = options.key === undefined ? configuredKey : options.key;
  const problems: AuditProblem[] = [];
  const chain = checkChain(rows);
  if (chain) problems.push(chain);
  const macs = checkMacs(rows, key);
  if (macs.problem) problems.push(macs.problem);
  if (options.anchor) {
    const a = checkAnchor(rows, options.anchor);
    if (a) problems.push(a);
  }
  const records = await checkRecords(db, rows);
  problems.push(...records.problems);
  const base: VerificationBase = {
    count: rows.length,
    headHash: rows.length > 0 ? rows[rows.length - 1]!.hash : GENESIS_HASH,
    keyedFrom: macs.keyedFrom,
    macsChecked: key !== null && macs.keyedFrom !== null,
    anchorChecked: !!options.anchor,
    versionsChecked: records.versionsChecked,
    problems,
  };
  const first = problems[0];
  if (!first) return { ...base, ok: true };
  return { ...base, ok: false, firstBrokenSeq: first.seq ?? 0, kind: first.kind, reason: first.reason };
}

export interface AuditQuery {
  documentId?: string;
  /** Newest first; default 200. */
  limit?: number;
  /** Rows with seq below this (paging backwards). */
  beforeSeq?: number;
  /** Rows at or after this instant (ISO 8601, UTC as stored). */
  atFrom?: string;
  /** Rows before this instant (ISO 8601, UTC as stored). */
  atBefore?: string;
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
  if (query.atFrom !== undefined) q = q.where('at', '>=', query.atFrom);
  if (query.atBefore !== undefined) q = q.where('at', '<', query.atBefore);
  const rows = await q.orderBy('seq', 'desc').limit(query.limit ?? 200).execute();
  return rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    actor_id: r.actor_id === null ? null : Number(r.actor_id),
    version_number: r.version_number === null ? null : Number(r.version_number),
  }));
}
