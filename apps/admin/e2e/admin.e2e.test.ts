// @vitest-environment node
/**
 * End to end: the built admin (`dist/`, built here when missing or older than `src/`) served by the REAL
 * server (`createApp`) on a temporary SQLite file, driven by Debian's Chromium at 1366×768 through a full
 * release: log in, change a score band and the effective date (a month from today) in the form, watch the
 * live preview and the golden cases turn red, add a case from the sample dataset and accept one red case's
 * new result with a reason, submit, review (warnings, golden cases, impact) and approve as a reviewer in a
 * second browser context, be refused at publish while a case fails, override it as the reviewer, confirm the
 * reviewed date and publish, roll back from the history (a past date asks for a reason), look up an
 * enterprise, import a file with a bad row, verify the audit chain and read the security events. Screenshots go to `apps/admin/screenshots-out/`; any request that leaves 127.0.0.1 fails.
 *
 *   pnpm vitest run --project @policy/admin e2e
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateEnterprises } from '@policy/evaluation';
import { SAMPLE_SEED } from '../../server/src/app.ts';
import { serveAdmin, shots } from './served.ts';
import type { ServedAdmin } from './served.ts';

const SAMPLE_SIZE = 3000;

/** Today in the browsers' time zone (Asia/Shanghai), and a day `n` days later, YYYY-MM-DD. */
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const daysAfter = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The effective date of the release: a month from today, never a fixed year. */
const EFFECTIVE = daysAfter(today(), 30);

