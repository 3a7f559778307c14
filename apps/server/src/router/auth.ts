/** Log in / out with a session cookie, who-am-I, password change, users (credit office). */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { attemptLogin, changePassword, createSession, createUser, deleteSession, listSecurityEvents, listUsers, ROLES, SECURITY_EVENT_KINDS, toActor } from '@policy/db';
import { SESSION_TTL_MS, sessionCookie } from '../context.ts';
import { DEFAULT_LOGIN_THROTTLE, retryAfterSeconds, tooManyLoginAttempts } from '../login-throttle.ts';
import { publicProcedure, roleProcedure, router, sessionProcedure } from '../trpc.ts';

export const authRouter = router({
  /**
   * The only procedure without a session. Sets the HttpOnly, SameSite=Strict session cookie. A user
   * flagged `mustChangePassword` (every seeded or newly created user) may then call only `me`,
   * `changePassword` and `logout` until the password is changed.
   *
   * Throttled per account and per client address (login-throttle.ts): after too many failures the
   * answer is 429 with `Retry-After`, and no password is checked until the lock expires — not even
   * the right one. Every outcome is a security event (`securityEvents`), not an audit-log entry.
   */
  login: publicProcedure
    .input(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      const throttle = ctx.loginThrottle ?? DEFAULT_LOGIN_THROTTLE;
      const clientAddress = ctx.clientAddress ?? null;
      const r = await attemptLogin(ctx.db, { ...input, clientAddress, ...throttle });
      if (!r.ok && r.reason === 'throttled') {
        ctx.logger.warn('login throttled', { username: input.username, clientAddress, by: r.by, retryAfterMs: r.retryAfterMs });
        ctx.setHeader?.('retry-after', String(retryAfterSeconds(r.retryAfterMs)));
        throw tooManyLoginAttempts(r.retryAfterMs);
      }
      if (!r.ok) {
        ctx.logger.warn('login refused', { username: input.username, clientAddress });
        throw new TRPCError({ code: 'UNAUTHORIZED', message: '用户名或密码错误 / wrong username or password' });
      }
      const user = r.user;
      const { token, expiresAt } = await createSession(ctx.db, user.id, SESSION_TTL_MS);
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

  /**
   * Log-ins — failed, locked out, succeeded — newest first (credit office): kept apart from the
   * hash-chained audit log, which holds the document history.
   */
  securityEvents: roleProcedure('credit-office')
    .input(
      z
        .object({
          kind: z.enum(SECURITY_EVENT_KINDS).optional(),
          username: z.string().min(1).max(64).optional(),
          before: z.number().int().positive().optional(),
          limit: z.number().int().min(1).max(1000).default(100),
        })
        .default({ limit: 100 }),
    )
    .query(({ ctx, input }) => listSecurityEvents(ctx.db, toActor(ctx.user), input)),

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
