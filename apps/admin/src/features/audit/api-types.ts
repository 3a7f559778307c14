/** Outputs of the procedures the audit log uses (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type AuditRow = RouterOutputs['audit']['list']['entries'][number];
export type AuditVerification = RouterOutputs['audit']['verify'];
export type AuditProblem = AuditVerification['problems'][number];
export type SecurityEvent = RouterOutputs['auth']['securityEvents']['events'][number];
