/**
 * GET /export/runs/:id over real HTTP: formats, Chinese file names and headers, who may export
 * which department, the audit entry, on SQLite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, listUsers, startRun, toActor } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { buildPopulation, compile, generatePopulation } from '@policy/evaluation';
import type { EnterpriseResultJson } from '@policy/evaluation';
import { policyBundleAt } from '@policy/schemas/node';
import { createApp, REPO_ROOT } from './app.ts';
import type { App } from './app.ts';
import { silentLogger } from './logger.ts';
import type { AppRouter } from './router/index.ts';
import { runSettled } from './router/runs.ts';
import { contentDisposition } from './run-export-route.ts';

/** exceljs, the xlsx library of @policy/db (not a dependency of the server itself). */
interface Workbook {
  xlsx: { load(data: ArrayBuffer): Promise<unknown> };
  worksheets: { name: string; rowCount: number; getRow(n: number): { values: unknown[] } }[];
}
const ExcelJS = createRequire(join(REPO_ROOT, 'packages/db/package.json'))('exceljs') as { Workbook: new () => Workbook };

const AT = '2026-10-31';
const COUNT = 2500;

describe.each(DIALECTS)('GET /export/runs/:id on %s', (dialect) => {
  let app: App;
  let base: string;
  let dir: string;
  let scratch: ScratchDatabase | undefined;
  let runId: number;
  let expected: EnterpriseResultJson[];
  const cookies = new Map<string, string>();

  async function login(username: string): Promise<void> {
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
    cookies.set(username, cookie);
  }

  const creditOffice = async () => toActor((await listUsers(app.handle.db)).find((u) => u.username === 'credit-office')!);
  const get = (path: string, username?: string) => fetch(`${base}${path}`, { headers: username ? { cookie: cookies.get(username)! } : {} });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-run-export-'));
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_run_export');
    app = await createApp({ databaseUrl: scratch?.url ?? join(dir, 'p.sqlite'), port: 0, logger: silentLogger, adminDist: join(dir, 'dist') });
    base = await app.server.start();
    for (const u of ['credit-office', 'reviewer', 'transport', 'viewer']) await login(u);
    const records = generatePopulation({ count: COUNT, seed: 'run-export', at: AT });
    const r = await importDataset(app.handle.db, await creditOffice(), {
      name: 'run-export',
      format: 'jsonl',
      input: Buffer.from(records.map((x) => JSON.stringify(x)).join('\n')),
    });
    if (!r.success) throw new Error('import failed');
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${base}/trpc`, transformer: superjson, fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: cookies.get('credit-office')! } }) })],
    });
    const run = await client.runs.create.mutate({ datasetId: r.dataset.id, at: AT });
    await runSettled(run.id);
    runId = run.id;
    // what `policy evaluate` gives for the same records and the policies in force
    const c = compile(policyBundleAt(AT));
    if (!c.success) throw new Error('policies do not compile');
    const res = c.evaluator.evaluate(buildPopulation(records), AT);
    expected = records.flatMap((_, i) => (res.isOutside(i) ? [] : [res.toJSON(i)]));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const auditOf = () => app.handle.db.selectFrom('audit_log').select(['action', 'actor', 'reason']).where('target', '=', `run:${runId}`).where('action', '=', 'run.export').execute();

  it('exports one department as CSV with Chinese headers, a Chinese file name and an audit entry', async () => {
    const res = await get(`/export/runs/${runId}?format=csv&department=transport`, 'credit-office');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="run-\d+-2026-10-31-transport\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`评价结果_批次${runId}_${AT}_市交通运输局.csv`);
    const body = Buffer.from(await res.arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const lines = body.toString('utf8').split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^\uFEFF统一社会信用代码,名称,.*决定规则,抽查比例,抽查频次$/);
    const transport = expected.filter((r) => r.departments.includes('transport')).map((r) => r.uscc);
    expect(transport.length).toBeGreaterThan(0);
    expect(transport.length).toBeLessThan(expected.length);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(transport);
    expect(await auditOf()).toContainEqual({ action: 'run.export', actor: 'credit-office', reason: `format=csv; department=transport; enterprises=${transport.length}` });
  }, 60_000);

  it('exports everything as JSONL (the lines of policy evaluate) and as an XLSX that opens', async () => {
    const jsonl = await get(`/export/runs/${runId}?format=jsonl`, 'reviewer');
    expect(jsonl.status).toBe(200);
    expect(decodeURIComponent(jsonl.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toBe(`评价结果_批次${runId}_${AT}_全部.jsonl`);
    expect((await jsonl.text()).split('\n').filter(Boolean)).toEqual(expected.map((r) => JSON.stringify(r)));

    const xlsx = await get(`/export/runs/${runId}?format=xlsx`, 'credit-office');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('评价结果');
    expect(ws.getRow(1).values.slice(1, 3)).toEqual(['统一社会信用代码', '名称']);
    expect(ws.rowCount).toBe(expected.length + 1);
    expect(ws.getRow(2).values[1]).toBe(expected[0]!.uscc);
    expect(await auditOf()).toContainEqual({ action: 'run.export', actor: 'credit-office', reason: `format=xlsx; department=*; enterprises=${expected.length}` });
  }, 60_000);

  it('lets a department editor export its own department only; refuses viewers; records the refusals', async () => {
    const own = await get(`/export/runs/${runId}?format=csv`, 'transport');
    expect(own.status).toBe(200);
    const rows = (await own.text()).split('\n').filter(Boolean).slice(1);
    expect(rows.length).toBe(expected.filter((r) => r.departments.includes('transport')).length);
    expect(await auditOf()).toContainEqual(expect.objectContaining({ actor: 'transport', reason: expect.stringContaining('department=transport') }));

    const other = await get(`/export/runs/${runId}?format=csv&department=market-regulation`, 'transport');
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toMatch(/^只能导出本部门/);
    const viewer = await get(`/export/runs/${runId}?format=xlsx`, 'viewer');
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^只读用户/) });
    const refused = await app.handle.db.selectFrom('security_events').select(['username', 'detail']).where('kind', '=', 'read.refused').execute();
    expect(refused.map((e) => e.username).sort()).toEqual(['transport', 'viewer']);
    expect(await auditOf()).not.toContainEqual(expect.objectContaining({ actor: 'viewer' }));
  }, 60_000);

  it('refuses anonymous requests, bad parameters, unknown and unfinished runs', async () => {
    expect((await get(`/export/runs/${runId}?format=csv`)).status).toBe(401);
    const bad = await get(`/export/runs/${runId}?format=pdf`, 'credit-office');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^格式应为 csv、xlsx 或 jsonl/);
    expect((await get('/export/runs/abc?format=csv', 'credit-office')).status).toBe(400);
    expect((await get('/export/runs/999999?format=csv', 'credit-office')).status).toBe(404);
    const running = await startRun(app.handle.db, await creditOffice(), { datasetId: 1, datasetHash: 'x', at: AT, jurisdiction: null, versions: [], total: 1 });
    const r = await get(`/export/runs/${running.id}?format=csv`, 'credit-office');
    expect(r.status).toBe(412);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/尚未完成|running/);
    expect((await fetch(`${base}/export/runs/${runId}?format=csv`, { method: 'POST', headers: { cookie: cookies.get('credit-office')! } })).status).toBe(405);
  }, 60_000);

  it('writes RFC 5987 file names', () => {
    expect(contentDisposition("评价(1)'s.csv", 'x.csv')).toBe("attachment; filename=\"x.csv\"; filename*=UTF-8''%E8%AF%84%E4%BB%B7%281%29%27s.csv");
  });
});
