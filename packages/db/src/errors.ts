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
 * - `invalid-document` / `invalid-input` (BAD_REQUEST): `issues` lists what is wrong.
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
  | 'invalid-document'
  | 'invalid-input'
  | 'bad-credentials';

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
