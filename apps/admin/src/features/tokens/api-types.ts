/** Outputs of the procedures the service-token screens use (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type TokenRow = RouterOutputs['tokens']['list'][number];
export type TokenCallRow = RouterOutputs['tokens']['calls'][number];
export type CreatedToken = RouterOutputs['tokens']['create'];
export type TokenScope = TokenRow['scope'];
