/** Outputs of the procedures the home page uses (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type Distribution = RouterOutputs['adminSupport']['distribution'];
export type DistributionDocument = Distribution['documents'][number];
export type Worklist = RouterOutputs['worklist']['home'];
export type ReturnedDraft = RouterOutputs['worklist']['returned'][number];
