/**
 * Service accounts of the machine API (issue 17): tokens for systems, created and revoked by the
 * credit office only (audit-logged: `token.create`, `token.revoke`). A token is 32 random bytes,
 * base64url, prefixed `pcs_`; it is returned once by `createServiceToken` and stored as its SHA-256
 * only. `authenticateServiceToken` accepts a token in one atomic statement (not revoked, not
 * expired, and `last_used_at` set), so a token revoked concurrently with a use is either used before
 * the revocation commits or refused — never accepted after `revokeServiceToken` has returned.
 * Machine calls go to the append-only `api_calls` table (`recordApiCall`).
 */
import { officeDay } from '@policy/schemas';
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';
import type { ServiceTokenRow, TokenScope } from './service-token.table.ts';
import { TOKEN_SCOPES } from './service-token.table.ts';

export const TOKEN_PREFIX = 'pcs_';
/** Longest validity of a token from its creation, in days. */
export const TOKEN_MAX_DAYS = 3 * 366;

export interface ServiceToken {
  id: number;
  name: string;
  department: string | null;
  scope: TokenScope;
  expiresOn: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
}

export interface NewServiceToken {
  name: string;
  /** A department id; null = the credit office's scope. */
  department: string | null;
  scope: TokenScope;
  /** YYYY-MM-DD: the last day it is accepted. */
  expiresOn: string;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const toToken = (r: ServiceTokenRow): ServiceToken => ({
  id: Number(r.id),
  name: r.name,
  department: r.department,
  scope: r.scope,
  expiresOn: r.expires_on,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
  lastUsedAt: r.last_used_at,
});

/** Today's calendar date of the office (China time), YYYY-MM-DD. */
export function localDate(d = new Date()): string {
  return officeDay(d);
}

function assertCreditOffice(actor: Actor): void {
  if (actor.role !== 'credit-office') {
    throw new DbError('FORBIDDEN', '只有信用办可以管理服务令牌 / only the credit office manages service tokens', { reason: 'role' });
  }
}

const invalid = (zh: string, en: string) => new DbError('BAD_REQUEST', `${zh} / ${en}`, { reason: 'invalid-input' });

function checkNew(input: NewServiceToken, today: string): void {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw invalid('令牌名称须为 1–100 个字符', 'the token name must be 1–100 characters');
  if (input.department !== null && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(input.department)) throw invalid(`部门标识无效：${input.department}`, `invalid department id: ${input.department}`);
  if (!(TOKEN_SCOPES as readonly string[]).includes(input.scope)) throw invalid(`权限范围无效：${input.scope}`, `invalid scope: ${input.scope}`);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.expiresOn);
  const date = d ? new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== input.expiresOn) throw invalid(`到期日无效：${input.expiresOn}`, `invalid expiry date: ${input.expiresOn}`);
  if (input.expiresOn < today) throw invalid(`到期日 ${input.expiresOn} 已过`, `the expiry date ${input.expiresOn} has passed`);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today)!;
  const days = (date.getTime() - Date.UTC(Number(t[1]), Number(t[2]) - 1, Number(t[3]))) / 86_400_000;
  if (days > TOKEN_MAX_DAYS) throw invalid(`有效期不能超过 ${TOKEN_MAX_DAYS} 天`, `a token may be valid for at most ${TOKEN_MAX_DAYS} days`);
}

/**
 * Creates a token (credit office only) and returns it with the secret, which is never shown again.
 *
 * @example
 * const { token, secret } = await createServiceToken(db, creditOffice, { name: '交通局业务系统', department: 'transport', scope: 'read', expiresOn: '2027-06-30' });
 */
export async function createServiceToken(db: Kysely<Database>, actor: Actor, input: NewServiceToken, today = localDate()): Promise<{ token: ServiceToken; secret: string }> {
  assertCreditOffice(actor);
  checkNew(input, today);
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const name = input.name.trim();
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('service_tokens').select('id').where('name', '=', name).executeTakeFirst();
    if (taken) throw new DbError('CONFLICT', `已有同名令牌：${name} / a token named ${name} exists`, { reason: 'duplicate' });
    const row = await trx
      .insertInto('service_tokens')
      .values({ name, department: input.department, scope: input.scope, expires_on: input.expiresOn, token_hash: tokenHash(secret), created_by: actor.username, created_at: new Date().toISOString() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'token.create',
      target: `token:${row.id}`,
      reason: `name=${name}; department=${input.department ?? '*'}; scope=${input.scope}; expires=${input.expiresOn}`,
    });
    return { token: toToken(row), secret };
  });
}

