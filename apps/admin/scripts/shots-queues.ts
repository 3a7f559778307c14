/**
 * Screenshots of issue 15's default dataset and queues against the REAL server: the home page of each
 * role (待我处理), the returned draft's banner, the datasets screen with 设为默认, and the review's
 * impact report naming its dataset (with the "default changed after submission" warning), at the
 * viewport given. State is made through @policy/db directly.
 *
 *   pnpm exec vite build --outDir OUT_DIR && pnpm exec tsx apps/admin/scripts/shots-queues.ts --dist OUT_DIR --viewport 1920x1080 --out DIR
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { createApp } from '../../server/src/app.ts';
import { silentLogger } from '../../server/src/logger.ts';
import { generatedJsonl } from '../../server/src/imports.ts';
import {
  approve,
  changePassword,
  createDraft,
  getVersion,
  importDataset,
  listUsers,
  publish,
  reject,
  saveDraft,
  setDefaultDataset,
  submitForReview,
  toActor,
} from '../../../packages/db/src/index.ts';
import { launchChromium, recordOffOrigin } from '../e2e/browser.ts';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    dist: { type: 'string' },
    viewport: { type: 'string', default: '1366x768' },
  },
});
const [width, height] = args.viewport.split('x').map(Number) as [number, number];
const out = resolve(args.out ?? 'screenshots-out/queues');
await mkdir(out, { recursive: true });
const dir = await mkdtemp(join(tmpdir(), 'shots-queues-'));
const app = await createApp({
  databaseUrl: join(dir, 'policy.sqlite'),
  port: 0,
  logger: silentLogger,
  sampleDatasetSize: 20_000,
  ...(args.dist ? { adminDist: args.dist } : {}),
});
const origin = (await app.server.start()).replace(/\/$/, '');
const db = app.handle.db;
const pw = new Map(app.seedResult.users.map((u) => [u.username, u.password]));
const users = new Map((await listUsers(db)).map((u) => [u.username, toActor(u)]));
for (const [name, actor] of users)
  await changePassword(db, actor, { oldPassword: pw.get(name)!, newPassword: `${name}-pass-1` });
const A = (n: string) => users.get(n)!;
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const shift = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

type Doc = {
  effectiveFrom: string;
  content: {
    items?: { changes: { date: string; type: string; reportedAt?: string }[] }[];
    rows?: { ratioPercent: number }[];
  };
};
async function draftOf(user: string, documentId: string, edit: (c: Doc) => void) {
  const d = await createDraft(db, A(user), { documentId });
  const v = await getVersion(db, A(user), d.id);
  const c = structuredClone(v.content) as Doc;
  edit(c);
  const s = await saveDraft(db, A(user), { versionId: d.id, revision: d.revision, content: c });
  return { id: d.id, revision: s.revision };
}

// a test upload after the sample: the default stays the sample
await importDataset(db, A('credit-office'), {
  name: '测试上传（30 户）',
  format: 'jsonl',
  input: generatedJsonl(30, 7),
});
// returned to the market-regulation editor
const mr = await draftOf(
  'market-regulation',
  'supervision-items-market-regulation',
  (c) => (c.effectiveFrom = '2027-03-01'),
);
await submitForReview(db, A('market-regulation'), { versionId: mr.id, revision: mr.revision });
await reject(db, A('reviewer'), {
  versionId: mr.id,
  comment: 'SCJG-003 的设定依据请写明具体条款；新增事项的风险等级请与市局分级标准一致。',
});
// in review from transport, with an unreported change whose deadline is near
const tr = await draftOf('transport', 'supervision-items-transport', (c) => {
  c.effectiveFrom = '2027-03-01';
  c.content.items![0]!.changes.push({ date: shift(today, -12), type: 'changed' });
  c.content.items![1]!.changes.push({ date: shift(today, -9), type: 'added' });
});
await submitForReview(db, A('transport'), { versionId: tr.id, revision: tr.revision });
// approved, waiting to be published
const hc = await draftOf(
  'housing-construction',
  'supervision-items-housing-construction',
  (c) => (c.effectiveFrom = shift(today, 60)),
);
await submitForReview(db, A('housing-construction'), { versionId: hc.id, revision: hc.revision });
await approve(db, A('reviewer'), { versionId: hc.id, comment: '同意' });
// published, in force in 12 days
const sp = await draftOf('credit-office', 'domain-assignment', (c) => (c.effectiveFrom = shift(today, 12)));
await submitForReview(db, A('credit-office'), { versionId: sp.id, revision: sp.revision });
await approve(db, A('reviewer'), { versionId: sp.id, comment: '同意' });
await publish(db, A('credit-office'), { versionId: sp.id, effectiveFrom: shift(today, 12) });
// the default changed after the transport version was submitted (there and back)
const sample = (await import('../../../packages/db/src/index.ts')).listDatasets;
const all = await sample(db);
await setDefaultDataset(db, A('credit-office'), all[0]!.id);
await setDefaultDataset(db, A('credit-office'), all[all.length - 1]!.id);

const browser = await launchChromium();
const off: string[] = [];
const errors: string[] = [];
async function logIn(user: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  recordOffOrigin(context, origin, off);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${user} pageerror: ${e.message}`));
  await page.goto(`${origin}/#/`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(`${user}-pass-1`);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await page.getByText('待我处理').waitFor({ timeout: 30_000 });
  return page;
}
const shot = async (page: Page, name: string, fullPage = false) => {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  console.log(`saved ${name}.png`);
};
try {
  for (const user of ['reviewer', 'credit-office', 'market-regulation', 'transport', 'viewer']) {
    const page = await logIn(user);
    await page
      .locator('canvas')
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(() => {});
    await page.waitForTimeout(800);
    await shot(page, `home-${user}`);
    if (user === 'market-regulation') {
      await page.getByRole('link', { name: '去修改' }).first().click();
      await page.locator('.returned-banner').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(800);
      await shot(page, 'returned-banner');
    }
    if (user === 'credit-office') {
      await page.goto(`${origin}/#/datasets`);
      await page.locator('.default-dataset-line').waitFor();
      await shot(page, 'datasets');
      await page
        .getByRole('button', { name: /设为默认/ })
        .first()
        .click();
      await page.locator('.ant-modal-confirm').waitFor();
      await shot(page, 'datasets-confirm');
    }
    if (user === 'reviewer') {
      await page.goto(`${origin}/#/reviews`);
      await page.locator('.ant-table-row').first().waitFor();
      await page.waitForTimeout(500);
      await shot(page, 'review-list');
      await page.goto(`${origin}/#/review/supervision-items-transport`);
      await page.locator('.impact-report').waitFor({ timeout: 120_000 });
      await page.locator('.dataset-provenance').scrollIntoViewIfNeeded();
      await page.waitForTimeout(800);
      await shot(page, 'review-impact');
    }
    await page.context().close();
  }
} finally {
  await browser.close();
  await app.close();
}
console.log(JSON.stringify({ off, errors }));
