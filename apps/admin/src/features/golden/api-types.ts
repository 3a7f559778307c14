/** Outputs of the golden-case procedures (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type CasesView = RouterOutputs['cases']['list'];
export type CaseRow = CasesView['cases'][number];
export type CaseOverride = CasesView['overrides'][number];
export type CaseLookup = RouterOutputs['cases']['lookup'];
export type CasesReview = RouterOutputs['cases']['review'];
export type CaseDiff = CasesReview['diff'];
export type Coverage = CasesReview['coverage'];
export type CoverageItem = Extract<Coverage, { success: true }>['uncovered'][number];
