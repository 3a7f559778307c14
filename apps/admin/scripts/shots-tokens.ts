/**
 * Screenshots of issue 17's admin screens against the REAL server: 系统接入令牌 (tokens of several
 * departments and states, one row's recent calls), the create dialog, the secret shown once, the
 * revoke confirmation, and the home page's 下载发布包 dialog. State is made through @policy/db directly.
 *
 *   pnpm exec vite build --outDir OUT_DIR && pnpm exec tsx apps/admin/scripts/shots-tokens.ts --dist OUT_DIR --viewport 1366x768 --out DIR
 */
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../../server/src/app.ts';
import { silentLogger } from '../../server/src/logger.ts';
import { changePassword, createServiceToken, listUsers, recordApiCall, revokeServiceToken, toActor } from '../../../packages/db/src/index.ts';
import { addDays, officeDay } from '../../../packages/schemas/src/index.ts';
import { verifyBundle } from '../../../packages/schemas/src/node/index.ts';
import { launchChromium, recordOffOrigin } from '../e2e/browser.ts';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    dist: { type: 'string' },
    viewport: { type: 'string', default: '1366x768' },
  },
});
const [width, height] = args.viewport.split('x').map(Number) as [number, number];
const out = resolve(args.out ?? 'screenshots-out/tokens');
await mkdir(out, { recursive: true });
const dir = await mkdtemp(join(tmpdir(), 'shots-tokens-'));
const app = await createApp({ databaseUrl: join(dir, 'policy.sqlite'), port: 0, logger: silentLogger, ...(args.dist ? { adminDist: args.dist } : {}) });
const origin = (await app.server.start()).replace(/\/$/, '');
const db = app.handle.db;
const pw = new Map(app.seedResult.users.map((u) => [u.username, u.password]));
const office = toActor((await listUsers(db)).find((u) => u.username === 'credit-office')!);
await changePassword(db, office, { oldPassword: pw.get('credit-office')!, newPassword: 'credit-office-pass-1' });
const today = officeDay();

const transport = await createServiceToken(db, office, { name: '交通运输局执法监管系统', department: 'transport', scope: 'read', expiresOn: addDays(today, 300) });
await createServiceToken(db, office, { name: '信用信息共享平台数据推送', department: null, scope: 'import', expiresOn: addDays(today, 700) });
await createServiceToken(db, office, { name: '市场监管局双随机系统', department: 'market-regulation', scope: 'read', expiresOn: addDays(today, 12) });
const old = await createServiceToken(db, office, { name: '住建局旧业务系统（已停用）', department: 'housing-construction', scope: 'read', expiresOn: addDays(today, 90) });
await revokeServiceToken(db, office, old.token.id, '系统停用');
const base = Date.now() - 3_600_000;
const routes: [string, number, number][] = [
  ['GET /api/v1/documents?at=2026-10-31', 200, 6],
  ['GET /api/v1/bundle?at=2026-10-31', 200, 6],
  ['GET /api/v1/runs', 200, 2],
  ['GET /api/v1/runs/:id/results?offset=0&limit=500', 200, 500],
  ['GET /api/v1/runs/:id/results?department=market-regulation', 403, 0],
  ['GET /api/v1/runs/:id/results?offset=500&limit=500', 429, 0],
];
for (const [k, [route, status, records]] of routes.entries()) {
  await recordApiCall(db, { tokenId: transport.token.id, tokenName: transport.token.name, method: 'GET', route, status, records }, new Date(base + k * 60_000).toISOString());
}
await db.updateTable('service_tokens').set({ last_used_at: new Date(base + 5 * 60_000).toISOString() }).where('id', '=', transport.token.id).execute();

const browser = await launchChromium();
const off: string[] = [];
const errors: string[] = [];
try {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  recordOffOrigin(context, origin, off);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const shot = async (name: string) => {
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`saved ${name}.png`);
  };
  await page.goto(`${origin}/#/`);
  await page.getByLabel('用户名').fill('credit-office');
  await page.getByLabel('密码').fill('credit-office-pass-1');
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await page.getByText('待我处理').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: /下载发布包/ }).click();
  await page.locator('.bundle-download-dialog').waitFor();
  await shot('bundle-download');
  // the download itself: a file that verifies, with the documents in force that day
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.bundle-download-dialog').getByRole('button', { name: /下\s*载/ }).click()]);
  const saved = join(dir, download.suggestedFilename());
  await download.saveAs(saved);
  const v = verifyBundle(JSON.parse(await readFile(saved, 'utf8')));
  if (!v.ok) throw new Error(`the downloaded bundle does not verify: ${JSON.stringify(v.problems)}`);
  console.log(`downloaded ${download.suggestedFilename()}: ${v.bundle.documents.length} documents, hash ${v.bundle.bundleHash}`);
  await page.getByText(/已下载/).waitFor();
  await shot('bundle-downloaded');
  await page.keyboard.press('Escape');

  await page.getByRole('menuitem', { name: /系统接入令牌/ }).click();
  await page.locator('.tokens-table .ant-table-row').first().waitFor();
  await shot('tokens');
  await page.locator('.tokens-table .ant-table-row', { hasText: '交通运输局执法监管系统' }).getByRole('button', { name: /最近调用/ }).click();
  await page.locator('.token-calls .ant-table-row').first().waitFor();
  await shot('tokens-calls');
  await page.locator('.tokens-table .ant-table-row').first().getByRole('button', { name: /吊\s*销/ }).click();
  await page.locator('.ant-popover').waitFor();
  await shot('tokens-revoke-confirm');
  await page.getByRole('button', { name: /取\s*消/ }).click();

  await page.getByRole('button', { name: /新建令牌/ }).click();
  const dialog = page.locator('.token-create-dialog');
  await dialog.waitFor();
  await shot('tokens-create-empty');
  await dialog.getByLabel('名称').fill('生态环境局排污许可系统');
  await dialog.getByRole('combobox', { name: '所属部门' }).click();
  await page.locator('.ant-select-item-option').nth(3).click();
  await dialog.getByLabel('到期日').click();
  await shot('tokens-create-calendar');
  await dialog.getByText('新建系统接入令牌').click();
  await shot('tokens-create');
  await dialog.getByRole('button', { name: /创建令牌/ }).click();
  await page.locator('.token-secret-dialog .token-secret').waitFor();
  await page.getByRole('button', { name: /复制令牌/ }).click();
  await shot('tokens-secret');
  await page.getByRole('button', { name: /我已复制并妥善保存/ }).click();
  await shot('tokens-after');
  await context.close();
} finally {
  await browser.close();
  await app.close();
}
console.log(JSON.stringify({ off, errors }));
