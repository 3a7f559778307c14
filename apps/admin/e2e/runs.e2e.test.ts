// @vitest-environment node
/**
 * End to end, issue 12 (official evaluation runs): the built admin (`dist/`, built when older than
 * `src/`) served by the REAL server on a temporary SQLite file, in Debian's Chromium. The credit office
 * starts a run on the sample dataset and watches it reach 已完成; a reviewer (second browser context)
 * signs it off; the credit office files an objection against an enterprise's record from the run's
 * results, routed to the department the record's authority names (or, as in the sample, that the filer
 * chooses); that department's editor sees it in its inbox with the deadline and
 * answers 异议成立 with a reason; the corrected result shows next to the original. A second run is
 * compared with the first. Every new screen is photographed at 1366×768 and 1920×1080
 * (`apps/admin/screenshots-out/runs-*.png`). Any page error, or any request leaving 127.0.0.1, fails.
 *
 *   pnpm vitest run --project @policy/admin e2e/runs
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveAdmin, shots } from './served.ts';
import type { ServedAdmin } from './served.ts';

const SAMPLE_SIZE = 3000;
const EDITORS = ['market-regulation', 'housing-construction', 'transport'];
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

describe('evaluation runs, inbox and objections end to end (real server, SQLite, Chromium)', () => {
  let s: ServedAdmin;
  let base: string;
  const pageErrors: string[] = [];
  const pages: Record<string, Page> = {};
  let runId = 0;
  /** The enterprise objected to: class B from one record, whose authority names a department with an editor. */
  let target: { uscc: string; name: string; recordId: string; department: string; departmentName: string; suggested: boolean } | null = null;

  /** A screenshot at 1366×768 and at 1920×1080 (the page goes back to 1366×768). */
  const shot = async (page: Page, name: string) => {
    for (const v of VIEWPORTS) {
      await page.setViewportSize(v);
      await page.waitForTimeout(400); // antd transitions, charts resizing
      await page.screenshot({ path: join(shots, `runs-${name}-${v.width}.png`) });
    }
    await page.setViewportSize(VIEWPORTS[0]);
  };

  /** Fails when the page scrolls sideways (a table or a form wider than the window). */
  const noSidewaysScroll = async (page: Page, what: string) => {
    for (const v of VIEWPORTS) {
      await page.setViewportSize(v);
      await page.waitForTimeout(200);
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(scroll, `${what} at ${v.width}: the page scrolls sideways`).toBeLessThanOrEqual(client);
    }
    await page.setViewportSize(VIEWPORTS[0]);
  };

  async function newPage(who: string): Promise<Page> {
    const page = await (await s.newContext({ viewport: VIEWPORTS[0] })).newPage();
    page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
    pages[who] = page;
    return page;
  }

  const logIn = (page: Page, username: string) => s.logIn(page, username, '评价批次');

  beforeAll(async () => {
    s = await serveAdmin({ name: 'runs-e2e', sampleSize: SAMPLE_SIZE, users: ['credit-office', 'reviewer', ...EDITORS] });
    base = s.base;
  }, 600_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    for (const [who, page] of Object.entries(pages)) {
      if (!page.isClosed()) await page.screenshot({ path: join(shots, `runs-failed-${who}.png`) }).catch(() => {});
    }
  });

  afterAll(async () => {
    const offOrigin = s ? [...s.offOrigin] : [];
    await s?.close();
    expect(pageErrors).toEqual([]);
    expect(offOrigin).toEqual([]);
  }, 60_000);

  it('the credit office starts a run on the sample dataset and sees its progress until 已完成', async () => {
    const office = await newPage('office');
    await logIn(office, 'credit-office');
    await office.getByRole('menuitem', { name: '评价批次' }).click();
    const start = office.locator('.run-start');
    await start.waitFor();
    // the default date: the 31 October before today (004 二(二))
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const year = Number(today.slice(0, 4));
    const expected = today > `${year}-10-31` ? `${year}-10-31` : `${year - 1}-10-31`;
    await expect(start.getByLabel('评价基准日').inputValue()).resolves.toBe(expected);
    await shot(office, '01-start');
    await start.getByRole('button', { name: /发起评价/ }).click();
    await office.getByText(/已发起评价批次 #\d+/).waitFor();
    const row = office.locator('.runs-table .ant-table-row').first();
    // running shows 运行中 with a progress bar (unless the run is faster than the first poll), then 已完成
    await row.locator('.run-status').waitFor();
    await row.locator('.run-status', { hasText: '已完成' }).waitFor({ timeout: 120_000 });
    runId = Number((await row.locator('a').first().innerText()).replace(/\D/g, ''));
    expect(runId).toBeGreaterThan(0);
    expect(await row.innerText()).toContain('份策略文件');
    await noSidewaysScroll(office, 'run list');
    await shot(office, '02-list-completed');
    // the run page: aggregates by grade label and department name; sign-off refused to its creator with the reason
    await row.locator('a').first().click();
    await office.locator('.run-header').waitFor();
    await office.locator('.run-sign-off-reason', { hasText: '只有审核人可以签发' }).waitFor();
    await office.locator('.run-aggregates .run-document').first().waitFor();
    expect(await office.locator('.run-aggregates').innerText()).toMatch(/守信/);
    expect(await office.locator('.run-export a').first().getAttribute('href')).toMatch(new RegExp(`^export/runs/${runId}\\?format=`));
    await noSidewaysScroll(office, 'run page');
    await shot(office, '03-run-detail');
    await office.locator('.run-by-department').first().scrollIntoViewIfNeeded();
    await shot(office, '03b-run-by-department');
  });

  it('a reviewer signs the run off; verifying says 一致', async () => {
    const reviewer = await newPage('reviewer');
    await logIn(reviewer, 'reviewer');
    await reviewer.goto(`${base}/#/runs/${runId}`);
    const signOff = reviewer.locator('.run-sign-off').getByRole('button', { name: /签发本批次/ });
    await signOff.click();
    await shot(reviewer, '04-sign-off-confirm');
    await reviewer.locator('.ant-popconfirm').getByRole('button', { name: /签发本批次/ }).click();
    await reviewer.locator('.ant-message').getByText(`已签发批次 #${runId}`).waitFor();
    await reviewer.locator('.run-header').getByText('已签发').first().waitFor();
    await reviewer.getByRole('button', { name: /核验结果/ }).click();
    await reviewer.locator('.run-verify-result', { hasText: '一致' }).waitFor({ timeout: 120_000 });
    await shot(reviewer, '05-signed-verified');
  });

  it('the credit office files an objection against an enterprise’s record from the run’s results', async () => {
    // find the enterprise over the API: class B from its one record, supervised by a department with an editor
    const c = await s.client('credit-office');
    for (let offset = 0; target === null; offset += 200) {
      const page = await c.runs.results.query({ runId, offset, limit: 200 });
      if (page.rows.length === 0) break;
      for (const r of page.rows) {
        const cls = r.decisions.find((d) => d.document === 'public-credit-class');
        const department = r.departments.find((d) => EDITORS.includes(d));
        if (cls?.grade !== 'B' || !department) continue;
        const e = await c.objections.enterprise.query({ runId, uscc: r.uscc });
        if (e.records.length !== 1) continue;
        const d = await c.objections.departments.query({ runId, uscc: r.uscc, recordId: e.records[0]!.id });
        // the sample's records name no authority: then the filer chooses the department
        const routed = d.suggested ?? department;
        if (!EDITORS.includes(routed)) continue;
        target = { uscc: r.uscc, name: r.name, recordId: e.records[0]!.id, department: routed, departmentName: d.departments.find((x) => x.id === routed)!.name, suggested: d.suggested !== null };
        break;
      }
    }
    expect(target, 'an enterprise graded B by one record, supervised by a department with an editor').not.toBeNull();
    const t = target!;
    const office = pages.office!;
    await office.goto(`${base}/#/runs/${runId}?tab=results`);
    const results = office.locator('.run-results');
    await results.locator('.ant-table-row').first().waitFor();
    await noSidewaysScroll(office, 'run results');
    await shot(office, '06-run-results');
    await results.getByLabel('按统一社会信用代码或名称查找').fill(t.uscc);
    await results.getByLabel('按统一社会信用代码或名称查找').press('Enter');
    const row = results.locator('.ant-table-row', { hasText: t.uscc });
    await row.waitFor();
    await expect.poll(() => results.locator('.ant-table-row').count()).toBe(1);
    await row.getByRole('button', { name: '提出异议' }).click();
    const dialog = office.locator('.file-objection-dialog');
    await dialog.locator('.result-view').waitFor();
    await dialog.getByLabel('异议理由').fill('该行政处罚决定已被复议机关撤销，不应计入失信记录');
    await dialog.getByLabel('证据说明').fill('行政复议决定书（舞复决字〔2026〕12 号）');
    await dialog.getByLabel('有异议的记录').first().click(); // the select's box (its input lies under the shown value)
    await office.locator('.ant-select-item-option').filter({ hasText: t.recordId }).click();
    if (t.suggested) {
      // the department is pre-filled from the record's authority
      await dialog.getByText('已按记录的决定机关自动选择').waitFor();
    } else {
      await dialog.getByLabel('负责答复的部门').first().click();
      await office.locator('.ant-select-item-option').filter({ hasText: t.departmentName }).click();
    }
    await shot(office, '07-file-objection');
    await dialog.getByRole('button', { name: /提交异议/ }).click();
    await office.locator('.ant-message').getByText(/已提交异议，转.+答复，答复期限 \d{4}-\d{2}-\d{2}/).waitFor();
    // the run's objections tab lists it as 待答复 with its deadline
    const listed = office.locator('.objections-table .ant-table-row', { hasText: t.uscc });
    await listed.waitFor();
    expect(await listed.innerText()).toMatch(/待答复/);
    await shot(office, '08-run-objections');
    await office.getByRole('menuitem', { name: '异议' }).click();
    await office.locator('.objections-page .ant-table-row', { hasText: t.uscc }).waitFor();
    await noSidewaysScroll(office, 'objections');
    await shot(office, '09-objections-queue');
  });

  it('the department editor sees it in its inbox with the deadline and answers 异议成立; the corrected result shows next to the original', async () => {
    const t = target!;
    const editor = await newPage('editor');
    await logIn(editor, t.department);
    await editor.getByRole('menuitem', { name: '部门收件箱' }).click();
    const inbox = editor.locator('.inbox-page');
    const row = inbox.locator('.inbox-objections .ant-table-row', { hasText: t.uscc });
    await row.waitFor();
    expect(await row.locator('.objection-deadline').innerText()).toMatch(/^\d{4}-\d{2}-\d{2}/);
    await inbox.locator('.inbox-results .ant-table-row').first().waitFor();
    await noSidewaysScroll(editor, 'inbox');
    await shot(editor, '10-inbox');
    await row.getByRole('button', { name: /^答\s*复$/ }).click();
    const drawer = editor.locator('.objection-drawer');
    await drawer.locator('.objection-records').waitFor();
    expect(await drawer.locator('.objection-record-disputed').innerText()).toContain(t.recordId);
    const form = drawer.locator('.objection-answer-form');
    // the reason is required
    await form.getByRole('radio', { name: /异议成立/ }).check();
    await form.getByRole('button', { name: /提交答复/ }).click();
    await form.getByText('请填写答复理由').waitFor();
    await form.getByLabel('答复理由（必填）').fill('经核实，该处罚决定已于复议中撤销，异议成立，去掉该记录重新评价');
    await shot(editor, '11-answer');
    await form.getByRole('button', { name: /提交答复/ }).click();
    await editor.locator('.ant-message').getByText('已答复：异议成立，已重新评价').waitFor();
    const side = drawer.locator('.result-side-by-side');
    await side.waitFor();
    const original = await side.locator('.result-original').innerText();
    const corrected = await side.locator('.result-corrected').innerText();
    expect(original).toMatch(/B 一般失信/);
    expect(corrected).toMatch(/A 守信/);
    expect(await side.locator('.result-corrected .result-line-changed').count()).toBeGreaterThan(0);
    await side.scrollIntoViewIfNeeded();
    await shot(editor, '12-corrected');
    await editor.keyboard.press('Escape');
    await inbox.locator('.inbox-objections .ant-table-row', { hasText: t.uscc }).getByText('异议成立').waitFor();
  });

  it('the credit office compares a second run with the signed-off one', async () => {
    const office = pages.office!;
    const c = await s.client('credit-office');
    const run = await c.runs.get.query({ runId });
    // a second run a year earlier: the records of the year before count, grades move
    const earlier = `${Number(run.at.slice(0, 4)) - 1}${run.at.slice(4)}`;
    await office.goto(`${base}/#/runs`);
    const start = office.locator('.run-start');
    const date = start.getByLabel('评价基准日');
    await date.click();
    await date.fill(earlier);
    await date.press('Enter');
    await start.getByRole('button', { name: /发起评价/ }).click();
    const row = office.locator('.runs-table .ant-table-row').first();
    await row.locator('.run-status', { hasText: '已完成' }).waitFor({ timeout: 120_000 });
    const second = Number((await row.locator('a').first().innerText()).replace(/\D/g, ''));
    expect(second).toBeGreaterThan(runId);
    await office.goto(`${base}/#/runs/${second}/compare?base=${runId}`);
    const page = office.locator('.run-compare-page');
    await page.locator('.report-section canvas').first().waitFor({ timeout: 120_000 });
    expect(await page.innerText()).toMatch(/等级迁移矩阵/);
    await page.locator('.compare-moved').waitFor();
    await noSidewaysScroll(office, 'compare');
    await shot(office, '13-compare-top');
    await page.locator('.compare-by-department').scrollIntoViewIfNeeded();
    await shot(office, '14-compare-departments');
    await page.locator('.compare-moved').scrollIntoViewIfNeeded();
    await shot(office, '15-compare-moved');
  });
});
