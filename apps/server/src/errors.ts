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

export function forbidden(message: string): TRPCError {
  return new TRPCError({ code: 'FORBIDDEN', message });
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
