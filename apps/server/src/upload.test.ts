/**
 * Dataset uploads over real HTTP: multipart forms (CSV with records.csv and lists.csv, as IMPORT.md
 * describes them) and the raw-body path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDatasets, loadDataset } from '@policy/db';
import { createApp } from './app.ts';
import type { App } from './app.ts';
import { silentLogger } from './logger.ts';
import type { AppRouter } from './router/index.ts';

let app: App;
let base: string;
let dir: string;
let cookie = '';
const fetchWithCookie: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  if (cookie) headers.set('cookie', cookie);
  const res = await fetch(input, { ...init, headers });
  for (const c of res.headers.getSetCookie()) cookie = c.split(';')[0]!.endsWith('=') ? '' : c.split(';')[0]!;
  return res;
};
const client = () => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${base}/trpc`, transformer: superjson, fetch: fetchWithCookie })] });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-upload-'));
  app = await createApp({ databaseUrl: join(dir, 'p.sqlite'), port: 0, logger: silentLogger, adminDist: join(dir, 'dist') });
  base = await app.server.start();
  const initial = app.seedResult.users.find((u) => u.username === 'credit-office')!.password;
  await client().auth.login.mutate({ username: 'credit-office', password: initial });
  await client().auth.changePassword.mutate({ oldPassword: initial, newPassword: `${initial}-changed` });
  await client().auth.login.mutate({ username: 'credit-office', password: `${initial}-changed` });
}, 60_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const USCC = ['9141048100KTMFHW56', '9141048100KUQ25240', '9141040200KWTKP75X'];

const ENTERPRISES = [
  '统一社会信用代码,企业名称,行业代码,行政区划代码,登记状态,公共信用综合评价分,指标.food.incidents',
  `${USCC[0]},汝州兴隆商贸股份有限公司,5145,410481,存续,71.2,`,
  `${USCC[1]},"新华广源制造股份有限公司",C1511,410481,active,68.1,0`,
  `${USCC[2]},鲁山永盛商贸个体工商户,5299,410402,active,,`,
].join('\r\n');
const RECORDS = [
  'uscc,id,kind,date,repairedAt,authority',
  `${USCC[2]},R2-1,penalty.warning,2024-10-08,,市场监管局`,
  `${USCC[2]},R2-0,penalty.confiscation,2025-11-26,2026-03-01,`,
];
const LISTS = ['uscc,list,from,until', `${USCC[0]},abnormal-operation,2025-01-01,`];

function form(fields: Record<string, string | [string, string]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') f.set(k, v);
    else f.set(k, new Blob([v[1]], { type: 'text/csv' }), v[0]);
  }
  return f;
}

async function upload(body: FormData | string, query = ''): Promise<{ status: number; json: { jobId?: string; error?: { message: string } } }> {
  const r = await fetchWithCookie(`${base}/upload/dataset${query}`, { method: 'POST', body });
  return { status: r.status, json: (await r.json()) as { jobId?: string; error?: { message: string } } };
}

async function finished(jobId: string) {
  for (;;) {
    const job = await client().datasets.importStatus.query({ jobId });
    if (job.phase === 'done' || job.phase === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('multipart dataset upload', () => {
  it('imports a CSV with its records.csv and lists.csv (Chinese column names in the main file)', async () => {
    const r = await upload(
      form({ name: '上传 CSV', format: 'csv', file: ['市场主体.csv', ENTERPRISES], records: ['records.csv', RECORDS.join('\n')], lists: ['lists.csv', LISTS.join('\n')] }),
    );
    expect(r.status).toBe(202);
    const job = await finished(r.json.jobId!);
    expect(job).toMatchObject({ phase: 'done', name: '上传 CSV', format: 'csv', rows: 3, errorCount: 0 });
    const records = await loadDataset(app.handle.db, job.datasetId!);
    expect(records.map((x) => x.uscc)).toEqual(USCC);
    expect(records[0]).toMatchObject({ status: 'active', publicCreditScore: 71.2, lists: [{ list: 'abnormal-operation', from: '2025-01-01' }] });
    expect(records[1]).toMatchObject({ industryCode: 'C1511', indicators: { 'food.incidents': 0 } });
    expect(records[2]!.records?.map((x) => [x.id, x.kind, x.date, x.repairedAt, x.authority])).toEqual([
      ['R2-1', 'penalty.warning', '2024-10-08', undefined, '市场监管局'],
      ['R2-0', 'penalty.confiscation', '2025-11-26', '2026-03-01', undefined],
    ]);
    expect(records[2]!.publicCreditScore).toBeUndefined();
  });

  it('lists every bad row of the three files and stores nothing', async () => {
    const badMain = ENTERPRISES.replace(`${USCC[1]},"新华广源制造股份有限公司",C1511,410481,active`, `${USCC[1]},"新华广源制造股份有限公司",C1511,410481,bogus`);
    const badRecords = [...RECORDS.slice(0, 2), `${USCC[2]},R2-0,penalty.confiscation,2025-13-40,,`].join('\n');
    const badLists = [...LISTS, `911111111111111111,joint-punishment,2025-01-01,`].join('\n');
    const before = (await listDatasets(app.handle.db)).length;
    const r = await upload(form({ name: '有错误的 CSV', file: ['enterprises.csv', badMain], records: ['records.csv', badRecords], lists: ['lists.csv', badLists] }));
    expect(r.status).toBe(202);
    const job = await finished(r.json.jobId!);
    expect(job.phase).toBe('failed');
    expect(job.message).toContain('未导入任何数据');
    const where = job.errors.map((e) => `${e.file}:${e.row}`);
    expect(where).toEqual(expect.arrayContaining(['enterprises.csv:3', 'records.csv:3', 'lists.csv:3']));
    expect(job.errorCount).toBe(job.errors.length);
    expect(job.errorCount).toBe(3);
    for (const e of job.errors) expect(e.message.length).toBeGreaterThan(0);
    expect((await listDatasets(app.handle.db)).length).toBe(before);
    expect((await listDatasets(app.handle.db)).some((d) => d.name === '有错误的 CSV')).toBe(false);
  });

  it('takes the format from the file extension and the name from the query string', async () => {
    const line = JSON.stringify({ uscc: USCC[0], name: '甲', industryCode: 'C1391', status: 'active' });
    const r = await upload(form({ file: ['one.jsonl', line + '\n'] }), '?name=' + encodeURIComponent('JSONL 表单'));
    expect(r.status).toBe(202);
    expect(await finished(r.json.jobId!)).toMatchObject({ phase: 'done', name: 'JSONL 表单', format: 'jsonl', rows: 1 });
  });

  it('refuses a form without a file, with unknown fields, or with side files for JSONL, naming the field', async () => {
    const noFile = await upload(form({ name: 'x', format: 'csv' }));
    expect(noFile.status).toBe(400);
    expect(noFile.json.error!.message).toContain('form field file');
    const unknown = await upload(form({ name: 'x', format: 'csv', file: ['a.csv', ENTERPRISES], extra: 'y' }));
    expect(unknown.status).toBe(400);
    expect(unknown.json.error!.message).toContain('unknown form field extra');
    const sideFiles = await upload(form({ name: 'x', format: 'jsonl', file: ['a.jsonl', '{}'], records: ['records.csv', RECORDS.join('\n')] }));
    expect(sideFiles.status).toBe(400);
    expect(sideFiles.json.error!.message).toContain('CSV imports only');
    const badFormat = await upload(form({ name: 'x', file: ['a.pdf', 'x'] }));
    expect(badFormat.status).toBe(400);
    expect(badFormat.json.error!.message).toContain('format must be jsonl, csv or xlsx: pdf');
    const truncated = await fetchWithCookie(`${base}/upload/dataset`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      body: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nuscc,name\r\n',
    });
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { error: { message: string } }).error.message).toContain('no closing boundary');
  });

  it('keeps the raw-body upload with ?name=&format=', async () => {
    const r = await upload(ENTERPRISES, '?name=raw-csv&format=csv');
    expect(r.status).toBe(202);
    expect(await finished(r.json.jobId!)).toMatchObject({ phase: 'done', format: 'csv', rows: 3 });
  });
});
