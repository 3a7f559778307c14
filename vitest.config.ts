import { defineConfig } from 'vitest/config';

// One root config; each package's vitest.config.ts re-exports or merges this one.
export default defineConfig({
  test: {
    projects: ['./packages/*', './apps/*'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
