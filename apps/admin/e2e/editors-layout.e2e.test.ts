// @vitest-environment node
/**
 * The grading, sampling and domain-assignment editors at 1366×768 and 1920×1080 (issue 15, items 7 and 8),
 * the built admin on the REAL server in Debian's Chromium: the overrides' conditions (public-credit-score's) read as sentences
 * (not one character per line) and the overrides table does not scroll sideways; the sampling 说明 box
 * is wide; the domain-assignment editor shows the per-department effect of a change. Screenshots go to
 * `apps/admin/screenshots-out/editors-*.png`.
 *
 *   pnpm vitest run --project @policy/admin e2e/editors-layout
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

describe('editors at both sizes', () => {
  let s: ServedAdmin;
  const versions = new Map<string, number>();
  beforeAll(async () => {
    s = await serveAdmin({ name: 'editors-layout', sampleSize: 1500, users: ['credit-office'] });
    const office = await s.client('credit-office');
    for (const id of ['public-credit-score', 'sampling', 'domain-assignment']) {
      const d = await office.documents.createDraft.mutate({ documentId: id });
      versions.set(id, d.versionNumber);
    }
  }, 600_000);
  afterAll(() => s?.close(), 60_000);

  async function open(documentId: string, size: (typeof SIZES)[number]): Promise<Page> {
    const context = await s.newContext({ viewport: size });
    const page = await context.newPage();
    await s.logIn(page, 'credit-office', '审核发布');
    await page.goto(`${s.base}/#/documents/${documentId}/versions/${versions.get(documentId)}`);
    await page.getByRole('button', { name: /提交审核/ }).first().waitFor({ timeout: 60_000 });
    return page;
  }

  for (const size of SIZES) {
    it(`overrides: conditions read as sentences at ${size.width}`, async () => {
      const page = await open('public-credit-score', size);
      const section = page.locator('[data-pointer="/content/overrides"]').first();
      await section.scrollIntoViewIfNeeded();
      await section.locator('[data-testid="rule-condition"]').first().waitFor();
      await page.waitForTimeout(500);
      await section.screenshot({ path: join(shots, `editors-overrides-${size.width}.png`) });
      const boxes = await section.locator('[data-testid="rule-condition"]').evaluateAll((els) =>
        els.map((e) => ({ w: e.getBoundingClientRect().width, h: e.getBoundingClientRect().height, text: e.textContent ?? '' })),
      );
      expect(boxes.length).toBeGreaterThan(0);
      for (const b of boxes) {
        // a sentence of n characters at ~14px: at least 12 characters a line
        expect(b.w, b.text).toBeGreaterThan(Math.min(170, b.text.length * 10));
        expect(b.h / 22, b.text).toBeLessThanOrEqual(Math.ceil(b.text.length / 12) + 1);
      }
      const overflow = await section.locator('.ant-table-content, .ant-table-body').first().evaluate((e) => e.scrollWidth - e.clientWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await page.context().close();
    });

    it(`sampling: the 说明 box is wide at ${size.width}`, async () => {
      const page = await open('sampling', size);
      const note = page.getByRole('textbox', { name: /^说明 / }).first();
      await note.scrollIntoViewIfNeeded();
      await page.waitForTimeout(500);
      await page.locator('[data-pointer="/content/rows"]').first().screenshot({ path: join(shots, `editors-sampling-${size.width}.png`) });
      expect((await note.boundingBox())!.width).toBeGreaterThan(300);
      await page.context().close();
    });

    it(`domain assignment: the effect of a change on each department at ${size.width}`, async () => {
      const page = await open('domain-assignment', size);
      const panel = page.getByTestId('department-impact');
      await panel.locator('.impact-total').waitFor({ timeout: 120_000 });
      await page.screenshot({ path: join(shots, `editors-assignment-${size.width}.png`) });
      // the draft is autosaved: a run at the other size may have ticked the box already
      const box = page.getByRole('checkbox', { name: /切换“卫生健康委”是否负责“食品”/ });
      if (await box.isChecked()) {
        await box.click();
        await panel.getByText(/均无变化/).waitFor({ timeout: 120_000 });
      }
      await box.click();
      await panel.getByText(/个部门有变化/).waitFor({ timeout: 120_000 });
      await panel.scrollIntoViewIfNeeded();
      await page.waitForTimeout(500);
      await panel.screenshot({ path: join(shots, `editors-impact-${size.width}.png`) });
      const first = (await panel.locator('tbody tr.impact-changed').first().textContent()) ?? '';
      expect(first).toMatch(/卫生健康委员会|卫健委/);
      expect(await panel.locator('.impact-total').textContent()).toContain('各部门合计');
      await page.context().close();
    });
  }
});