describe('admin end to end (real server, SQLite, Chromium)', () => {
  let s: ServedAdmin;
  let base: string;
  const pageErrors: string[] = [];
  /** Console reports of anything the server's Content-Security-Policy blocked. */
  const cspViolations: string[] = [];
  let office: Page;
  let reviewer: Page;

  const shot = async (page: Page, name: string) => {
    await page.waitForTimeout(250); // antd enter transitions
    await page.screenshot({ path: join(shots, `e2e-${name}.png`) });
  };

  async function newPage(): Promise<Page> {
    const page = await (await s.newContext()).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    return page;
  }

  const logIn = (page: Page, username: string) => s.logIn(page, username, '审核发布');

  beforeAll(async () => {
    s = await serveAdmin({ name: 'admin-e2e', sampleSize: SAMPLE_SIZE, users: ['credit-office', 'reviewer'] });
    base = s.base;
  }, 600_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    // what the browsers showed when a step failed
    for (const [who, page] of [
      ['office', office],
      ['reviewer', reviewer],
    ] as const) {
      if (page && !page.isClosed())
        await page.screenshot({ path: join(shots, `e2e-failed-${who}.png`) }).catch(() => {});
    }
  });

  afterAll(() => s?.close(), 60_000);

  it('logs in as the credit office and shows the home page in Chinese', async () => {
    office = await newPage();
    await office.goto(`${base}/#/`);
    await office.getByLabel('用户名').waitFor();
    await shot(office, '01-login');
    await logIn(office, 'credit-office');
    await expect(office.getByRole('menuitem', { name: '企业查询' }).isVisible()).resolves.toBe(true);
    await office.waitForLoadState('networkidle');
    // what needs me, and the chart names the default dataset (the sample imported on first start)
    await office.getByText('待我处理').waitFor();
    await office.locator('.dataset-line', { hasText: /数据集：示例数据集.*（默认数据集）/ }).waitFor();
    await shot(office, '02-home');
  });

  it('changes the excellent band 85 → 80 and the effective date, sees the live preview and a red golden case, fixes one, and submits', async () => {
    await office.goto(`${base}/#/documents/public-credit-score`);
    await office.getByRole('button', { name: /编\s*辑/ }).click();
    const min = office.getByLabel('优 下限', { exact: true });
    await min.waitFor();
    const preview = office.locator('.live-preview');
    await preview.waitFor();
    // before the change: nobody moves, and every golden case passes
    await expect
      .poll(async () => (await preview.innerText()).replace(/\s+/g, ' '), { timeout: 60_000 })
      .toMatch(/等级变动企业 0\s*户/);
    const golden = office.locator('.golden-panel');
    await golden.locator('.golden-totals', { hasText: '全部通过' }).waitFor({ timeout: 60_000 });
    await shot(office, '03-editor-before');
    // 编辑 opens a copy; the draft exists at the first change or on 保存为草稿 — golden cases belong to a draft
    await office.getByRole('button', { name: /保存为草稿/ }).click();
    await office.getByLabel('优 下限', { exact: true }).waitFor();
    await golden.getByRole('button', { name: /添加用例/ }).waitFor({ timeout: 60_000 });
    // a case from the sample dataset: an enterprise of 80–85 points, 良 today, with its current result as expected
    const probe = [...generateEnterprises({ count: SAMPLE_SIZE, seed: SAMPLE_SEED })].find(
      (e) =>
        Object.keys(e).length <= 6 &&
        typeof e.publicCreditScore === 'number' &&
        e.publicCreditScore > 80.5 &&
        e.publicCreditScore < 84.5,
    )!;
    await golden.getByRole('button', { name: /添加用例/ }).click();
    const add = office.locator('.golden-add-dialog');
    await add.getByLabel('查找企业（统一社会信用代码或名称）').fill(probe.uscc);
    await office.locator('.ant-select-item-option').filter({ hasText: probe.uscc }).click();
    await add.locator('.golden-lookup-actual', { hasText: '等级 良' }).waitFor({ timeout: 60_000 });
    await expect(add.getByLabel('用例名称').inputValue()).resolves.toBe(probe.name);
    await shot(office, '03a-add-case');
    await add.getByRole('button', { name: /添加用例/ }).click();
    await office.getByText('已添加用例').waitFor();
    await golden.locator('tr.golden-pass', { hasText: probe.name }).waitFor();
    // the draft's effective date is the version's: a month from today (a past date would make it retroactive)
    const date = office.getByLabel('本版本自哪一天起施行');
    await date.click();
    await date.fill(EFFECTIVE);
    await date.press('Enter');
    await office.locator('.effective-date-panel').getByText('30 天后生效').waitFor();
    await min.fill('80');
    await office.getByLabel('良 上限', { exact: true }).fill('80');
    await office.getByLabel('良 上限', { exact: true }).blur();
    await expect
      .poll(async () => (await preview.innerText()).replace(/\s+/g, ' '), { timeout: 60_000 })
      .toMatch(/等级变动企业 [1-9][\d,]*\s*户/);
    await expect.poll(async () => office.getByText(/已保存/).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await shot(office, '04-editor-after');
    // the golden cases turn red after the save
    const failing = golden.locator('tr.golden-fail');
    await failing.first().waitFor({ timeout: 60_000 });
    // the probe (良 → 优) and every other case whose expected result hangs on the 85 line (their number
    // grows as cases are added); read once the panel has settled
    await expect.poll(() => failing.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await failing.filter({ hasText: probe.name }).waitFor();
    const red = await failing.count();
    await golden.scrollIntoViewIfNeeded();
    await shot(office, '04b-golden-red');
    // fix one: its new result is the intended one — accepted as expected, with a reason
    await failing.filter({ hasText: probe.name }).getByRole('button', { name: '确认此结果' }).click();
    const accept = office.locator('.golden-accept-dialog');
    await accept.getByLabel('理由（必填）').fill('“优”的分数线调整为 80 分，此企业改为“优”是预期结果');
    await accept.getByRole('button', { name: /确认当前结果为预期/ }).click();
    await office.getByText('已确认 1 个用例的新预期').waitFor();
    await expect.poll(() => failing.count(), { timeout: 30_000 }).toBe(red - 1);
    await office.getByRole('button', { name: '提交审核' }).first().click();
    const dialog = office.getByRole('dialog');
    await dialog.getByText(`本版本自 ${EFFECTIVE}`).waitFor();
    // the drafted 起草说明 is there (it waits for the impact on the default dataset), then the change is described
    await dialog.getByRole('textbox', { name: '起草说明' }).waitFor();
    await dialog.getByRole('textbox', { name: '修改说明（选填）' }).fill('将“优”的分数线由 85 分调整为 80 分');
    await shot(office, '05-submit');
    await dialog.getByRole('button', { name: /提交/ }).click();
    await office.getByText('已提交审核').first().waitFor();
    await office
      .getByText(`已提交。注意：${red - 1} 个黄金用例未通过`)
      .first()
      .waitFor();
  });

  it('lets a reviewer (second browser context) see the diff, the golden cases and the impact, and approve', async () => {
    reviewer = await newPage();
    await logIn(reviewer, 'reviewer');
    await reviewer.goto(`${base}/#/reviews`);
    await reviewer.getByRole('link', { name: /公共信用综合评价/ }).click();
    const sentences = reviewer.locator('.diff-sentences li .diff-sentence-text');
    await sentences.first().waitFor();
    expect(await sentences.allInnerTexts()).toEqual(
      expect.arrayContaining(['优 区间下限 > 85 → > 80', '良 区间上限 ≤ 85 → ≤ 80']),
    );
    // texts the change made false are warnings, set apart
    await expect(
      reviewer.locator('.diff-sentences li.diff-sentence-warning').count(),
    ).resolves.toBeGreaterThan(0);
    await reviewer.getByText(`生效日期：第 1 版 2024-01-01 → 第 2 版 ${EFFECTIVE}`).waitFor();
    // the golden cases: red ones, the accepted change against v1, the coverage
    const golden = reviewer.locator('.golden-review');
    await golden.locator('tr.golden-fail').first().waitFor({ timeout: 60_000 });
    await golden.getByText('用例变化（对比第 1 版）').waitFor();
    await golden.locator('.golden-diff').getByText('新增').first().waitFor();
    // the impact report: distribution, heat map, workload, moved enterprises
    await reviewer.locator('.impact-report').waitFor({ timeout: 120_000 });
    // the report says which dataset it used: the default one, not the newest upload
    await reviewer
      .locator('.dataset-provenance .dataset-line', { hasText: /数据集：示例数据集.*（默认数据集）/ })
      .waitFor();
    await reviewer.locator('.impact-report canvas').first().waitFor();
    const movedRows = reviewer.locator('.impact-report .impact-moved .ant-table-row').filter({ hasText: '→' });
    await movedRows.first().waitFor();
    expect(await movedRows.first().innerText()).toMatch(/良[\s\S]*→[\s\S]*优/);
    await shot(reviewer, '06-review-top');
    await golden.scrollIntoViewIfNeeded();
    await shot(reviewer, '06b-review-golden');
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
      await reviewer.screenshot({
        path: join(shots, `e2e-review-print-${k + 1}.png`),
        fullPage: true,
        clip: { x: 0, y: k * 1100, width: 740, height: 1100 },
      });
    }
    await reviewer.emulateMedia({ media: 'screen' });
    await reviewer.getByLabel('审核意见').fill('同意调整，影响可控');
    await reviewer.getByLabel('审核意见').scrollIntoViewIfNeeded();
    await shot(reviewer, '10-review-approve');
    await reviewer.getByRole('button', { name: /^批\s*准$/ }).click();
    await reviewer.locator('.ant-message').getByText('已批准').waitFor();
  });

  it('refuses to publish while golden cases fail, then publishes on the reviewed date once a reviewer overrode them', async () => {
    const c = await s.client('credit-office');
    const v2 = (await c.documents.history.query({ documentId: 'public-credit-score' })).find(
      (h) => h.versionNumber === 2,
    );
    expect(v2?.status).toBe('approved');
    expect(v2?.effectiveFrom).toBe(EFFECTIVE);
    const openPublish = async () => {
      await office.goto(`${base}/#/reviews`);
      await office.getByRole('link', { name: /公共信用综合评价/ }).click();
      await office.getByRole('button', { name: /^发\s*布$/ }).waitFor();
      await office.getByRole('button', { name: /^发\s*布$/ }).scrollIntoViewIfNeeded();
      await office.getByRole('button', { name: /^发\s*布$/ }).click();
      const d = office.locator('.publish-dialog');
      await d.getByText('发布第 2 版').waitFor();
      return d;
    };
    // the credit office drafted v2: it cannot override its own failing cases, and cannot publish
    let dialog = await openPublish();
    await dialog.locator('.effective-date-value', { hasText: EFFECTIVE }).waitFor();
    await dialog.getByText('30 天后生效').waitFor();
    await dialog
      .locator('.publish-golden', { hasText: /有 \d+ 个黄金用例未通过/ })
      .waitFor({ timeout: 60_000 });
    await dialog.getByText(/您是本版本的起草人，不能放行/).waitFor();
    await dialog.getByRole('checkbox').check();
    await expect(dialog.getByRole('button', { name: /^发\s*布$/ }).isDisabled()).resolves.toBe(true);
    await shot(office, '11-publish-refused');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    // the reviewer records why the failing cases may go
    await reviewer.reload();
    const golden = reviewer.locator('.golden-review');
    await golden.getByRole('button', { name: '填写放行理由' }).click();
    const override = reviewer.locator('.golden-override-dialog');
    await override
      .getByLabel('放行理由（必填）')
      .fill('分数线调整为 80 分后，80–85 分企业改为“优”正是本次调整的目的');
    await override.getByRole('button', { name: '填写放行理由' }).click();
    await reviewer.getByText('已放行，记录在案').waitFor();
    await golden.getByText('所有未通过用例均已由审核人放行').waitFor();
    // now the credit office confirms the reviewed date and publishes
    dialog = await openPublish();
    await dialog.getByText('所有未通过用例均已由审核人放行').waitFor({ timeout: 60_000 });
    await expect(dialog.getByRole('button', { name: /^发\s*布$/ }).isDisabled()).resolves.toBe(true);
    await dialog.getByRole('checkbox', { name: new RegExp(`我已核对：第 2 版自 ${EFFECTIVE}`) }).check();
    await shot(office, '11-publish-confirm');
    await dialog.getByRole('button', { name: /^发\s*布$/ }).click();
    await office.getByText(`已发布，自 ${EFFECTIVE} 起施行`).first().waitFor();
    // v1 stays in force until the date; v2 is scheduled
    expect(
      (await c.documents.inForce.query({ at: today() })).find((v) => v.documentId === 'public-credit-score')
        ?.versionNumber,
    ).toBe(1);
    expect(
      (await c.documents.inForce.query({ at: EFFECTIVE })).find((v) => v.documentId === 'public-credit-score')
        ?.versionNumber,
    ).toBe(2);
    const standings = (await c.documents.history.query({ documentId: 'public-credit-score' })).map((h) => [
      h.versionNumber,
      h.standing,
    ]);
    expect(standings).toEqual([
      [1, 'in-force'],
      [2, 'scheduled'],
    ]);
  });

  it('shows the standings in the version history and starts a rollback draft through review', async () => {
    await office.goto(`${base}/#/documents/public-credit-score/versions/1`);
    await office.getByRole('button', { name: /版本历史/ }).click();
    const drawer = office.locator('.ant-drawer');
    const v1 = drawer.locator('.history-entry[data-version="1"]');
    const v2 = drawer.locator('.history-entry[data-version="2"]');
    await v1.getByText('现行有效').waitFor();
    await v2.getByText('待生效').waitFor();
    await shot(office, '16-history-rollback');
    await v1.getByRole('button', { name: /回退到此版本/ }).click();
    await expect(v2.getByRole('button', { name: /回退到此版本/ }).count()).resolves.toBe(0);
    const modal = office.locator('.ant-modal', { hasText: '回退到第 1 版' });
    await modal.getByLabel('回退理由（必填）').fill('暂缓调整分数线，恢复第 1 版');
    await shot(office, '17-rollback-dialog');
    await modal.getByRole('button', { name: /创建回退草稿/ }).click();
    await office.waitForURL(/versions\/3$/);
    await office.getByText('已创建回退草稿 v3，请检查后提交审核').waitFor();
    await office.locator('.effective-date-panel').getByText('今天生效').waitFor();
    // a date before today makes the draft retroactive: said in words, and no submission without a reason
    const date = office.getByLabel('本版本自哪一天起施行');
    await date.click();
    await date.fill(daysAfter(today(), -10));
    await date.press('Enter');
    await office.getByText('该日期早于今天：本版本将追溯生效').waitFor();
    // the panel says it (the 提交审核 button carries the same words as its hidden description)
    await office.locator('.effective-date-panel').getByText('请填写追溯生效的理由，否则不能提交审核').waitFor();
    const submit = office.getByRole('button', { name: '提交审核' }).first();
    await expect(submit.isDisabled()).resolves.toBe(true);
    await office.getByLabel('追溯生效的理由（必填）').fill('上级文件要求自该日起恢复原分数线');
    await expect.poll(() => submit.isDisabled(), { timeout: 60_000 }).toBe(false);
    await shot(office, '18-editor-past-date');
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
    await office
      .locator('.ant-form-item-explain-error', { hasText: '没有找到代码或名称包含“没有这家企业”的市场主体' })
      .waitFor();
  });

  it('imports a file with a bad row and shows the row number, field and reason', async () => {
    const [good] = [...generateEnterprises({ count: 1, seed: 'e2e-upload' })];
    const bad = { ...good!, uscc: good!.uscc, name: '', industryCode: 'Q9999' };
    const body = `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`;
    await office.goto(`${base}/#/datasets`);
    await office
      .locator('.ant-upload input[type=file]')
      .setInputFiles({ name: 'bad-rows.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(body) });
    await office.getByLabel('数据集名称').fill('有错误行的文件');
    await office.getByRole('button', { name: /上传并导入/ }).click();
    const errors = office.locator('.import-errors');
    await errors.waitFor({ timeout: 60_000 });
    await office.getByText('导入失败').first().waitFor();
    const text = await errors.innerText();
    expect(text).toMatch(/\n2\s/); // row 2
    expect(text).toMatch(/\/name|\/industryCode/);
    // the explicit default dataset, named with who set it; an upload never changes it
    await office.locator('.default-dataset-line', { hasText: /默认数据集：示例数据集/ }).waitFor();
    await shot(office, '13-datasets-bad-row');
  });

  it('verifies the audit chain, lists the release in Chinese, and shows the log-in security events', async () => {
    await office.goto(`${base}/#/audit`);
    await office.getByText('发布').first().waitFor();
    await office.getByRole('button', { name: /验证哈希链/ }).click();
    await office.getByText(/哈希链完整：共 \d+ 条记录/).waitFor();
    await expect(
      office.locator('.ant-table-row').filter({ hasText: '批准' }).count(),
    ).resolves.toBeGreaterThan(0);
    await shot(office, '14-audit');
    await office.getByRole('tab', { name: '安全事件' }).click();
    const events = office.locator('.security-events');
    await events.locator('.ant-table-row', { hasText: '登录成功' }).first().waitFor();
    await expect(events.locator('.ant-table-row', { hasText: 'reviewer' }).count()).resolves.toBeGreaterThan(
      0,
    );
    await shot(office, '14b-security-events');
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
    expect(s.offOrigin.join('\n')).toBe('');
    expect(pageErrors.join('\n')).toBe('');
    expect(cspViolations.join('\n')).toBe('');
  });
});
