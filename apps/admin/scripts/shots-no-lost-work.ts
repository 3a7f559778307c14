/**
 * Screenshots of issue 15's "no lost work" against the REAL server, as the market-regulation editor on
 * a draft of its supervision items: the Excel import dialog (替换全部 with what it removes), the list
 * after the import with 撤销导入, the header of a draft saved with errors, the header while the JSON
 * view does not parse, and the 放弃草稿 dialog.
 *
 *   pnpm exec vite build --outDir OUT_DIR && pnpm exec tsx apps/admin/scripts/shots-no-lost-work.ts --dist OUT_DIR --out DIR
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { SupervisionItemsDocument } from '@policy/schemas';
import { createApp } from '../../server/src/app.ts';
import { silentLogger } from '../../server/src/logger.ts';
import { changePassword, createDraft, listUsers, toActor } from '../../../packages/db/src/index.ts';
import { launchChromium, recordOffOrigin } from '../e2e/browser.ts';
import { writeWorkbook } from '../src/features/documents/editor/widgets/items-excel.ts';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    dist: { type: 'string' },
    viewport: { type: 'string', default: '1366x768' },
  },
});
const [width, height] = args.viewport.split('x').map(Number) as [number, number];
const out = resolve(args.out ?? 'screenshots-out/no-lost-work');
await mkdir(out, { recursive: true });
const dir = await mkdtemp(join(tmpdir(), 'shots-nlw-'));
const app = await createApp({
  databaseUrl: join(dir, 'policy.sqlite'),
  port: 0,
  logger: silentLogger,
  sampleDatasetSize: 2_000,
  ...(args.dist ? { adminDist: args.dist } : {}),
});
const origin = (await app.server.start()).replace(/\/$/, '');
const db = app.handle.db;
const pw = new Map(app.seedResult.users.map((u) => [u.username, u.password]));
const users = new Map((await listUsers(db)).map((u) => [u.username, toActor(u)]));
for (const [name, actor] of users)
  await changePassword(db, actor, { oldPassword: pw.get(name)!, newPassword: `${name}-pass-1` });

const draft = await createDraft(db, users.get('market-regulation')!, {
  documentId: 'supervision-items-market-regulation',
});

// a two-row sheet as a person would write it: domains by their Chinese names
const policies = resolve(import.meta.dirname, '../../../policies');
const items = (
  JSON.parse(
    await readFile(join(policies, 'supervision-items-market-regulation/v1.json'), 'utf8'),
  ) as SupervisionItemsDocument
).content.items;
const assignment = JSON.parse(await readFile(join(policies, 'domain-assignment/v1.json'), 'utf8')) as {
  content: { domains: { id: string; name: { zh: string } }[] };
};
const domainName = (id: string) => assignment.content.domains.find((d) => d.id === id)?.name.zh ?? id;
const sheetItems = [
  { ...items[0]!, name: `${items[0]!.name}（修订）` },
  { ...items[0]!, code: 'SCJG-099', name: '新增：市场主体年报抽查', domain: 'market-entities' },
];
const xlsx = join(dir, '事项清单.xlsx');
await writeFile(
  xlsx,
  Buffer.from(await (await writeWorkbook(sheetItems, '监管事项清单', domainName)).arrayBuffer()),
);

const browser = await launchChromium();
const off: string[] = [];
const errors: string[] = [];
const shot = async (page: Page, name: string) => {
  await page.screenshot({ path: join(out, `${name}.png`) });
  console.log(`saved ${name}.png`);
};
try {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  recordOffOrigin(context, origin, off);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/#/`);
  await page.getByLabel('用户名').fill('market-regulation');
  await page.getByLabel('密码').fill('market-regulation-pass-1');
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await page.getByText('待我处理').waitFor({ timeout: 30_000 });
  await page.goto(
    `${origin}/#/documents/supervision-items-market-regulation/versions/${draft.versionNumber}`,
  );
  await page.getByRole('button', { name: /提交审核/ }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);

  await page.getByTestId('items-import-input').setInputFiles(xlsx);
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await page.waitForTimeout(800);
  await shot(page, 'import-dialog-merge');
  await dialog.getByText('替换全部', { exact: true }).click();
  await page.waitForTimeout(300);
  await shot(page, 'import-dialog-replace');
  await dialog.getByRole('button', { name: /取\s*消/ }).click();
  await page.getByTestId('items-import-input').setInputFiles(xlsx);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /应用导入/ })
    .click();
  await page.getByText(/已导入：/).waitFor();
  await page
    .getByText(/已保存/)
    .first()
    .waitFor({ timeout: 15_000 });
  await shot(page, 'import-applied-undo');

  // an invalid edit is saved with its issues
  await page.getByLabel('事项名称 1', { exact: true }).fill('');
  await page.getByText(/个问题，提交前需修正/).waitFor({ timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'saved-with-issues');

  // JSON that does not parse is not called saved
  await page.getByText('JSON', { exact: true }).click();
  await page.locator('.monaco-editor').first().waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  await page.keyboard.type(' oops');
  await page.getByText(/未保存：JSON 语法错误/).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(500);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page
    .locator('main, .ant-layout-content')
    .first()
    .evaluate((e) => e.scrollTo?.(0, 0));
  await shot(page, 'json-broken');

  // leaving asks
  await page.getByRole('menuitem', { name: /首页/ }).first().click();
  await page.locator('.ant-modal-confirm-title', { hasText: '离开此页？' }).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(800);
  await shot(page, 'leave-prompt');
  await page.getByRole('button', { name: /留在此页/ }).click();
  await page.keyboard.press('Control+z');
  await page.waitForTimeout(2500);

  await page.getByRole('button', { name: /放弃草稿/ }).click();
  await page
    .getByRole('dialog')
    .getByText(/放弃草稿 v\d+？/)
    .waitFor();
  await page.waitForTimeout(800);
  await shot(page, 'discard-dialog');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /放弃草稿/ })
    .click();
  await page.getByText(/已放弃草稿/).waitFor({ timeout: 15_000 });
  await page.waitForTimeout(1000);
  await shot(page, 'after-discard');
  await context.close();
} finally {
  await browser.close();
  await app.close();
}
console.log(JSON.stringify({ off, errors }));
