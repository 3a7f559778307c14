/**
 * Dataset deltas through the machine API (issue 17, incremental data) over real HTTP on SQLite: a
 * read-scope token is refused (403), an import-scope token applies a delta (version and content hash
 * advance, audited under the token's name), a bad delta changes nothing (400 with Chinese messages
 * naming item, USCC and field), a stale baseVersion is 409; and a run over the updated dataset equals
 * a run over a full import of the merged file (same dataset hash, run hash and per-enterprise results).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { addDays, officeDay } from '@policy/schemas';
import type { EnterpriseRecord } from '@policy/schemas';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachRunChunk, importDataset, listAudit, loadDataset, SYSTEM_ACTOR } from '@policy/db';
import { REPO_ROOT } from '../app.ts';
import { generatedJsonl } from '../imports.ts';
import { runSettled } from '../router/runs.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { apiRoutes } from './routes.ts';

type J = any;

const AT = '2026-10-31';

/** ajv (JSON Schema 2020-12), a dependency of the admin's form validator, not of the server (as api.test.ts). */
function ajv2020(): { compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown } } {
  const rjsf = createRequire(join(REPO_ROOT, 'apps/admin/package.json')).resolve('@rjsf/validator-ajv8');
  const Ajv = (createRequire(rjsf)('ajv/dist/2020') as { default: new (o: object) => ReturnType<typeof ajv2020> }).default;
  return new Ajv({ strict: false, validateFormats: false, allErrors: true });
}
const parse = (buf: Buffer) => buf.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as EnterpriseRecord);
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('/api/v1/datasets/:id/delta on sqlite', () => {
  let f: Fixture;
  let app: FastifyInstance;
  let base = '';
  const secrets: Record<string, string> = {};
  let datasetId = 0;
  let baseRecords: EnterpriseRecord[] = [];

  const call = async (path: string, token: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
    return { status: res.status, body: (await res.json()) as J };
  };
  const post = async (id: number, token: string, delta: unknown) =>
    record('post', '/api/v1/datasets/{id}/delta', await call(`/datasets/${id}/delta`, token, { method: 'POST', body: JSON.stringify(delta) }));
  const version = async (id: number, token: string) => record('get', '/api/v1/datasets/{id}', await call(`/datasets/${id}`, token));
  /** Every answer of these routes, checked against the OpenAPI document at the end. */
  const answers: { method: string; path: string; status: number; body: J }[] = [];
  const record = <T extends { status: number; body: J }>(method: string, path: string, res: T): T => {
    answers.push({ method, path, ...res });
    return res;
  };

  beforeAll(async () => {
    f = await createFixture(':memory:');
    app = Fastify();
    await app.register(apiRoutes, { prefix: '/api/v1', deps: f.deps, rateLimit: { max: 1000, windowMs: 10_000 } });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const input = generatedJsonl(400, 23);
    baseRecords = parse(input);
    const r = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'delta-base', format: 'jsonl', input, fileName: 'base.jsonl' });
    if (!r.success) throw new Error('import failed');
    datasetId = r.dataset.id;
    for (const [name, scope] of [
      ['feed', 'import'],
      ['reader', 'read'],
    ] as const) {
      const t = await f.as('credit-office').tokens.create({ name, department: null, scope, expiresOn: addDays(officeDay(), 30) });
      secrets[name] = t.secret;
    }
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await f?.deps.services.close();
    await f?.handle.destroy();
  });

  /** A run of a dataset at AT, completed, with its result lines. */
  const runOf = async (id: number) => {
    const run = await f.as('credit-office').runs.create({ datasetId: id, at: AT });
    await runSettled(run.id);
    const done = await f.as('credit-office').runs.get({ runId: run.id });
    expect(done.status).toBe('completed');
    const lines: string[] = [];
    await forEachRunChunk(f.handle.db, run.id, (c) => void lines.push(c.payload));
    return { run: done, lines: lines.join('') };
  };

  /** A delta touching every section, and the merged file it amounts to (written out here independently). */
  function deltaAndMerged() {
    const known = new Set(baseRecords.map((e) => e.uscc));
    const fresh = parse(generatedJsonl(120, 991)).filter((e) => !known.has(e.uscc)).slice(0, 60);
    const changed = { ...baseRecords[0]!, name: `${baseRecords[0]!.name}（已变更）`, publicCreditScore: 12 };
    const record = { id: 'delta-r1', kind: 'penalty.fine', date: '2026-09-15' };
    const withRecord = baseRecords[1]!;
    const withList = baseRecords[2]!;
    const membership = { list: 'serious-dishonesty', from: '2026-10-01', until: null };
    expect((withList.lists ?? []).some((l) => l.list === membership.list && l.from === membership.from)).toBe(false);
    const gone = baseRecords.slice(5).find((e) => e.status === 'active' && e.statusSince === undefined)!;
    const delta = {
      upsert: [changed, ...fresh],
      records: [{ uscc: withRecord.uscc, record }],
      lists: [{ uscc: withList.uscc, ...membership }],
      deregister: [{ uscc: gone.uscc, date: '2026-10-20' }],
    };
    const merged = baseRecords.map((e) => {
      if (e.uscc === changed.uscc) return changed;
      if (e.uscc === withRecord.uscc) return { ...e, records: [...(e.records ?? []), record] };
      if (e.uscc === withList.uscc) return { ...e, lists: [...(e.lists ?? []), membership] };
      if (e.uscc === gone.uscc) return { ...e, status: 'deregistered', statusSince: '2026-10-20' };
      return e;
    });
    return { delta, merged: [...merged, ...fresh], gone: gone.uscc, fresh: fresh.length };
  }

  it('a read-scope token gets 403 and the dataset stays as it was', async () => {
    const { delta } = deltaAndMerged();
    const res = await post(datasetId, secrets.reader!, delta);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'SCOPE_FORBIDDEN', message: { zh: expect.stringContaining('需要“import”') } });
    expect((await version(datasetId, secrets.reader!)).body).toMatchObject({ id: datasetId, version: 1, rowCount: 400, updatedAt: null });
  });

  it('a bad delta is refused whole (400, Chinese, item and USCC named); a missing dataset is 404', async () => {
    const before = (await version(datasetId, secrets.feed!)).body;
    const u = baseRecords[3]!.uscc;
    const res = await post(datasetId, secrets.feed!, { upsert: [{ ...baseRecords[4]!, name: '不应写入' }], records: [{ uscc: u, record: { id: 'x', kind: 'penalty.fine', date: '2026-02-29' } }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_DELTA');
    expect(res.body.error.issues).toEqual([
      { path: '/body/records/0/record/date', message: { zh: `新增或变更的失信记录 第 1 项（统一社会信用代码 ${u}）：决定日期 2026-02-29 不是有效日期：2026 年 2 月只有 28 天`, en: expect.any(String) } },
    ]);
    expect((await version(datasetId, secrets.feed!)).body).toEqual(before);
    expect((await post(99_999, secrets.feed!, { deregister: [] })).status).toBe(404);
  });

  it('an import-scope token applies a delta; a run over it equals a run over a full import of the merged file', async () => {
    const { delta, merged, gone, fresh } = deltaAndMerged();
    const before = await runOf(datasetId); // the server now holds the version 1 population
    const res = await post(datasetId, secrets.feed!, delta);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ previousVersion: 1, dataset: { id: datasetId, version: 2, rowCount: 400 + fresh }, counts: { added: fresh, changed: 4, upsert: fresh + 1, records: 1, lists: 1, deregister: 1 } });
    expect((await loadDataset(f.handle.db, datasetId)).find((e) => e.uscc === gone)).toMatchObject({ status: 'deregistered', statusSince: '2026-10-20' });
    const audit = (await listAudit(f.handle.db, { limit: 1000 })).filter((a) => a.action === 'dataset.update');
    expect(audit).toEqual([expect.objectContaining({ actor: 'token:feed', target: `dataset:${datasetId}`, after_hash: res.body.dataset.contentHash })]);

    // the same delta made against version 1 is refused now
    const stale = await post(datasetId, secrets.feed!, { ...delta, baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'DATASET_VERSION_CONFLICT', message: { zh: expect.stringContaining('已是第 2 版，增量基于第 1 版') } });

    const full = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'delta-merged', format: 'jsonl', input: jsonl(merged), fileName: 'merged.jsonl' });
    if (!full.success) throw new Error(JSON.stringify(full.errors.slice(0, 3)));
    const updated = await runOf(datasetId);
    const imported = await runOf(full.dataset.id);
    expect(updated.run.datasetVersion).toBe(2);
    expect(imported.run.datasetVersion).toBe(1);
    expect(updated.run.datasetHash).toBe(res.body.dataset.contentHash);
    expect(updated.run.datasetHash).toBe(imported.run.datasetHash);
    expect(updated.lines.length).toBeGreaterThan(0);
    expect(updated.lines).toBe(imported.lines);
    expect(updated.run.runHash).toBe(imported.run.runHash);
    expect(before.run.datasetVersion).toBe(1);
    expect(before.lines).not.toBe(updated.lines);
  });

  it('every answer above validates against the OpenAPI document', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as J;
    expect(doc.paths['/api/v1/datasets/{id}/delta'].post.requestBody).toBeDefined();
    expect(new Set(answers.map((a) => `${a.method} ${a.status}`))).toEqual(new Set(['get 200', 'post 400', 'post 403', 'post 404', 'post 200', 'post 409']));
    const ajv = ajv2020();
    for (const a of answers) {
      const schema = doc.paths[a.path][a.method].responses[String(a.status)].content['application/json'].schema;
      const validate = ajv.compile({ ...schema, components: doc.components });
      expect(validate(a.body), `${a.method} ${a.path} ${a.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // the delta of the test above, as sent, is valid by the documented request schema
    const body = ajv.compile({ ...doc.paths['/api/v1/datasets/{id}/delta'].post.requestBody.content['application/json'].schema, components: doc.components });
    expect(body(deltaAndMerged().delta), JSON.stringify(body.errors)).toBe(true);
  });
});
