/** Log in / out with a session cookie, who-am-I, password change, users (credit office). */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { changePassword, createSession, createUser, deleteSession, listUsers, recordAudit, ROLES, toActor, verifyPassword } from '@policy/db';
import { SESSION_TTL_MS, sessionCookie } from '../context.ts';
import { publicProcedure, roleProcedure, router, sessionProcedure } from '../trpc.ts';

export const authRouter = router({
  /**
   * The only procedure without a session. Sets the HttpOnly, SameSite=Strict session cookie. A user
   * flagged `mustChangePassword` (every seeded or newly created user) may then call only `me`,
   * `changePassword` and `logout` until the password is changed.
   */
  login: publicProcedure
    .input(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      const user = await verifyPassword(ctx.db, input.username, input.password);
      if (!user) {
        ctx.logger.warn('login refused', { username: input.username });
        throw new TRPCError({ code: 'UNAUTHORIZED', message: '用户名或密码错误 / wrong username or password' });
      }
      const { token, expiresAt } = await createSession(ctx.db, user.id, SESSION_TTL_MS);
      await ctx.db.transaction().execute((trx) => recordAudit(trx, toActor(user), { action: 'session.login', target: `user:${user.username}` }));
      ctx.setCookie(sessionCookie(token, Math.floor(SESSION_TTL_MS / 1000)));
      ctx.logger.info('login', { username: user.username, role: user.role });
      return { user, expiresAt };
    }),

  logout: sessionProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await deleteSession(ctx.db, ctx.sessionToken);
    ctx.setCookie(sessionCookie('', 0));
    return { ok: true as const };
  }),

  me: sessionProcedure.query(({ ctx }) => ctx.user),

  changePassword: sessionProcedure
    .input(z.object({ oldPassword: z.string().min(1).max(256), newPassword: z.string().min(8).max(256) }))
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx.db, toActor(ctx.user), input);
      // every session of the user ended: the browser must log in again
      ctx.setCookie(sessionCookie('', 0));
      return { ok: true as const };
    }),

  users: roleProcedure('credit-office').query(({ ctx }) => listUsers(ctx.db)),

  createUser: roleProcedure('credit-office')
    .input(
      z.object({
        username: z.string().min(2).max(64),
        displayName: z.string().min(1).max(100),
        role: z.enum(ROLES),
        department: z.string().min(1).max(64).nullable().optional(),
        password: z.string().min(8).max(256),
      }),
    )
    .mutation(({ ctx, input }) => createUser(ctx.db, toActor(ctx.user), input)),
});
