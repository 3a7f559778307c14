/** The one error boundary: repository errors and validation results become TRPCErrors here and only here. */
import { TRPCError } from '@trpc/server';
import type { Issue } from '@policy/schemas';
import { isDbError } from '@policy/db';
import { dbFault } from '@policy/db/client';
import type { DbFaultKind } from '@policy/db/client';

/** A TRPCError that carries validation issues (shown in `shape.data.issues`). */
export class IssuesError extends Error {
  override readonly name = 'IssuesError';
  constructor(
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
  }
}

/** BAD_REQUEST with the issues of a failed validation. */
export function badRequest(message: string, issues: Issue[] = []): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message, cause: new IssuesError(message, issues) });
}

export function notFound(message: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message });
}

/** Why a request was refused, for clients to act on without parsing messages (shown in `shape.data.reason`). */
export type ServerReason = 'must-change-password' | 'cross-origin' | 'batch-too-large' | `db-${DbFaultKind}`;

/** The cause of a server-side refusal that carries a `reason`. */
export class RefusalError extends Error {
  override readonly name = 'RefusalError';
  constructor(
    message: string,
    readonly reason: ServerReason,
  ) {
    super(message);
  }
}

/** FORBIDDEN; with `reason`, clients see it in `error.data.reason`. */
export function forbidden(message: string, reason?: ServerReason): TRPCError {
  return new TRPCError({ code: 'FORBIDDEN', message, cause: reason ? new RefusalError(message, reason) : undefined });
}

export const MUST_CHANGE_PASSWORD_MESSAGE =
  '请先修改密码：修改前只能查看本人信息、修改密码或退出登录 / change your password first: until then you can only see who you are, change the password or log out';

/** The `reason` of a refusal: the repository's DbError reason or the server's own. */
export function reasonOf(cause: unknown): string | undefined {
  if (isDbError(cause)) return cause.details.reason;
  if (cause instanceof RefusalError) return cause.reason;
  return undefined;
}

/** Maps a repository DbError (or anything else) to a TRPCError; unknown errors stay INTERNAL_SERVER_ERROR. */
export function toTRPCError(e: unknown): TRPCError {
  if (e instanceof TRPCError) return e;
  if (isDbError(e)) return new TRPCError({ code: e.code, message: e.message, cause: e });
  return faultAsTRPCError(e) ?? new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE, cause: e instanceof Error ? e : undefined });
}

/** Issues carried by an error's cause, if any (DbError details or IssuesError). */
export function issuesOf(cause: unknown): Issue[] | undefined {
  if (cause instanceof IssuesError) return cause.issues;
  if (isDbError(cause)) return cause.details.issues;
  return undefined;
}

export const INTERNAL_MESSAGE = '服务器内部错误 / internal server error';

/** The body of every non-tRPC error answer: `{ error: { code, message, reason? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; reason?: string };
}

export const errorBody = (code: string, message: string, reason?: string): ErrorBody => ({ error: { code, message, ...(reason ? { reason } : {}) } });

/**
 * The public face of an unexpected error: a database fault becomes a 503 in plain words, anything
 * else a generic 500. `detail` is what the log line holds (the driver's own text never reaches the client).
 *
 * @example
 * const p = publicError(e);
 * reply.code(p.status).send(p.body);
 */
export function publicError(e: unknown): { status: number; body: ErrorBody; fault: boolean } {
  const fault = dbFault(e);
  if (fault) return { status: 503, body: errorBody('SERVICE_UNAVAILABLE', fault.message, `db-${fault.kind}`), fault: true };
  return { status: 500, body: errorBody('INTERNAL_SERVER_ERROR', INTERNAL_MESSAGE), fault: false };
}

/** A database fault as the TRPCError the client sees (503), or undefined for any other error. */
export function faultAsTRPCError(e: unknown): TRPCError | undefined {
  const fault = dbFault(e);
  if (!fault) return undefined;
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: fault.message, cause: new RefusalError(fault.message, `db-${fault.kind}`) });
}
