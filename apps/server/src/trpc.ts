/** tRPC initialised once: superjson, an errorFormatter that exposes issues with JSON pointers, base procedures. */
import { initTRPC, TRPCError } from '@trpc/server';
import type { Issue } from '@policy/schemas';
import { isDbError, isInvalidDateError } from '@policy/db';
import { storedDateRefusal } from './stored-dates.ts';
import type { Role } from '@policy/db';
import type { Context } from './context.ts';
import { transformer } from './transformer.ts';
import { forbidden, issuesOf, MUST_CHANGE_PASSWORD_MESSAGE, reasonOf, toTRPCError } from './errors.ts';

/** zod issues as our Issue shape, so every BAD_REQUEST carries `{code, path (JSON pointer), message}`. */
function zodIssues(cause: unknown): Issue[] | undefined {
  if (!cause || typeof cause !== 'object' || !('issues' in cause) || !Array.isArray((cause as { issues: unknown }).issues)) return undefined;
  const list = (cause as { issues: { path?: PropertyKey[]; message?: string }[] }).issues;
  return list.map((i) => {
    const path = (i.path ?? []).map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
    return {
      code: 'schema.invalid',
      severity: 'error',
      path,
      message: `输入无效（${path || '/'}）：${i.message ?? ''}`,
      messageEn: `invalid input at ${path || '/'}: ${i.message ?? ''}`,
    };
  });
}

const t = initTRPC.context<Context>().create({
  // superjson on the wire; plain-JSON answers skip its walk (see transformer.ts)
  transformer,
  // never send stack traces, whatever NODE_ENV says
  isDev: false,
  errorFormatter({ shape, error }) {
    const issues = issuesOf(error.cause) ?? (error.code === 'BAD_REQUEST' ? zodIssues(error.cause) : undefined);
    const reason = reasonOf(error.cause);
    const details = isDbError(error.cause)
      ? { currentRevision: error.cause.details.currentRevision, versionId: error.cause.details.versionId }
      : undefined;
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? '服务器内部错误 / internal server error'
        : issues && !issuesOf(error.cause)
          ? `输入无效 / invalid input: ${issues.map((i) => `${i.path || '/'} ${i.messageEn.replace(/^invalid input at \S+: /, '')}`).join('; ')}`
          : shape.message;
    const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
    return { ...shape, message, data: { ...data, issues: issues ?? [], reason, ...details } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Turns repository errors thrown inside resolvers into the matching TRPCError. */
const mapErrors = t.middleware(async ({ ctx, next, getRawInput }) => {
  const result = await next();
  // a dataset stored before dates were checked: 422 naming its row and field, not a 500 (dataset-dates.ts)
  if (!result.ok && isInvalidDateError(result.error.cause)) throw await storedDateRefusal(ctx.db, getRawInput, result.error.cause as Error);
  if (!result.ok && !(result.error.cause instanceof TRPCError) && isDbError(result.error.cause)) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

/** No session needed: log-in only. */
export const publicProcedure = t.procedure.use(mapErrors);

/**
 * Requires a live session, even one whose user must still change the password: only `auth.me`,
 * `auth.changePassword` and `auth.logout` use it directly.
 */
export const sessionProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: '请先登录 / please log in' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * Requires a live session of a user who does not have to change the password first (FORBIDDEN
 * with `data.reason = 'must-change-password'` otherwise).
 */
export const authedProcedure = sessionProcedure.use(({ ctx, next }) => {
  if (ctx.user.mustChangePassword) throw forbidden(MUST_CHANGE_PASSWORD_MESSAGE, 'must-change-password');
  return next();
});

const ROLE_ZH: Record<Role, string> = { 'credit-office': '信用办', 'department-editor': '部门编辑', reviewer: '审核人', viewer: '只读用户' };

/** Requires a session whose role is one of `roles`. */
export function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `需要角色 ${roles.map((r) => ROLE_ZH[r]).join('或')} / requires role ${roles.join(' or ')}`,
      });
    }
    return next();
  });
}
