import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@policy/admin',
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    // antd + rjsf renders take seconds on the shared 2-core machine
    testTimeout: 60_000,
  },
});
