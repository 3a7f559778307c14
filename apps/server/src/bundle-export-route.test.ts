/**
 * GET /export/bundle?at= over real HTTP on SQLite and PostgreSQL: a signed-in user downloads the
 * release bundle of a date as a verifying JSON file named in Chinese; no session, a must-change
 * password, a non-date and other methods are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseBundleAt } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { verifyBundle } from '@policy/schemas/node';
import { createApp } from './app.ts';
import type { App } from './app.ts';
import { isCalendarDate } from './bundle-export-route.ts';
import { silentLogger } from './logger.ts';
import type { AppRouter } from './router/index.ts';

const AT = '2026-10-31';

describe.each(DIALECTS)('GET /export/bundle on %s', (dialect) => {
  let app: App;
  let base: string;
  let dir: string;
  let scratch: ScratchDatabase | undefined;
  const cookies = new Map<string, string>();

  async function login(username: string, change = true): Promise<void> {
    let cookie = '';
    const fetchWithCookie: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      if (cookie) headers.set('cookie', cookie);
      const res = await fetch(input, { ...init, headers });
      for (const c of res.headers.getSetCookie()) cookie = c.split(';')[0]!.endsWith('=') ? '' : c.split(';')[0]!;
      return res;
    };
    const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${base}/trpc`, transformer: superjson, fetch: fetchWithCookie })] });
    const initial = app.seedResult.users.find((u) => u.username === username)!.password;
    await client.auth.login.mutate({ username, password: initial });
    if (change) {
      await client.auth.changePassword.mutate({ oldPassword: initial, newPassword: `${initial}-changed` });
      await client.auth.login.mutate({ username, password: `${initial}-changed` });
    }
    cookies.set(username, cookie);
  }
  const get = (path: string, username?: string, method = 'GET') => fetch(`${base}${path}`, { method, headers: username ? { cookie: cookies.get(username)! } : {} });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-bundle-export-'));
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_bundle_export');
    app = await createApp({ databaseUrl: scratch?.url ?? join(dir, 'p.sqlite'), port: 0, logger: silentLogger, adminDist: join(dir, 'dist') });
    base = await app.server.start();
    await login('reviewer');
    await login('viewer', false);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('downloads the bundle of a date as a verifying JSON file named in Chinese', async () => {
    const res = await get(`/export/bundle?at=${AT}`, 'reviewer');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toContain(`filename="policy-bundle-${AT}.json"`);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`发布包_${AT}.json`)}`);
    const body = (await res.json()) as unknown;
    const v = verifyBundle(body);
    expect(v.ok).toBe(true);
    const expected = await releaseBundleAt(app.handle.db, AT);
    expect(v.ok && v.bundle.documents.map((d) => d.contentHash)).toEqual(expected.documents.map((d) => d.contentHash));
    expect(v.ok && v.bundle.documents.length).toBeGreaterThan(3);
    expect(res.headers.get('x-bundle-hash')).toBe(v.ok ? v.bundle.bundleHash : '');
  });

  it('refuses without a session, before the password change, a non-date, an empty date and other methods', async () => {
    expect((await get(`/export/bundle?at=${AT}`)).status).toBe(401);
    const must = await get(`/export/bundle?at=${AT}`, 'viewer');
    expect(must.status).toBe(403);
    const bad = await get('/export/bundle?at=2026-02-30', 'reviewer');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/真实日期/);
    expect((await get('/export/bundle', 'reviewer')).status).toBe(400);
    expect((await get('/export/bundle?at=1990-01-01', 'reviewer')).status).toBe(404);
    expect((await get(`/export/bundle?at=${AT}`, 'reviewer', 'POST')).status).toBe(405);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });
});
