/**
 * The HTTP server (fastify): tRPC at /trpc (its fastify adapter), dataset uploads at /upload/dataset
 * (@fastify/multipart), `/healthz` (the process) and `/readyz` (the database), the admin build
 * everywhere else (@fastify/static). Security headers come from @fastify/helmet; state-changing
 * requests from other sites are refused (origin.ts). Bound to 127.0.0.1 by default.
 */
import { randomUUID } from 'node:crypto';
import fastifyHelmet from '@fastify/helmet';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import { apiRoutes } from './api/routes.ts';
import { createContextFactory } from './context.ts';
import type { AppDeps } from './context.ts';
import { errorBody, publicError } from './errors.ts';
import { readiness } from './health.ts';
import { CROSS_ORIGIN_MESSAGE, sameOriginAllowed } from './origin.ts';
import { appRouter } from './router/index.ts';
import type { AppRouter } from './router/index.ts';
import { notFoundBody, registerAdmin } from './static.ts';
import { runExportRoutes } from './run-export-route.ts';
import { bundleExportRoutes } from './bundle-export-route.ts';
import { uploadRoutes } from './upload.ts';

export const TRPC_BODY_LIMIT = 1024 * 1024;
export const UPLOAD_BODY_LIMIT = 200 * 1024 * 1024;
export const TRPC_MAX_BATCH = 10;

export interface ServerOptions {
  deps: AppDeps;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The admin build; default apps/admin/dist beside this package. */
  adminDist?: string;
  trpcBodyLimit?: number;
  uploadBodyLimit?: number;
  /** Calls allowed in one tRPC batch request (default 10). */
  trpcMaxBatch?: number;
  /** Mark cookies `Secure` and send HSTS (a deployment behind TLS). */
  cookieSecure?: boolean;
}

export interface AppServer {
  server: FastifyInstance;
  /** Listens; resolves with the URL, e.g. `http://127.0.0.1:3000`. */
  start(): Promise<string>;
  /** Stops listening and closes open connections; safe to call when not started. */
  stop(): Promise<void>;
  /** The URL once started. */
  readonly url: string;
}

/**
 * Content-Security-Policy: only this origin. Styles also allow inline `<style>` elements: antd
 * (CSS-in-JS) and Monaco inject them at run time. Monaco's and the live preview's workers are
 * module files of the build (`worker-src 'self'`); ECharts draws on canvas; the favicon is a
 * `data:` URL. Scripts come from this origin only (no inline script), but may compile code at run
 * time ('unsafe-eval'): the form editor validates with AJV (@rjsf/validator-ajv8), which compiles
 * each JSON Schema into a function, and the live preview runs the evaluation engine, whose kernels
 * are generated code; checked in Chromium by apps/admin/e2e.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-eval'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Answers that must never be stored by a browser or proxy: the API, uploads, health. */
const NO_STORE = /^\/(trpc|upload|healthz|readyz)(\/|\?|$)/;

/**
 * Builds the server (not yet listening).
 *
 * @example
 * const app = createServer({ deps, port: 0 });
 * const url = await app.start();
 * // … await app.stop();
 */
