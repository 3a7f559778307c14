/**
 * Issue 10 over real HTTP on loopback: headers, cross-site refusal, batch limit, empty uploads,
 * plain-worded database faults (SQLite disk full / read-only; PostgreSQL outage), readiness,
 * expired sessions, and no internal texts in answers.
 */
import { TEST_PG_URL } from '@policy/db/test-support';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDatasets } from '@policy/db';
import { createDb } from '@policy/db/client';
// the better-sqlite3 handle under a Kysely instance (not part of the package's public entry points)
import { sqliteHandle } from '../../../packages/db/src/raw.ts';
import { createApp } from './app.ts';
import type { App } from './app.ts';
import { readiness } from './health.ts';
import { createLogger, silentLogger } from './logger.ts';
import { purgeExpiredSessions } from './sessions.ts';

const PG_ADMIN_URL = TEST_PG_URL;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: { error?: { code?: string; message?: string; reason?: string; json?: { message: string; data: { code: string; httpStatus: number; reason?: string } } } } & Record<string, unknown>;
}

/** A browser-like session: keeps the cookie, answers parsed. */
function session(base: string) {
  let cookie = '';
  const call = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(`${base}${path}`, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    let json = {} as Answer['json'];
    try {
      json = JSON.parse(text) as Answer['json'];
    } catch {
      // not JSON (HTML)
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  const mutate = (proc: string, input: unknown, headers: Record<string, string> = {}) =>
    call(`/trpc/${proc}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ json: input }) });
  return { call, mutate, cookie: () => cookie };
}

const changed = new WeakMap<App, Set<string>>();
/** Logs in a seeded user, changing the initial password at the first log-in. */
async function signIn(app: App, s: ReturnType<typeof session>, username: string) {
  const initial = app.seedResult.users.find((u) => u.username === username)!.password;
  const done = changed.get(app) ?? new Set<string>();
  changed.set(app, done);
  if (!done.has(username)) {
    const first = await s.mutate('auth.login', { username, password: initial });
    expect(first.status).toBe(200);
    await s.mutate('auth.changePassword', { oldPassword: initial, newPassword: `${initial}-changed` });
    done.add(username);
  }
  const again = await s.mutate('auth.login', { username, password: `${initial}-changed` });
  expect(again.status).toBe(200);
}

const tRPCError = (a: Answer) => a.json.error!.json!;
/** Chinese, then English, and none of the drivers' or the runtime's own texts. */
function expectPlainWords(a: Answer) {
  expect(a.text).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/);
  expect(a.text).not.toMatch(/SQLITE_|cannot rollback|Cannot destructure|Connection terminated|terminating connection|ECONNREFUSED|no such table|Unexpected token|expected number, received|"stack"/i);
}

describe('HTTP hardening on SQLite', () => {
  let app: App;
  let base: string;
  let dir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-hardening-'));
    mkdirSync(join(dir, 'dist/assets'), { recursive: true });
    writeFileSync(join(dir, 'dist/index.html'), '<!doctype html><title>admin</title>');
    app = await createApp({
      databaseUrl: join(dir, 'p.sqlite'),
      port: 0,
      logger: createLogger({ level: 'debug', write: (l) => logLines.push(l) }),
      adminDist: join(dir, 'dist'),
      trpcMaxBatch: 10,
    });
    base = await app.server.start();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends CSP, frame, referrer and nosniff headers everywhere and no-store on API, upload and health answers', async () => {
    const s = session(base);
    const page = await s.call('/documents/x', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'unsafe-eval';"); // no 'unsafe-inline' scripts
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/); // no external host
    const api = await s.call('/trpc/auth.me');
    const upload = await s.call('/upload/dataset?name=x&format=jsonl', { method: 'POST', body: '{}' });
    for (const a of [page, api, upload, await s.call('/healthz'), await s.call('/readyz')]) {
      expect(a.headers.get('x-frame-options')).toBe('DENY');
      expect(a.headers.get('referrer-policy')).toBe('no-referrer');
      expect(a.headers.get('x-content-type-options')).toBe('nosniff');
      expect(a.headers.get('content-security-policy')).toBe(csp);
    }
    for (const a of [api, upload]) expect(a.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('cache-control')).not.toBe('no-store');
    // a plain-HTTP deployment: no Secure cookie, no HSTS
    const login = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { username: 'viewer', password: app.seedResult.users.find((u) => u.username === 'viewer')!.password } }),
    });
    expect(login.headers.getSetCookie()[0]).not.toContain('Secure');
    expect(login.headers.get('strict-transport-security')).toBeNull();
  });

  it('refuses state changes from other sites (tRPC and multipart uploads) and lets queries and same-origin requests through', async () => {
    const office = session(base);
    await signIn(app, office, 'credit-office');
    const evil = { origin: 'http://evil.example' };
    const refused = [
      await office.mutate('auth.logout', null, evil),
      await office.mutate('auth.logout', null, { 'sec-fetch-site': 'cross-site' }),
      await office.mutate('auth.logout', null, { 'sec-fetch-site': 'same-site', origin: base }),
      await office.mutate('auth.logout', null, { origin: 'null' }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(r.json.error).toMatchObject({ code: 'FORBIDDEN', reason: 'cross-origin' });
      expectPlainWords(r);
    }
    const jobs = () => office.call('/trpc/datasets.imports').then((a) => (a.json as { result: { data: { json: unknown[] } } }).result.data.json.length);
    const before = await jobs();
    const form = new FormData();
    form.set('file', new Blob(['{"uscc":"91410400MA44XXXX0X","name":"甲","industryCode":"C1391","status":"active"}\n']), 'a.jsonl');
    const upload = await office.call('/upload/dataset?name=csrf', { method: 'POST', body: form, headers: evil });
    expect(upload.status).toBe(403);
    expect(upload.json.error!.reason).toBe('cross-origin');
    expect(await jobs()).toBe(before); // refused before the body was read: no job
    // queries are unaffected, same-origin requests pass
    expect((await office.call('/trpc/auth.me', { headers: evil })).status).toBe(200);
    expect((await office.call('/trpc/auth.me', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
    expect((await office.mutate('documents.createDraft', { documentId: 'no-such-document' }, { origin: base })).status).not.toBe(403);
    expect((await office.mutate('documents.createDraft', { documentId: 'no-such-document' }, { 'sec-fetch-site': 'same-origin' })).status).not.toBe(403);
    expect((await office.call('/trpc/auth.me')).json).toMatchObject({ result: { data: { json: { username: 'credit-office' } } } });
  });

  it('refuses a tRPC batch over the limit with 413 and a bilingual message; 10 calls pass', async () => {
    const s = session(base);
    await signIn(app, s, 'viewer');
    const batch = (n: number) => `/trpc/${Array(n).fill('audit.verify').join(',')}?batch=1&input=${encodeURIComponent('{}')}`;
    const ten = await s.call(batch(10));
    expect(ten.status).toBe(200);
    expect(ten.json).toHaveLength(10);
    const eleven = await s.call(batch(11));
    expect(eleven.status).toBe(413);
    expect(tRPCError(eleven)).toMatchObject({ data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, reason: 'batch-too-large' } });
    expect(tRPCError(eleven).message).toContain('too many calls in one batch');
    expectPlainWords(eleven);
    const thousand = await s.call(`/trpc/${Array(1000).fill('audit.verify').join(',')}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [i, {}]))),
    });
    expect(thousand.status).toBe(413);
  });

  it('refuses empty uploads (raw, white space only, empty form file) and creates no dataset', async () => {
    const office = session(base);
    await signIn(app, office, 'credit-office');
    const before = (await listDatasets(app.handle.db)).length;
    const form = new FormData();
    form.set('file', new Blob(['']), 'empty.jsonl');
    const answers = [
      await office.call('/upload/dataset?name=empty&format=jsonl', { method: 'POST', body: '' }),
      await office.call('/upload/dataset?name=blank&format=csv', { method: 'POST', body: ' \r\n\n\t ' }),
      await office.call('/upload/dataset?name=empty-form', { method: 'POST', body: form }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(400);
      expect(a.json.error!.message).toContain('文件为空');
      expect(a.json.error!.message).toContain('the file is empty');
    }
    await new Promise((r) => setTimeout(r, 200)); // an accepted import would run in the background
    expect((await listDatasets(app.handle.db)).length).toBe(before);
  });

  it('answers malformed input and unexpected errors in plain words, keeping the detail in the log', async () => {
    const s = session(base);
    const nullBody = await s.call('/trpc/auth.login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' });
    expect(nullBody.status).toBe(400);
    expectPlainWords(nullBody);
    const notJson = await s.call('/trpc/auth.login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(notJson.status).toBe(400);
    expectPlainWords(notJson);
    await signIn(app, s, 'reviewer');
    // Infinity travels in superjson; the schema must say "finite number" rather than zod's "expected number, received number"
    const inf = await s.call(
      `/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 'Infinity' }, meta: { values: { limit: ['number'] } } }))}`,
    );
    expect(inf.status).toBe(400);
    expect(tRPCError(inf).message).toContain('finite number');
    expectPlainWords(inf);
    // a genuinely unexpected fault: a table gone
    const raw = sqliteHandle(app.handle.db)!;
    raw.exec('alter table audit_log rename to audit_log_away');
    try {
      const broken = await s.call('/trpc/audit.verify');
      expect(broken.status).toBe(500);
      expect(tRPCError(broken).message).toBe('服务器内部错误 / internal server error');
      expectPlainWords(broken);
      expect(logLines.some((l) => l.includes('"level":"error"') && l.includes('no such table'))).toBe(true);
    } finally {
      raw.exec('alter table audit_log_away rename to audit_log');
    }
  });

  it('reports a full disk as a 503 in plain words (not "cannot rollback") and recovers', async () => {
    const s = session(base);
    await signIn(app, s, 'market-regulation');
    const draft = await s.mutate('documents.createDraft', { documentId: 'supervision-items-market-regulation' });
    expect(draft.status).toBe(200);
    const { id, revision } = (draft.json as { result: { data: { json: { id: number; revision: number } } } }).result.data.json;
    const got = await s.call(`/trpc/documents.get?input=${encodeURIComponent(JSON.stringify({ json: { versionId: id } }))}`);
    const content = (got.json as { result: { data: { json: { content: { description?: string } } } } }).result.data.json.content;
    content.description = '说明'.repeat(100_000); // ~600 kB: needs new pages
    const raw = sqliteHandle(app.handle.db)!;
    const pages = raw.pragma('page_count', { simple: true }) as number;
    raw.pragma(`max_page_count = ${pages}`); // SQLite's own SQLITE_FULL, as on a full disk
    try {
      const full = await s.mutate('documents.saveDraft', { versionId: id, revision, content });
      expect(full.status).toBe(503);
      expect(tRPCError(full)).toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, reason: 'db-disk-full' } });
      expect(tRPCError(full).message).toContain('the database disk is full');
      expectPlainWords(full);
    } finally {
      raw.pragma('max_page_count = 4294967294');
    }
    expect((await s.mutate('documents.saveDraft', { versionId: id, revision, content })).status).toBe(200);
  });

  it('reports a read-only database as a 503 on log-in and on /readyz, and is ready again afterwards', async () => {
    // tests run as root, which ignores file modes: SQLite's query_only makes this connection refuse
    // writes with SQLITE_READONLY, exactly as a read-only file or file system does
    const raw = sqliteHandle(app.handle.db)!;
    expect((await session(base).call('/readyz')).json).toMatchObject({ ok: true, database: 'sqlite' });
    raw.pragma('query_only = ON');
    try {
      const s = session(base);
      // a user nobody here has signed in as: the initial password is still valid
      const login = await s.mutate('auth.login', { username: 'transport', password: app.seedResult.users.find((u) => u.username === 'transport')!.password });
      expect(login.status).toBe(503);
      expect(tRPCError(login)).toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE', reason: 'db-read-only' } });
      expectPlainWords(login);
      const ready = await s.call('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json).toMatchObject({ ok: false, reason: 'db-read-only' });
      expect(ready.json.message).toContain('the database is read-only');
      expect((await s.call('/healthz')).status).toBe(200); // the process itself is fine
    } finally {
      raw.pragma('query_only = OFF');
    }
    expect((await session(base).call('/readyz')).status).toBe(200);
  });
});

