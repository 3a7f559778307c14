/**
 * What every e2e suite starts with: the built admin (`dist/`, built when missing or older than `src/`)
 * served by the REAL server (`createApp`) on a temporary SQLite file, the seeded users' initial passwords
 * changed over the API (every user must change it at first log-in), and Debian's Chromium. Browser
 * contexts opened here are in Chinese on Beijing time and record every request that leaves the test
 * server; `close()` ends contexts, browser and server and removes the temporary directory.
 *
 * @example
 * let s: ServedAdmin;
 * beforeAll(async () => { s = await serveAdmin({ name: 'runs', sampleSize: 3000, users: ['credit-office'] }); }, 600_000);
 * afterAll(() => s?.close(), 60_000);
 * const page = await (await s.newContext()).newPage();
 * await s.logIn(page, 'credit-office', '评价批次');
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { createApp } from '../../server/src/app.ts';
import type { App } from '../../server/src/app.ts';
import { silentLogger } from '../../server/src/logger.ts';
import { apiClient } from './api-client.ts';
import { launchChromium, recordOffOrigin } from './browser.ts';
import { adminDir, dist, ensureAdminBuilt } from './build.ts';

/** Where the suites write their screenshots. */
export const shots = join(adminDir, 'screenshots-out');

export type ApiClient = ReturnType<typeof apiClient>;

export interface ServedAdmin {
  app: App;
  /** The server's address, without a trailing slash. */
  base: string;
  /** The suite's temporary directory (the database, the served copy of dist/, files a suite writes). */
  dir: string;
  browser: Browser;
  /** Requests of any context opened here that went anywhere but the test server. */
  offOrigin: string[];
  /** The password a prepared user has now. */
  password(username: string): string;
  /** A tRPC client signed in as a prepared user. */
  client(username: string): Promise<ApiClient>;
  /** A browser context (1366×768, zh-CN, Asia/Shanghai unless `options` say otherwise), its requests recorded. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Logs in through the log-in form and waits for the menu entry `landmark` (a screen of the user's role). */
  logIn(page: Page, username: string, landmark: string): Promise<void>;
  close(): Promise<void>;
}

export async function serveAdmin(options: {
  /** Names the temporary directory: policy-<name>-… */
  name: string;
  sampleSize: number;
  /** Seeded users whose initial password is changed (they are the ones that can log in). */
  users: readonly string[];
}): Promise<ServedAdmin> {
  ensureAdminBuilt();
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), `policy-${options.name}-`));
  // a snapshot of the build: another build of dist/ during the run would replace the lazily loaded chunks
  const served = join(dir, 'dist');
  cpSync(dist, served, { recursive: true });
  let app: App | undefined;
  let browser: Browser | undefined;
  let base: string;
  const passwords = new Map<string, string>();
  try {
    app = await createApp({
      databaseUrl: join(dir, 'policy.sqlite'),
      port: 0,
      logger: silentLogger,
      sampleDatasetSize: options.sampleSize,
      adminDist: served,
    });
    base = (await app.server.start()).replace(/\/$/, '');
    for (const username of options.users) {
      const user = app.seedResult.users.find((u) => u.username === username);
      if (!user) throw new Error(`e2e: no seeded user ${username}`);
      const c = apiClient(base);
      await c.auth.login.mutate({ username, password: user.password });
      await c.auth.changePassword.mutate({ oldPassword: user.password, newPassword: `${user.password}-e2e` });
      passwords.set(username, `${user.password}-e2e`);
    }
    browser = await launchChromium();
  } catch (e) {
    // nothing left behind when the start fails half-way
    await browser?.close().catch(() => {});
    await app?.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const started = { app, browser };
  const contexts: BrowserContext[] = [];
  const offOrigin: string[] = [];
  const password = (username: string) => {
    const p = passwords.get(username);
    if (p === undefined) throw new Error(`e2e: ${username} is not among the users prepared by serveAdmin`);
    return p;
  };
  return {
    ...started,
    base,
    dir,
    offOrigin,
    password,
    async client(username) {
      const c = apiClient(base);
      await c.auth.login.mutate({ username, password: password(username) });
      return c;
    },
    async newContext(contextOptions = {}) {
      const context = await started.browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...contextOptions,
      });
      context.setDefaultTimeout(30_000);
      recordOffOrigin(context, base, offOrigin);
      contexts.push(context);
      return context;
    },
    async logIn(page, username, landmark) {
      await page.goto(`${base}/#/`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password(username));
      await page.getByRole('button', { name: /^登\s*录$/ }).click();
      await page.getByRole('menuitem', { name: landmark }).waitFor();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await started.browser.close();
      await started.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
