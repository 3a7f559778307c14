import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@policy/admin',
    environment: 'happy-dom',
    // e2e/*.test.ts run in the node environment (`// @vitest-environment node` at their top)
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    // antd + rjsf renders take seconds on the shared 2-core machine; the e2e suite drives a browser
    testTimeout: 180_000,
    // the e2e suite may build dist/ and start the server in beforeAll
    hookTimeout: 600_000,
  },
});
