/**
 * The machine API (/api/v1) over real HTTP on SQLite: tokens refused when expired or revoked (401,
 * in Chinese and English), a department token reads only its department's results (403 otherwise),
 * rate limit (429 with Retry-After), every call recorded, the OpenAPI document covers every route
 * and the answers validate against it, the release bundle verifies.
 */
import { addDays, officeDay } from '@policy/schemas';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, SYSTEM_ACTOR, verifyBundle } from '@policy/db';
import { REPO_ROOT } from '../app.ts';
import { generatedJsonl } from '../imports.ts';
import { runSettled } from '../router/runs.ts';
import { createServer } from '../server.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { openApiPath } from './openapi.ts';
import { apiRoutes } from './routes.ts';

/** Answers are checked against the OpenAPI document below; here they are read loosely. */
 
type J = any;

const AT = '2026-10-31';
const inDays = (n: number) => addDays(officeDay(), n);

/** ajv (JSON Schema 2020-12), a dependency of the admin's form validator, not of the server. */
function ajv2020(): { compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown } } {
  const rjsf = createRequire(join(REPO_ROOT, 'apps/admin/package.json')).resolve('@rjsf/validator-ajv8');
  const Ajv = (createRequire(rjsf)('ajv/dist/2020') as { default: new (o: object) => ReturnType<typeof ajv2020> }).default;
  return new Ajv({ strict: false, validateFormats: false, allErrors: true });
}

