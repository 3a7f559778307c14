/**
 * Who the user is and what they may do. The rules mirror the server's (packages/db `canWrite`,
 * `canReadUnreleased`, the role procedures of apps/server) so the UI never shows a button the server
 * would refuse; the server still checks every call.
 */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';
import type { DocumentKind } from '@policy/schemas';
import type { Lang, MessageKey } from '../i18n/index.tsx';

type Outputs = inferRouterOutputs<AppRouter>;
/** The signed-in user as `auth.me` returns it. */
export type SessionUser = NonNullable<Outputs['auth']['me']>;
export type Role = SessionUser['role'];

export const CREDIT_OFFICE_KINDS: readonly DocumentKind[] = ['grading', 'sampling', 'domain-assignment'];
export const DEPARTMENT_KINDS: readonly DocumentKind[] = ['supervision-items', 'industry-model'];

export const ROLE_LABEL: Record<Role, MessageKey> = {
  'credit-office': 'role.credit-office',
  'department-editor': 'role.department-editor',
  reviewer: 'role.reviewer',
  viewer: 'role.viewer',
};

/** Names of the departments (ids are English kebab-case). */
const DEPARTMENTS: Record<string, [string, string]> = {
  'credit-office': ['信用办', 'Credit office'],
  'market-regulation': ['市场监管局', 'Market Regulation'],
  'housing-construction': ['住建局', 'Housing & Construction'],
  transport: ['交通运输局', 'Transport'],
  taxation: ['税务局', 'Taxation'],
  'public-security': ['公安局', 'Public Security'],
  'ecology-environment': ['生态环境局', 'Ecology & Environment'],
  'emergency-management': ['应急管理局', 'Emergency Management'],
  health: ['卫生健康委', 'Health'],
};

/** A department's name in the UI language; the id itself when unknown. */
export function departmentName(id: string | null | undefined, lang: Lang): string {
  if (!id) return '';
  const pair = DEPARTMENTS[id];
  return pair ? (lang === 'en' ? pair[1] : pair[0]) : id;
}

/** Kinds of documents the user may create and edit drafts of. */
export function writableKinds(user: Pick<SessionUser, 'role'>): readonly DocumentKind[] {
  if (user.role === 'credit-office') return CREDIT_OFFICE_KINDS;
  if (user.role === 'department-editor') return DEPARTMENT_KINDS;
  return [];
}

/** True when the user may create and save drafts of this document. */
export function canWrite(user: Pick<SessionUser, 'role' | 'department'>, doc: { kind: DocumentKind; owner: string }): boolean {
  if (user.role === 'credit-office') return doc.owner === 'credit-office' && CREDIT_OFFICE_KINDS.includes(doc.kind);
  if (user.role === 'department-editor') return user.department !== null && doc.owner === user.department && DEPARTMENT_KINDS.includes(doc.kind);
  return false;
}

/** True when the user may create documents at all (the "新建草稿" button). */
export const canCreate = (user: Pick<SessionUser, 'role'>) => writableKinds(user).length > 0;

/** Reviewers and the credit office approve or reject (never their own version). */
export const canReview = (user: Pick<SessionUser, 'role'>) => user.role === 'reviewer' || user.role === 'credit-office';

/** Only the credit office publishes and rolls back. */
export const canPublish = (user: Pick<SessionUser, 'role'>) => user.role === 'credit-office';

/** The audit log is for the credit office and reviewers. */
export const canReadAudit = (user: Pick<SessionUser, 'role'>) => user.role === 'credit-office' || user.role === 'reviewer';

/** Uploads and deletes of datasets: the credit office only. */
export const canManageDatasets = (user: Pick<SessionUser, 'role'>) => user.role === 'credit-office';

/** Department editors see only their own department's documents. */
export function visibleToUser(user: Pick<SessionUser, 'role' | 'department'>, doc: { owner: string }): boolean {
  return user.role !== 'department-editor' || doc.owner === user.department;
}