describe('readiness of a read-only SQLite file', () => {
  it('is not ready, naming the cause, when the file is read-only; ready when writable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-ro-'));
    try {
      const app = await createApp({ databaseUrl: join(dir, 'p.sqlite'), port: 0, logger: silentLogger });
      await app.close();
      copyFileSync(join(dir, 'p.sqlite'), join(dir, 'ro.sqlite'));
      chmodSync(join(dir, 'ro.sqlite'), 0o444);
      // root ignores the mode bits, so the file is also opened read-only, as a non-root server would find it
      const ro = createDb(join(dir, 'ro.sqlite'), { readonly: true });
      const rw = createDb(join(dir, 'p.sqlite'));
      try {
        expect(await readiness(ro.db)).toMatchObject({ ready: false, reason: 'db-read-only', message: expect.stringContaining('数据库当前为只读') });
        expect(await readiness(rw.db)).toEqual({ ready: true });
      } finally {
        await ro.destroy();
        await rw.destroy();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('sessions', () => {
  it('purges expired sessions at start and on demand, keeping live ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-sessions-'));
    try {
      const file = join(dir, 'p.sqlite');
      let app = await createApp({ databaseUrl: file, port: 0, logger: silentLogger });
      const s = session(await app.server.start());
      await s.mutate('auth.login', { username: 'viewer', password: app.seedResult.users.find((u) => u.username === 'viewer')!.password });
      const userId = (await app.handle.db.selectFrom('users').select('id').where('username', '=', 'viewer').executeTakeFirstOrThrow()).id;
      const past = new Date(Date.now() - 60_000).toISOString();
      await app.handle.db.insertInto('sessions').values({ token_hash: 'expired-1', user_id: userId, created_at: past, expires_at: past }).execute();
      await app.close();
      app = await createApp({ databaseUrl: file, port: 0, logger: silentLogger });
      try {
        const rows = await app.handle.db.selectFrom('sessions').select(['token_hash', 'expires_at']).execute();
        expect(rows.map((r) => r.token_hash)).not.toContain('expired-1');
        expect(rows).toHaveLength(1); // the live session survives
        await app.handle.db.insertInto('sessions').values({ token_hash: 'expired-2', user_id: userId, created_at: past, expires_at: past }).execute();
        expect(await purgeExpiredSessions(app.handle.db)).toBe(1);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('Secure cookies behind TLS', () => {
  it('marks the session cookie Secure and sends HSTS with cookieSecure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-secure-'));
    const app = await createApp({ databaseUrl: join(dir, 'p.sqlite'), port: 0, logger: silentLogger, cookieSecure: true });
    try {
      const base = await app.server.start();
      const r = await fetch(`${base}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { username: 'viewer', password: app.seedResult.users.find((u) => u.username === 'viewer')!.password } }),
      });
      expect(r.status).toBe(200);
      expect(r.headers.getSetCookie()[0]).toMatch(/^policy_session=[^;]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+; Secure$/);
      expect(r.headers.get('strict-transport-security')).toContain('max-age=31536000');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a PostgreSQL outage', () => {
  const name = `policy_outage_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = createDb(PG_ADMIN_URL, { poolSize: 1 });
  let app: App;
  let base: string;
  const logLines: string[] = [];
  const terminate = () => sql.raw(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`).execute(admin.db);

  beforeAll(async () => {
    await sql.raw(`create database ${name}`).execute(admin.db);
    app = await createApp({
      databaseUrl: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
      port: 0,
      logger: createLogger({ level: 'warn', write: (l) => logLines.push(l) }),
    });
    base = await app.server.start();
  }, 120_000);
  afterAll(async () => {
    await sql.raw(`alter database ${name} allow_connections true`).execute(admin.db).catch(() => {});
    await app?.close();
    await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
    await admin.destroy();
  }, 60_000);

  const wrongLogIn = () => session(base).mutate('auth.login', { username: 'viewer', password: 'wrong-password' });

  it('survives its pooled connections being terminated; the next request reconnects', async () => {
    expect((await wrongLogIn()).status).toBe(401);
    await terminate();
    await new Promise((r) => setTimeout(r, 200)); // the idle connections' error events arrive
    expect((await session(base).call('/healthz')).status).toBe(200);
    expect(logLines.some((l) => l.includes('database connection lost'))).toBe(true);
    expect((await wrongLogIn()).status).toBe(401);
    expect((await session(base).call('/readyz')).status).toBe(200);
  });

  it('answers 503 in plain words while PostgreSQL refuses connections, and works again after', async () => {
    await sql.raw(`alter database ${name} allow_connections false`).execute(admin.db);
    await terminate();
    try {
      const down = await wrongLogIn();
      expect(down.status).toBe(503);
      expect(tRPCError(down)).toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, reason: 'db-unavailable' } });
      expect(tRPCError(down).message).toBe('数据库暂时无法连接，请稍后重试 / the database is unavailable, please try again shortly');
      expectPlainWords(down);
      const ready = await session(base).call('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json).toMatchObject({ ok: false, reason: 'db-unavailable' });
      const upload = await session(base).call('/upload/dataset?name=x&format=jsonl', { method: 'POST', body: '{}', headers: { cookie: 'policy_session=abc' } });
      expect(upload.status).toBe(503);
      expect(upload.json.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'db-unavailable' });
      expect((await session(base).call('/healthz')).status).toBe(200);
    } finally {
      await sql.raw(`alter database ${name} allow_connections true`).execute(admin.db);
    }
    expect((await wrongLogIn()).status).toBe(401);
    const s = session(base);
    const viewer = app.seedResult.users.find((u) => u.username === 'viewer')!;
    expect((await s.mutate('auth.login', { username: 'viewer', password: viewer.password })).status).toBe(200);
    expect((await session(base).call('/readyz')).json).toMatchObject({ ok: true, database: 'postgres' });
  }, 60_000);

  it('reports a read-only PostgreSQL (a standby, or default_transaction_read_only) as a 503 and not ready', async () => {
    await sql.raw(`alter database ${name} set default_transaction_read_only = on`).execute(admin.db);
    await terminate();
    try {
      const viewer = app.seedResult.users.find((u) => u.username === 'viewer')!;
      // the pool's sessions were just terminated: the first ask may meet a dead connection (db-unavailable)
      // while the server reconnects; within a bound it must say the database is read-only
      const until = Date.now() + 15_000;
      let login = await session(base).mutate('auth.login', { username: 'viewer', password: viewer.password });
      while ((login.json.error?.json as { data?: { reason?: string } } | undefined)?.data?.reason === 'db-unavailable' && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
        login = await session(base).mutate('auth.login', { username: 'viewer', password: viewer.password });
      }
      expect(login.status).toBe(503);
      expect(tRPCError(login)).toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE', reason: 'db-read-only' } });
      expectPlainWords(login);
      expect((await session(base).call('/readyz')).json).toMatchObject({ ok: false, reason: 'db-read-only' });
    } finally {
      await sql.raw(`alter database ${name} reset default_transaction_read_only`).execute(admin.db);
      await terminate();
    }
    // The pool's sessions were terminated a moment ago: the first ask may meet a dead connection and the
    // server reconnects. Readiness must come back within a bound, not on the very first ask.
    expect(await readyWithin(base, 15_000)).toBe(200);
  }, 60_000);
});

async function readyWithin(base: string, ms: number): Promise<number> {
  const until = Date.now() + ms;
  let status = 0;
  while (Date.now() < until) {
    status = (await session(base).call('/readyz')).status;
    if (status === 200) return status;
    await new Promise((r) => setTimeout(r, 250));
  }
  return status;
}
