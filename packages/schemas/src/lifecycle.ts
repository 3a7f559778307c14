/**
 * The lifecycle of a policy document's versions and who may do what with them: one vocabulary for
 * the store (packages/db enforces it), the server and the admin (which hides what would be refused).
 *
 * draft → in-review → approved → published → superseded; a rejected review marks the submitted
 * version `rejected` (it never changes again) and opens a new draft with the same content.
 */
import type { DocumentKind } from './documents.ts';

// ---------------------------------------------------------------- roles and owners

export const ROLES = ['credit-office', 'department-editor', 'reviewer', 'viewer'] as const;
/** credit-office 信用办 / department-editor 部门编辑 / reviewer 审核人 / viewer 只读. */
export type Role = (typeof ROLES)[number];

/** The owner (and department) id of the credit office; every other owner is a department id. */
export const CREDIT_OFFICE = 'credit-office';

/** Who is asking: a role and, for department editors, their department. */
export interface Principal {
  role: Role;
  /** `credit-office`, a department id, or null. */
  department: string | null;
}

/** Document kinds the credit office owns (grading, sampling, domain assignment). */
export const CREDIT_OFFICE_KINDS: readonly DocumentKind[] = ['grading', 'sampling', 'domain-assignment'];
/** Document kinds a department owns (its supervision items, industry models and early-warning rules). */
export const DEPARTMENT_KINDS: readonly DocumentKind[] = ['supervision-items', 'industry-model', 'early-warning'];

/**
 * Kinds of documents an owner may hold: the credit office's kinds for `credit-office`, the
 * department kinds for any other owner.
 *
 * @example
 * kindsOwnedBy('transport') // → ['supervision-items', 'industry-model', 'early-warning']
 */
export function kindsOwnedBy(owner: string): readonly DocumentKind[] {
  return owner === CREDIT_OFFICE ? CREDIT_OFFICE_KINDS : DEPARTMENT_KINDS;
}

// ---------------------------------------------------------------- statuses

export const VERSION_STATUSES = ['draft', 'in-review', 'approved', 'published', 'superseded', 'rejected'] as const;
/** See the module comment for the order. */
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** Versions neither released nor closed: a document has at most one. */
export const OPEN_STATUSES: readonly VersionStatus[] = ['draft', 'in-review', 'approved'];
/** Versions that were in force at some time: everyone may read them. */
export const RELEASED_STATUSES: readonly VersionStatus[] = ['published', 'superseded'];

export const isOpenStatus = (status: string): boolean => (OPEN_STATUSES as readonly string[]).includes(status);
export const isReleasedStatus = (status: string): boolean => (RELEASED_STATUSES as readonly string[]).includes(status);

/**
 * The status changes of one version. A released version (`published`) never changes again: whether
 * it is in force, scheduled or superseded on a date is computed from the effective dates
 * (`standingsAt` in in-force.ts), never stored. `superseded` is only found on versions released
 * before that rule; `rejected` is final. The database triggers refuse every other change.
 */
export const STATUS_TRANSITIONS: Readonly<Record<VersionStatus, readonly VersionStatus[]>> = {
  draft: ['in-review'],
  'in-review': ['approved', 'rejected'],
  approved: ['published'],
  published: [],
  superseded: [],
  rejected: [],
};

/**
 * True when a version may go from one status to the other.
 *
 * @example
 * canTransition('draft', 'in-review') // → true
 * canTransition('approved', 'in-review') // → false
 */
export const canTransition = (from: VersionStatus, to: VersionStatus): boolean => STATUS_TRANSITIONS[from].includes(to);

// ---------------------------------------------------------------- permissions

/**
 * Kinds of documents the principal may create and edit drafts of: the credit office its kinds,
 * department editors the department kinds (of their own department), nobody else any.
 */
export function writableKinds(p: Pick<Principal, 'role'>): readonly DocumentKind[] {
  if (p.role === 'credit-office') return CREDIT_OFFICE_KINDS;
  if (p.role === 'department-editor') return DEPARTMENT_KINDS;
  return [];
}

