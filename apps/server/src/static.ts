/**
 * Serves the admin build (apps/admin/dist) through @fastify/static (content types, ranges, ETags and
 * path-traversal safety come from @fastify/send), with an SPA fallback: a GET that wants HTML and
 * matches no file gets `index.html`; anything else unknown is a 404 JSON. Hashed files under
 * `/assets/` are cached for a year, everything else is revalidated.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.ts';

export const notFoundBody = (path: string) => errorBody('NOT_FOUND', `未找到 / not found: ${path}`);

const MISSING_BUILD_HTML = `<!doctype html><meta charset="utf-8"><title>信用分级分类监管策略配置平台</title>
<p>管理界面尚未构建：请在仓库根目录运行 <code>pnpm start</code>（或 <code>pnpm --filter @policy/admin build</code>）。</p>
<p>The admin UI is not built yet: run <code>pnpm start</code> (or <code>pnpm --filter @policy/admin build</code>) at the repository root.</p>
<p>API: <code>/trpc</code></p>`;

/** Paths that are never the admin's: unknown ones get a 404 JSON even when HTML is wanted. */
const API_PATH = /^\/(trpc|upload|api)(\/|$)/;

/**
 * Registers the admin build on `app` (root scope) and the not-found handler that does the SPA
 * fallback. When the build is missing, HTML requests get a page that says how to build it (503).
 *
 * @example
 * await registerAdmin(app, 'apps/admin/dist');
 */
export async function registerAdmin(app: FastifyInstance, distDir: string): Promise<void> {
  const root = resolve(distDir);
  const built = existsSync(join(root, 'index.html')) && statSync(root).isDirectory();
  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: 'index.html',
      // a folder is not a page: /assets/ and the like go to the not-found handler
      allowedPath: (pathName) => pathName === '/' || !pathName.endsWith('/'),
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders(res, path) {
        const immutable = path.startsWith(join(root, 'assets') + '/');
        res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  // RFC 9239: JavaScript is text/javascript (send's mime table still says application/javascript)
  app.addHook('onSend', async (_req, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/javascript')) reply.header('content-type', 'text/javascript; charset=utf-8');
    return payload;
  });

  app.setNotFoundHandler(async (req: FastifyRequest, reply: FastifyReply) => {
    const pathname = req.url.split('?')[0]!;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (API_PATH.test(pathname)) return reply.code(404).send(notFoundBody(pathname));
      return reply.code(405).header('allow', 'GET, HEAD').send(errorBody('METHOD_NOT_SUPPORTED', `不支持的方法 / method not allowed: ${req.method}`));
    }
    const wantsHtml = (req.headers.accept ?? '').includes('text/html') && extname(pathname) === '' && !API_PATH.test(pathname);
    if (wantsHtml && built) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    if (wantsHtml) return reply.code(503).type('text/html; charset=utf-8').send(MISSING_BUILD_HTML);
    return reply.code(404).send(notFoundBody(pathname));
  });
}
