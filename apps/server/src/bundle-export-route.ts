/**
 * `GET /export/bundle?at=YYYY-MM-DD`: the release bundle of the documents in force at a date (issue
 * 17) as a JSON file, for the admin's "下载发布包" (the machine API serves the same bundle under
 * `/api/v1/bundle` to tokens). The session cookie authenticates, as for run exports; every signed-in
 * user may download it (it holds only released documents, which everyone reads). The file is
 * `releaseBundleAt` of @policy/db written as `policy bundle export` writes it, so
 * `policy bundle verify` and `policy bundle import` take it as it is. Answers are not stored by
 * the browser (`Cache-Control: no-store`); errors are JSON in Chinese and English.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { releaseBundleAt } from '@policy/db';
import type { AppDeps } from './context.ts';
import { sessionOf } from './context.ts';
import { errorBody, MUST_CHANGE_PASSWORD_MESSAGE } from './errors.ts';
import { contentDisposition } from './run-export-route.ts';

const err = (reply: FastifyReply, status: number, code: string, message: string, reason?: string) => reply.code(status).send(errorBody(code, message, reason));

/** A real calendar date YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/**
 * The bundle download route as a fastify plugin.
 *
 * @example
 * await app.register(bundleExportRoutes, { deps });
 */
export async function bundleExportRoutes(app: FastifyInstance, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  app.route<{ Querystring: { at?: string } }>({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/export/bundle',
    async handler(req, reply) {
      reply.header('cache-control', 'no-store');
      if (req.method !== 'GET') return err(reply.header('allow', 'GET'), 405, 'METHOD_NOT_SUPPORTED', '请使用 GET / use GET');
      const { user } = await sessionOf(deps.db, req);
      if (!user) return err(reply, 401, 'UNAUTHORIZED', '请先登录 / please log in');
      if (user.mustChangePassword) return err(reply, 403, 'FORBIDDEN', MUST_CHANGE_PASSWORD_MESSAGE, 'must-change-password');
      const at = (req.query.at ?? '').trim();
      if (!isCalendarDate(at)) {
        return err(reply, 400, 'BAD_REQUEST', `生效日期应为 YYYY-MM-DD 格式的真实日期（?at=…）：${at || '（未填）'} / at must be a real YYYY-MM-DD date: ${at || '(none)'}`);
      }
      const bundle = await releaseBundleAt(deps.db, at);
      if (bundle.documents.length === 0) return err(reply, 404, 'NOT_FOUND', `${at} 没有生效的文档 / no document is in force at ${at}`);
      const body = `${JSON.stringify(bundle, null, 2)}\n`;
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', contentDisposition(`发布包_${at}.json`, `policy-bundle-${at}.json`))
        .header('x-bundle-hash', bundle.bundleHash)
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  });
}
