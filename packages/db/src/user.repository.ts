/** Users, passwords (scrypt from node:crypto) and sessions. Passwords and tokens are never logged or stored in clear. */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { sha256 } from './canonical.ts';
import type { Database } from './database.ts';
import { writeTx } from './document-lock.ts';
import { DbError } from './errors.ts';
import { dialectOf } from './raw.ts';
import type { ThrottleRule } from './security.repository.ts';
import { admitLoginAttempt, recordSecurityEvent, releaseLoginAttempt, settleLoginAttempt } from './security.repository.ts';
import type { Role, UserRow } from './user.table.ts';
import { ROLES } from './user.table.ts';

/**
 * A deactivated account keeps its hash behind this prefix: no password matches it (the scheme is not
 * `scrypt`), and reactivating restores it. No column of its own, so no migration.
 */
const DISABLED = 'disabled$';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 } as const;

function scrypt(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, keylen, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * Hashes a password as `scrypt$N$r$p$salt$hash` (base64), with a fresh 16-byte salt.
 *
 * @example
 * const stored = await hashPassword('correct horse'); // 'scrypt$16384$8$1$…$…'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Compares a password with a stored hash in constant time. */
export async function checkPasswordHash(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A user without the password hash: what the server may hand out. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  department: string | null;
  mustChangePassword: boolean;
  /** False once the credit office deactivated the account: it cannot log in (see {@link setUserActive}). */
  active: boolean;
  createdAt: string;
}

const toUser = (row: UserRow): User => ({
  id: Number(row.id),
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  department: row.department,
  mustChangePassword: Number(row.must_change_password) === 1,
  active: !row.password_hash.startsWith(DISABLED),
  createdAt: row.created_at,
});

/** The `Actor` a user acts as. */
export const toActor = (user: Pick<User, 'id' | 'username' | 'role' | 'department'>): Actor => ({
  id: user.id,
  username: user.username,
  role: user.role,
  department: user.department,
});

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  /** Required for department editors; `credit-office` for credit-office users. */
  department?: string | null;
  password: string;
  /** Default true: the user must change the password at first login. */
  mustChangePassword?: boolean;
}

const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/**
 * Creates a user (credit office only, or `SYSTEM_ACTOR` while seeding). Audit-logged without the password.
 *
 * @example
 * const u = await createUser(db, creditOffice, { username: 'li', displayName: '李', role: 'reviewer', password: 'x…' });
 */
export async function createUser(db: Kysely<Database>, actor: Actor, input: NewUser): Promise<User> {
  if (actor.role !== 'credit-office') {
    throw new DbError('FORBIDDEN', '只有信用办可以创建用户 / only the credit office can create users', { reason: 'role' });
  }
  if (!USERNAME_RE.test(input.username)) {
    throw new DbError('BAD_REQUEST', `用户名无效 / invalid username: ${input.username}`, { reason: 'invalid-input' });
  }
  if (!ROLES.includes(input.role)) {
    throw new DbError('BAD_REQUEST', `角色无效 / invalid role: ${String(input.role)}`, { reason: 'invalid-input' });
  }
  const department = input.role === 'credit-office' ? 'credit-office' : (input.department ?? null);
  if (input.role === 'department-editor' && (!department || department === 'credit-office')) {
    throw new DbError('BAD_REQUEST', '部门编辑必须属于一个部门 / a department editor needs a department', { reason: 'invalid-input' });
  }
  if (input.password.length < 8) {
    throw new DbError('BAD_REQUEST', '密码至少 8 个字符 / the password needs at least 8 characters', { reason: 'invalid-input' });
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new DbError('CONFLICT', `用户名已存在 / username taken: ${input.username}`, { reason: 'duplicate' });
    const row = await trx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        role: input.role,
        department,
        password_hash: passwordHash,
        must_change_password: input.mustChangePassword === false ? 0 : 1,
        created_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'user.create', target: `user:${input.username}`, reason: `role=${input.role}` });
    return toUser(row);
  });
}

