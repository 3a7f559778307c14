/**
 * Screenshots of part A's screens against the REAL server (createApp on a temporary SQLite file with a
 * generated dataset): log-in, the forced password change, home, documents, the editor with the live
 * preview after changing a threshold, the save conflict, the history drawer, the review page of the draft,
 * an enterprise lookup, and a department editor's view.
 * Debian Chromium at 1366×768 unless told; fails if any request leaves 127.0.0.1 or the page logs an error.
 *
 *   pnpm --filter @policy/admin build && pnpm exec tsx apps/admin/scripts/shots-a.ts [--out DIR] [--viewport 1920x1080]
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { generateEnterprises } from '@policy/evaluation';
import { createApp, SAMPLE_SEED } from '../../server/src/app.ts';
import { silentLogger } from '../../server/src/logger.ts';
import { changePassword, getVersionByNumber, listUsers, saveDraft, toActor } from '../../../packages/db/src/index.ts';
import { launchChromium, recordOffOrigin } from '../e2e/browser.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({ options: { out: { type: 'string' }, viewport: { type: 'string', default: '1366x768' } } });
const [width, height] = args.viewport.split('x').map(Number) as [number, number];
if (!(width > 0 && height > 0)) throw new Error(`--viewport WxH, not ${args.viewport}`);
const out = resolve(args.out ?? resolve(here, '../screenshots-out/a'));
await mkdir(out, { recursive: true });
const dir = await mkdtemp(join(tmpdir(), 'shots-a-'));

const t0 = Date.now();
const app = await createApp({ databaseUrl: join(dir, 'policy.sqlite'), port: 0, logger: silentLogger, sampleDatasetSize: 30_000 });
const origin = (await app.server.start()).replace(/\/$/, '');
console.log(`server at ${origin} (seed + 30,000 enterprises in ${Date.now() - t0} ms)`);
const pw = new Map(app.seedResult.users.map((u) => [u.username, u.password]));
// the transport editor changes the initial password outside the browser, to log in directly later
const users = await listUsers(app.handle.db);
const transport = users.find((u) => u.username === 'transport')!;
await changePassword(app.handle.db, toActor(transport), { oldPassword: pw.get('transport')!, newPassword: 'transport-pass-1' });

const browser = await launchChromium();
const offLoopback: string[] = [];
const errors: string[] = [];
let failed = false;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  recordOffOrigin(context, origin, offLoopback);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // refused calls (409 conflict, 401 before log-in) are expected in this script
    if (m.type() === 'error' && !/status of (401|409)/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return page;
}
const shot = async (page: Page, name: string, fullPage = false) => {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  console.log(`saved a/${name}.png`);
};

let current: Page | null = null;
try {
  const page = await newPage();
  current = page;
  const tLoad = Date.now();
  await page.goto(`${origin}/`);
  await page.getByRole('button', { name: /登\s*录/ }).waitFor();
  console.log(`login screen interactive after ${Date.now() - tLoad} ms`);
  await shot(page, '01-login');

  // wrong password → Chinese error
  await page.getByLabel('用户名').fill('credit-office');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('用户名或密码错误').waitFor();
  await shot(page, '02-login-error');

  // first log-in → forced password change
  await page.getByLabel('密码').fill(pw.get('credit-office')!);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('修改初始密码').first().waitFor();
  await shot(page, '03-change-password');
  await page.getByLabel('当前密码').fill(pw.get('credit-office')!);
  await page.getByLabel('新密码（至少 8 位）').fill('credit-office-new-1');
  await page.getByLabel('确认新密码').fill('credit-office-new-1');
  await page.getByRole('button', { name: '修改密码并进入系统' }).click();

  // home
  await page.getByText('当前生效的策略').waitFor();
  await page.locator('canvas').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(600);
  await shot(page, '04-home');
  await page.getByRole('button', { name: '当前用户' }).click();
  await page.getByText('退出登录').waitFor();
  await shot(page, '05-user-menu');
  await page.keyboard.press('Escape');

  // documents
  await page.goto(`${origin}/#/documents`);
  await page.getByText('公共信用综合评价').first().waitFor({ timeout: 15_000 }).catch(() => page.locator('.ant-table-row').first().waitFor());
  await page.waitForTimeout(300);
  await shot(page, '06-documents');
  await page.getByRole('button', { name: /新建草稿/ }).click();
  await page.getByText('文档标识').waitFor();
  await shot(page, '07-new-draft');
  await page.getByRole('button', { name: /取\s*消/ }).click();

  // editor: published version read-only, then 编辑 → draft
  await page.goto(`${origin}/#/documents/public-credit-score`);
  await page.locator('.document-editor').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(400);
  await shot(page, '08-editor-published');
  await page.getByRole('button', { name: /编\s*辑$/ }).click();
  await page.waitForURL(/versions\/2/);
  await page.locator('.live-preview').waitFor();
  await page.getByText('等级变动企业').waitFor({ timeout: 60_000 });
  await shot(page, '09-editor-draft');

  // change a threshold: 85 → 80 (both sides of the bound, so no gap)
  const tEdit = Date.now();
  const setNumber = async (label: string, v: string) => {
    const input = page.getByLabel(label, { exact: true });
    await input.fill(v);
    await input.press('Tab');
  };
  await setNumber('excellent-above-85 下限', '80');
  await setNumber('good-above-70-to-85 上限', '80');
  await page.getByText(/已保存 \d\d:\d\d:\d\d/).waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => {
    const el = document.querySelector('.live-preview .ant-statistic-content-value');
    return el !== null && el.textContent !== '0';
  }, undefined, { timeout: 30_000 });
  console.log(`threshold changed, saved and previewed after ${Date.now() - tEdit} ms`);
  const moved = await page.locator('.live-preview .ant-statistic-content-value').first().textContent();
  console.log(`live preview: ${moved} enterprises moved in the sample`);
  await page.waitForTimeout(500);
  await shot(page, '10-editor-live-preview');

  // full preview on the server
  await page.getByRole('button', { name: /完整预览/ }).click();
  await page.getByText(/全量 .* 户等级变动/).waitFor({ timeout: 60_000 });
  await page.locator('.live-preview').screenshot({ path: join(out, '11-preview-panel.png') });
  console.log('saved a/11-preview-panel.png');

  // a conflict: someone else saves the draft, then I type
  const creditOffice = users.find((u) => u.username === 'credit-office')!;
  const draft = await getVersionByNumber(app.handle.db, toActor(creditOffice), 'public-credit-score', 2);
  await saveDraft(app.handle.db, toActor(creditOffice), { versionId: draft.id, revision: draft.revision, content: { ...draft.content, title: `${String(draft.content.title)}（他人修改）` } });
  await setNumber('fair-above-50-to-70 下限', '55');
  await setNumber('poor-50-or-below 上限', '55');
  await page.getByText('保存冲突：其他人已修改此草稿').waitFor({ timeout: 20_000 });
  await page.locator('.monaco-diff-editor').waitFor({ timeout: 30_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(800);
  await shot(page, '12-conflict');
  await page.getByRole('button', { name: /保留我的修改/ }).click();
  await page.getByText(/已保存 \d\d:\d\d:\d\d/).waitFor({ timeout: 20_000 });
  const after = await getVersionByNumber(app.handle.db, toActor(creditOffice), 'public-credit-score', 2);
  const bands = (after.content as { content: { decision: { bands: { id: string; max?: { value: number } }[] } } }).content.decision.bands;
  console.log(`after "keep mine": revision ${after.revision}, poor max ${bands.find((b) => b.id === 'poor-50-or-below')?.max?.value}`);

  await page.getByRole('button', { name: /版本历史/ }).click();
  await page.locator('.ant-drawer .ant-timeline').waitFor();
  await page.waitForTimeout(400);
  await shot(page, '13-history');
  await page.locator('.ant-drawer-close').click();
  await page.locator('.ant-drawer-open').waitFor({ state: 'detached' }).catch(() => undefined);
  await page.waitForTimeout(400);

  // submit dialog
  await page.getByRole('button', { name: /提交审核/ }).click();
  await page.getByText('修改说明（选填）').first().waitFor().catch(() => undefined);
  await page.waitForTimeout(300);
  await shot(page, '14-submit');
  await page.getByRole('button', { name: /取\s*消/ }).click();

  // the review page of the draft against the version in force (diff and impact report)
  await page.goto(`${origin}/#/review/public-credit-score?version=2&base=1`);
  await page.locator('.diff-sentences').waitFor({ timeout: 30_000 });
  await page.locator('.impact-report').waitFor({ timeout: 120_000 });
  await page.locator('.impact-report canvas').first().waitFor();
  await page.waitForTimeout(600);
  await shot(page, '15-review');
  await page.goto(`${origin}/#/reviews`);
  await page.locator('.ant-table-row').first().waitFor();
  await page.waitForTimeout(300);
  await shot(page, '16-review-list');

  // an enterprise of the sample dataset, looked up by its code (#/lookup is the same screen as #/enterprises)
  const [first] = [...generateEnterprises({ count: 1, seed: SAMPLE_SEED })];
  await page.goto(`${origin}/#/lookup?uscc=${first!.uscc}`);
  await page.getByText('判定规则').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(400);
  await shot(page, '17-lookup');

  // a department editor: only their documents, no 新建 for credit-office kinds
  const p2 = await newPage();
  current = p2;
  await p2.goto(`${origin}/`);
  await p2.getByLabel('用户名').fill('transport');
  await p2.getByLabel('密码').fill('transport-pass-1');
  await p2.getByRole('button', { name: /登\s*录/ }).click();
  await p2.getByText('当前生效的策略').waitFor();
  await p2.goto(`${origin}/#/documents`);
  await p2.locator('.ant-table-row').first().waitFor();
  await p2.waitForTimeout(300);
  await shot(p2, '18-documents-transport');
  await p2.goto(`${origin}/#/documents/public-credit-class`);
  await p2.locator('.document-editor').waitFor({ timeout: 30_000 });
  await p2.waitForTimeout(300);
  await shot(p2, '19-readonly-for-transport');

  // English
  await p2.evaluate(() => localStorage.setItem('policy-admin.lang', 'en'));
  await p2.goto(`${origin}/#/`);
  await p2.reload();
  await p2.getByText('Policies in force').first().waitFor();
  await p2.locator('canvas').first().waitFor({ timeout: 30_000 });
  await p2.waitForTimeout(500);
  await shot(p2, '20-home-en');
} catch (e) {
  failed = true;
  console.error(e);
  await current?.screenshot({ path: join(out, 'failure.png') }).catch(() => undefined);
} finally {
  await browser.close();
  await app.close();
  await rm(dir, { recursive: true, force: true });
}
if (errors.length) {
  console.error(`errors:\n${errors.join('\n')}`);
  failed = true;
}
if (offLoopback.length) {
  console.error(`requests left 127.0.0.1:\n${offLoopback.join('\n')}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
