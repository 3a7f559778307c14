/** The audit log: read (filtered) and verify the hash chain. */
import { z } from 'zod';
import { listAudit, listUsers, verifyAudit } from '@policy/db';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The first instant of a calendar day in China (the users' day), as the stored UTC ISO text. */
const startOfDay = (date: string, plusDays = 0) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();

export const auditRouter = router({
  /** Newest first; filter by document, actor, action and calendar days `from`–`to` (both included, China time); page with `beforeSeq`. */
  list: roleProcedure('credit-office', 'reviewer')
    .input(
      z
        .object({
          documentId: z.string().min(1).max(128).optional(),
          actor: z.string().min(1).max(64).optional(),
          action: z.string().min(1).max(64).optional(),
          from: DATE.optional(),
          to: DATE.optional(),
          beforeSeq: z.number().int().positive().optional(),
          limit: z.number().int().min(1).max(1000).default(100),
        })
        .default({ limit: 100 }),
    )
    .query(async ({ ctx, input }) => {
      // actor/action filters apply on top of the repository's seq paging; fetch a wider page for them
      const wide = input.actor || input.action;
      const rows = await listAudit(ctx.db, {
        documentId: input.documentId,
        beforeSeq: input.beforeSeq,
        ...(input.from ? { atFrom: startOfDay(input.from) } : {}),
        ...(input.to ? { atBefore: startOfDay(input.to, 1) } : {}),
        limit: wide ? Math.max(input.limit * 20, 2000) : input.limit });
      const filtered = rows.filter((r) => (!input.actor || r.actor === input.actor) && (!input.action || r.action === input.action || r.action.startsWith(`${input.action}.`)));
      // who acted, by the name people know them by (the log itself keeps the username)
      const names = new Map((await listUsers(ctx.db)).map((u) => [u.username, u.displayName]));
      const page = filtered.slice(0, input.limit).map((r) => ({ ...r, actorName: names.get(r.actor) ?? null }));
      return { entries: page, nextBeforeSeq: page.length === input.limit ? Number(page[page.length - 1]!.seq) : null };
    }),

  /** Walks the chain; names the first broken entry. Any signed-in user may check integrity. */
  verify: authedProcedure.query(({ ctx }) => verifyAudit(ctx.db)),
});
