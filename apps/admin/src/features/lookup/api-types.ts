/** Outputs of the procedures the enterprise lookup uses (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type Explanation = RouterOutputs['evaluation']['explain']['explanation'];
export type DocExplanation = Explanation['documents'][number];
export type EnterpriseMatch = RouterOutputs['datasets']['searchEnterprises'][number];
