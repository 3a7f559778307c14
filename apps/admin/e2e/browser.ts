/**
 * Debian's Chromium for the end-to-end tests and screenshot scripts (no browser download here).
 * `--host-resolver-rules` makes Chromium's own background traffic fail at DNS, so nothing leaves
 * loopback even when a flag misses a service (STACK.md §4).
 */
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromiumPath } from './env.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Records every request of the context that goes anywhere but `origin` (or data:/blob:) into `sink`. */
export function recordOffOrigin(context: BrowserContext, origin: string, sink: string[]): void {
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) sink.push(u);
  });
}
