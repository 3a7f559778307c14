/**
 * The default dataset over the real server: the sample imported on first start is the default, an
 * upload (HTTP, as the datasets screen sends it) never changes it, only `datasets.setDefault` by the
 * credit office does, audited with the old and the new dataset; two changes at once leave one
 * setting and two audit entries in order; the default cannot be deleted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@policy/db';
import { createApp } from './app.ts';
import type { App } from './app.ts';
import { silentLogger } from './logger.ts';
import type { AppRouter } from './router/index.ts';

let app: App;
let base: string;
let dir: string;

/** A signed-in client with its own cookie jar. */
async function signedIn(username: string) {
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
  await client.auth.changePassword.mutate({ oldPassword: initial, newPassword: `${initial}-changed` });
  await client.auth.login.mutate({ username, password: `${initial}-changed` });
  return { client, fetch: fetchWithCookie };
}

let office: Awaited<ReturnType<typeof signedIn>>;
let reviewer: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-default-dataset-'));
  app = await createApp({ databaseUrl: join(dir, 'p.sqlite'), port: 0, logger: silentLogger, adminDist: join(dir, 'dist'), sampleDatasetSize: 200 });
  base = await app.server.start();
  office = await signedIn('credit-office');
  reviewer = await signedIn('reviewer');
}, 60_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const CSV = ['统一社会信用代码,企业名称,行业代码,行政区划代码,登记状态', '9141048100KTMFHW56,汝州兴隆商贸股份有限公司,5145,410481,存续'].join('\r\n');

async function uploadCsv(name: string): Promise<number> {
  const f = new FormData();
  f.set('name', name);
  f.set('format', 'csv');
  f.set('file', new Blob([CSV], { type: 'text/csv' }), `${name}.csv`);
  const r = await office.fetch(`${base}/upload/dataset`, { method: 'POST', body: f });
  expect(r.status).toBe(202);
  const { jobId } = (await r.json()) as { jobId: string };
  for (;;) {
    const job = await office.client.datasets.importStatus.query({ jobId });
    if (job.phase === 'failed') throw new Error(job.message ?? 'failed');
    if (job.phase === 'done') return job.datasetId!;
    await new Promise((res) => setTimeout(res, 50));
  }
}

const setDefaultEntries = async () => (await listAudit(app.handle.db, { limit: 1000 })).filter((a) => a.action === 'dataset.set-default').reverse();

describe('the default dataset', () => {
  it('stays the sample after an upload: the newest dataset is not the default', async () => {
    const before = await reviewer.client.datasets.default.query();
    expect(before.dataset?.name).toMatch(/^示例数据集/);
    expect(before.changedBy).toEqual({ username: 'system', displayName: '系统' });
    const uploaded = await uploadCsv('测试上传 1 户');
    const list = await reviewer.client.datasets.list.query();
    expect(list[0]!.id).toBe(uploaded); // newest first
    const after = await reviewer.client.datasets.default.query();
    expect(after.dataset?.id).toBe(before.dataset?.id);
    expect(after.changedAt).toBe(before.changedAt);
    expect((await reviewer.client.adminSupport.defaultDataset.query())?.id).toBe(before.dataset?.id);
    expect((await reviewer.client.adminSupport.distribution.query({})).dataset?.id).toBe(before.dataset?.id);
  });

  it('is changed by the credit office only, audited with the old and the new one and shown with the display name', async () => {
    const sample = (await office.client.datasets.default.query()).dataset!;
    const uploaded = (await office.client.datasets.list.query()).find((d) => d.name === '测试上传 1 户')!;
    await expect(reviewer.client.datasets.setDefault.mutate({ datasetId: uploaded.id })).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    const s = await office.client.datasets.setDefault.mutate({ datasetId: uploaded.id });
    expect(s.dataset?.id).toBe(uploaded.id);
    expect(s.changedBy).toEqual({ username: 'credit-office', displayName: '信用办管理员' });
    const last = (await setDefaultEntries()).at(-1)!;
    expect(last).toMatchObject({ actor: 'credit-office', target: `dataset:${uploaded.id}` });
    expect(last.reason).toContain(`${sample.name}（#${sample.id}）`);
    expect(last.reason).toContain(`测试上传 1 户（#${uploaded.id}）`);
    await expect(office.client.datasets.delete.mutate({ datasetId: uploaded.id })).rejects.toMatchObject({ data: { code: 'PRECONDITION_FAILED' } });
  });

  it('leaves one setting and two audit entries in order when two credit-office changes race', async () => {
    const third = await uploadCsv('第三个数据集');
    const current = (await office.client.datasets.default.query()).dataset!;
    const sample = (await office.client.datasets.list.query()).find((d) => d.name.startsWith('示例数据集'))!;
    expect([sample.id, third]).not.toContain(current.id);
    const n = (await setDefaultEntries()).length;
    const results = await Promise.allSettled([
      office.client.datasets.setDefault.mutate({ datasetId: sample.id }),
      office.client.datasets.setDefault.mutate({ datasetId: third }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const [first, second] = (await setDefaultEntries()).slice(n);
    expect(second).toBeDefined();
    expect(first!.reason!.split(' → ')[0]).toBe(`${current.name}（#${current.id}）`);
    expect(second!.reason!.split(' → ')[0]).toBe(first!.reason!.split(' → ')[1]);
    expect(`dataset:${(await office.client.datasets.default.query()).dataset!.id}`).toBe(second!.target);
  });
});
