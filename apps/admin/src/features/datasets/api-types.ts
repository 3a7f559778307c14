/** Outputs of the procedures the datasets page uses (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type DatasetRow = RouterOutputs['datasets']['list'][number];
export type ImportJob = RouterOutputs['datasets']['importStatus'];