/**
 * True when the principal may create and edit drafts of a document with this kind and owner.
 *
 * @example
 * canWrite({ role: 'department-editor', department: 'transport' }, { kind: 'industry-model', owner: 'transport' }) // → true
 * canWrite({ role: 'credit-office', department: 'credit-office' }, { kind: 'industry-model', owner: 'transport' }) // → false
 */
export function canWrite(p: Principal, doc: { kind: DocumentKind; owner: string }): boolean {
  if (p.role === 'credit-office') return doc.owner === CREDIT_OFFICE && CREDIT_OFFICE_KINDS.includes(doc.kind);
  if (p.role === 'department-editor') return p.department !== null && doc.owner === p.department && DEPARTMENT_KINDS.includes(doc.kind);
  return false;
}

/** True when the principal may create documents at all. */
export const canCreate = (p: Pick<Principal, 'role'>): boolean => writableKinds(p).length > 0;

/** True when the principal may read unreleased versions (drafts, reviews) of a document with this owner. */
export function canReadUnreleased(p: Principal, doc: { owner: string }): boolean {
  if (p.role === 'credit-office' || p.role === 'reviewer') return true;
  if (p.role === 'department-editor') return p.department === doc.owner;
  return false;
}

/** True when the principal may read a version with this status of a document with this owner. */
export const canReadVersion = (p: Principal, doc: { owner: string }, status: VersionStatus): boolean =>
  isReleasedStatus(status) || canReadUnreleased(p, doc);

/** Department editors see only their own department's documents in lists; everyone else sees all. */
export const visibleTo = (p: Principal, doc: { owner: string }): boolean => p.role !== 'department-editor' || doc.owner === p.department;

/** Reviewers and the credit office approve or reject (never a version they made). */
export const canReview = (p: Pick<Principal, 'role'>): boolean => p.role === 'reviewer' || p.role === 'credit-office';

/**
 * Who the store lets publish an approved version: reviewers and the credit office. (The server's
 * `documents.publish` procedure narrows this to the credit office.)
 */
export const canPublish = (p: Pick<Principal, 'role'>): boolean => p.role === 'credit-office' || p.role === 'reviewer';

/**
 * A rollback is a draft copying an earlier version's content, reviewed and published like any other:
 * whoever may write the document may start one.
 */
export const canRollback = (p: Principal, doc: { kind: DocumentKind; owner: string }): boolean => canWrite(p, doc);

/** Only the credit office sets how many approvals a kind needs. */
export const canSetApprovals = (p: Pick<Principal, 'role'>): boolean => p.role === 'credit-office';

/** Only the credit office creates users. */
export const canManageUsers = (p: Pick<Principal, 'role'>): boolean => p.role === 'credit-office';

/** Imports, generation and deletion of datasets: the credit office. */
export const canManageDatasets = (p: Pick<Principal, 'role'>): boolean => p.role === 'credit-office';

/** The audit log is for the credit office and reviewers. */
export const canReadAudit = (p: Pick<Principal, 'role'>): boolean => p.role === 'credit-office' || p.role === 'reviewer';

// ---------------------------------------------------------------- firm-level reads

/**
 * Which enterprises' firm-level results (a record, an explanation, a name or USCC in a list, a
 * sample) a principal may read — evaluation results are internal (003 第五条: 不向社会公开,
 * 不提供给被评价对象):
 * - `all`: the credit office and reviewers, every enterprise;
 * - `departments`: a department editor, only the enterprises in the domains its department
 *   supervises (by the domain assignment in force: the evaluated enterprise's `departments`);
 * - `none`: a viewer (or an editor without a department) reads aggregates only — distributions,
 *   matrices, workload counts — never a single enterprise.
 *
 * @example
 * firmReadScope({ role: 'department-editor', department: 'transport' }) // → { kind: 'departments', departments: ['transport'] }
 * firmReadScope({ role: 'viewer', department: null }) // → { kind: 'none' }
 */
export type FirmReadScope = { kind: 'all' } | { kind: 'departments'; departments: readonly string[] } | { kind: 'none' };

export function firmReadScope(p: Principal): FirmReadScope {
  if (p.role === 'credit-office' || p.role === 'reviewer') return { kind: 'all' };
  if (p.role === 'department-editor' && p.department !== null && p.department !== CREDIT_OFFICE) return { kind: 'departments', departments: [p.department] };
  return { kind: 'none' };
}

