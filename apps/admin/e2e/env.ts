/**
 * The one place the admin's Node tooling (the e2e suite and the screenshot scripts) reads the
 * environment; the browser bundle reads its own in src/lib/env.ts.
 */

/** Debian's Chromium unless `CHROMIUM_PATH` names another binary. */
export const chromiumPath: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The environment of a production `vite build` run from a test (vitest sets NODE_ENV=test). */
export const productionBuildEnv = (): NodeJS.ProcessEnv => ({ ...process.env, NODE_ENV: 'production' });
