/** Serves the admin build (apps/admin/dist) with an SPA fallback; unknown non-HTML routes get a 404 JSON. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export const notFound = (res: ServerResponse, path: string) =>
  sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `未找到 / not found: ${path}` } });

/**
 * A request handler for the admin build. Files are served with their content type; a GET that
 * wants HTML and matches no file gets `index.html` (client-side routing); anything else 404 JSON.
 * When the build is missing, HTML requests get a page that says how to build it.
 *
 * @example
 * const serve = createStaticHandler('apps/admin/dist');
 * serve(req, res);
 */
export function createStaticHandler(distDir: string) {
  const root = resolve(distDir);
  const indexFile = join(root, 'index.html');
  return function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://local');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: '路径编码无效 / malformed path' } });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'METHOD_NOT_SUPPORTED', message: `不支持的方法 / method not allowed: ${req.method}` } }, { allow: 'GET, HEAD' });
      return;
    }
    const file = normalize(join(root, pathname));
    const inside = file === root || file.startsWith(root + sep);
    if (inside && file !== root && existsSync(file) && statSync(file).isFile()) {
      sendFile(req, res, file, pathname.startsWith('/assets/'));
      return;
    }
    const wantsHtml = (req.headers.accept ?? '').includes('text/html') && extname(pathname) === '';
    if (wantsHtml && existsSync(indexFile)) {
      sendFile(req, res, indexFile, false);
      return;
    }
    if (wantsHtml) {
      const html = `<!doctype html><meta charset="utf-8"><title>信用分级分类监管策略配置平台</title>
<p>管理界面尚未构建：请在仓库根目录运行 <code>pnpm start</code>（或 <code>pnpm --filter @policy/admin build</code>）。</p>
<p>The admin UI is not built yet: run <code>pnpm start</code> (or <code>pnpm --filter @policy/admin build</code>) at the repository root.</p>
<p>API: <code>/trpc</code></p>`;
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    notFound(res, url.pathname);
  };
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, immutable: boolean) {
  const size = statSync(file).size;
  res.writeHead(200, {
    'content-type': contentType(file),
    'content-length': size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