/**
 * Checks a username and password. Returns the user, or `undefined` for an unknown user or a wrong
 * password (indistinguishable to the caller; a dummy hash keeps the timing alike).
 *
 * @example
 * const user = await verifyPassword(db, 'admin', password);
 * if (!user) throw new TRPCError({ code: 'UNAUTHORIZED' });
 */
export async function verifyPassword(db: Kysely<Database>, username: string, password: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = await checkPasswordHash(password, row?.password_hash ?? DUMMY_HASH);
  return row && ok ? toUser(row) : undefined;
}
const DUMMY_HASH = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(64).toString('base64')}`;

export type LoginOutcome =
  | { ok: true; user: User }
  | { ok: false; reason: 'bad-credentials' }
  /** Too many failures for the account or the address: no password was checked. */
  | { ok: false; reason: 'throttled'; retryAfterMs: number; locked: boolean; by: 'account' | 'address' };

export interface LoginAttempt {
  username: string;
  password: string;
  /** The client's address, throttled on its own (omit in scripts). */
  clientAddress?: string | null;
  account: ThrottleRule;
  address: ThrottleRule;
}

/**
 * A throttled log-in (see security.repository.ts): admits the attempt for the account and the
 * client address, checks the password only when admitted, and records the outcome as a security
 * event — failures and the locks they impose, and successes — never in the audit log.
 *
 * @example
 * const r = await attemptLogin(db, { username, password, clientAddress: '10.0.0.7', account: rule, address: rule });
 * if (!r.ok && r.reason === 'throttled') reply429(r.retryAfterMs);
 */
export async function attemptLogin(db: Kysely<Database>, attempt: LoginAttempt, now = Date.now()): Promise<LoginOutcome> {
  const username = attempt.username;
  const clientAddress = attempt.clientAddress ?? null;
  const keys = [{ key: `user:${username.toLowerCase()}`, rule: attempt.account }];
  if (clientAddress) keys.push({ key: `addr:${clientAddress}`, rule: attempt.address });
  const admission = await admitLoginAttempt(db, keys, now);
  if (!admission.admitted) {
    const by = admission.key.startsWith('user:') ? 'account' : 'address';
    return { ok: false, reason: 'throttled', retryAfterMs: admission.retryAfterMs, locked: admission.locked, by };
  }
  let user: User | undefined;
  try {
    user = await verifyPassword(db, username, attempt.password);
  } catch (e) {
    await releaseLoginAttempt(db, admission).catch(() => undefined);
    throw e;
  }
  const at = new Date(now);
  if (user) {
    await settleLoginAttempt(db, admission, 'success', now);
    await recordSecurityEvent(db, { kind: 'login.succeeded', username: user.username, userId: user.id, clientAddress }, at);
    return { ok: true, user };
  }
  const locks = await settleLoginAttempt(db, admission, 'failure', now);
  const known = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  await recordSecurityEvent(
    db,
    { kind: 'login.failed', username, userId: known ? Number(known.id) : null, clientAddress, detail: known ? 'wrong password' : 'unknown account' },
    at,
  );
  for (const l of locks) {
    await recordSecurityEvent(
      db,
      {
        kind: 'login.locked',
        username,
        userId: known ? Number(known.id) : null,
        clientAddress,
        detail: `${l.key.startsWith('user:') ? 'account' : 'address'} locked until ${new Date(l.lockedUntil).toISOString()} (lock ${l.locks} in a row)`,
      },
      at,
    );
  }
  return { ok: false, reason: 'bad-credentials' };
}

/**
 * Changes the actor's own password (the old one must match) and clears `mustChangePassword`.
 * Throws FORBIDDEN `bad-credentials` when the old password is wrong.
 */
export async function changePassword(
  db: Kysely<Database>,
  actor: Actor,
  input: { oldPassword: string; newPassword: string },
): Promise<void> {
  const user = await verifyPassword(db, actor.username, input.oldPassword);
  if (!user || user.id !== actor.id) {
    throw new DbError('FORBIDDEN', '原密码不正确 / the current password is wrong', { reason: 'bad-credentials' });
  }
  if (input.newPassword.length < 8 || input.newPassword === input.oldPassword) {
    throw new DbError('BAD_REQUEST', '新密码至少 8 个字符且不能与原密码相同 / the new password needs 8+ characters and must differ', {
      reason: 'invalid-input',
    });
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: 0 }).where('id', '=', actor.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', actor.id).execute();
    await recordAudit(trx, actor, { action: 'user.change-password', target: `user:${actor.username}` });
  });
}

/** A user by id, or undefined. */
export async function getUser(db: Kysely<Database>, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Every user, by username. */
export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}

/**
 * Opens a session: returns the bearer token (only its SHA-256 is stored) and its expiry.
 *
 * @example
 * const { token, expiresAt } = await createSession(db, user.id, 8 * 3600_000);
 */
export async function createSession(
  db: Kysely<Database>,
  userId: number,
  ttlMs = 8 * 3600_000,
  now = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The user of a live session, or undefined when the token is unknown or expired. */
export async function getSessionUser(db: Kysely<Database>, token: string, now = new Date()): Promise<User | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.token_hash', '=', sha256(token))
    .where('sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Ends a session (logout). */
export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

// ---------------------------------------------------------------------------------------------------
// Accounts managed by the credit office (issue 15): one-time passwords, reset, deactivate.

/** Letters and digits a person reads without confusing them (no 0/O, 1/l/I). */
const OTP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random 12-character password to hand over once; the user must change it at the next log-in. */
export function oneTimePassword(length = 12): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  // rejection sampling keeps every character equally likely
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i]!;
    if (b < 256 - (256 % OTP_ALPHABET.length)) out += OTP_ALPHABET[b % OTP_ALPHABET.length];
  }
  return out.length === length ? out : oneTimePassword(length);
}

function onlyCreditOffice(actor: Actor, what: string): void {
  if (actor.role !== 'credit-office') {
    throw new DbError('FORBIDDEN', `只有信用办可以${what} / only the credit office may do this`, { reason: 'role' });
  }
}

async function userRow(db: Kysely<Database>, id: number): Promise<UserRow> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DbError('NOT_FOUND', `没有编号为 ${id} 的用户 / no user ${id}`, { reason: 'not-found' });
  return row;
}

/**
 * Creates a user with a generated one-time password, returned here once and stored only as its hash;
 * the user must change it at the first log-in. Credit office only; audited like {@link createUser}.
 *
 * @example
 * const { user, password } = await createUserWithOneTimePassword(db, office, { username: 'wang', displayName: '王五', role: 'viewer' });
 */
export async function createUserWithOneTimePassword(
  db: Kysely<Database>,
  actor: Actor,
  input: Omit<NewUser, 'password' | 'mustChangePassword'>,
): Promise<{ user: User; password: string }> {
  onlyCreditOffice(actor, '创建用户');
  const password = oneTimePassword();
  const user = await createUser(db, actor, { ...input, password, mustChangePassword: true });
  return { user, password };
}

/**
 * Gives a user a new one-time password (returned once), ends the user's sessions and requires a change
 * at the next log-in. Credit office only; audited as `user.reset-password` (never the password). A
 * deactivated account stays deactivated.
 */
export async function resetPassword(db: Kysely<Database>, actor: Actor, userId: number): Promise<{ user: User; password: string }> {
  onlyCreditOffice(actor, '重置密码');
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const row = await userRow(trx, userId);
    const stored = row.password_hash.startsWith(DISABLED) ? `${DISABLED}${hash}` : hash;
    await trx.updateTable('users').set({ password_hash: stored, must_change_password: 1 }).where('id', '=', userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await recordAudit(trx, actor, { action: 'user.reset-password', target: `user:${row.username}` });
    return { user: toUser({ ...row, password_hash: stored, must_change_password: 1 }), password };
  });
}

/**
 * Deactivates (no log-in, sessions ended) or reactivates a user. Credit office only, never one's own
 * account; audited as `user.deactivate` / `user.activate`. Nothing the user did is removed.
 */
export async function setUserActive(db: Kysely<Database>, actor: Actor, userId: number, active: boolean): Promise<User> {
  onlyCreditOffice(actor, active ? '启用用户' : '停用用户');
  if (userId === actor.id && !active) {
    throw new DbError('BAD_REQUEST', '不能停用自己的账号 / you cannot deactivate your own account', { reason: 'invalid-input' });
  }
  return writeTx(db, async (trx) => {
    await lockUsers(trx);
    const row = await userRow(trx, userId);
    const isActive = !row.password_hash.startsWith(DISABLED);
    if (isActive === active) return toUser(row);
    if (!active && row.role === 'credit-office' && (await otherActiveOffice(trx, userId)) === 0) {
      throw new DbError('CONFLICT', '不能停用最后一个启用的信用办账号 / the last active credit-office account stays active', { reason: 'last-credit-office' });
    }
    const stored = active ? row.password_hash.slice(DISABLED.length) : `${DISABLED}${row.password_hash}`;
    await trx.updateTable('users').set({ password_hash: stored }).where('id', '=', userId).execute();
    if (!active) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await recordAudit(trx, actor, { action: active ? 'user.activate' : 'user.deactivate', target: `user:${row.username}` });
    return toUser({ ...row, password_hash: stored });
  });
}

/** The advisory lock that serialises changes of who holds the credit-office role (PostgreSQL). */
const USERS_LOCK = 7340017;

/** Takes the users lock: PostgreSQL `pg_advisory_xact_lock`; SQLite already holds its writer lock (`writeTx`). */
async function lockUsers(trx: Kysely<Database>): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(USERS_LOCK)})`.execute(trx);
}