/** True when the principal may read firm-level results at all (of some enterprise). */
export const canReadFirms = (p: Principal): boolean => firmReadScope(p).kind !== 'none';

/**
 * True when the principal may read this enterprise's firm-level results; `enterprise.departments`
 * are the departments whose domains the enterprise falls in (from the evaluation under the domain
 * assignment in force).
 *
 * @example
 * canReadEnterprise({ role: 'department-editor', department: 'transport' }, { departments: ['transport', 'tax'] }) // → true
 * canReadEnterprise({ role: 'department-editor', department: 'transport' }, { departments: ['tax'] }) // → false
 * canReadEnterprise({ role: 'viewer', department: null }, { departments: ['tax'] }) // → false
 */
export function canReadEnterprise(p: Principal, enterprise: { departments: readonly string[] }): boolean {
  const scope = firmReadScope(p);
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  return enterprise.departments.some((d) => scope.departments.includes(d));
}

/** Aggregates (distributions, migration matrices, workload counts) are open to every signed-in role. */
export const canReadAggregates = (p: Pick<Principal, 'role'>): boolean => (ROLES as readonly string[]).includes(p.role);

// ---------------------------------------------------------------- effective dates

/** Approvals a retroactive version needs on top of the kind's usual number. */
export const RETROACTIVE_EXTRA_APPROVALS = 1;

/**
 * Distinct approvals a version needs: the number configured for its kind, one more when it is
 * retroactive (in force from a date before the day it is published).
 *
 * @example
 * approvalsNeeded(2, true) // → 3
 */
export const approvalsNeeded = (forKind: number, retroactive: boolean): number => forKind + (retroactive ? RETROACTIVE_EXTRA_APPROVALS : 0);

/**
 * What is wrong with a version's effective date for release on `today` (all YYYY-MM-DD):
 * - `past-unmarked`: before `today` without being marked retroactive with a written reason;
 * - `marked-not-past`: marked retroactive but not before `today` (remove the mark);
 * - `no-reason`: marked retroactive without a reason.
 * Null when the date may be released as it is.
 *
 * @example
 * effectiveDateProblem('2025-01-01', '2026-11-26', { retroactive: false }) // → 'past-unmarked'
 * effectiveDateProblem('2025-01-01', '2026-11-26', { retroactive: true, reason: '法规自 2025 年起施行' }) // → null
 */
export function effectiveDateProblem(
  effectiveFrom: string,
  today: string,
  mark: { retroactive: boolean; reason?: string | null },
): 'past-unmarked' | 'marked-not-past' | 'no-reason' | null {
  if (mark.retroactive && !(mark.reason ?? '').trim()) return 'no-reason';
  if (effectiveFrom < today) return mark.retroactive ? null : 'past-unmarked';
  return mark.retroactive ? 'marked-not-past' : null;
}

// ---------------------------------------------------------------- evaluation runs

/** Roles that may start an official evaluation run. */
export const RUN_CREATOR_ROLES: readonly Role[] = ['credit-office'];

/**
 * Why a principal may not sign off an evaluation run, or null when it may: a reviewer other than
 * the run's creator signs off a completed run.
 *
 * @example
 * runSignOffProblem({ role: 'reviewer', username: 'reviewer' }, { createdBy: 'credit-office', status: 'completed' }) // → null
 * runSignOffProblem({ role: 'reviewer', username: 'alice' }, { createdBy: 'alice', status: 'completed' }) // → 'self'
 */
export function runSignOffProblem(p: { role: Role; username: string }, run: { createdBy: string; status: string }): 'role' | 'self' | 'status' | null {
  if (p.role !== 'reviewer') return 'role';
  if (p.username === run.createdBy) return 'self';
  if (run.status !== 'completed') return 'status';
  return null;
}

/** True when the principal may sign off the run ({@link runSignOffProblem} is null). */
export const canSignOffRun = (p: { role: Role; username: string }, run: { createdBy: string; status: string }): boolean => runSignOffProblem(p, run) === null;