describe('/api/v1 on sqlite', () => {
  let f: Fixture;
  let app: FastifyInstance;
  let base = '';
  const routes: { method: string; url: string }[] = [];
  let runId = 0;
  const secrets: Record<string, string> = {};
  const ids: Record<string, number> = {};
  let records: unknown[] = [];

  /** A response whose JSON is read loosely (its shape is checked against the OpenAPI document below). */
  const typed = (res: Response) => res as Omit<Response, 'json'> & { json(): Promise<J> };
  const call = async (path: string, token?: string, init: RequestInit = {}) =>
    typed(await fetch(`${base}/api/v1${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) } }));

  beforeAll(async () => {
    f = await createFixture(':memory:');
    app = Fastify();
    app.addHook('onRoute', (r) => {
      for (const m of [r.method].flat()) if (r.url.startsWith('/api/v1') && m !== 'HEAD') routes.push({ method: m, url: r.url });
    });
    await app.register(apiRoutes, { prefix: '/api/v1', deps: f.deps, rateLimit: { max: 1000, windowMs: 10_000 } });
    await app.register(apiRoutes, { prefix: '/limited/api/v1', deps: f.deps, rateLimit: { max: 2, windowMs: 4_000 } });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const input = generatedJsonl(600, 17);
    records = input.toString('utf8').split('\n').filter(Boolean).slice(0, 50).map((l) => JSON.parse(l) as unknown);
    const r = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'api', format: 'jsonl', input, fileName: 'api.jsonl' });
    if (!r.success) throw new Error('import failed');
    const run = await f.as('credit-office').runs.create({ datasetId: r.dataset.id, at: AT });
    await runSettled(run.id);
    await f.as('reviewer').runs.signOff({ runId: run.id });
    runId = run.id;
    const make = async (name: string, department: string | null, expiresOn = inDays(30)) => {
      const t = await f.as('credit-office').tokens.create({ name, department, scope: 'read', expiresOn });
      secrets[name] = t.secret;
      ids[name] = t.token.id;
    };
    await make('office', null);
    await make('transport', 'transport');
    await make('revoked', 'transport');
    await make('limited', null);
    await f.as('credit-office').tokens.revoke({ id: ids.revoked! });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await f?.deps.services.close();
    await f?.handle.destroy();
  });

  it('only the credit office manages tokens; the list never shows a secret', async () => {
    await expect(f.as('transport').tokens.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('reviewer').tokens.create({ name: 'x', department: null, scope: 'read', expiresOn: inDays(3) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const list = await f.as('credit-office').tokens.list();
    expect(list.map((t) => t.name).sort()).toEqual(['limited', 'office', 'revoked', 'transport']);
    expect(JSON.stringify(list)).not.toContain('pcs_');
  });

  it('refuses a missing, unknown, revoked or expired token with 401 and a Chinese message', async () => {
    const none = await call('/runs');
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: 'TOKEN_MISSING', message: { zh: expect.stringMatching(/缺少服务令牌/), en: expect.any(String) } } });
    expect((await (await call('/runs', 'pcs_' + 'x'.repeat(43))).json()).error.code).toBe('TOKEN_INVALID');
    const revoked = await call('/runs', secrets.revoked);
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error).toMatchObject({ code: 'TOKEN_REVOKED', message: { zh: '服务令牌已被吊销' } });
    // expired: a token whose last day has passed (written as the database would hold it after that day)
    const t = await f.as('credit-office').tokens.create({ name: 'old2', department: null, scope: 'read', expiresOn: inDays(0) });
    await f.handle.db.updateTable('service_tokens').set({ expires_on: inDays(-1) }).where('id', '=', t.token.id).execute();
    const expired = await call('/runs', t.secret);
    expect(expired.status).toBe(401);
    expect((await expired.json()).error).toMatchObject({ code: 'TOKEN_EXPIRED', message: { zh: '服务令牌已过期' } });
  });

  it('serves documents in force, a bundle that verifies, and evaluates a batch like policy evaluate', async () => {
    const docs = await (await call(`/documents?at=${AT}`, secrets.transport)).json();
    expect(docs.documents.length).toBeGreaterThan(2);
    const bundle = await (await call(`/bundle?at=${AT}`, secrets.transport)).json();
    expect(verifyBundle(bundle).ok).toBe(true);
    expect(bundle.documents.map((d: { id: string; contentHash: string }) => [d.id, d.contentHash])).toEqual(docs.documents.map((d: { id: string; contentHash: string }) => [d.id, d.contentHash]));
    const tampered = JSON.parse(JSON.stringify(bundle).replace('"title":"', '"title":"X'));
    expect(verifyBundle(tampered).ok).toBe(false);
    const ev = await call('/evaluate', secrets.transport, { method: 'POST', body: JSON.stringify({ at: AT, enterprises: records }) });
    expect(ev.status).toBe(200);
    const out = await ev.json();
    expect(out.evaluated + out.deregistered.length).toBe(50);
    expect(out.results[0]).toMatchObject({ uscc: expect.any(String), results: expect.any(Object) });
    const bad = await call('/evaluate', secrets.office, { method: 'POST', body: JSON.stringify({ at: AT, enterprises: [{ uscc: 'nope' }] }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_ENTERPRISE');
    const tooMany = await call('/evaluate', secrets.office, { method: 'POST', body: JSON.stringify({ at: AT, enterprises: Array.from({ length: 1001 }, () => records[0]) }) });
    expect((await tooMany.json()).error.code).toBe('INVALID_INPUT');
  });

  it('lists signed-off runs; a department token reads only its department, 403 on another', async () => {
    const runs = await (await call('/runs', secrets.transport)).json();
    expect(runs.runs.map((r: { id: number }) => r.id)).toEqual([runId]);
    const all = await (await call(`/runs/${runId}/results?limit=1000`, secrets.office)).json();
    const mine = await (await call(`/runs/${runId}/results?limit=1000`, secrets.transport)).json();
    expect(mine.department).toBe('transport');
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(all.total);
    expect(mine.results.every((r: { result: { departments: string[] } }) => r.result.departments.includes('transport'))).toBe(true);
    const other = await call(`/runs/${runId}/results?department=market-regulation`, secrets.transport);
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe('DEPARTMENT_FORBIDDEN');
    expect((await call(`/runs/99999/results`, secrets.office)).status).toBe(404);
    const events = await f.handle.db.selectFrom('security_events').select(['kind', 'username']).where('username', '=', 'token:transport').execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['read.refused', 'read.search']);
    const calls = await f.as('credit-office').tokens.calls({ tokenId: ids.transport });
    expect(calls.find((c) => c.route.startsWith('GET /api/v1/runs/:id/results?limit=1000'))).toMatchObject({ tokenName: 'transport', status: 200, records: mine.results.length });
    expect(calls.find((c) => c.route.startsWith('POST /api/v1/evaluate'))).toMatchObject({ status: 200, records: 50 });
    expect(calls.some((c) => c.status === 403)).toBe(true);
  });

  it('rate-limits per token: 429 with Retry-After', async () => {
    const get = async () => typed(await fetch(`${base}/limited/api/v1/runs`, { headers: { authorization: `Bearer ${secrets.limited}` } }));
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const third = await get();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await third.json()).error).toMatchObject({ code: 'RATE_LIMITED', message: { zh: expect.stringMatching(/请求过于频繁/) } });
    // another token has its own bucket
    expect((await fetch(`${base}/limited/api/v1/runs`, { headers: { authorization: `Bearer ${secrets.office}` } })).status).toBe(200);
  });

  it('the OpenAPI document names every route registered under /api/v1, and answers validate against it', async () => {
    const doc = await (await call('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const registered = routes.map((r) => `${r.method} ${openApiPath(r.url.slice('/api/v1'.length))}`);
    expect(registered.length).toBeGreaterThanOrEqual(7);
    for (const r of registered) expect(documented).toContain(r);
    expect(documented.size).toBe(new Set(registered).size);

    const ajv = ajv2020();
    const check = async (method: string, path: string, res: Response) => {
      const schema = doc.paths[path][method].responses[String(res.status)].content['application/json'].schema;
      const validate = ajv.compile({ ...schema, components: doc.components });
      const body = await res.json();
      const ok = validate(body);
      expect(ok, JSON.stringify(validate.errors)).toBe(true);
    };
    await check('get', '/api/v1/documents', await call(`/documents?at=${AT}`, secrets.office));
    await check('get', '/api/v1/bundle', await call(`/bundle?at=${AT}`, secrets.office));
    await check('post', '/api/v1/evaluate', await call('/evaluate', secrets.office, { method: 'POST', body: JSON.stringify({ at: AT, enterprises: records.slice(0, 5) }) }));
    await check('get', '/api/v1/runs', await call('/runs', secrets.office));
    await check('get', '/api/v1/runs/{id}/results', await call(`/runs/${runId}/results?limit=5`, secrets.office));
    await check('get', '/api/v1/draws', await call('/draws', secrets.office));
    await check('get', '/api/v1/runs/{id}/results', await call(`/runs/${runId}/results?department=x`, secrets.transport));
    await check('get', '/api/v1/runs', await call('/runs', secrets.revoked));
  });

  it('is served by the real server at /api/v1 (server.ts)', async () => {
    const s = createServer({ deps: f.deps, port: 0 });
    const url = await s.start();
    try {
      const res = await fetch(`${url}/api/v1/openapi.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const nope = typed(await fetch(`${url}/api/v1/nope`));
      expect(nope.status).toBe(404);
      expect((await nope.json()).error.code).toBe('NOT_FOUND');
    } finally {
      await s.stop();
    }
  });
});
