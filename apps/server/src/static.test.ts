import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAdmin } from './static.ts';

let root: string;
let dir: string;
let server: FastifyInstance;
let base: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'policy-static-'));
  dir = join(root, 'dist');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>admin</title>');
  writeFileSync(join(dir, 'assets', 'app-123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'app-123.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  server = Fastify();
  await registerAdmin(server, dir);
  base = await server.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('static admin build', () => {
  it('serves files with their content types; hashed assets are immutable', async () => {
    const js = await fetch(`${base}/assets/app-123.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/assets/app-123.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves index.html at the root; a folder is not found', async () => {
    const r = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<title>admin</title>');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const folder = await fetch(`${base}/assets/`);
    expect(folder.status).toBe(404);
    expect(((await folder.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${base}/assets`)).status).toBe(404);
  });

  it('falls back to index.html for client routes that want HTML', async () => {
    const r = await fetch(`${base}/documents/sampling/v2`, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<title>admin</title>');
  });

  it('answers 404 JSON for unknown non-HTML paths and never leaves the build folder', async () => {
    const r = await fetch(`${base}/assets/missing.js`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const up = await fetch(`${base}/..%2Fsecret.txt`);
    expect(up.status).toBe(404);
    expect(await up.text()).not.toContain('secret\n');
    expect((await fetch(`${base}/index.html`, { method: 'DELETE' })).status).toBe(405);
  });
});
