// @vitest-environment node
/**
 * End to end: the built admin (`dist/`, built here when missing or older than `src/`) served by the REAL
 * server (`createApp`) on a temporary SQLite file, driven by Debian's Chromium at 1366×768 through a full
 * release: log in, change a score band in the form, watch the live preview, submit, approve as a reviewer
 * in a second browser context, publish, look up an enterprise, import a file with a bad row, verify the
 * audit chain. Screenshots go to `apps/admin/screenshots-out/`; any request that leaves 127.0.0.1 fails.
 *
 *   pnpm vitest run --project @policy/admin e2e
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import superjson from 'superjson';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateEnterprises } from '@policy/evaluation';
import type { AppRouter } from '@policy/server/router';
import { createApp, SAMPLE_SEED } from '../../server/src/app.ts';
import type { App } from '../../server/src/app.ts';
import { silentLogger } from '../../server/src/logger.ts';
import { launchChromium, recordOffOrigin } from './browser.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const adminDir = resolve(here, '..');
const dist = join(adminDir, 'dist');
const shots = join(adminDir, 'screenshots-out');
const SAMPLE_SIZE = 3000;

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt() {
  const index = join(dist, 'index.html');
  const sources = Math.max(newest(join(adminDir, 'src')), statSync(join(adminDir, 'index.html')).mtimeMs, statSync(join(adminDir, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const r = spawnSync(join(adminDir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: adminDir, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

/** tRPC over HTTP with the session cookie kept, like a browser (used to set the users' passwords). */
function apiClient(base: string) {
  let cookie = '';
  const f: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(input, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      cookie = pair.endsWith('=') ? '' : pair;
    }
    return res;
  };
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${base}/trpc`, transformer: superjson, fetch: f })] });
}

describe('admin end to end (real server, SQLite, Chromium)', () => {
  let app: App;
  let base: string;
  let dir: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const offLoopback: string[] = [];
  const pageErrors: string[] = [];
  /** Console reports of anything the server's Content-Security-Policy blocked. */
  const cspViolations: string[] = [];
  const passwords = new Map<string, string>();
  let office: Page;
  let reviewer: Page;

  const shot = async (page: Page, name: string) => {
    await page.waitForTimeout(250); // antd enter transitions
    await page.screenshot({ path: join(shots, `e2e-${name}.png`) });
  };

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(30_000);
    recordOffOrigin(context, base, offLoopback);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    return page;
  }

  async function logIn(page: Page, username: string) {
    await page.goto(`${base}/#/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(passwords.get(username)!);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByRole('menuitem', { name: '审核发布' }).waitFor();
  }

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(shots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'policy-admin-e2e-'));
    // a snapshot of the build: another build of dist/ during the run would replace the lazily loaded chunks
    const served = join(dir, 'dist');
    cpSync(dist, served, { recursive: true });
    app = await createApp({ databaseUrl: join(dir, 'policy.sqlite'), port: 0, logger: silentLogger, sampleDatasetSize: SAMPLE_SIZE, adminDist: served });
    base = await app.server.start();
    if (base.endsWith('/')) base = base.slice(0, -1);
    // every seeded user must change the initial password at first log-in: do it over the API
    for (const username of ['credit-office', 'reviewer']) {
      const initial = app.seedResult.users.find((u) => u.username === username)!.password;
      const c = apiClient(base);
      await c.auth.login.mutate({ username, password: initial });
      await c.auth.changePassword.mutate({ oldPassword: initial, newPassword: `${initial}-e2e` });
      passwords.set(username, `${initial}-e2e`);
    }
    browser = await launchChromium();
  }, 600_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    // what the browsers showed when a step failed
    for (const [who, page] of [['office', office], ['reviewer', reviewer]] as const) {
      if (page && !page.isClosed()) await page.screenshot({ path: join(shots, `e2e-failed-${who}.png`) }).catch(() => {});
    }
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('logs in as the credit office and shows the home page in Chinese', async () => {
    office = await newPage();
    await office.goto(`${base}/#/`);
    await office.getByLabel('用户名').waitFor();
    await shot(office, '01-login');
    await logIn(office, 'credit-office');
    await expect(office.getByRole('menuitem', { name: '企业查询' }).isVisible()).resolves.toBe(true);
    await office.waitForLoadState('networkidle');
    await shot(office, '02-home');
  });

  it('changes the excellent band 85 → 80 in the form, sees the live preview move, and submits', async () => {
    await office.goto(`${base}/#/documents/public-credit-score`);
    await office.getByRole('button', { name: /编\s*辑/ }).click();
    const min = office.getByLabel('excellent-above-85 下限', { exact: true });
    await min.waitFor();
    const preview = office.locator('.live-preview');
    await preview.waitFor();
    // before the change: nobody moves
    await expect.poll(async () => (await preview.innerText()).replace(/\s+/g, ' '), { timeout: 60_000 }).toMatch(/等级变动企业 0\s*户/);
    await shot(office, '03-editor-before');
    await min.fill('80');
    await office.getByLabel('good-above-70-to-85 上限', { exact: true }).fill('80');
    await office.getByLabel('good-above-70-to-85 上限', { exact: true }).blur();
    await expect.poll(async () => (await preview.innerText()).replace(/\s+/g, ' '), { timeout: 60_000 }).toMatch(/等级变动企业 [1-9][\d,]*\s*户/);
    await expect.poll(async () => office.getByText(/已保存/).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await shot(office, '04-editor-after');
    await office.getByRole('button', { name: '提交审核' }).first().click();
    const dialog = office.getByRole('dialog');
    await dialog.getByRole('textbox').fill('将“优”的分数线由 85 分调整为 80 分');
    await shot(office, '05-submit');
    await dialog.getByRole('button', { name: /提交/ }).click();
    await office.getByText('已提交审核').first().waitFor();
  });

  it('lets a reviewer (second browser context) see the diff and the impact, and approve', async () => {
    reviewer = await newPage();
    await logIn(reviewer, 'reviewer');
    await reviewer.goto(`${base}/#/reviews`);
    await reviewer.getByRole('link', { name: /公共信用综合评价/ }).click();
    const sentences = reviewer.locator('.diff-sentences li .diff-sentence-text');
    await sentences.first().waitFor();
    expect(await sentences.allInnerTexts()).toEqual(expect.arrayContaining(['优 区间下限 > 85 → > 80', '良 区间上限 ≤ 85 → ≤ 80']));
    // the impact report: distribution, heat map, workload, moved enterprises
    await reviewer.locator('.impact-report').waitFor({ timeout: 120_000 });
    await reviewer.locator('.impact-report canvas').first().waitFor();
    const movedRows = reviewer.locator('.impact-report .ant-table-row').filter({ hasText: '→' });
    await movedRows.first().waitFor();
    expect(await movedRows.first().innerText()).toMatch(/良[\s\S]*→[\s\S]*优/);
    await shot(reviewer, '06-review-top');
    await reviewer.locator('.impact-report').scrollIntoViewIfNeeded();
    await reviewer.getByText('等级迁移矩阵').first().scrollIntoViewIfNeeded();
    await shot(reviewer, '07-review-heatmap');
    await reviewer.getByText('各部门年检查户次（调整前 / 调整后）').scrollIntoViewIfNeeded();
    await shot(reviewer, '08-review-workload');
    await reviewer.getByText('等级变化的市场主体').scrollIntoViewIfNeeded();
    await shot(reviewer, '09-review-moved');
    // the print layout (打印 / 导出 PDF): no menu, no controls, the report on A4 width
    await reviewer.emulateMedia({ media: 'print' });
    expect(await reviewer.locator('.ant-layout-sider').isVisible()).toBe(false);
    expect(await reviewer.getByRole('button', { name: /打印/ }).isVisible()).toBe(false);
    const printed = (await reviewer.locator('.review-page').boundingBox())!;
    expect(printed.width).toBeLessThan(720); // 186 mm: the A4 text width
    for (let k = 0; k < 3; k++) {
      await reviewer.screenshot({ path: join(shots, `e2e-review-print-${k + 1}.png`), fullPage: true, clip: { x: 0, y: k * 1100, width: 740, height: 1100 } });
    }
    await reviewer.emulateMedia({ media: 'screen' });
    await reviewer.getByLabel('审核意见').fill('同意调整，影响可控');
    await reviewer.getByLabel('审核意见').scrollIntoViewIfNeeded();
    await shot(reviewer, '10-review-approve');
    await reviewer.getByRole('button', { name: /^批\s*准$/ }).click();
    await reviewer.locator('.ant-message').getByText('已批准').waitFor();
  });

  it('publishes as the credit office with an effective date after a confirmation, and the new version is in force', async () => {
    const c = apiClient(base);
    await c.auth.login.mutate({ username: 'credit-office', password: passwords.get('credit-office')! });
    const v2 = (await c.documents.history.query({ documentId: 'public-credit-score' })).find((h) => h.versionNumber === 2);
    expect(v2?.status).toBe('approved');
    await office.goto(`${base}/#/reviews`);
    await office.getByRole('link', { name: /公共信用综合评价/ }).click();
    await office.getByRole('button', { name: /^发\s*布$/ }).waitFor();
    await office.getByRole('button', { name: /^发\s*布$/ }).scrollIntoViewIfNeeded();
    await office.getByRole('button', { name: /^发\s*布$/ }).click();
    const confirm = office.locator('.ant-modal-confirm');
    await confirm.locator('.ant-modal-confirm-title', { hasText: '确认发布？' }).waitFor();
    await shot(office, '11-publish-confirm');
    await confirm.getByRole('button', { name: /^发\s*布$/ }).click();
    await office.getByText(/已发布，自 \d{4}-\d{2}-\d{2} 起施行/).first().waitFor();
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const inForce = await c.documents.inForce.query({ at: today });
    expect(inForce.find((v) => v.documentId === 'public-credit-score')?.versionNumber).toBe(2);
  });

  it('looks up an enterprise by part of its name or by its USCC, with the explanation of its grades', async () => {
    const [first, second] = [...generateEnterprises({ count: 2, seed: SAMPLE_SEED })];
    await office.goto(`${base}/#/enterprises`);
    const box = office.getByRole('combobox', { name: '统一社会信用代码或企业名称' });
    // by name: part of it lists the matches (name and code); picking one opens its explanation
    await box.fill([...second!.name].slice(2).join(''));
    const option = office.locator('.ant-select-item-option').filter({ hasText: second!.uscc });
    await option.waitFor();
    await expect(option.innerText()).resolves.toContain(second!.name);
    await shot(office, '12-lookup-by-name');
    await option.click();
    await office.locator('.ant-card-extra code', { hasText: second!.uscc }).waitFor();
    await office.getByText('公共信用综合评价等级').first().waitFor();
    // by the full code and the button
    await box.fill(first!.uscc);
    await office.getByRole('button', { name: /查\s*询/ }).click();
    await office.getByText(first!.name).first().waitFor();
    await office.getByText('公共信用综合评价等级').first().waitFor();
    await expect(office.getByText('判定规则').count()).resolves.toBeGreaterThan(0);
    await shot(office, '12-lookup');
    // a fragment found nowhere is said next to the field
    await box.fill('没有这家企业');
    await office.getByRole('button', { name: /查\s*询/ }).click();
    await office.locator('.ant-form-item-explain-error', { hasText: '没有找到代码或名称包含“没有这家企业”的市场主体' }).waitFor();
  });

  it('imports a file with a bad row and shows the row number, field and reason', async () => {
    const [good] = [...generateEnterprises({ count: 1, seed: 'e2e-upload' })];
    const bad = { ...good!, uscc: good!.uscc, name: '', industryCode: 'Q9999' };
    const body = `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`;
    await office.goto(`${base}/#/datasets`);
    await office.locator('.ant-upload input[type=file]').setInputFiles({ name: 'bad-rows.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(body) });
    await office.getByLabel('数据集名称').fill('有错误行的文件');
    await office.getByRole('button', { name: /上传并导入/ }).click();
    const errors = office.locator('.import-errors');
    await errors.waitFor({ timeout: 60_000 });
    await office.getByText('导入失败').first().waitFor();
    const text = await errors.innerText();
    expect(text).toMatch(/\n2\s/); // row 2
    expect(text).toMatch(/\/name|\/industryCode/);
    await shot(office, '13-datasets-bad-row');
  });

  it('verifies the audit chain and lists the release in Chinese', async () => {
    await office.goto(`${base}/#/audit`);
    await office.getByText('发布').first().waitFor();
    await office.getByRole('button', { name: /验证哈希链/ }).click();
    await office.getByText(/哈希链完整：共 \d+ 条记录/).waitFor();
    await expect(office.locator('.ant-table-row').filter({ hasText: '批准' }).count()).resolves.toBeGreaterThan(0);
    await shot(office, '14-audit');
  });

  it('runs the JSON editor (Monaco, its workers and styles) under the Content-Security-Policy', async () => {
    const workers: string[] = [];
    office.on('worker', (w) => workers.push(w.url()));
    await office.goto(`${base}/#/playground?doc=public-credit-score&view=json`);
    const page = await office.reload(); // a full load (goto only changed the hash), to see the page's headers
    expect(page!.headers()['content-security-policy']).toContain("default-src 'self'");
    const editor = office.locator('.monaco-editor').first();
    await editor.locator('.view-lines').waitFor();
    // a syntax error is marked by the JSON language worker: the workers run
    await editor.click();
    await office.keyboard.press('Control+End');
    await office.keyboard.type(' oops');
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    expect(workers.length).toBeGreaterThan(0);
    for (const url of workers) expect(url.startsWith(`${base}/`)).toBe(true);
    await shot(office, '15-json-editor');
  });

  it('sent no request off 127.0.0.1, threw no page error and broke no Content-Security-Policy rule', () => {
    expect(offLoopback.join('\n')).toBe('');
    expect(pageErrors.join('\n')).toBe('');
    expect(cspViolations.join('\n')).toBe('');
  });
});
