// @vitest-environment node
/**
 * The publication periods (公示期) of the public credit class at 1366×768 and 1920×1080, the built admin on
 * the REAL server in Debian's Chromium: the table fits beside the live preview without sideways scrolling,
 * the domains read by their Chinese names, a long id wraps and reads whole, a domain is picked by its name, and a minimum longer than the maximum
 * shows its problem in the row.
 * Screenshots go to `apps/admin/screenshots-out/periods-*.png`.
 *
 *   pnpm vitest run --project @policy/admin e2e/publication-periods
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAdmin, shots } from './served.ts';
import type { ServedAdmin } from './served.ts';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const DOC = 'public-credit-class';

describe('publication periods editor at both sizes', () => {
  let s: ServedAdmin;
  let version = 0;
  beforeAll(async () => {
    s = await serveAdmin({ name: 'periods', sampleSize: 1500, users: ['credit-office'] });
    const office = await s.client('credit-office');
    version = (await office.documents.createDraft.mutate({ documentId: DOC })).versionNumber;
  }, 600_000);
  afterAll(() => s?.close(), 60_000);

  async function open(size: (typeof SIZES)[number]): Promise<Page> {
    const context = await s.newContext({ viewport: size });
    const page = await context.newPage();
    await s.logIn(page, 'credit-office', '审核发布');
    await page.goto(`${s.base}/#/documents/${DOC}/versions/${version}`);
    await page.getByRole('button', { name: /提交审核/ }).first().waitFor({ timeout: 60_000 });
    return page;
  }

  for (const size of SIZES) {
    it(`reads, edits and shows problems in the rows at ${size.width}`, async () => {
      const page = await open(size);
      const section = page.locator('[data-pointer="/content/publicationPeriods"]').first();
      await section.scrollIntoViewIfNeeded();
      const rows = section.getByTestId('period-row');
      await rows.first().waitFor();
      // the rows by their ids (the seed's newest version may carry domain periods above these two)
      const ids = await rows.evaluateAll((els) => els.map((e) => e.querySelector<HTMLTextAreaElement>('[data-pointer$="/id"] textarea')?.value ?? ''));
      const serious = ids.indexOf('serious');
      const general = ids.indexOf('general');
      expect(serious).toBeGreaterThanOrEqual(0);
      expect(general).toBeGreaterThan(serious);
      const keyDomains = ids.indexOf('key-domains-general');
      if (keyDomains >= 0) {
        // v2's domain period: domain-assignment codes by their names, a code outside it said as such
        const text = (await rows.nth(keyDomains).textContent()) ?? '';
        expect(text).toContain('特种设备');
        expect(text).toContain('fire-safety（领域划分中没有）');
      }
      const minYears = page.getByRole('spinbutton', { name: `最短公示期（年） 第 ${general + 1} 行` });
      await expect.poll(() => section.getByTestId('periods-first-match').textContent()).toContain('适用第一条符合的行');

      // a domain by its Chinese name (the draft is autosaved: a run at the other size may have picked it)
      const domains = page.getByRole('combobox', { name: '适用领域 serious' });
      if ((await rows.nth(serious).getByText('特种设备').count()) === 0) {
        await domains.click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '特种设备' }).first().click();
        await page.keyboard.press('Escape');
      }
      await expect.poll(() => rows.nth(serious).getByText('特种设备').count()).toBeGreaterThan(0);

      // a minimum longer than the maximum: the problem shows in that row
      await minYears.fill('5');
      await minYears.blur();
      const detail = section.getByTestId('period-row-detail').nth(general);
      await detail.getByTestId('period-issue').first().waitFor({ timeout: 30_000 });
      expect(await detail.getByTestId('period-issue').first().textContent()).toMatch(/最短公示期/);
      expect(await section.getByTestId('period-row-detail').nth(serious).getByTestId('period-issue').count()).toBe(0);
      expect(await minYears.evaluate((e) => e.closest('.ant-input-number')?.className ?? '')).toContain('status-error');

      await page.waitForTimeout(500);
      await section.screenshot({ path: join(shots, `periods-section-${size.width}.png`) });
      await page.screenshot({ path: join(shots, `periods-page-${size.width}.png`) });

      // no sideways scrolling; the id and the period boxes are not squeezed
      const overflow = await section.locator('.ant-table-content, .ant-table-body').first().evaluate((e) => e.scrollWidth - e.clientWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      const id = await page.getByRole('textbox', { name: '编号 第 1 行' }).boundingBox();
      expect(id!.width).toBeGreaterThan(110);
      // every id reads whole, a long one (key-domains-general) wrapped rather than cut off
      const hidden = await rows.evaluateAll((els) =>
        els
          .map((e) => e.querySelector<HTMLTextAreaElement>('[data-pointer$="/id"] textarea')!)
          .filter((a) => a.scrollWidth > a.clientWidth + 1 || a.scrollHeight > a.clientHeight + 1)
          .map((a) => a.value),
      );
      expect(hidden).toEqual([]);
      const kinds = await rows.nth(serious).locator('[data-pointer$="/kinds"]').boundingBox();
      expect(kinds!.width).toBeGreaterThan(100);

      // the deletion asks first
      await page.getByRole('button', { name: '删除 general' }).click();
      await page.getByText(`删除公示期“general”（第 ${general + 1} 行）？`).waitFor();
      await page.screenshot({ path: join(shots, `periods-delete-confirm-${size.width}.png`) });
      await page.getByRole('button', { name: '取 消' }).or(page.getByRole('button', { name: '取消' })).first().click();
      expect(await rows.count()).toBe(ids.length);

      // undo the problem so the other size starts from a valid row
      await minYears.fill('0');
      await minYears.blur();
      await page.context().close();
    });
  }
});
