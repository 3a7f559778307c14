// @vitest-environment node
/**
 * The walk (issue 15): the built admin served by the REAL server on a temporary SQLite file, in Debian's
 * Chromium. For each role — credit office, reviewer, department editor, viewer — it logs in, visits every
 * screen of the role's menu, the document page of each kind, the review page, the enterprise lookup with an
 * enterprise and 我的账号, at 1366×768 and 1920×1080, and fails on
 * - a page error or a console error;
 * - a request to any host but the test server;
 * - an internal identifier in the visible text where a Chinese name belongs (grade codes and band ids,
 *   domain and department ids, document ids, field names — read from policies/; attributes are not read;
 *   a login name, marked `.login-name`, is what it is, and a JSON view (Monaco) shows the stored text);
 * - a serious or critical axe-core violation.
 * Screenshots of every screen at both sizes go to `apps/admin/screenshots-out/walk-*.png`. A last test does
 * the submit (author) and approve (reviewer) steps with the keyboard alone, checking the focus ring.
 *
 *   pnpm vitest run --project @policy/admin e2e/walk
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEnterprises } from '@policy/evaluation';
import { addDays, officeDay } from '@policy/schemas';
import { SAMPLE_SEED } from '../../server/src/app.ts';
import { adminDir } from './build.ts';
import { serveAdmin, shots } from './served.ts';
import type { ServedAdmin } from './served.ts';
import { KNOWN_FINDINGS, knownFinding } from './walk-known.ts';

const policies = resolve(adminDir, '../../policies');
const SAMPLE_SIZE = 1500;
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Identifiers a person must never read in the Chinese UI: document ids, ids in the documents (band ids,
 * domain and department ids, grade codes) and field names (camelCase keys), all read from policies/.
 */
function knownIds(): string[] {
  const ids = new Set<string>();
  const walk = (o: unknown, key?: string) => {
    if (Array.isArray(o)) for (const v of o) walk(v, key);
    else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) {
        if (/[a-z][A-Z]/.test(k) && k.length >= 6) ids.add(k);
        walk(v, k);
      }
    } else if (typeof o === 'string' && (key === 'id' || key === 'grade' || key === 'code' || key === 'missingGrade' || key === 'unratedGrade')) {
      // grade codes and every kebab-case id; item codes such as SCJG-001 are what people use
      if (/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(o) && o.length >= 4) ids.add(o);
    }
  };
  for (const d of readdirSync(policies)) {
    const file = join(policies, d, 'v1.json');
    if (!existsSync(file)) continue;
    ids.add(d);
    walk(JSON.parse(readFileSync(file, 'utf8')));
  }
  // the credit office's own id and a few field names that are not keys of a default document
  for (const extra of ['credit-office', 'frequencyPerYear', 'effectiveFrom', 'industryCode', 'regionCode']) ids.add(extra);
  return [...ids].sort();
}

type Role = 'credit-office' | 'reviewer' | 'market-regulation' | 'viewer';

interface Finding {
  screen: string;
  kind: 'page error' | 'console error' | 'identifier' | 'axe';
  detail: string;
}

