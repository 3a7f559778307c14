/** Typed errors of the repositories; the server maps `code` to a TRPCError code one to one. */
import type { Issue } from '@policy/schemas';

export type DbErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'PRECONDITION_FAILED' | 'BAD_REQUEST';

/**
 * Finer reason within a code, so callers can tell cases apart without parsing messages.
 * - `stale-revision` (CONFLICT): the draft was saved by someone else since `revision`.
 * - `open-version-exists` (CONFLICT): the document already has a draft / in-review / approved version.
 * - `duplicate` (CONFLICT): a unique name or id is taken.
 * - `immutable` (PRECONDITION_FAILED): the version was submitted and can no longer change.
 * - `wrong-status` (PRECONDITION_FAILED): the action does not apply to the version's current status.
 * - `self-approval` / `role` / `department` (FORBIDDEN): maker–checker, role and department scoping.
 * - `not-author` (FORBIDDEN): only a draft's author (or the credit office) may discard it.
 * - `invalid-document` / `invalid-input` (BAD_REQUEST): `issues` lists what is wrong.
 * - `already-published` (CONFLICT): the version was published already (e.g. by a simultaneous publish).
 * - `effective-date-mismatch` (CONFLICT): the effective date confirmed at publish is not the version's.
 * - `effective-date` (BAD_REQUEST at submit, PRECONDITION_FAILED at publish): an effective date before
 *   the publish day without a retroactive mark and reason, or a retroactive mark on a date not in the past.
 * - `golden-cases-failing` (PRECONDITION_FAILED): publish refused while golden cases fail and no
 *   reviewer recorded an override reason; `goldenFailures` names them.
 * - `default-dataset` (PRECONDITION_FAILED): the default dataset cannot be deleted.
 */
export type DbErrorReason =
  | 'not-found'
  | 'stale-revision'
  | 'open-version-exists'
  | 'duplicate'
  | 'immutable'
  | 'wrong-status'
  | 'self-approval'
  | 'already-reviewed'
  | 'role'
  | 'department'
  | 'not-author'
  | 'invalid-document'
  | 'invalid-input'
  | 'already-published'
  | 'effective-date-mismatch'
  | 'effective-date'
  | 'golden-cases-failing'
  | 'bad-credentials'
  | 'default-dataset'
  /** Release bundle import (release-bundle-import.ts): the file does not verify, a document differs in kind or owner, a local version would stay in force. */
  | 'invalid-bundle'
  | 'document-mismatch'
  | 'superseded-here'
  /** Users (user.repository.ts): the last active credit-office account cannot be demoted or deactivated. */
  | 'last-credit-office';

export interface DbErrorDetails {
  reason: DbErrorReason;
  /** CONFLICT `stale-revision`: the revision now stored. */
  currentRevision?: number;
  /** CONFLICT `stale-revision`: the content now stored (the caller still holds its own edit). */
  currentContent?: unknown;
  /** CONFLICT `open-version-exists`: the id of that version. */
  versionId?: number;
  /** BAD_REQUEST: validation issues with JSON pointers. */
  issues?: Issue[];
  /** PRECONDITION_FAILED `golden-cases-failing`: the failing cases not covered by an override. */
  goldenFailures?: { name: string; message?: string | null }[];
}

/** Error thrown by repository functions. `message` is Chinese first, then English. */
export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
    readonly details: DbErrorDetails,
  ) {
    super(message);
  }
}

export const isDbError = (e: unknown): e is DbError => e instanceof DbError;

/**
 * The database could not be reached: no connection could be opened (refused, timed out, too many
 * connections, the server starting or shutting down). `createDb` wraps every failure to obtain a
 * PostgreSQL connection in it; `cause` keeps the driver's error for the log.
 */
export class DbUnavailableError extends Error {
  override readonly name = 'DbUnavailableError';
  constructor(options?: { cause?: unknown }) {
    super('数据库暂时无法连接 / the database is unavailable', options);
  }
}

/** A fault of the database itself rather than of the request: the server answers 503 with `message`. */
export type DbFaultKind = 'unavailable' | 'read-only' | 'disk-full';

export interface DbFault {
  kind: DbFaultKind;
  /** Chinese, then English; never the driver's text. */
  message: string;
}

const FAULT_MESSAGES: Record<DbFaultKind, string> = {
  unavailable: '数据库暂时无法连接，请稍后重试 / the database is unavailable, please try again shortly',
  'read-only': '数据库当前为只读，无法保存更改，请联系管理员 / the database is read-only, changes cannot be saved: contact the administrator',
  'disk-full': '数据库所在磁盘已满，无法保存更改，请联系管理员 / the database disk is full, changes cannot be saved: contact the administrator',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);
/** pg/pg-pool texts of a lost or unobtainable connection (they carry no code). */
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end|Client was closed and is not queryable)/;

function faultKind(e: unknown): DbFaultKind | undefined {
  if (e instanceof DbUnavailableError) return 'unavailable';
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  const message = (e as { message?: unknown }).message;
  if (typeof code === 'string') {
    // SQLite (better-sqlite3 extended result codes)
    if (code === 'SQLITE_FULL') return 'disk-full';
    if (code.startsWith('SQLITE_READONLY')) return 'read-only';
    if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) return 'unavailable';
    // PostgreSQL SQLSTATE: 53100 disk_full, 25006 read_only_sql_transaction (a standby),
    // 57P01–57P03 admin/crash shutdown and cannot_connect_now, 53300 too_many_connections, 08xxx connection exceptions
    if (code === '53100') return 'disk-full';
    if (code === '25006') return 'read-only';
    if (/^57P0[1-3]$/.test(code) || code === '53300' || /^08[0-9A-Z]{3}$/.test(code)) return 'unavailable';
    if (NETWORK_CODES.has(code)) return 'unavailable';
  }
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return 'unavailable';
  return undefined;
}

/**
 * The database fault behind an error (looking through `cause` chains and AggregateErrors), or
 * undefined for any other error.
 *
 * @example
 * dbFault(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))
 * // → { kind: 'disk-full', message: '数据库所在磁盘已满… / the database disk is full…' }
 */
export function dbFault(e: unknown): DbFault | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length && seen.size < 10) {
    const x = queue.shift();
    if (x === undefined || x === null || seen.has(x)) continue;
    seen.add(x);
    const kind = faultKind(x);
    if (kind) return { kind, message: FAULT_MESSAGES[kind] };
    if (typeof x === 'object') {
      queue.push((x as { cause?: unknown }).cause);
      if (x instanceof AggregateError) queue.push(...x.errors);
    }
  }
  return undefined;
}