export function createServer(opts: ServerOptions): AppServer {
  const { deps } = opts;
  const log = deps.logger;
  const host = opts.host ?? '127.0.0.1';
  const adminDist = opts.adminDist ?? new URL('../../admin/dist', import.meta.url).pathname;
  const app = Fastify({
    logger: false,
    bodyLimit: opts.trpcBodyLimit ?? TRPC_BODY_LIMIT,
    // GET queries carry their input in the URL: up to 256 kB of headers for document-sized inputs
    http: { maxHeaderSize: 256 * 1024 },
    // a batch names its procedures in the path ("auth.me,documents.list,…"): long enough that the
    // batch limit (maxBatchSize below) is what refuses a long batch, with its own message
    routerOptions: { maxParamLength: 64 * 1024 },
    requestTimeout: 0, // large uploads stream for minutes
    forceCloseConnections: true,
    genReqId: () => randomUUID().slice(0, 8),
  });
  app.server.headersTimeout = 60_000;

  const ready = (async () => {
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // HSTS only means something over TLS
      strictTransportSecurity: opts.cookieSecure ? { maxAge: 31_536_000 } : false,
      crossOriginEmbedderPolicy: false,
    });

    app.addHook('onRequest', async (req, reply) => {
      if (NO_STORE.test(req.url)) reply.header('cache-control', 'no-store');
      if (!sameOriginAllowed(req.method, req.headers)) {
        log.warn('cross-origin request refused', { id: req.id, method: req.method, path: req.url.split('?')[0], origin: req.headers.origin, site: req.headers['sec-fetch-site'] });
        return reply.code(403).send(errorBody('FORBIDDEN', CROSS_ORIGIN_MESSAGE, 'cross-origin'));
      }
    });
    app.addHook('onResponse', async (req, reply) => {
      log.info('request', { id: req.id, method: req.method, path: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
    });

    app.setErrorHandler((e: FastifyError, req, reply) => {
      const status = e.statusCode ?? 500;
      if (status === 413) return reply.code(413).send(errorBody('PAYLOAD_TOO_LARGE', '请求体过大 / the request body is too large'));
      if (status === 415) return reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型 / unsupported content type'));
      // @fastify/static refuses a folder without index.html or a path outside the build with 403: not found, as before
      if (status === 403 || status === 404) return reply.code(404).send(notFoundBody(req.url.split('?')[0]!));
      if (status >= 400 && status < 500) {
        log.debug('request refused', { id: req.id, code: e.code, message: e.message });
        return reply.code(status).send(errorBody('BAD_REQUEST', '请求无效 / bad request'));
      }
      const p = publicError(e);
      log.error(p.fault ? 'database fault' : 'request failed', { id: req.id, path: req.url.split('?')[0], error: e, stack: e.stack });
      return reply.code(p.status).send(p.body);
    });

    app.get('/healthz', async () => ({ ok: true }));
    app.get('/readyz', async (_req, reply) => {
      const r = await readiness(deps.db, { log: (detail) => log.warn('not ready', { error: detail }) });
      if (r.ready) return { ok: true, database: deps.dialect };
      return reply.code(503).send({ ok: false, reason: r.reason, message: r.message });
    });

    const trpcOptions: FastifyTRPCPluginOptions<AppRouter>['trpcOptions'] = {
      router: appRouter,
      createContext: createContextFactory(deps, { cookieSecure: opts.cookieSecure }),
      // queries carrying whole documents (validate, preview) may be sent as POST: httpBatchLink({ methodOverride: 'POST' })
      allowMethodOverride: true,
      maxBatchSize: opts.trpcMaxBatch ?? TRPC_MAX_BATCH,
      onError({ error, path, type }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          log.error('procedure failed', { path, type, error: error.cause ?? error, stack: error.cause instanceof Error ? error.cause.stack : undefined });
        } else if (error.code === 'SERVICE_UNAVAILABLE') {
          log.warn('database fault', { path, type, error: error.cause?.cause ?? error.cause });
        } else {
          log.debug('procedure refused', { path, type, code: error.code, message: error.message });
        }
      },
    };
    await app.register(async (scope) => {
      const nameOne = errorBody('NOT_FOUND', '请指定过程名，如 /trpc/auth.me / name a procedure, e.g. /trpc/auth.me');
      scope.all('/trpc', async (_req, reply) => reply.code(404).send(nameOne));
      scope.all('/trpc/', async (_req, reply) => reply.code(404).send(nameOne));
      await scope.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions });
    });

    await app.register(uploadRoutes, { deps, limit: opts.uploadBodyLimit ?? UPLOAD_BODY_LIMIT });
    await app.register(runExportRoutes, { deps });
    await app.register(bundleExportRoutes, { deps });
    await app.register(apiRoutes, { prefix: '/api/v1', deps });
    await registerAdmin(app, adminDist);
  })();

  let url = '';
  return {
    server: app,
    get url() {
      return url;
    },
    async start() {
      await ready;
      url = await app.listen({ port: opts.port ?? 3000, host });
      return url;
    },
    async stop() {
      await ready.catch(() => {});
      await app.close();
    },
  };
}
