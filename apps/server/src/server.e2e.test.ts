/**
 * End to end: the real server on a free port, driven by a real tRPC HTTP client with cookies, on
 * SQLite and on PostgreSQL (a database of its own per run, dropped afterwards).
 */
import { TEST_PG_URL } from '@policy/db/test-support';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { sql } from 'kysely';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@policy/db/client';
import { createApp } from './app.ts';
import type { App } from './app.ts';
import { silentLogger } from './logger.ts';
import type { AppRouter } from './router/index.ts';

const PG_ADMIN_URL = TEST_PG_URL;

interface Target {
  name: string;
  setup(): Promise<{ url: string; teardown(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: 'SQLite',
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), 'policy-e2e-'));
      return { url: join(dir, 'policy.sqlite'), teardown: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async setup() {
      const name = `policy_e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
      const admin = createDb(PG_ADMIN_URL, { poolSize: 1 });
      await sql.raw(`create database ${name}`).execute(admin.db);
      const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
      return {
        url,
        async teardown() {
          // the app's pool may still be closing its connections: wait for them instead of killing them
          for (let i = 0; ; i++) {
            try {
              await sql.raw(`drop database if exists ${name}${i >= 50 ? ' with (force)' : ''}`).execute(admin.db);
              break;
            } catch (e) {
              if (i >= 50) throw e;
              await new Promise((r) => setTimeout(r, 100));
            }
          }
          await admin.destroy();
        },
      };
    },
  },
];

/** A tRPC client whose fetch keeps the session cookie, like a browser. */
function clientFor(base: string, methodOverride?: 'POST') {
  let cookie = '';
  const fetchWithCookies: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(input, { ...init, headers });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      cookie = pair!.endsWith('=') ? '' : pair!;
    }
    return res;
  };
  const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${base}/trpc`, transformer: superjson, fetch: fetchWithCookies, methodOverride })] });
  return { client, cookie: () => cookie, fetch: fetchWithCookies };
}

type Client = ReturnType<typeof clientFor>;

/**
 * Logs a client in as a seeded user; at the first log-in the initial password must be changed
 * (every other procedure is refused until then), so this changes it and logs in again.
 */
function signInWith(initialPassword: (username: string) => string) {
  const current = new Map<string, string>();
  return async (c: Client, username: string) => {
    const password = current.get(username) ?? initialPassword(username);
    const first = await c.client.auth.login.mutate({ username, password });
    if (!first.user.mustChangePassword) return first.user;
    const next = `${password}-changed`;
    await c.client.auth.changePassword.mutate({ oldPassword: password, newPassword: next });
    current.set(username, next);
    return (await c.client.auth.login.mutate({ username, password: next })).user;
  };
}

