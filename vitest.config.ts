import { defineConfig } from 'vitest/config';

// One root config; each package's vitest.config.ts defines its project (name, environment).
export default defineConfig({
  test: {
    projects: ['./packages/*', './apps/*'],
    reporters: ['default', './packages/config/vitest-summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
