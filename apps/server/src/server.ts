/**
 * The HTTP server: tRPC at /trpc, dataset uploads at /upload/dataset, the admin build everywhere else.
 * One node:http server, bound to 127.0.0.1 by default.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createContextFactory } from './context.ts';
import type { AppDeps } from './context.ts';
import { appRouter } from './router/index.ts';
import { createStaticHandler, notFound, sendJson } from './static.ts';
import { handleUpload } from './upload.ts';

export const TRPC_BODY_LIMIT = 1024 * 1024;
export const UPLOAD_BODY_LIMIT = 200 * 1024 * 1024;

export interface ServerOptions {
  deps: AppDeps;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The admin build; default apps/admin/dist beside this package. */
  adminDist?: string;
  trpcBodyLimit?: number;
  uploadBodyLimit?: number;
}

export interface AppServer {
  server: Server;
  /** Listens; resolves with the URL, e.g. `http://127.0.0.1:3000`. */
  start(): Promise<string>;
  stop(): Promise<void>;
  /** The URL once started. */
  readonly url: string;
}

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
  const serveStatic = createStaticHandler(adminDist);
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: opts.trpcBodyLimit ?? TRPC_BODY_LIMIT,
    // queries carrying whole documents (validate, preview) may be sent as POST: httpBatchLink({ methodOverride: 'POST' })
    allowMethodOverride: true,
    createContext: createContextFactory(deps),
    onError({ error, path, type }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        log.error('procedure failed', { path, type, error: error.cause ?? error, stack: error.cause instanceof Error ? error.cause.stack : undefined });
      } else {
        log.debug('procedure refused', { path, type, code: error.code, message: error.message });
      }
    },
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local');
    const p = url.pathname;
    if (p === '/trpc' || p.startsWith('/trpc/')) {
      if (p === '/trpc' || p === '/trpc/') {
        sendJson(res, 404, { error: { code: 'NOT_FOUND', message: '请指定过程名，如 /trpc/auth.me / name a procedure, e.g. /trpc/auth.me' } });
        return;
      }
      trpc(req, res);
      return;
    }
    if (p === '/upload/dataset') {
      await handleUpload(req, res, url, deps, opts.uploadBodyLimit ?? UPLOAD_BODY_LIMIT);
      return;
    }
    if (p === '/healthz') {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (p.startsWith('/api/') || p.startsWith('/upload/')) {
      notFound(res, p);
      return;
    }
    serveStatic(req, res);
  }

  // GET queries carry their input in the URL; allow up to 256 kB of headers for document-sized inputs
  const server = createHttpServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    const started = performance.now();
    const id = randomUUID().slice(0, 8);
    res.on('finish', () => {
      const path = (req.url ?? '/').split('?')[0];
      log.info('request', { id, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) });
    });
    route(req, res).catch((e: unknown) => {
      log.error('request failed', { id, error: e, stack: e instanceof Error ? e.stack : undefined });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: '服务器内部错误 / internal server error' } });
      else res.destroy();
    });
  });
  server.requestTimeout = 0; // large uploads stream for minutes
  server.headersTimeout = 60_000;

  let url = '';
  return {
    server,
    get url() {
      return url;
    },
    start() {
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 3000, host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          url = `http://${h}:${addr.port}`;
          resolve(url);
        });
      });
    },
    stop() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
