// @vitest-environment node
/**
 * End to end, issue 14 (双随机抽查): the built admin (`dist/`, built when older than `src/`) served by
 * the REAL server on a temporary SQLite file, in Debian's Chromium. The market-regulation editor imports
 * its directory of inspectors from a CSV written here (after the confirmation that it replaces the whole
 * directory), reads the yearly plan, registers a round with its public value, previews the draw and
 * stores it; a viewer opening the draft's address is refused (403, in Chinese) and sees no enterprise;
 * the credit office publishes it (the drawer may not publish their own draw); the editor exports the
 * public list (the CSV has no grade and no inspector: names and USCCs), enters an outcome (the note is
 * required for 发现问题), verifies (一致), and a second draw of the round is refused in plain words.
 * Every screen is photographed at 1366×768 and 1920×1080 (`apps/admin/screenshots-out/draws-*.png`).
 * Any page error, or any request leaving 127.0.0.1, fails.
 *
 *   pnpm vitest run --project @policy/admin e2e/draws
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveAdmin, shots } from './served.ts';
import type { ServedAdmin } from './served.ts';

const SAMPLE_SIZE = 3000;
const MARKET = 'market-regulation';
const ROUND = '2027-R1';
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

describe('双随机抽查 end to end (real server, SQLite, Chromium)', () => {
  let s: ServedAdmin;
  let base: string;
  let dir: string;
  const pageErrors: string[] = [];
  const pages: Record<string, Page> = {};
  let drawId = 0;

  /** A screenshot at 1366×768 and at 1920×1080 (the page goes back to 1366×768). */
  const shot = async (page: Page, name: string) => {
    for (const v of VIEWPORTS) {
      await page.setViewportSize(v);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(shots, `draws-${name}-${v.width}.png`) });
    }
    await page.setViewportSize(VIEWPORTS[0]);
  };

  /** Fails when the page scrolls sideways (a table or a form wider than the window). */
  const noSidewaysScroll = async (page: Page, what: string) => {
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(client);
  };

  async function newPage(who: string): Promise<Page> {
    const page = await (await s.newContext({ viewport: VIEWPORTS[0], acceptDownloads: true })).newPage();
    page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
    pages[who] = page;
    return page;
  }

  const logIn = (page: Page, username: string) => s.logIn(page, username, '双随机抽查');

  const tab = (page: Page, name: string) => page.locator('.draws-tabs').getByRole('tab', { name, exact: true }).click();

  beforeAll(async () => {
    s = await serveAdmin({ name: 'draws-e2e', sampleSize: SAMPLE_SIZE, users: ['credit-office', 'viewer', MARKET] });
    base = s.base;
    dir = s.dir;
  }, 600_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    for (const [who, page] of Object.entries(pages)) {
      if (!page.isClosed()) await page.screenshot({ path: join(shots, `draws-failed-${who}.png`) }).catch(() => {});
    }
  });

  afterAll(async () => {
    const offOrigin = s ? [...s.offOrigin] : [];
    await s?.close();
    expect(pageErrors).toEqual([]);
    expect(offOrigin).toEqual([]);
  }, 60_000);

  it('the department editor imports its directory from a CSV, after confirming that it replaces the whole directory', async () => {
    const editor = await newPage('editor');
    await logIn(editor, MARKET);
    await editor.getByRole('menuitem', { name: '双随机抽查' }).click();
    await editor.locator('.inspectors-tab').waitFor();
    const csv = join(dir, '执法检查人员名录.csv');
    const rows = [['工号', '姓名', '执法证号', '可检查事项', '回避企业', '在岗']];
    for (let k = 1; k <= 6; k++) rows.push([`SJ${String(k).padStart(3, '0')}`, `检查员${'甲乙丙丁戊己'[k - 1]}`, `豫市监执 2027${k}`, k <= 2 ? 'food' : '', '', '是']);
    writeFileSync(csv, '\uFEFF' + rows.map((r) => r.join(',')).join('\r\n'));
    await editor.locator('.inspector-file-input').setInputFiles(csv);
    const confirm = editor.locator('.inspector-import-confirm');
    await confirm.getByText('用文件替换整个名录？').waitFor();
    expect(await confirm.innerText()).toMatch(/文件中没有的人员将被删除/);
    await shot(editor, '01-import-confirm');
    await confirm.getByRole('button', { name: '替换名录' }).click();
    await editor.locator('.ant-message').getByText('已导入 6 名人员，名录已替换').waitFor();
    const table = editor.locator('.inspectors-table');
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(6);
    // the items by name, not the domain id
    expect(await table.locator('.ant-table-row').first().innerText()).toMatch(/食品/);
    expect(await table.innerText()).not.toMatch(/\bfood\b/);
    await noSidewaysScroll(editor, 'directory');
    await shot(editor, '02-directory');
  });

  it('reads the yearly plan by grade label, registers a round, previews and stores the draw', async () => {
    const editor = pages.editor!;
    await tab(editor, '年度计划');
    const plan = editor.locator('.plan-view');
    await plan.waitFor({ timeout: 60_000 });
    expect(await plan.innerText()).toMatch(/守信/);
    await noSidewaysScroll(editor, 'plan');
    await shot(editor, '03-plan');

    await tab(editor, '抽取');
    const register = editor.locator('.register-round');
    await register.locator('.register-why').getByText(/随机种子不是由抽取人选择或输入的/).waitFor();
    await register.getByLabel('轮次编号').fill(ROUND);
    await register.getByLabel('公开值').fill('福彩3D 2027001期 372');
    const window = register.locator('.ant-picker-range input');
    await window.nth(0).click();
    await window.nth(0).fill('2027-01-05');
    await window.nth(0).press('Enter');
    await window.nth(1).fill('2027-03-31');
    await window.nth(1).press('Enter');
    await expect.poll(() => window.nth(1).inputValue()).toBe('2027-03-31');
    await shot(editor, '04-register');
    await register.getByRole('button', { name: '登记轮次' }).click();
    await editor.locator('.ant-popconfirm').getByRole('button', { name: '登记轮次' }).click();
    await editor.locator('.ant-message').getByText(`已登记 ${ROUND} 轮`).waitFor();
    await editor.getByText(/公开值：福彩3D 2027001期 372/).waitFor();
    await editor.getByRole('button', { name: /预览抽取结果/ }).click();
    const preview = editor.locator('.draw-preview');
    await preview.waitFor({ timeout: 60_000 });
    expect(await preview.locator('.draw-groups').innerText()).toMatch(/守信/);
    expect(await preview.locator('.draw-excluded').innerText()).toMatch(/已排除：注销 \d+ 户，吊销 \d+ 户/);
    expect(await preview.locator('.draw-load .ant-table-row').count()).toBe(6);
    expect(await preview.locator('.draw-seed').innerText()).toContain('福彩3D 2027001期 372');
    await noSidewaysScroll(editor, 'preview');
    await shot(editor, '05-preview');
    await preview.locator('.draw-counts').scrollIntoViewIfNeeded();
    await shot(editor, '05b-preview-counts');
    await editor.getByRole('button', { name: /保存抽取结果/ }).click();
    await editor.locator('.ant-popconfirm').getByRole('button', { name: /保存抽取结果/ }).click();
    await editor.locator('.draw-detail-page .draw-header').waitFor();
    drawId = Number(/#\/draws\/(\d+)/.exec(editor.url())![1]);
    expect(drawId).toBeGreaterThan(0);
    await editor.getByText('草稿：名单尚未公开，仅本部门和信用办可见。').waitFor();
    // the drawer does not publish their own draw
    await editor.locator('.draw-publish-reason', { hasText: '抽取人不能自行公开' }).waitFor();
    await noSidewaysScroll(editor, 'draft');
    await shot(editor, '06-draft');
  });

  it('a viewer opening the draft’s address is refused (403, in Chinese) and sees no enterprise', async () => {
    const office = await s.client('credit-office');
    const draw = await office.draws.get.query({ id: drawId });
    if (draw.view !== 'whole') throw new Error('the credit office reads the draft whole');
    const viewer = await newPage('viewer');
    await logIn(viewer, 'viewer');
    await viewer.goto(`${base}/#/draws/${drawId}`);
    const refusal = viewer.locator('.draw-forbidden');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/无权查看此抽取结果（403）/);
    expect(await refusal.innerText()).toMatch(/公开前仅本部门和信用办可以查看/);
    const text = await viewer.locator('body').innerText();
    for (const x of draw.record.inspections.slice(0, 50)) {
      expect(text).not.toContain(x.uscc);
      expect(text).not.toContain(x.name);
    }
    // the list shows no draft either
    await viewer.goto(`${base}/#/draws?tab=lists`);
    await viewer.locator('.draws-list').getByText('还没有公开的抽查名单').waitFor();
    await shot(viewer, '07-viewer-refused');
  });

  it('the credit office publishes it after a confirmation stating what becomes public', async () => {
    const office = await newPage('office');
    await logIn(office, 'credit-office');
    await office.goto(`${base}/#/draws/${drawId}`);
    await office.locator('.draw-publish').getByRole('button', { name: /公开名单/ }).click();
    const confirm = office.locator('.ant-popconfirm');
    await confirm.getByText(/公开后名单对所有用户可见.*不公开信用等级和检查人员/).waitFor();
    await shot(office, '08-publish-confirm');
    await confirm.getByRole('button', { name: /公开名单/ }).click();
    await office.locator('.ant-message').getByText(`已公开抽取 #${drawId}`).waitFor();
    await office.locator('.public-list').waitFor();
  });

  it('the editor exports the public list (no grade, no inspector), enters an outcome and verifies', async () => {
    const editor = pages.editor!;
    await editor.goto(`${base}/#/draws/${drawId}`);
    await editor.reload();
    const list = editor.locator('.public-list');
    await list.locator('.public-list-table .ant-table-row').first().waitFor();
    expect(await list.innerText()).not.toMatch(/守信|失信|黑名单/);
    const office = await s.client('credit-office');
    const draw = await office.draws.get.query({ id: drawId });
    if (draw.view !== 'whole') throw new Error('whole view expected');
    const [download] = await Promise.all([editor.waitForEvent('download'), list.getByRole('button', { name: /导出 CSV/ }).click()]);
    const file = join(dir, 'public.csv');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('序号,统一社会信用代码,市场主体名称,检查事项,检查时间');
    expect(lines).toHaveLength(draw.record.inspections.length + 1);
    expect(text).not.toMatch(/等级|守信|失信|黑名单|检查员/);
    expect(lines[1]).toMatch(/,2027-01-05 至 2027-03-31$/);
    expect(download.suggestedFilename()).toBe('2027-R1轮 市场监管局 双随机抽查名单.csv');
    const usccs = new Set(draw.record.inspections.map((x) => x.uscc));
    for (const l of lines.slice(1)) expect(usccs.has(l.split(',')[1]!)).toBe(true);
    await noSidewaysScroll(editor, 'public list');
    await shot(editor, '09-published');

    // outcome: 发现问题 needs a note
    const first = list.locator('.public-list-table .ant-table-row').first();
    await first.getByRole('button', { name: '录入结果' }).click();
    const dialog = editor.locator('.outcome-dialog');
    await dialog.getByLabel('发现问题', { exact: true }).check();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('发现问题时须填写说明').waitFor();
    await dialog.getByLabel('说明').fill('原料进货查验记录不全，已责令限期整改');
    await shot(editor, '10-outcome');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await editor.locator('.ant-message').getByText(/已录入 .* 的检查结果/).waitFor();
    await first.locator('.draw-outcome').getByText('发现问题', { exact: true }).waitFor();

    await editor.getByRole('button', { name: /核\s*验/ }).click();
    await editor.locator('.draw-verify-result', { hasText: '一致' }).waitFor({ timeout: 60_000 });
    await shot(editor, '11-verified');

    // the print view: no menu, no buttons, no pages
    await editor.emulateMedia({ media: 'print' });
    await editor.waitForTimeout(300);
    await editor.screenshot({ path: join(shots, 'draws-12-print-1366.png'), fullPage: true });
    expect(await editor.locator('.ant-layout-sider').isVisible()).toBe(false);
    await editor.emulateMedia({ media: 'screen' });
  });

  it('a second draw of the round is refused in plain words; the lists and joint inspections show', async () => {
    const editor = pages.editor!;
    await editor.goto(`${base}/#/draws?tab=draw`);
    await editor.getByText(/公开值：福彩3D 2027001期 372/).waitFor();
    await editor.getByRole('button', { name: /预览抽取结果/ }).click();
    const refused = editor.locator('.draw-refused');
    await refused.getByText('本轮已抽取过，不能再次抽取').waitFor();
    await refused.getByText('本轮的抽取结果已公开，不能重新抽取。').waitFor();
    await shot(editor, '13-refused');
    await tab(editor, '抽取记录与公示名单');
    await editor.locator('.draws-list .ant-table-row', { hasText: '已公开' }).waitFor();
    await shot(editor, '14-lists');
    await tab(editor, '联合检查');
    await editor.locator('.joint-tab').waitFor();
    await editor.locator('.joint-tab').getByText(/本轮参与统计的抽取/).waitFor();
    await shot(editor, '15-joint');
    // the viewer reads the published list now
    const viewer = pages.viewer!;
    await viewer.goto(`${base}/#/draws/${drawId}`);
    await viewer.locator('.public-list .public-list-table .ant-table-row').first().waitFor();
    expect(await viewer.locator('body').innerText()).not.toMatch(/守信|失信|黑名单|检查员/);
    await shot(viewer, '16-viewer-public');
  });
});