describe('the walk: every screen of every role, at 1366×768 and 1920×1080', () => {
  let s: ServedAdmin;
  let base: string;
  const ids = knownIds();
  const idPattern = new RegExp(`(?<![A-Za-z0-9_./-])(${ids.map((i) => i.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![A-Za-z0-9_-])`, 'g');
  /** One document per kind (the first of each), the in-review version for the review page, an enterprise. */
  const docsByKind = new Map<string, string>();
  let reviewPath = '';
  let uscc = '';
  let second: { uscc: string; name: string };
  const axeSummary: string[] = [];
  const usedKnown = new Set<(typeof KNOWN_FINDINGS)[number]>();

  async function newPage(size: { width: number; height: number } = SIZES[0]): Promise<{ page: Page; errors: string[]; consoleErrors: string[] }> {
    // axe is injected as a script tag: the server's Content-Security-Policy allows only its own scripts
    const context = await s.newContext({ viewport: size, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    return { page, errors, consoleErrors };
  }

  const logIn = (page: Page, username: string) => s.logIn(page, username, '审核发布');

  /** Waits until nothing spins (a polling page may never be network-idle). */
  async function settle(page: Page) {
    await page.waitForLoadState('domcontentloaded');
    const busy = page.locator('.ant-spin-spinning, .ant-skeleton-active, .ant-table-placeholder .ant-spin');
    const until = Date.now() + 20_000;
    while (Date.now() < until && (await busy.count()) > 0) await page.waitForTimeout(200);
    await page.waitForTimeout(400); // antd enter transitions, charts' first draw
  }

  /** Identifiers in the visible text (outside `.login-name`). */
  async function identifiersShown(page: Page): Promise<string[]> {
    const text = await page.evaluate(() => {
      // the visible text (innerText skips hidden elements), minus login names
      // a JSON view (Monaco) shows the document as stored: ids belong there
      const names = [...document.querySelectorAll<HTMLElement>('.login-name, .monaco-editor')].map((e) => e.innerText);
      let t = document.body.innerText;
      for (const n of names) if (n.trim()) t = t.split(n).join(' ');
      return t;
    });
    return [...new Set([...text.matchAll(idPattern)].map((m) => m[1]!))];
  }

  async function axeViolations(page: Page): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.length} node(s): ${v.nodes.slice(0, 4).map((n) => JSON.stringify(n.target)).join(' ')} — ${(v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)}`);
    });
    return result;
  }

  /**
   * Visits one screen at both sizes: screenshots and identifiers at each, axe at 1366×768 (what the
   * rules check — names, roles, contrast — does not change with the width; one run keeps the walk short).
   */
  async function visit(page: Page, role: string, name: string, hash: string, findings: Finding[], errors: string[], consoleErrors: string[]) {
    const started = Date.now();
    await page.setViewportSize(SIZES[0]);
    await page.goto(`${base}/#${hash}`);
    await settle(page);
    for (const size of SIZES) {
      if (size !== SIZES[0]) {
        await page.setViewportSize(size);
        await page.waitForTimeout(300);
      }
      const screen = `${role} ${name} ${size.width}`;
      await page.screenshot({ path: join(shots, `walk-${role}-${name}-${size.width}.png`) });
      for (const id of await identifiersShown(page)) findings.push({ screen, kind: 'identifier', detail: id });
      if (size === SIZES[0]) {
        const violations = await axeViolations(page);
        for (const v of violations) findings.push({ screen, kind: 'axe', detail: v });
        axeSummary.push(`${screen}: ${violations.length} (${Date.now() - started} ms)`);
      }
    }
    for (const e of errors.splice(0)) findings.push({ screen: `${role} ${name}`, kind: 'page error', detail: e });
    for (const e of consoleErrors.splice(0)) findings.push({ screen: `${role} ${name}`, kind: 'console error', detail: e });
  }

  beforeAll(async () => {
    s = await serveAdmin({ name: 'admin-walk', sampleSize: SAMPLE_SIZE, users: ['credit-office', 'reviewer', 'market-regulation', 'viewer'] });
    base = s.base;
    // a version in review (sampling: a changed description), for the review page
    const office = await s.client('credit-office');
    for (const d of await office.documents.list.query()) if (!docsByKind.has(d.kind)) docsByKind.set(d.kind, d.id);
    const draft = await office.documents.createDraft.mutate({ documentId: 'sampling' });
    const v = await office.documents.get.query({ versionId: draft.id });
    const content = structuredClone(v.content) as { description?: string };
    content.description = `${content.description ?? ''}（调整说明）`;
    const saved = await office.documents.saveDraft.mutate({ versionId: draft.id, revision: draft.revision, content });
    const submitted = await office.documents.submit.mutate({ versionId: draft.id, revision: saved.revision, comment: '走查用的待审版本' });
    reviewPath = `/review/sampling?version=${submitted.versionNumber}`;
    const sample = [...generateEnterprises({ count: 2, seed: SAMPLE_SEED })];
    uscc = sample[0]!.uscc;
    second = sample[1]!;
  }, 600_000);

  afterAll(async () => {
    await s?.close();
    if (axeSummary.length) console.log(`axe serious/critical per screen:\n${axeSummary.join('\n')}`);
    const stale = KNOWN_FINDINGS.filter((k) => !usedKnown.has(k));
    if (stale.length) console.log(`walk-known.ts entries that matched nothing (remove them):\n${stale.map((k) => `${k.screen} ${k.kind} ${k.id}`).join('\n')}`);
  }, 60_000);

  /** Menu entries → the screen they open (a new entry without a name here fails the walk). */
  const MENU: Record<string, string> = {
    '/': 'home',
    '/documents': 'documents',
    '/reviews': 'reviews',
    '/enterprises': 'lookup',
    '/datasets': 'datasets',
    '/runs': 'runs',
    '/inbox': 'inbox',
    '/objections': 'objections',
    '/audit': 'audit',
    '/users': 'users',
    '/draws': 'draws',
    '/tokens': 'tokens',
    '/playground': 'playground',
  };

  const walkRole = (role: Role) => async () => {
    const { page, errors, consoleErrors } = await newPage();
    const findings: Finding[] = [];
    await logIn(page, role);
    // before the log-in the app asked who is signed in and was told 401: that is the log-in page's own question
    errors.length = 0;
    consoleErrors.length = 0;
    // the menu as the role sees it
    const menuIds = await page.locator('.ant-layout-sider li.ant-menu-item').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-menu-id') ?? ''));
    const paths = menuIds.map((m) => m.slice(m.indexOf('/')));
    for (const p of paths) expect(MENU[p], `menu entry ${p} is not walked`).toBeDefined();
    // 我的账号, from the user menu
    await page.getByRole('button', { name: '当前用户' }).click();
    await page.getByRole('menuitem', { name: '我的账号' }).click();
    await page.waitForURL(/#\/account$/);
    await visit(page, role, 'account', '/account', findings, errors, consoleErrors);
    for (const p of paths) await visit(page, role, MENU[p]!, p, findings, errors, consoleErrors);
    // the document page of each kind (a department editor: its own items and what it may read)
    // the credit office opens the document page of every kind; the other roles one each (the walk stays short)
    const mineOnly: Record<Role, string | null> = { 'credit-office': null, reviewer: 'grading', 'market-regulation': 'supervision-items', viewer: 'sampling' };
    for (const [kind, id] of docsByKind) {
      const only = mineOnly[role];
      if (only && kind !== only) continue;
      const docId = role === 'market-regulation' && kind === 'supervision-items' ? 'supervision-items-market-regulation' : id;
      await visit(page, role, `document-${kind}`, `/documents/${docId}`, findings, errors, consoleErrors);
    }
    if (role === 'credit-office' || role === 'reviewer') await visit(page, role, 'review', reviewPath, findings, errors, consoleErrors);
    if (role !== 'viewer') await visit(page, role, 'lookup-enterprise', `/enterprises?uscc=${uscc}`, findings, errors, consoleErrors);
    if (role === 'credit-office') {
      // Enter looks up the enterprise just typed, not the one on screen
      const box = page.getByRole('combobox', { name: '统一社会信用代码或企业名称' });
      await box.fill(second.uscc);
      await box.press('Enter');
      await page.getByText(second.name).first().waitFor();
      await page.screenshot({ path: join(shots, 'walk-credit-office-lookup-enter.png') });
    }
    // findings listed in walk-known.ts (each with why it is not fixed yet) are reported, not failed; any other fails
    const line = (f: Finding) => `[${f.kind}] ${f.screen}: ${f.detail}`;
    const known = findings.filter((f) => knownFinding(f));
    const report = findings.filter((f) => !knownFinding(f)).map(line).join('\n');
    for (const f of known) usedKnown.add(knownFinding(f)!);
    writeFileSync(
      join(shots, `walk-findings-${role}.txt`),
      `${report}\n${known.length ? `\n# known (walk-known.ts):\n${known.map(line).join('\n')}\n` : ''}`,
    );
    expect(report).toBe('');
  };

  it('credit office', walkRole('credit-office'), 300_000);
  it('reviewer', walkRole('reviewer'), 300_000);
  it('department editor', walkRole('market-regulation'), 300_000);
  it('viewer', walkRole('viewer'), 300_000);

  /**
   * Presses Tab (Shift+Tab with `back`) until the focused control's accessible text matches; checks it
   * shows a focus ring. A miss names the controls Tab went through.
   */
  async function tabTo(page: Page, name: RegExp, { max = 250, back = false } = {}) {
    const trail: string[] = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        // a control, not a dialog's or a region's container
        if (!el || !el.matches('button, a[href], input, textarea, select, [role="button"], [role="menuitem"], [role="tab"], [role="checkbox"]'))
          return { control: false, text: el ? `${el.tagName.toLowerCase()}.${el.className}` : '(none)', ring: false };
        const label =
          el.getAttribute('aria-label') ??
          (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ??
          (el.getAttribute('aria-labelledby') ? document.getElementById(el.getAttribute('aria-labelledby')!)?.textContent : null) ??
          '';
        const s = getComputedStyle(el);
        // a visible ring: an outline of 2 px or more (styles.css draws one on every :focus-visible)
        const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        return { control: true, text: (label || el.innerText || '').trim(), ring };
      });
      trail.push(focused.text.replace(/\s+/g, ' ').slice(0, 40));
      if (focused.control && name.test(focused.text)) {
        expect(focused.ring, `focus ring on ${focused.text}`).toBe(true);
        return;
      }
    }
    throw new Error(`Tab never reached ${name}; the last controls focused:\n${trail.slice(-40).join('\n')}`);
  }

  /** A draft of `documentId` with a changed description (and `effectiveFrom` when given), saved over the API. */
  async function keyboardDraft(documentId: string, effectiveFrom?: string) {
    const office = await s.client('credit-office');
    const draft = await office.documents.createDraft.mutate({ documentId });
    const v = await office.documents.get.query({ versionId: draft.id });
    const content = structuredClone(v.content) as { description?: string; effectiveFrom?: string };
    content.description = `${content.description ?? ''}（键盘走查）`;
    if (effectiveFrom) content.effectiveFrom = effectiveFrom;
    await office.documents.saveDraft.mutate({ versionId: draft.id, revision: draft.revision, content });
    return { office, draft };
  }

  /** The author's document page, its controls rendered (on a loaded machine the editor comes late). */
  async function openAsAuthor(documentId: string, versionNumber: number) {
    const author = await newPage();
    await logIn(author.page, 'credit-office');
    await author.page.goto(`${base}/#/documents/${documentId}/versions/${versionNumber}`);
    await settle(author.page);
    await author.page.getByRole('button', { name: /提交审核/ }).first().waitFor({ timeout: 60_000 });
    return author;
  }

  it('submits (author) and approves (reviewer) with the keyboard alone, the focused control ringed', async () => {
    const { office, draft } = await keyboardDraft('public-credit-class');
    const author = await openAsAuthor('public-credit-class', draft.versionNumber);
    await tabTo(author.page, /提交审核/, { max: 800 });
    await author.page.keyboard.press('Enter');
    await author.page.getByRole('dialog').waitFor();
    await tabTo(author.page, /修改说明/);
    await author.page.keyboard.type('键盘提交：调整说明文字');
    await tabTo(author.page, /^提交审核$/);
    await author.page.keyboard.press('Enter');
    await author.page.getByText('已提交审核').first().waitFor();

    const reviewer = await newPage();
    await logIn(reviewer.page, 'reviewer');
    await reviewer.page.goto(`${base}/#/review/public-credit-class?version=${draft.versionNumber}`);
    await settle(reviewer.page);
    await reviewer.page.getByRole('button', { name: /批\s*准/ }).first().waitFor({ timeout: 60_000 });
    await tabTo(reviewer.page, /审核意见/, { max: 400 });
    await reviewer.page.keyboard.type('同意（键盘操作）');
    await tabTo(reviewer.page, /^批\s*准$/);
    await reviewer.page.keyboard.press('Enter');
    await reviewer.page.locator('.ant-message').getByText('已批准').waitFor();
    await reviewer.page.screenshot({ path: join(shots, 'walk-keyboard-approved.png') });
    const h = await office.documents.history.query({ documentId: 'public-credit-class' });
    expect(h.find((x) => x.versionNumber === draft.versionNumber)?.status).toBe('approved');
    expect([...author.errors, ...reviewer.errors].join('\n')).toBe('');
  }, 180_000);

  // What kept Tab from 提交审核 before (issue 15): a draft that could not be submitted yet — here a past
  // effective date without its reason (as every copied draft was between 00:00 and 08:00 Beijing time while
  // the server took the UTC day) — had a `disabled` button, skipped by Tab, its reason in a hover tooltip.
  it('reaches 提交审核 while the draft cannot be submitted, hears why, writes the reason and submits, by keyboard', async () => {
    const { office, draft } = await keyboardDraft('public-credit-score', addDays(officeDay(), -2));
    const author = await openAsAuthor('public-credit-score', draft.versionNumber);
    await tabTo(author.page, /提交审核/, { max: 800 });
    const submit = author.page.locator(':focus');
    expect(await submit.getAttribute('aria-disabled')).toBe('true');
    await author.page.keyboard.press('Enter');
    await author.page.locator('.ant-message').getByText('请填写追溯生效的理由，否则不能提交审核').waitFor();
    expect(await author.page.getByRole('dialog').count()).toBe(0);
    await tabTo(author.page, /追溯生效的理由/);
    await author.page.keyboard.type('键盘走查：依上级通知追溯');
    await tabTo(author.page, /提交审核/, { back: true });
    await author.page.waitForFunction(() => document.activeElement?.getAttribute('aria-disabled') !== 'true');
    await author.page.keyboard.press('Enter');
    await author.page.getByRole('dialog').waitFor();
    await tabTo(author.page, /^提交审核$/);
    await author.page.keyboard.press('Enter');
    await author.page.getByText('已提交审核').first().waitFor();
    await author.page.screenshot({ path: join(shots, 'walk-keyboard-retroactive-submitted.png') });
    const h = await office.documents.history.query({ documentId: 'public-credit-score' });
    expect(h.find((x) => x.versionNumber === draft.versionNumber)?.status).toBe('in-review');
    expect(author.errors.join('\n')).toBe('');
  }, 180_000);

  it('sent no request to any host but the test server', () => {
    expect(s.offOrigin.join('\n')).toBe('');
  });
});