/** Active credit-office accounts other than `exceptId`, read under the users lock. */
async function otherActiveOffice(trx: Kysely<Database>, exceptId: number): Promise<number> {
  const rows = await trx.selectFrom('users').select(['id', 'password_hash']).where('role', '=', 'credit-office').where('id', '!=', exceptId).execute();
  return rows.filter((r) => !r.password_hash.startsWith(DISABLED)).length;
}

/**
 * Changes a user's role and department. Credit office only; audited as `user.change-role` (reason
 * `role=…`, with `department=…` for a department role). A department editor needs a department (the
 * caller checks it against the directory in force); reviewers and the credit office sit in the credit
 * office. The last active credit-office account cannot be demoted — checked under a lock that
 * serialises every such change (two concurrent demotions of the last two leave one). The user's open
 * sessions take the new role at the next request (a session reads its user's row each time).
 *
 * @example
 * await changeUserRole(db, office, 7, { role: 'department-editor', department: 'transport' });
 */
export async function changeUserRole(
  db: Kysely<Database>,
  actor: Actor,
  userId: number,
  input: { role: Role; department?: string | null },
): Promise<User> {
  onlyCreditOffice(actor, '更改角色');
  if (!ROLES.includes(input.role)) {
    throw new DbError('BAD_REQUEST', `角色无效 / invalid role: ${String(input.role)}`, { reason: 'invalid-input' });
  }
  const department =
    input.role === 'credit-office' || input.role === 'reviewer' ? 'credit-office' : (input.department ?? null);
  if (input.role === 'department-editor' && (!department || department === 'credit-office')) {
    throw new DbError('BAD_REQUEST', '部门编辑必须属于一个部门，请选择部门 / a department editor needs a department', { reason: 'invalid-input' });
  }
  return writeTx(db, async (trx) => {
    await lockUsers(trx);
    const row = await userRow(trx, userId);
    if (row.role === input.role && row.department === department) return toUser(row);
    const active = !row.password_hash.startsWith(DISABLED);
    if (row.role === 'credit-office' && input.role !== 'credit-office' && active && (await otherActiveOffice(trx, userId)) === 0) {
      throw new DbError('CONFLICT', '不能更改最后一个启用的信用办账号的角色 / the last active credit-office account keeps its role', {
        reason: 'last-credit-office',
      });
    }
    await trx.updateTable('users').set({ role: input.role, department }).where('id', '=', userId).execute();
    const reason = input.role === 'department-editor' || (input.role === 'viewer' && department) ? `role=${input.role} department=${department}` : `role=${input.role}`;
    await recordAudit(trx, actor, { action: 'user.change-role', target: `user:${row.username}`, reason });
    return toUser({ ...row, role: input.role, department });
  });
}
