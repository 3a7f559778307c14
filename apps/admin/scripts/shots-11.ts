/**
 * Screenshots of the release screens of issue 11 against the REAL server (createApp on a temporary SQLite
 * file): the draft's effective date set in the past (retroactive, asking for the reason), the golden cases
 * panel with a red case (accept and add dialogs), the review page (warnings of the diff, golden cases,
 * coverage), the publish dialog refused for the author and then confirming the reviewed date after a
 * reviewer's override, the version history with standings and the rollback dialog, the security events,
 * and the audit check listing every problem after the log and a version were tampered with.
 * Debian Chromium at 1366×768 unless told; fails if any request leaves 127.0.0.1 or the page throws.
 *
 *   pnpm --filter @policy/admin build && pnpm exec tsx apps/admin/scripts/shots-11.ts [--out DIR] [--viewport 1920x1080]
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
import { approve, changePassword, createDraft, getVersion, listUsers, recordGoldenOverride, saveDraft, submitForReview, toActor } from '../../../packages/db/src/index.ts';
import { sqliteHandle } from '../../../packages/db/src/raw.ts';
import { launchChromium, recordOffOrigin } from '../e2e/browser.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({ options: { out: { type: 'string' }, viewport: { type: 'string', default: '1366x768' } } });
const [width, height] = args.viewport.split('x').map(Number) as [number, number];
if (!(width > 0 && height > 0)) throw new Error(`--viewport WxH, not ${args.viewport}`);
const out = resolve(args.out ?? resolve(here, '../screenshots-out/11'));
await mkdir(out, { recursive: true });
const dir = await mkdtemp(join(tmpdir(), 'shots-11-'));

const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const daysAfter = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const EFFECTIVE = daysAfter(today, 30);

const app = await createApp({ databaseUrl: join(dir, 'policy.sqlite'), port: 0, logger: silentLogger, sampleDatasetSize: 3000 });
const origin = (await app.server.start()).replace(/\/$/, '');
const db = app.handle.db;
const pw = new Map(app.seedResult.users.map((u) => [u.username, u.password]));
const users = await listUsers(db);
const office = toActor(users.find((u) => u.username === 'credit-office')!);
const reviewer = toActor(users.find((u) => u.username === 'reviewer')!);
await changePassword(db, office, { oldPassword: pw.get('credit-office')!, newPassword: 'office-pass-1' });

// v2 of the score grading: the excellent band from 85 down to 80, in force a month from today
const draft = await createDraft(db, office, { documentId: 'public-credit-score' });
const v = await getVersion(db, office, draft.id);
const content = structuredClone(v.content) as { effectiveFrom: string; content: { decision: { bands: { min?: { value: number }; max?: { value: number } }[] } } };
content.effectiveFrom = EFFECTIVE;
content.content.decision.bands[0]!.min!.value = 80;
content.content.decision.bands[1]!.max!.value = 80;
await saveDraft(db, office, { versionId: v.id, revision: v.revision, content });

const browser = await launchChromium();
const offLoopback: string[] = [];
const errors: string[] = [];
let failed = false;
const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
recordOffOrigin(context, origin, offLoopback);
const page: Page = await context.newPage();
page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
const shot = async (name: string, fullPage = false) => {
  await page.waitForTimeout(400); // antd transitions
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  console.log(`saved ${name}.png`);
};

try {
  await page.goto(`${origin}/#/`);
  await page.getByLabel('用户名').fill('credit-office');
  await page.getByLabel('密码').fill('office-pass-1');
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await page.getByRole('menuitem', { name: '审核发布' }).waitFor();

  // the draft: a past date makes it retroactive and asks for the reason
  await page.goto(`${origin}/#/documents/public-credit-score/versions/2`);
  const date = page.getByLabel('本版本自哪一天起施行');
  await date.click();
  await date.fill(daysAfter(today, -10));
  await date.press('Enter');
  await page.getByText('该日期早于今天：本版本将追溯生效').waitFor();
  await page.keyboard.press('Escape');
  await shot('01-editor-past-date');
  await date.click();
  await date.fill(EFFECTIVE);
  await date.press('Enter');
  await page.locator('.effective-date-panel').getByText('30 天后生效').waitFor();
  await page.getByText(/已保存/).first().waitFor({ timeout: 30_000 });

  // the golden cases: one red after the change
  const golden = page.locator('.golden-panel');
  await golden.locator('tr.golden-fail').first().waitFor({ timeout: 60_000 });
  await golden.scrollIntoViewIfNeeded();
  await shot('02-golden-cases');
  await golden.screenshot({ path: join(out, '02b-golden-panel.png') });
  await golden.locator('tr.golden-fail').first().getByRole('button', { name: '确认此结果' }).click();
  await page.locator('.golden-accept-dialog').getByLabel('理由（必填）').fill('“优”的分数线调整为 80 分，85 分企业改为“优”是预期结果');
  await shot('03-golden-accept');
  await page.locator('.golden-accept-dialog').getByRole('button', { name: /取\s*消/ }).click();
  const probe = [...generateEnterprises({ count: 3000, seed: SAMPLE_SEED })].find((e) => typeof e.publicCreditScore === 'number' && e.publicCreditScore > 80.5 && e.publicCreditScore < 84.5)!;
  await golden.getByRole('button', { name: /添加用例/ }).click();
  const add = page.locator('.golden-add-dialog');
  await add.getByLabel('查找企业（统一社会信用代码或名称）').fill(probe.name.slice(2, 6));
  await page.locator('.ant-select-item-option').first().waitFor();
  await shot('04a-golden-add-search');
  await add.getByLabel('查找企业（统一社会信用代码或名称）').fill(probe.uscc);
  await page.locator('.ant-select-item-option').filter({ hasText: probe.uscc }).click();
  await add.locator('.golden-lookup-actual').waitFor({ timeout: 60_000 });
  await shot('04b-golden-add');
  await add.getByRole('button', { name: /取\s*消/ }).click();

  // submitted and approved outside the browser; the review page as the credit office (the author)
  const saved = await getVersion(db, office, draft.id);
  await submitForReview(db, office, { versionId: saved.id, comment: '将“优”的分数线由 85 分调整为 80 分' });
  await approve(db, reviewer, { versionId: saved.id, comment: '同意' });
  await page.goto(`${origin}/#/review/public-credit-score?version=2&base=1`);
  await page.locator('.diff-sentences').waitFor({ timeout: 30_000 });
  await page.locator('.golden-review tr.golden-fail').first().waitFor({ timeout: 60_000 });
  await shot('05-review-top');
  await page.locator('.golden-review').scrollIntoViewIfNeeded();
  await shot('06-review-golden');
  await page.locator('.golden-review').screenshot({ path: join(out, '06b-review-golden-card.png') });
  const publishButton = page.getByRole('button', { name: /^发\s*布$/ });
  await publishButton.scrollIntoViewIfNeeded();
  await publishButton.click();
  const dialog = page.locator('.publish-dialog');
  await dialog.locator('.publish-golden').waitFor({ timeout: 60_000 });
  await shot('07-publish-refused');
  await dialog.getByRole('button', { name: /取\s*消/ }).click();

  // a reviewer overrides; the credit office confirms the reviewed date
  await recordGoldenOverride(db, reviewer, saved.id, { reason: '分数线调整为 80 分后，80–85 分企业改为“优”正是本次调整的目的', failing: ['恰好85分属「85分(含)以下」,为良级'] });
  await page.reload();
  await publishButton.waitFor();
  await publishButton.scrollIntoViewIfNeeded();
  await publishButton.click();
  await dialog.getByText('所有未通过用例均已由审核人放行').waitFor({ timeout: 60_000 });
  await dialog.getByRole('checkbox').check();
  await shot('08-publish-confirm');
  await dialog.getByRole('button', { name: /^发\s*布$/ }).click();
  await page.getByText(`已发布，自 ${EFFECTIVE} 起施行`).first().waitFor();

  // the version history: v1 in force, v2 scheduled; rollback through review
  await page.goto(`${origin}/#/documents/public-credit-score/versions/1`);
  await page.getByRole('button', { name: /版本历史/ }).click();
  await page.locator('.history-entry[data-version="2"]').getByText('待生效').waitFor();
  await shot('09-history');
  await page.locator('.history-entry[data-version="1"]').getByRole('button', { name: /回退到此版本/ }).click();
  await page.locator('.ant-modal', { hasText: '回退到第 1 版' }).getByLabel('回退理由（必填）').fill('暂缓调整分数线，恢复第 1 版');
  await shot('10-rollback-dialog');
  await page.locator('.ant-modal', { hasText: '回退到第 1 版' }).getByRole('button', { name: /取\s*消/ }).click();

  // failed log-ins until the account locks, then the security events
  for (let k = 0; k < 6; k++) {
    await fetch(`${origin}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ json: { username: 'reviewer', password: `wrong-${k}` } }),
    });
  }
  await page.goto(`${origin}/#/audit`);
  await page.getByRole('tab', { name: '安全事件' }).click();
  await page.locator('.security-events .ant-table-row').first().waitFor();
  await shot('11-security-events');

  // tampering: a middle audit entry deleted, a released version's effective date changed
  const raw = sqliteHandle(db)!;
  const triggers = raw.prepare(`select name from sqlite_master where type = 'trigger' and tbl_name in ('audit_log', 'versions')`).all() as { name: string }[];
  for (const { name } of triggers) raw.exec(`drop trigger "${name}"`);
  raw.exec(`delete from audit_log where seq = 12`);
  raw.exec(`update versions set effective_from = '2020-01-01' where document_id = 'sampling' and version_number = 1`);
  await page.getByRole('tab', { name: '审计日志' }).click();
  await page.getByRole('button', { name: /验证哈希链/ }).click();
  await page.locator('.audit-problems').waitFor();
  await shot('12-audit-problems');

  // the login screen after the lock (429 with the wait)
  const p2 = await context.browser()!.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const login = await p2.newPage();
  await login.goto(`${origin}/#/`);
  await login.getByLabel('用户名').fill('reviewer');
  await login.getByLabel('密码').fill('wrong-again');
  await login.getByRole('button', { name: /^登\s*录$/ }).click();
  await login.getByText(/登录失败次数过多/).waitFor();
  await login.screenshot({ path: join(out, '13-login-locked.png') });
  console.log('saved 13-login-locked.png');
} catch (e) {
  failed = true;
  console.error(e);
  await page.screenshot({ path: join(out, 'failure.png') }).catch(() => undefined);
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