describe.each(targets)('full release over HTTP on $name', (target) => {
  let app: App;
  let base: string;
  let teardown: () => Promise<void>;
  const password = (u: string) => app.seedResult.users.find((x) => x.username === u)!.password;
  const signIn = signInWith(password);

  beforeAll(async () => {
    const t = await target.setup();
    teardown = t.teardown;
    app = await createApp({ databaseUrl: t.url, port: 0, logger: silentLogger, sampleDatasetSize: 500, adminDist: join(tmpdir(), 'no-admin-build') });
    base = await app.server.start();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await teardown?.();
  }, 60_000);

  it('drafts as a department editor, approves as a reviewer, publishes, and the new version is in force', async () => {
    const editor = clientFor(base);
    await expect(editor.client.auth.me.query()).rejects.toBeInstanceOf(TRPCClientError);
    const login = await editor.client.auth.login.mutate({ username: 'market-regulation', password: password('market-regulation') });
    expect(login.user.department).toBe('market-regulation');
    expect(editor.cookie()).toMatch(/^policy_session=/);
    expect(await editor.client.auth.me.query()).toMatchObject({ username: 'market-regulation', mustChangePassword: true });
    // the seeded password must be changed before anything else
    await expect(editor.client.documents.list.query({})).rejects.toMatchObject({ data: { code: 'FORBIDDEN', httpStatus: 403, reason: 'must-change-password' } });
    await expect(editor.client.documents.createDraft.mutate({ documentId: 'supervision-items-market-regulation' })).rejects.toMatchObject({
      data: { code: 'FORBIDDEN', reason: 'must-change-password' },
    });
    expect((await signIn(editor, 'market-regulation')).mustChangePassword).toBe(false);
    expect(editor.cookie()).toMatch(/^policy_session=/);
    expect(await editor.client.auth.me.query()).toMatchObject({ username: 'market-regulation', mustChangePassword: false });

    const docId = 'supervision-items-market-regulation';
    const draft = await editor.client.documents.createDraft.mutate({ documentId: docId });
    const v = await editor.client.documents.get.query({ versionId: draft.id });
    const content = structuredClone(v.content) as { effectiveFrom: string; content: { items: { name: string }[] } };
    content.content.items[0]!.name = `${content.content.items[0]!.name}（2027 修订）`;
    // a date still ahead whenever the test runs (an earlier one would be retroactive)
    const year = new Date().getUTCFullYear() + 1;
    const next = `${year}-01-01`;
    content.effectiveFrom = next;
    const saved = await editor.client.documents.saveDraft.mutate({ versionId: draft.id, revision: draft.revision, content });
    await editor.client.documents.submit.mutate({ versionId: draft.id, revision: saved.revision });

    // the maker may not approve, and another department may not even read the version
    await expect(editor.client.documents.approve.mutate({ versionId: draft.id })).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    const transport = clientFor(base);
    await signIn(transport, 'transport');
    await expect(transport.client.documents.get.query({ versionId: draft.id })).rejects.toMatchObject({ data: { code: 'FORBIDDEN', httpStatus: 403 } });

    const reviewer = clientFor(base);
    await signIn(reviewer, 'reviewer');
    const diff = await reviewer.client.documents.diff.query({ documentId: docId, from: 1, to: saved.versionNumber });
    expect(diff.sentences.map((s) => s.zh)).toContain(`生效日期 2024-01-01 → ${next}`);
    await reviewer.client.documents.approve.mutate({ versionId: draft.id, comment: '同意' });

    const office = clientFor(base);
    await signIn(office, 'credit-office');
    const published = await office.client.documents.publish.mutate({ versionId: draft.id, effectiveFrom: next });
    expect(published.status).toBe('published');

    const viewer = clientFor(base);
    await signIn(viewer, 'viewer');
    const before = await viewer.client.documents.inForce.query({ at: `${year - 1}-12-31` });
    const after = await viewer.client.documents.inForce.query({ at: next });
    expect(before.find((x) => x.documentId === docId)?.versionNumber).toBe(1);
    const now = after.find((x) => x.documentId === docId)!;
    expect(now.versionNumber).toBe(published.versionNumber);
    expect((now.content as typeof content).content.items[0]!.name).toContain('修订');
    expect((await viewer.client.audit.verify.query()).ok).toBe(true);

    await editor.client.auth.logout.mutate();
    expect(editor.cookie()).toBe('');
    await expect(editor.client.auth.me.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED', httpStatus: 401 } });
  });

  it('previews over the sample dataset through HTTP', async () => {
    const c = clientFor(base);
    await signIn(c, 'reviewer');
    const [ds] = await c.client.datasets.list.query();
    expect(ds!.rowCount).toBe(500);
    const p = await c.client.evaluation.preview.query({ datasetId: ds!.id, at: '2026-10-31' });
    expect(p.n).toBe(500);
    expect(p.comparison.moved.total).toBe(0);
    // the distribution counts the register on the day: deregistered enterprises are counted apart (issue 12)
    const agg = p.base.aggregate;
    expect(agg.documents.find((d) => d.id === 'public-credit-class')?.overall.total).toBe(agg.n);
    expect(agg.n + agg.outside).toBe(500);
  });
});

describe('HTTP edges', () => {
  let app: App;
  let base: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-http-'));
    app = await createApp({ databaseUrl: join(dir, 'p.sqlite'), port: 0, logger: silentLogger, adminDist: join(dir, 'dist') });
    base = await app.server.start();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const password = (u: string) => app.seedResult.users.find((x) => x.username === u)!.password;
  const signIn = signInWith(password);

  it('answers unknown routes and procedures with clean 4xx JSON, never a stack trace', async () => {
    const r1 = await fetch(`${base}/api/nothing`);
    expect(r1.status).toBe(404);
    expect(((await r1.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const r2 = await fetch(`${base}/trpc/no.such.procedure`);
    expect(r2.status).toBe(404);
    expect(await r2.text()).not.toMatch(/stack|at .*\.ts:\d+/);
    const r3 = await fetch(`${base}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(r3.status).toBe(400);
    expect(await r3.text()).not.toMatch(/"stack"/);
    const r4 = await fetch(`${base}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: { username: 5 } }) });
    expect(r4.status).toBe(400);
    const body = (await r4.json()) as { error: { json: { data: { issues: { path: string }[] } } } };
    expect(body.error.json.data.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/username', '/password']));
    expect(JSON.stringify(body)).not.toMatch(/"stack"/);
  });

  it('accepts document-sized query inputs sent as POST (methodOverride)', async () => {
    const c = clientFor(base, 'POST');
    await signIn(c, 'viewer');
    const sampling = (await c.client.documents.inForce.query({ at: '2026-10-31' })).find((v) => v.documentId === 'sampling')!;
    const doc = structuredClone(sampling.content) as { description?: string; content: { rows: { ratioPercent: number }[] } };
    doc.description = '说明'.repeat(20_000); // ~120 kB of JSON: too long for a URL
    doc.content.rows[0]!.ratioPercent = 150;
    const r = await c.client.documents.validate.query({ content: doc });
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => i.path)).toContain('/content/rows/0/ratioPercent');
  });

  it('says how to build the admin when its build is missing, for HTML requests', async () => {
    const r = await fetch(`${base}/documents/sampling`, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('pnpm start');
  });

  it('limits tRPC bodies to 1 MB', async () => {
    const big = JSON.stringify({ json: { username: 'x', password: 'y'.repeat(1_100_000) } });
    const r = await fetch(`${base}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(r.status).toBe(413);
  });

  it('takes dataset uploads from the credit office only and reports every bad line', async () => {
    const anon = await fetch(`${base}/upload/dataset?name=x&format=jsonl`, { method: 'POST', body: '{}' });
    expect(anon.status).toBe(401);
    const office = clientFor(base);
    await office.client.auth.login.mutate({ username: 'credit-office', password: password('credit-office') });
    const flagged = await office.fetch(`${base}/upload/dataset?name=x&format=jsonl`, { method: 'POST', body: '{}' });
    expect(flagged.status).toBe(403);
    expect(((await flagged.json()) as { error: { reason: string } }).error.reason).toBe('must-change-password');
    await signIn(office, 'credit-office');
    const good = '{"uscc":"91410400MA44XXXX0X","name":"甲","industryCode":"C1391","status":"active"}\n';
    const bad = await office.fetch(`${base}/upload/dataset?name=bad&format=jsonl`, { method: 'POST', body: `${good}{"name":1}\n` });
    expect(bad.status).toBe(202);
    const { jobId } = (await bad.json()) as { jobId: string };
    let job = await office.client.datasets.importStatus.query({ jobId });
    while (job.phase === 'receiving' || job.phase === 'importing') job = await office.client.datasets.importStatus.query({ jobId });
    expect(job.phase).toBe('failed');
    expect(job.errors.some((e) => e.row === 2)).toBe(true);
    const wrongFormat = await office.fetch(`${base}/upload/dataset?name=x&format=pdf`, { method: 'POST', body: good });
    expect(wrongFormat.status).toBe(400);
  });
});
