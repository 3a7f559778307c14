/**
 * Screenshots of issue 15's 起草说明 against the REAL server, as the credit office on a draft of
 * public-credit-score with 优's lower bound moved from 85 to 80: the submit dialog with the drafted note,
 * the review page with the note at the top, and the review page as printed (print media, whole page).
 *
 *   pnpm exec vite build --outDir OUT_DIR && pnpm exec tsx apps/admin/scripts/shots-note.ts --dist OUT_DIR --out DIR [--viewport 1366x768]
 */
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { createApp } from '../../server/src/app.ts';
import { silentLogger } from '../../server/src/logger.ts';
import { changePassword, createDraft, listUsers, toActor } from '../../../packages/db/src/index.ts';
import { launchChromium, recordOffOrigin } from '../e2e/browser.ts';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    dist: { type: 'string' },
    viewport: { type: 'string', default: '1366x768' },
    /** `en`: the admin in English (the note is then drafted in English). */
    lang: { type: 'string', default: 'zh' },
  },
});
const [width, height] = args.viewport.split('x').map(Number) as [number, number];
const out = resolve(args.out ?? 'screenshots-out/note');
await mkdir(out, { recursive: true });
const dir = await mkdtemp(join(tmpdir(), 'shots-note-'));
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

const policies = resolve(import.meta.dirname, '../../../policies');
const v1 = JSON.parse(await readFile(join(policies, 'public-credit-score/v1.json'), 'utf8')) as {
  effectiveFrom: string;
  content: { decision: { bands: { min?: { value: number }; max?: { value: number } }[] } };
};
const lowered = structuredClone(v1);
lowered.content.decision.bands[0]!.min!.value = 80;
lowered.content.decision.bands[1]!.max!.value = 80;
const future = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
const draft = await createDraft(db, users.get('credit-office')!, {
  documentId: 'public-credit-score',
  content: { ...lowered, effectiveFrom: future },
});

const browser = await launchChromium();
const off: string[] = [];
const errors: string[] = [];
const shot = async (page: Page, name: string, fullPage = false) => {
  // a printed page is long: its first 1,600 px (the header, the note, the changes)
  await page.screenshot({ path: join(out, `${name}.png`), fullPage, ...(fullPage ? { clip: { x: 0, y: 0, width, height: 1600 } } : {}) });
  console.log(`saved ${name}.png`);
};
try {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  recordOffOrigin(context, origin, off);
  if (args.lang === 'en') await context.addInitScript(() => localStorage.setItem('policy-admin.lang', 'en'));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/#/`);
  await page.getByLabel(/用户名|User name|Username/).fill('credit-office');
  await page.getByLabel(/密码|Password/).fill('credit-office-pass-1');
  await page.getByRole('button', { name: /^(登\s*录|Log in|Sign in)$/ }).click();
  await page.getByText(/^(待我处理|Needs me)$/).first().waitFor({ timeout: 30_000 });
  await page.goto(`${origin}/#/documents/public-credit-score/versions/${draft.versionNumber}`);
  const submit = page.getByRole('button', { name: /提交审核|Submit for review/ });
  await submit.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('button[aria-disabled="true"]'), undefined, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  await submit.click();
  const dialog = page.getByRole('dialog');
  const box = dialog.getByRole('textbox', { name: /起草说明|Explanatory note/ });
  await box.waitFor({ timeout: 60_000 });
  await page.waitForTimeout(800);
  await shot(page, 'submit-dialog-drafted');
  await box.evaluate((e) => e.scrollTo(0, e.scrollHeight));
  await box.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('为落实年度监管计划，适度提高优级企业比例，减少对守信企业的检查。');
  await page.waitForTimeout(400);
  await shot(page, 'submit-dialog-reason');
  await dialog.getByRole('button', { name: /提交审核|Submit for review/ }).click();
  await page.waitForURL(/#\/review\//, { timeout: 60_000 });
  await page.getByText(/起草说明（v|Explanatory note（v/).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(2500);
  await shot(page, 'review-note-top');
  await page.emulateMedia({ media: 'print' });
  await page.waitForTimeout(800);
  await shot(page, 'review-print', true);
  await page.emulateMedia({ media: 'screen' });
  // the version history lists the note
  await page.goto(`${origin}/#/documents/public-credit-score/versions/${draft.versionNumber}`);
  await page.getByRole('button', { name: /版本历史|History/ }).click();
  await page.getByText(/查看起草说明|Show the note/).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(600);
  await shot(page, 'history-note');
  await context.close();
} finally {
  await browser.close();
  await app.close();
}
console.log(JSON.stringify({ off, errors }));
