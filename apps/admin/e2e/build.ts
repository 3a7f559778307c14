/**
 * The admin build the e2e suites serve: `dist/`, rebuilt when missing or older than the sources,
 * always as a production build (vitest sets NODE_ENV=test, which would make a development build:
 * React's development warnings on the console and the editor playground in the menu). The e2e files
 * run in parallel workers, so the build happens under a lock directory and is checked again once
 * the lock is held: one build, never two writing dist/ at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productionBuildEnv } from './env.ts';

export const adminDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const dist = join(adminDir, 'dist');

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function stale(): boolean {
  const index = join(dist, 'index.html');
  const sources = Math.max(newest(join(adminDir, 'src')), statSync(join(adminDir, 'index.html')).mtimeMs, statSync(join(adminDir, 'vite.config.ts')).mtimeMs);
  return !existsSync(index) || statSync(index).mtimeMs < sources;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds dist/ (production) when it is missing or older than the sources. */
export function ensureAdminBuilt(): void {
  if (!stale()) return;
  const lock = join(adminDir, '.e2e-build.lock');
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock older than the longest build is left from a killed run
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('e2e: waited 10 minutes for another build of dist/');
      sleep(500);
    }
  }
  try {
    if (!stale()) return;
    const r = spawnSync(join(adminDir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
      cwd: adminDir,
      env: productionBuildEnv(),
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
