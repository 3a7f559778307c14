/**
 * Log-in throttling over HTTP (the real server on a free port) and through the router: 429 with
 * `Retry-After` and a Chinese-first message; at most N passwords checked of 50 parallel attempts;
 * log-ins recorded as security events, not in the audit log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import type { App } from './app.ts';
import { contextFor } from './context.ts';
import { DEFAULT_LOGIN_THROTTLE, loginThrottle, tooManyLoginAttempts } from './login-throttle.ts';
import { silentLogger } from './logger.ts';
import { createCaller, createFixture } from './test-fixture.ts';
import type { Fixture } from './test-fixture.ts';

describe('log-in throttling over HTTP', () => {
  let app: App;
  let base: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-throttle-'));
    app = await createApp({ databaseUrl: join(dir, 'policy.sqlite'), port: 0, logger: silentLogger, sampleDatasetSize: 0 });
    base = await app.server.start();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (username: string, password: string) =>
    fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ json: { username, password } }),
    });

  it('answers 50 parallel wrong passwords with at most 5 checks, then 429 with Retry-After — even for the right password', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => login('viewer', `wrong-${i}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(45);
    const refused = answers.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    const body = (await refused.json()) as { error: { json: { message: string } } };
    expect(body.error.json.message).toMatch(/^登录失败次数过多，请 1[45] 分钟后再试 \/ too many failed log-ins, try again in 1[45] minutes$/);

    const initial = app.seedResult.users.find((u) => u.username === 'viewer')!.password;
    const right = await login('viewer', initial);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    // another account from the same address is not locked by the first one's failures
    const other = app.seedResult.users.find((u) => u.username === 'reviewer')!;
    expect((await login('reviewer', other.password)).status).toBe(200);
    const failed = await app.handle.db.selectFrom('security_events').select(['kind', 'client_address']).where('username', '=', 'viewer').execute();
    expect(failed.filter((e) => e.kind === 'login.failed')).toHaveLength(5);
    expect(failed.filter((e) => e.kind === 'login.locked')).toHaveLength(1);
    expect(failed.every((e) => e.client_address === '127.0.0.1' || e.client_address === '::1' || e.client_address === '::ffff:127.0.0.1')).toBe(true);
  });
});

describe('log-in throttling through the router', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  }, 60_000);
  afterAll(() => f?.handle.destroy());

  it('uses the settings of the context and records security events that the credit office lists', async () => {
    const headers: [string, string][] = [];
    const deps = { ...f.deps, loginThrottle: loginThrottle({ maxFailures: 2, lockSeconds: 90 }) };
    const caller = createCaller({ ...contextFor(deps, null), clientAddress: '203.0.113.5', setHeader: (n: string, v: string) => void headers.push([n, v]) });
    const audit = async () => (await f.as('credit-office').audit.list({ limit: 1000 })).entries.length;
    const auditBefore = await audit();
    await expect(caller.auth.login({ username: 'transport', password: 'wrong-1' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.auth.login({ username: 'transport', password: 'wrong-2' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const e = await caller.auth.login({ username: 'transport', password: f.password('transport') }).catch((x: unknown) => x as TRPCError);
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).code).toBe('TOO_MANY_REQUESTS');
    expect((e as TRPCError).message).toBe('登录失败次数过多，请 90 秒后再试 / too many failed log-ins, try again in 90 seconds');
    expect(headers).toEqual([['retry-after', '90']]);
    expect((await caller.auth.login({ username: 'reviewer', password: f.password('reviewer') })).user.username).toBe('reviewer');
    // log-ins stay out of the hash-chained audit log
    expect(await audit()).toBe(auditBefore);

    const events = await f.as('credit-office').auth.securityEvents({ limit: 10 });
    expect(events.events.slice(0, 4).map((x) => [x.kind, x.username, x.clientAddress])).toEqual([
      ['login.succeeded', 'reviewer', '203.0.113.5'],
      ['login.locked', 'transport', '203.0.113.5'],
      ['login.failed', 'transport', '203.0.113.5'],
      ['login.failed', 'transport', '203.0.113.5'],
    ]);
    expect((await f.as('credit-office').auth.securityEvents({ kind: 'login.locked' })).events).toHaveLength(1);
    await expect(f.as('reviewer').auth.securityEvents({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('checks its parameters and words the wait in minutes beyond two', () => {
    expect(loginThrottle()).toEqual(DEFAULT_LOGIN_THROTTLE);
    expect(() => loginThrottle({ maxFailures: 0 })).toThrow(RangeError);
    expect(tooManyLoginAttempts(15 * 60_000).message).toBe('登录失败次数过多，请 15 分钟后再试 / too many failed log-ins, try again in 15 minutes');
  });
});
