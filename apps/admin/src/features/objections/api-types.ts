/** Outputs of the objection procedures the screens use (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type Objection = RouterOutputs['objections']['list'][number];
export type ObjectionEnterprise = RouterOutputs['objections']['enterprise'];
export type ObjectionDepartments = RouterOutputs['objections']['departments'];