/** Every token (never the secret), newest first. Credit office only. */
export async function listServiceTokens(db: Kysely<Database>, actor: Actor): Promise<ServiceToken[]> {
  assertCreditOffice(actor);
  return (await db.selectFrom('service_tokens').selectAll().orderBy('id', 'desc').execute()).map(toToken);
}

/** Revokes a token (credit office only); CONFLICT when already revoked. Audit-logged. */
export async function revokeServiceToken(db: Kysely<Database>, actor: Actor, id: number, reason?: string): Promise<ServiceToken> {
  assertCreditOffice(actor);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('service_tokens')
      .set({ revoked_at: new Date().toISOString(), revoked_by: actor.username })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom('service_tokens').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw new DbError('NOT_FOUND', `令牌不存在 / no such token: ${id}`, { reason: 'not-found' });
      throw new DbError('CONFLICT', `令牌 ${id} 已被吊销 / token ${id} is already revoked`, { reason: 'wrong-status' });
    }
    await recordAudit(trx, actor, { action: 'token.revoke', target: `token:${row.id}`, reason: `name=${row.name}${reason ? `; ${reason}` : ''}` });
    return toToken(row);
  });
}

export type TokenCheck =
  | { ok: true; token: ServiceToken }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'expired'; token: ServiceToken | null };

/**
 * Accepts a presented token when it is known, not revoked and not past its expiry day (`today`),
 * marking it used — in one statement; otherwise says why.
 */
export async function authenticateServiceToken(db: Kysely<Database>, secret: string, today = localDate()): Promise<TokenCheck> {
  if (!secret.startsWith(TOKEN_PREFIX) || !/^pcs_[A-Za-z0-9_-]{43}$/.test(secret)) return { ok: false, reason: 'malformed', token: null };
  const hash = tokenHash(secret);
  const row = await db
    .updateTable('service_tokens')
    .set({ last_used_at: new Date().toISOString() })
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .where('expires_on', '>=', today)
    .returningAll()
    .executeTakeFirst();
  if (row) return { ok: true, token: toToken(row) };
  const found = await db.selectFrom('service_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!found) return { ok: false, reason: 'unknown', token: null };
  return { ok: false, reason: found.revoked_at !== null ? 'revoked' : 'expired', token: toToken(found) };
}

export interface ApiCall {
  tokenId: number | null;
  tokenName: string;
  method: string;
  route: string;
  status: number;
  records: number;
  detail?: string | null;
  clientAddress?: string | null;
}

/** Appends one machine call to `api_calls`. */
export async function recordApiCall(db: Kysely<Database>, call: ApiCall, at = new Date().toISOString()): Promise<void> {
  await db
    .insertInto('api_calls')
    .values({
      at,
      token_id: call.tokenId,
      token_name: call.tokenName,
      method: call.method,
      route: call.route,
      status: call.status,
      records: call.records,
      detail: call.detail ?? null,
      client_address: call.clientAddress ?? null,
    })
    .execute();
}

/** Recent machine calls (newest first), of one token or all. Credit office only. */
export async function listApiCalls(db: Kysely<Database>, actor: Actor, query: { tokenId?: number; limit?: number } = {}): Promise<(ApiCall & { id: number; at: string })[]> {
  assertCreditOffice(actor);
  let q = db.selectFrom('api_calls').selectAll().orderBy('id', 'desc').limit(Math.min(query.limit ?? 100, 1000));
  if (query.tokenId !== undefined) q = q.where('token_id', '=', query.tokenId);
  return (await q.execute()).map((r) => ({
    id: Number(r.id),
    at: r.at,
    tokenId: r.token_id === null ? null : Number(r.token_id),
    tokenName: r.token_name,
    method: r.method,
    route: r.route,
    status: Number(r.status),
    records: Number(r.records),
    detail: r.detail,
    clientAddress: r.client_address,
  }));
}
