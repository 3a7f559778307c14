/** The one error boundary: repository errors and validation results become TRPCErrors here and only here. */
import { TRPCError } from '@trpc/server';
import type { Issue } from '@policy/schemas';
import { isDbError } from '@policy/db';

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
export type ServerReason = 'must-change-password';

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
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: '服务器内部错误 / internal server error', cause: e instanceof Error ? e : undefined });
}

/** Issues carried by an error's cause, if any (DbError details or IssuesError). */
export function issuesOf(cause: unknown): Issue[] | undefined {
  if (cause instanceof IssuesError) return cause.issues;
  if (isDbError(cause)) return cause.details.issues;
  return undefined;
}
