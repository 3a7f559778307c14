/** tRPC initialised once: superjson, an errorFormatter that exposes issues with JSON pointers, base procedures. */
import { initTRPC, TRPCError } from '@trpc/server';
import type { Issue } from '@policy/schemas';
import { isDbError, isInvalidDateError } from '@policy/db';
import { storedDateRefusal } from './stored-dates.ts';
import type { Role } from '@policy/db';
import type { Context } from './context.ts';
import { transformer } from './transformer.ts';
import { faultAsTRPCError, forbidden, INTERNAL_MESSAGE, issuesOf, MUST_CHANGE_PASSWORD_MESSAGE, reasonOf, toTRPCError } from './errors.ts';

/** zod issues as our Issue shape, so every BAD_REQUEST carries `{code, path (JSON pointer), message}`. */
function zodIssues(cause: unknown): Issue[] | undefined {
  if (!cause || typeof cause !== 'object' || !('issues' in cause) || !Array.isArray((cause as { issues: unknown }).issues)) return undefined;
  const list = (cause as { issues: { path?: PropertyKey[]; message?: string; code?: string; expected?: string; received?: string }[] }).issues;
  return list.map((i) => {
    const path = (i.path ?? []).map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
    const nonFinite = i.code === 'invalid_type' && i.expected === 'number' && /^(Infinity|-Infinity|NaN|number)$/.test(i.received ?? '');
    const zh = nonFinite ? '应为有限的数字（不能是 Infinity 或 NaN）' : (i.message ?? '');
    const en = nonFinite ? 'must be a finite number (not Infinity or NaN)' : (i.message ?? '');
    return {
      code: 'schema.invalid',
      severity: 'error',
      path,
      message: `输入无效（${path || '/'}）：${zh}`,
      messageEn: `invalid input at ${path || '/'}: ${en}`,
    };
  });
}

/** tRPC's own refusal of a batch over `maxBatchSize` (server.ts), in our words. */
function batchRefusal(message: string): string | undefined {
  if (message !== 'Batch call exceeds maximum size') return undefined;
  return '一次请求中的调用过多，请分批发送 / too many calls in one batch request, send them in smaller batches';
}

const HAS_CJK = /[\u4e00-\u9fff]/;
const GENERIC: Record<string, string> = {
  PARSE_ERROR: '请求体不是有效的 JSON，或不是 superjson 格式 / the request body is not valid JSON or not superjson',
  BAD_REQUEST: '请求无效 / bad request',
  NOT_FOUND: '未找到该过程 / no such procedure',
  METHOD_NOT_SUPPORTED: '该过程不支持此 HTTP 方法（查询用 GET，修改用 POST） / wrong HTTP method for this procedure (GET for queries, POST for mutations)',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型 / unsupported content type',
};

/**
 * Our own messages are bilingual (they contain Chinese); any other text comes from tRPC, the JSON
 * parser or the JavaScript runtime ("Cannot destructure property 'json' of 'payload' as it is null")
 * and is replaced by a plain message for its code.
 */
function plainMessage(code: string, message: string): string {
  if (HAS_CJK.test(message)) return message;
  const notFound = code === 'NOT_FOUND' ? /^No procedure found on path "([^"]{1,200})"$/.exec(message) : null;
  if (notFound) return `未找到过程 ${notFound[1]} / no procedure ${notFound[1]}`;
  return GENERIC[code] ?? '请求未能完成 / the request could not be completed';
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
    const batch = batchRefusal(error.message);
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? INTERNAL_MESSAGE
        : issues && !issuesOf(error.cause)
          ? `输入无效 / invalid input: ${issues.map((i) => `${i.path || '/'} ${i.messageEn.replace(/^invalid input at \S+: /, '')}`).join('; ')}`
          : (batch ?? plainMessage(error.code, shape.message));
    const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
    if (batch) return { ...shape, message, data: { ...data, code: 'PAYLOAD_TOO_LARGE' as const, httpStatus: 413, issues: [], reason: 'batch-too-large' } };
    return { ...shape, message, data: { ...data, issues: issues ?? [], reason, ...details } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Turns repository errors and database faults thrown inside resolvers into the matching TRPCError. */
const mapErrors = t.middleware(async ({ ctx, next, getRawInput }) => {
  const result = await next();
  // a dataset stored before dates were checked: 422 naming its row and field, not a 500 (dataset-dates.ts)
  if (!result.ok && isInvalidDateError(result.error.cause)) throw await storedDateRefusal(ctx.db, getRawInput, result.error.cause as Error);
  if (!result.ok && !(result.error.cause instanceof TRPCError)) {
    if (isDbError(result.error.cause)) throw toTRPCError(result.error.cause);
    // a database fault (unreachable, read-only, disk full) becomes a 503 in plain words
    const fault = faultAsTRPCError(result.error.cause);
    if (fault) throw fault;
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
