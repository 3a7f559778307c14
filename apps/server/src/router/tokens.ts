/**
 * Service tokens of the machine API (issue 17): the credit office lists, creates and revokes them
 * and reads their recent calls. `create` returns the token once (`secret`); it is never shown again.
 */
import { z } from 'zod';
import { createServiceToken, listApiCalls, listServiceTokens, revokeServiceToken, toActor, TOKEN_SCOPES } from '@policy/db';
import { roleProcedure, router } from '../trpc.ts';
import { isoDate } from './documents.ts';

const creditOffice = roleProcedure('credit-office');

export const tokensRouter = router({
  list: creditOffice.query(({ ctx }) => listServiceTokens(ctx.db, toActor(ctx.user))),

  create: creditOffice
    .input(
      z.object({
        name: z.string().trim().min(1).max(100),
        /** A department id; null = the credit office's scope (every department). */
        department: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).nullable(),
        scope: z.enum(TOKEN_SCOPES),
        expiresOn: isoDate,
      }),
    )
    .mutation(({ ctx, input }) => createServiceToken(ctx.db, toActor(ctx.user), input)),

  revoke: creditOffice
    .input(z.object({ id: z.number().int().positive(), reason: z.string().trim().max(500).optional() }))
    .mutation(({ ctx, input }) => revokeServiceToken(ctx.db, toActor(ctx.user), input.id, input.reason)),

  calls: creditOffice
    .input(z.object({ tokenId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1000).default(100) }).default({ limit: 100 }))
    .query(({ ctx, input }) => listApiCalls(ctx.db, toActor(ctx.user), input)),
});
