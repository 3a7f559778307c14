/**
 * Screenshots of the built admin (`dist/`) for looking at: every default document in the playground editor,
 * the JSON view and the English UI, at 1366×768 in Debian's Chromium. The playground needs no server; the
 * screens behind the log-in are in scripts/shots-a.ts (real server).
 * Serves dist/ on 127.0.0.1 with node:http; fails if any request leaves 127.0.0.1.
 *
 *   pnpm --filter @policy/admin build && pnpm tsx apps/admin/e2e/screenshot.ts
 */
import { createServer } from 'node:http';
import { readFile, mkdir, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, recordOffOrigin } from './browser.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = resolve(here, '../dist');
const out = resolve(here, '../screenshots-out');
const policies = resolve(here, '../../../policies');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(dist, path === '/' ? 'index.html' : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const addr = server.address();
const origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

await mkdir(out, { recursive: true });
const ids = [];
for (const d of await readdir(policies)) {
  try {
    if ((await stat(join(policies, d, 'v1.json'))).isFile()) ids.push(d);
  } catch {
    // not a document folder
  }
}
ids.sort();

const browser = await launchChromium();
const offLoopback: string[] = [];
const errors: string[] = [];
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  recordOffOrigin(context, origin, offLoopback);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });

  const shot = async (name: string) => {
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`saved ${name}.png`);
  };

  for (const id of ids) {
    await page.goto(`${origin}/#/playground?doc=${id}`);
    await page.locator('.document-editor').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300); // let antd finish its enter transitions
    await shot(`playground-${id}`);
    if (await page.getByText('已修改（仅在本页，不会保存）').count()) errors.push(`${id}: opening the document changed it`);
    // each panel on its own, at the width users see it, for checking cut-off and overlapping text
    const cards = page.locator('.document-editor .ant-card');
    const n = await cards.count();
    for (let i = 0; i < n; i++) {
      await cards.nth(i).screenshot({ path: join(out, `playground-${id}-panel${i + 1}.png`) });
    }
    console.log(`saved ${n} panels of ${id}`);
  }

  // JSON view with Monaco, schema markers and the zh-cn UI
  await page.goto(`${origin}/#/playground?doc=${ids.includes('public-credit-score') ? 'public-credit-score' : ids[0]}&view=json`);
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800);
  await shot('playground-json');

  // English UI
  await page.evaluate(() => localStorage.setItem('policy-admin.lang', 'en'));
  await page.goto(`${origin}/#/playground?doc=${ids.includes('public-credit-class') ? 'public-credit-class' : ids[0]}`);
  await page.reload(); // a hash-only navigation keeps the page; the language is read on load
  await page.locator('.document-editor').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  await shot('playground-en');
  await page.evaluate(() => localStorage.removeItem('policy-admin.lang'));
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
  server.close();
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
